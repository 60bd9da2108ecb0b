"""One request's story: its stages, attempts, quarantine record, replays, stored result.

Keyed by a request id, a quarantine id or a product id (its latest request). Read from
the live status, MongoDB, and the pending entries of every group (where the
per-delivery error history of work still in flight lives).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.gateway.routes.quarantine import public_record
from shared.errors import NotFoundError
from shared.mongo import Document, by_id
from shared.names import (
    PRODUCT_ATTRIBUTES,
    QUARANTINE_RECORDS,
    READERS,
    REQUEST_STATUS,
    attempts_key,
    request_status_key,
)
from shared.status import read_status
from shared.streams.inspection import PENDING_SAMPLE, pending_entries


async def _status(redis: Redis, db: AsyncDatabase[Document], request_id: str) -> dict[str, Any]:
    fields = await read_status(redis, request_id)
    document = await db[REQUEST_STATUS].find_one(by_id("request_id", request_id)) or {}
    stages: dict[str, Any] = dict(document.get("stages", {}))
    for key, value in fields.items():
        if key.endswith("_at"):
            stages.setdefault(key.removesuffix("_at"), value)
    if not fields and not document:
        return {}
    merged = {**document, **fields}
    return {
        "request_id": request_id,
        "product_id": merged.get("product_id"),
        "stage": fields.get("stage") or document.get("stage"),
        "source": merged.get("source"),
        "replay_of": merged.get("replay_of"),
        "quarantine_id": merged.get("quarantine_id"),
        "timeline": [
            {"stage": name, "at": at.isoformat()}
            for name, at in sorted(
                ((name, _time(at)) for name, at in stages.items()), key=lambda step: step[1]
            )
        ],
    }


def _time(value: Any) -> datetime:
    # MongoDB gives datetimes, the live status ISO text; the timeline sorts both.
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


async def resolve(redis: Redis, db: AsyncDatabase[Document], key: str) -> str:
    """The request id ``key`` names: itself, a quarantine record's, a product's latest."""
    if await redis.exists(request_status_key(key)) or await db[REQUEST_STATUS].find_one(
        by_id("request_id", key), {"_id": 1}
    ):
        return key
    record = await db[QUARANTINE_RECORDS].find_one(by_id("quarantine_id", key), {"request_id": 1})
    if record and record.get("request_id"):
        return str(record["request_id"])
    cursor = db[REQUEST_STATUS].find({"product_id": key}).sort([("stages.accepted", -1)])
    async for latest in cursor.limit(1):
        return str(latest["_id"])
    raise NotFoundError("request, quarantine record or product", key)


async def _in_flight(redis: Redis, request_id: str) -> list[dict[str, Any]]:
    """Deliveries of this request still pending somewhere, with their failed attempts."""
    found = []
    for stream, groups in READERS.items():
        for group in groups:
            if not await redis.exists(stream):
                continue
            try:
                entries = await pending_entries(redis, stream, group, limit=PENDING_SAMPLE)
            except ResponseError:  # NOGROUP: a group not created yet holds nothing
                entries = []
            for entry in entries:
                if entry["request_id"] != request_id:
                    continue
                raw = await redis.lrange(attempts_key(group, entry["id"]), 0, -1)
                attempts = [json.loads(item) for item in raw]
                found.append({"stream": stream, "group": group, **entry, "attempts": attempts})
    return found


async def story(redis: Redis, db: AsyncDatabase[Document], key: str) -> dict[str, Any]:
    request_id = await resolve(redis, db, key)
    status = await _status(redis, db, request_id)
    record = None
    if status.get("quarantine_id"):
        found = await db[QUARANTINE_RECORDS].find_one(
            by_id("quarantine_id", status["quarantine_id"])
        )
        record = public_record(found) if found else None
    origin = None
    if status.get("replay_of"):
        found = await db[QUARANTINE_RECORDS].find_one(by_id("quarantine_id", status["replay_of"]))
        origin = public_record(found) if found else None
    stored = None
    if status.get("product_id"):
        stored = await db[PRODUCT_ATTRIBUTES].find_one(by_id("product_id", status["product_id"]))
    return {
        "key": key,
        **status,
        "in_flight": await _in_flight(redis, request_id),
        "attempts": (record or {}).get("attempts", []),
        "quarantine": record,
        "replays": (record or {}).get("replays", []),
        "replay_origin": origin,
        "stored": _stored(stored, request_id),
    }


def _stored(document: dict[str, Any] | None, request_id: str) -> dict[str, Any] | None:
    if document is None:
        return None
    return {
        # The product's current document may come from a later request than this one.
        "from_this_request": document.get("request_id") == request_id,
        "request_id": document.get("request_id"),
        "replay_of": document.get("replay_of"),
        "config_version": document.get("config_version"),
        "updated_at": document.get("updated_at"),
        "attributes": {
            code: value.get("value") for code, value in document.get("attributes", {}).items()
        },
        "completeness": document.get("completeness"),
        "missing": document.get("missing", []),
    }
