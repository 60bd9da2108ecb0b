"""How messages become MongoDB documents (pure functions, no I/O)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from shared.messages import AttributeValue, QuarantineRecord, ValidatedAttributes


def product_document(message: ValidatedAttributes) -> dict[str, Any]:
    """The current attributes of one product, with provenance.

    Every field derives from the message (no ``now()``), so writing the same message
    twice leaves the document byte-for-byte unchanged.
    """
    request = message.request
    return {
        "product_id": request.product.product_id,
        "product_type": message.product_type,
        "config_version": message.config_version,
        "content_hash": request.product.content_hash(),
        # The input as received: what a config dry-run and a regeneration replay read.
        "product": request.product.model_dump(mode="json"),
        "attributes": stored_values(message.attributes),
        "corrections": [c.model_dump(mode="json") for c in message.corrections],
        "warnings": [w.model_dump(mode="json") for w in message.warnings],
        "missing": list(message.missing),
        "completeness": message.completeness,
        "request_id": request.request_id,
        "source": request.source,
        "replay_of": request.replay_of,
        "submitted_at": request.submitted_at,
        "generated_at": message.generated_at,
        "updated_at": message.validated_at,
    }


def stored_values(attributes: Mapping[str, AttributeValue]) -> dict[str, dict[str, Any]]:
    """Attribute values as stored: defaults left out (no matched_text or vendor_key, no
    conflicts: most values from a vendor spec). They were 3 of each value's 7 fields,
    and the stand-in's cost per write follows the number of values (15-20% less per
    product, measured). The API fills them back in (ProductAttributes.attributes)."""
    return {
        code: value.model_dump(mode="json", exclude_defaults=True)
        for code, value in attributes.items()
    }


def quarantine_document(record: QuarantineRecord) -> dict[str, Any]:
    document = record.model_dump(mode="json", exclude={"quarantined_at"})
    document["quarantined_at"] = record.quarantined_at
    document["product_id"] = record.request.product.product_id if record.request else None
    document["request_id"] = record.request.request_id if record.request else None
    document["replay_of"] = record.request.replay_of if record.request else None
    return document


# Far under MongoDB's 16 MB document limit, so the safe form is always storable.
DEAD_LETTER_MAX_CHARS = 4_000_000


def dead_letter_document(dead: QuarantineRecord) -> dict[str, Any]:
    """A record the quarantine store could not write, in a form MongoDB always takes.

    The original record (``dead.raw``) is kept as JSON text, not as a sub-document:
    whatever made MongoDB refuse it (a NUL byte in a vendor key, a ``$`` key ...)
    cannot refuse a string. Indexed fields are copied out so listings still find it.
    """
    original = _original_record(dead)
    record = original or dead
    text = json.dumps(original.model_dump(mode="json") if original else dead.raw or {})
    request = record.request
    return {
        "quarantine_id": record.quarantine_id,
        "stage": record.stage,
        "reasons": record.reasons,
        "detail": record.detail,
        "product_type": record.product_type,
        "quarantined_at": record.quarantined_at,
        "product_id": request.product.product_id if request else None,
        "request_id": request.request_id if request else None,
        "record_json": text[:DEAD_LETTER_MAX_CHARS],
        "record_truncated": len(text) > DEAD_LETTER_MAX_CHARS,
        "dead_letter": {
            "detail": dead.detail,
            "attempts": [a.model_dump(mode="json") for a in dead.attempts],
            "at": dead.quarantined_at,
        },
    }


def _original_record(dead: QuarantineRecord) -> QuarantineRecord | None:
    data = (dead.raw or {}).get("data")
    if not isinstance(data, str):
        return None
    try:
        return QuarantineRecord.model_validate_json(data)
    except ValueError:
        return None
