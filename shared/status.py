"""Where a request is in the pipeline: one Redis key per request, updated in the commit.

Each transition is written in the same MULTI/EXEC that acks the message, so status
never runs ahead of (or behind) the streams. The store copies the final state into
MongoDB (``request_status``), which readers fall back to when the key is gone.

The value is the whole state as one JSON object (``{"stage": ..., "accepted_at": ...}``),
not a hash: a string takes its TTL in the same command (SET ... EX), where a hash on
Redis 7.0 needs an HSET and an EXPIRE. Every writer knows the whole state, because the
request travels in every message.

What is written, and why no more (every command here is paid once per product):

- accepted: the submission script SETs the state with its one TTL (the retention time);
- generated: nothing. The generator's time travels in its message (``generated_at``)
  and reaches MongoDB with the stored document, or the status when the validator
  writes it, so timelines still show it;
- validated: one SET ... XX KEEPTTL. A request waiting for the store (MongoDB down, a
  backlog) is the one ops ask about, and the status says it got past validation. XX:
  a status already gone (expired, or deleted by the store while a duplicate delivery
  was still on its way) is not made again, without a TTL;
- stored: the key is deleted, one DEL for the whole batch. The store wrote the final
  state (every stage, the source) to MongoDB before this commit, and GET
  /v1/requests/{id} reads MongoDB when the key is gone;
- quarantined: one SET with a 1 h TTL. MongoDB gets the state only when the quarantine
  store persists the record, later; until then the key is all a reader has.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel
from pydantic_core import to_json
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import ResponseError

from shared.messages import GenerationRequest, QuarantineRecord, Stage, request_of, utcnow
from shared.names import QUARANTINE, request_status_key
from shared.streams.declarations import Subscriber

# Once quarantined, the quarantine store has the status in MongoDB within moments:
# the live key is only a fast path, and a week of them would not fit in memory.
FINAL_STATUS_TTL_S = 3600

Status = dict[str, str]


def accepted_fields(request: GenerationRequest) -> Status:
    """The state a request starts with when the gateway accepts it."""
    fields = {
        "request_id": request.request_id,
        "product_id": request.product.product_id,
        "source": request.source,
        "stage": "accepted",
        "accepted_at": request.submitted_at.isoformat(),
    }
    if request.replay_of:
        fields["replay_of"] = request.replay_of
    return fields


def stage_fields(stage: Stage, at: datetime | None = None) -> Status:
    return {"stage": stage, f"{stage}_at": (at or utcnow()).isoformat()}


def encode_status(fields: Status) -> str:
    # Once per product at the gateway and at the validator: pydantic-core's encoder is
    # 0.8 us against 7 us for json.dumps with separators (which builds an encoder on
    # every call). The same compact JSON; non-ASCII stays UTF-8 rather than \u-escaped.
    return to_json(fields).decode()


def _decode(raw: Any) -> Status:
    # decode_responses=True: values are str, which redis-py's stubs cannot know.
    return cast(Status, json.loads(raw)) if raw else {}


async def read_status(redis: Redis, request_id: str) -> Status:
    """The live state of a request, or {} when the key is gone (MongoDB has it then)."""
    key = request_status_key(request_id)
    try:
        return _decode(await redis.get(key))
    except ResponseError as exc:
        if "WRONGTYPE" not in str(exc):
            raise
        # A hash written before the status became one string (an upgrade with requests
        # in flight): read it as it is; it expires within the retention time.
        return cast(Status, await redis.hgetall(key))


async def read_statuses(redis: Redis, request_ids: Sequence[str]) -> list[Status]:
    """The live states of many requests in one MGET, {} for each that is gone."""
    if not request_ids:
        return []
    raws = await redis.mget([request_status_key(r) for r in request_ids])
    return [_decode(raw) for raw in raws]


def _with_message_times(fields: Status, message: BaseModel | None) -> Status:
    """The stage times a message carries (generated, validated), since no hash merges
    them in: a write replaces the whole state."""
    for name in ("generated_at", "validated_at"):
        at = getattr(message, name, None)
        if isinstance(at, datetime):
            fields.setdefault(name, at.isoformat())
    return fields


class RequestStatusHook:
    """Commit hook: records the stage a request reached when its message is acked."""

    def on_success(
        self, pipe: Pipeline, sub: Subscriber[Any], messages: Sequence[BaseModel]
    ) -> None:
        if sub.completes == "stored":
            keys = [request_status_key(r.request_id) for r in _requests(messages)]
            if keys:
                pipe.delete(*keys)
        elif sub.completes == "validated":
            stage = stage_fields("validated")
            for message in messages:
                request = request_of(message)
                if request is None:
                    continue
                fields = _with_message_times({**accepted_fields(request), **stage}, message)
                pipe.set(
                    request_status_key(request.request_id),
                    encode_status(fields),
                    xx=True,
                    keepttl=True,
                )

    def on_quarantine(
        self, pipe: Pipeline, record: QuarantineRecord, message: BaseModel | None
    ) -> None:
        # A record about a quarantine record is a dead letter: the request's status
        # already names the original record, which the dead-letter store saves.
        if record.request is None or record.source_stream == QUARANTINE:
            return
        fields = {
            **accepted_fields(record.request),
            **stage_fields("quarantined", record.quarantined_at),
            "quarantine_id": record.quarantine_id,
        }
        pipe.set(
            request_status_key(record.request.request_id),
            encode_status(_with_message_times(fields, message)),
            ex=FINAL_STATUS_TTL_S,
        )


def _requests(messages: Sequence[BaseModel]) -> list[GenerationRequest]:
    return [request for m in messages if (request := request_of(m)) is not None]
