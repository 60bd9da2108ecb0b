"""How messages become MongoDB documents (pure functions, no I/O)."""

from __future__ import annotations

from typing import Any

from shared.messages import QuarantineRecord, ValidatedAttributes


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
        "attributes": {
            code: value.model_dump(mode="json") for code, value in message.attributes.items()
        },
        "corrections": [c.model_dump(mode="json") for c in message.corrections],
        "warnings": [w.model_dump(mode="json") for w in message.warnings],
        "request_id": request.request_id,
        "source": request.source,
        "submitted_at": request.submitted_at,
        "generated_at": message.generated_at,
        "updated_at": message.validated_at,
    }


def quarantine_document(record: QuarantineRecord) -> dict[str, Any]:
    document = record.model_dump(mode="json", exclude={"quarantined_at"})
    document["quarantined_at"] = record.quarantined_at
    document["product_id"] = record.request.product.product_id if record.request else None
    document["request_id"] = record.request.request_id if record.request else None
    return document
