"""Where a request is in the pipeline: a Redis hash per request, updated in the commit.

Each transition is written in the same MULTI/EXEC that acks the message, so status
never runs ahead of (or behind) the streams. The store copies the final state into
MongoDB (``request_status``), which readers fall back to when the hash is gone.

What is written, and why no more (every command here is paid once per product):

- accepted: the submission script creates the hash with its one TTL (the retention
  time); no stage sets a TTL again except to shorten it;
- generated: nothing. The generator's time travels in its message (``generated_at``)
  and reaches MongoDB with the stored document, or the hash when the validator
  quarantines it, so timelines still show it;
- validated: one HSET. A request waiting for the store (MongoDB down, a backlog) is
  the one ops ask about, and the hash says it got past validation;
- stored: the hash is deleted, one DEL for the whole batch. The store wrote the final
  state (every stage, the source) to MongoDB before this commit, and GET
  /v1/requests/{id} reads MongoDB when the hash is gone;
- quarantined: HSET and a 1 h TTL. MongoDB gets the state only when the quarantine
  store persists the record, later; until then the hash is all a reader has.

An HSET on a hash that is gone (expired, or deleted by the store while a duplicate
delivery was still on its way) makes a hash with no TTL. It does not stay one: that
delivery carries the request on to the store or the quarantine, whose commit deletes
the hash or gives it a TTL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from redis.asyncio.client import Pipeline

from shared.messages import GenerationRequest, QuarantineRecord, Stage, request_of, utcnow
from shared.names import QUARANTINE, request_status_key
from shared.streams.declarations import Subscriber

# Once quarantined, the quarantine store has the status in MongoDB within moments:
# the live hash is only a fast path, and a week of them would not fit in memory.
FINAL_STATUS_TTL_S = 3600


def accepted_fields(request: GenerationRequest) -> dict[str, str]:
    """The hash a request starts with when the gateway accepts it."""
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


def _ids(request: GenerationRequest) -> dict[str, str]:
    return {"request_id": request.request_id, "product_id": request.product.product_id}


def stage_fields(stage: Stage, at: datetime | None = None) -> dict[str, str]:
    return {"stage": stage, f"{stage}_at": (at or utcnow()).isoformat()}


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
            at = utcnow()
            for request in _requests(messages):
                # Ids too: a hash that expired or was never made still says whose it is.
                fields = {**_ids(request), **stage_fields("validated", at)}
                pipe.hset(request_status_key(request.request_id), mapping=fields)  # type: ignore[arg-type]

    def on_quarantine(
        self, pipe: Pipeline, record: QuarantineRecord, message: BaseModel | None
    ) -> None:
        # A record about a quarantine record is a dead letter: the request's status
        # already names the original record, which the dead-letter store saves.
        if record.request is None or record.source_stream == QUARANTINE:
            return
        key = request_status_key(record.request.request_id)
        fields = {**_ids(record.request), **stage_fields("quarantined", record.quarantined_at)}
        fields["quarantine_id"] = record.quarantine_id
        generated_at = getattr(message, "generated_at", None)
        if isinstance(generated_at, datetime):
            fields["generated_at"] = generated_at.isoformat()
        pipe.hset(key, mapping=fields)  # type: ignore[arg-type]
        pipe.expire(key, FINAL_STATUS_TTL_S)


def _requests(messages: Sequence[BaseModel]) -> list[GenerationRequest]:
    return [request for m in messages if (request := request_of(m)) is not None]
