"""Quarantine records for messages the runtime itself gives up on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from redis.asyncio import Redis

from shared.messages import Attempt, QuarantineRecord, request_of
from shared.names import QUARANTINE, attempts_key
from shared.streams.codec import DecodeError, decode
from shared.streams.declarations import Subscriber


def quarantine_id(stream: str, entry_id: str) -> str:
    """Stable id: quarantining the same entry twice gives the same record."""
    return f"{stream}:{entry_id}"


async def fetch_attempts(redis: Redis, group: str, entry_ids: Sequence[str]) -> list[list[Attempt]]:
    async with redis.pipeline(transaction=False) as pipe:
        for entry_id in entry_ids:
            pipe.lrange(attempts_key(group, entry_id), 0, -1)
        raw_lists: list[list[str]] = await pipe.execute()
    return [[Attempt.model_validate_json(raw) for raw in items] for items in raw_lists]


def _product_type(message: BaseModel | None) -> str | None:
    if message is None:
        return None
    product_type = getattr(message, "product_type", None)
    if isinstance(product_type, str):
        return product_type
    request = request_of(message)
    return request.product.product_type if request else None


def record_for(
    sub: Subscriber[Any],
    entry_id: str,
    message: BaseModel | None,
    **fields: Any,
) -> QuarantineRecord:
    return QuarantineRecord(
        quarantine_id=quarantine_id(sub.stream, entry_id),
        stage=sub.stage,
        source_stream=sub.stream,
        source_message_id=entry_id,
        request=request_of(message) if message is not None else None,
        product_type=_product_type(message),
        **fields,
    )


def poison_record(
    sub: Subscriber[Any],
    entry_id: str,
    fields: dict[str, str],
    deliveries: int,
    history: list[Attempt],
) -> QuarantineRecord:
    try:
        message: BaseModel | None = decode(fields, sub.model)
    except DecodeError:
        message = None
    return record_for(
        sub,
        entry_id,
        message,
        reasons=["max_deliveries_exceeded"],
        attempts=history,
        # A dead letter keeps the record it could not store, whole, for the dead-letter
        # store; elsewhere the request (already in the record) is enough.
        raw=dict(fields) if message is None or sub.quarantine_stream != QUARANTINE else None,
        detail=f"delivered {deliveries} times without success",
    )


def malformed_record(
    sub: Subscriber[Any], entry_id: str, fields: dict[str, str], error: str
) -> QuarantineRecord:
    return record_for(
        sub, entry_id, None, reasons=["malformed_message"], raw=dict(fields), detail=error
    )
