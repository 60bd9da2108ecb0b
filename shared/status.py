"""Where a request is in the pipeline: a Redis hash per request, updated in the commit.

Each stage's transition is written in the same MULTI/EXEC that acks the message, so
status never runs ahead of (or behind) the streams. The store copies the final state
into MongoDB (``request_status``) so it outlives the hash's TTL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from redis.asyncio.client import Pipeline

from shared.messages import GenerationRequest, QuarantineRecord, Stage, request_of, utcnow
from shared.names import QUARANTINE, request_status_key
from shared.settings import REDIS_RETENTION_S
from shared.streams.declarations import Subscriber

STATUS_TTL_S = REDIS_RETENTION_S
# Once stored or quarantined, the store has the status in MongoDB: the live hash is
# only a fast path, and a week of them per request would not fit in memory.
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
    """Commit hook: marks the stage a request reached when its message is acked."""

    def on_success(self, pipe: Pipeline, sub: Subscriber[Any], message: BaseModel) -> None:
        request = request_of(message)
        if sub.completes is None or request is None:
            return
        key = request_status_key(request.request_id)
        # Ids too: a request published by anything but the gateway has no hash yet.
        fields = {**_ids(request), **stage_fields(sub.completes)}
        pipe.hset(key, mapping=fields)  # type: ignore[arg-type]
        final = sub.completes in ("stored", "quarantined")
        pipe.expire(key, FINAL_STATUS_TTL_S if final else STATUS_TTL_S)

    def on_quarantine(self, pipe: Pipeline, record: QuarantineRecord) -> None:
        # A record about a quarantine record is a dead letter: the request's status
        # already names the original record, which the dead-letter store saves.
        if record.request is None or record.source_stream == QUARANTINE:
            return
        key = request_status_key(record.request.request_id)
        fields = {**_ids(record.request), **stage_fields("quarantined", record.quarantined_at)}
        fields["quarantine_id"] = record.quarantine_id
        pipe.hset(key, mapping=fields)  # type: ignore[arg-type]
        pipe.expire(key, FINAL_STATUS_TTL_S)
