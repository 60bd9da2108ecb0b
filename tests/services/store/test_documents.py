"""The stored product document: completeness, values without their defaults, old
messages and documents still read."""

from __future__ import annotations

import json
from typing import Any

from services.gateway.schemas import ProductAttributes
from services.store.documents import product_document
from shared.messages import (
    AttributeValue,
    GenerationRequest,
    RawProduct,
    ValidatedAttributes,
    utcnow,
)


def _message(**fields: Any) -> ValidatedAttributes:
    request = GenerationRequest(
        request_id="r1", idempotency_key="k1", product=RawProduct(product_id="P1", title="Kurta")
    )
    return ValidatedAttributes(
        request=request,
        product_type="kurta",
        config_version="v1",
        generated_at=utcnow(),
        **{"attributes": {}, **fields},
    )


def test_document_lists_missing_and_completeness() -> None:
    """missing and completeness go from the validated message into the document."""
    document = product_document(_message(missing=["fabric"], completeness=0.5))
    assert document["missing"] == ["fabric"]
    assert document["completeness"] == 0.5


def test_message_from_before_completeness_decodes() -> None:
    """A validated message without the new fields decodes with empty defaults."""
    data = json.loads(_message().model_dump_json())
    del data["missing"], data["completeness"]
    decoded = ValidatedAttributes.model_validate_json(json.dumps(data))
    assert decoded.missing == []
    assert decoded.completeness is None


def test_document_leaves_out_value_defaults_that_the_api_fills_back() -> None:
    """A value's unset provenance (no matched text, vendor key or conflicts) is not
    stored; the attributes endpoint's model returns every field, as it did before."""
    values = {
        "fabric": AttributeValue(value="silk", source="vendor_spec", method="exact", score=100),
        "occasion": AttributeValue(
            value=["party"],
            source="title",
            method="phrase",
            score=90,
            matched_text="party wear",
            conflicts=["description:festive"],
        ),
    }
    document = product_document(_message(attributes=values))
    assert document["attributes"]["fabric"] == {
        "value": "silk",
        "source": "vendor_spec",
        "method": "exact",
        "score": 100.0,
    }
    assert document["attributes"]["occasion"]["matched_text"] == "party wear"
    body = ProductAttributes.model_validate(document).model_dump(mode="json")
    assert body["attributes"] == {code: v.model_dump(mode="json") for code, v in values.items()}
    assert body["attributes"]["fabric"]["vendor_key"] is None
    assert body["attributes"]["fabric"]["conflicts"] == []


def test_document_stored_with_every_field_still_reads() -> None:
    """Documents stored before the defaults were left out read the same."""
    value = AttributeValue(value="silk", source="vendor_spec", method="exact", score=100)
    document = product_document(_message(attributes={"fabric": value}))
    document["attributes"]["fabric"] = value.model_dump(mode="json")
    body = ProductAttributes.model_validate(document)
    assert body.attributes["fabric"] == value
