"""Inspecting what the pipeline quarantined, and why."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.limits import Offset
from services.gateway.redaction import redact_idempotency_keys
from services.gateway.responses import errors
from services.gateway.schemas import QuarantinePage
from shared.errors import NotFoundError
from shared.messages import ReasonCode
from shared.mongo import by_id
from shared.names import QUARANTINE_RECORDS
from shared.replay.lineage import ReplayState, replay_list, state_query
from shared.replay.selection import IsoTime

router = APIRouter(prefix="/v1/quarantine", tags=["quarantine"], dependencies=[Require("read")])


def public_record(document: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the API shows it: its id, its replays as a list."""
    document["quarantine_id"] = document.pop("_id")
    document["replays"] = replay_list(document)
    # A dead letter keeps its record as text (MongoDB refused it as a document).
    text = document.pop("record_json", None)
    if text is not None and not document.get("record_truncated"):
        document = {**json.loads(text), **document}
    # The original request's idempotency key is the client's: a reader may not reuse it.
    public: dict[str, Any] = redact_idempotency_keys(document)
    return public


@router.get("")
async def list_quarantine(
    state: State,
    reason: ReasonCode | None = None,
    product_type: Annotated[str | None, Query(max_length=64)] = None,
    dead_letter: Annotated[
        bool | None, Query(description="only records saved from the dead-letter stream")
    ] = None,
    stage: Annotated[str | None, Query(max_length=64)] = None,
    replay: Annotated[
        ReplayState | None,
        Query(description="none: not yet replayed; pending; stored; quarantined (again)"),
    ] = None,
    since: Annotated[IsoTime | None, Query(description="quarantined at or after")] = None,
    until: Annotated[IsoTime | None, Query(description="quarantined before")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> QuarantinePage:
    """Quarantined messages, newest first, filtered by reason code and product type."""
    query: dict[str, Any] = {}
    if reason is not None:
        query["reasons"] = reason
    if product_type is not None:
        query["product_type"] = product_type
    if stage is not None:
        query["stage"] = stage
    if replay is not None:
        query.update(state_query(replay))
    window = {op: at for op, at in (("$gte", since), ("$lt", until)) if at is not None}
    if window:
        query["quarantined_at"] = window
    if dead_letter is not None:
        query["dead_letter"] = {"$exists": dead_letter}
    collection = state.db[QUARANTINE_RECORDS]
    total = await collection.count_documents(query)
    cursor = collection.find(query).sort([("quarantined_at", -1), ("_id", 1)])
    items = [public_record(d) async for d in cursor.skip(offset).limit(limit)]
    next_offset = offset + len(items) if offset + len(items) < total else None
    return QuarantinePage(
        items=items, total=total, limit=limit, offset=offset, next_offset=next_offset
    )


@router.get("/{quarantine_id}", responses=errors(404))
async def get_quarantine(quarantine_id: str, state: State) -> dict[str, Any]:
    """One quarantine record: reasons, per-attribute errors, the original request."""
    document: dict[str, Any] | None = await state.db[QUARANTINE_RECORDS].find_one(
        by_id("quarantine_id", quarantine_id)
    )
    if document is None:
        raise NotFoundError("quarantine record", quarantine_id)
    return public_record(document)
