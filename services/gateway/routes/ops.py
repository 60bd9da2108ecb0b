"""Operating the pipeline: the streams as Redis sees them, and one request's story."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from redis.exceptions import ResponseError

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.redaction import redact_idempotency_keys
from services.gateway.responses import errors
from services.gateway.story import story
from shared.errors import NotFoundError
from shared.streams.inspection import describe_streams, pending_entries

router = APIRouter(prefix="/v1/ops", tags=["ops"])
# A consumer idle this many claim times is dead, not slow: a live one's blocking
# reads keep its idle time under block_ms.
DEAD_AFTER_CLAIMS = 3


@router.get("/streams", dependencies=[Require("operate")])
async def get_streams(
    state: State,
    dead_after_ms: Annotated[
        int | None, Query(ge=1, description="idle past this is dead (default 3x claim)")
    ] = None,
) -> dict[str, Any]:
    """Every ``attrgen.*`` stream: length, entry ages, groups' lag and pending, consumers."""
    settings = state.settings.stream
    streams = await describe_streams(
        state.redis,
        dead_after_ms=dead_after_ms or DEAD_AFTER_CLAIMS * settings.claim_idle_ms,
        max_deliveries=settings.max_deliveries,
    )
    return {
        "claim_idle_ms": settings.claim_idle_ms,
        "max_deliveries": settings.max_deliveries,
        "streams": streams,
    }


@router.get(
    "/streams/{stream}/groups/{group}/pending",
    dependencies=[Require("operate")],
    responses=errors(404),
)
async def get_pending(
    stream: str,
    group: str,
    state: State,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
    consumer: Annotated[str | None, Query(max_length=256)] = None,
) -> dict[str, Any]:
    """Pending entries of one group: id, consumer, idle, deliveries, request, product."""
    try:
        items = await pending_entries(state.redis, stream, group, limit=limit, consumer=consumer)
    except ResponseError as exc:  # NOGROUP: no such stream or group
        raise NotFoundError("stream group", f"{stream} {group}") from exc
    return {"stream": stream, "group": group, "items": items}


@router.get("/requests/{key}", dependencies=[Require("read")], responses=errors(404))
async def get_story(key: str, state: State) -> dict[str, Any]:
    """One request's story, by request id, quarantine id or product id."""
    # The story holds whole original requests: clients' idempotency keys stay hidden.
    told: dict[str, Any] = redact_idempotency_keys(await story(state.redis, state.db, key))
    return told
