"""The stored product document carries completeness; old messages still decode."""

from __future__ import annotations

import json
from typing import Any

from services.store.documents import product_document
from shared.messages import GenerationRequest, RawProduct, ValidatedAttributes, utcnow


def _message(**fields: Any) -> ValidatedAttributes:
    request = GenerationRequest(
        request_id="r1", idempotency_key="k1", product=RawProduct(product_id="P1", title="Kurta")
    )
    return ValidatedAttributes(
        request=request,
        product_type="kurta",
        config_version="v1",
        attributes={},
        generated_at=utcnow(),
        **fields,
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
