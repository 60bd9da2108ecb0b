"""Publishing a batch's results and acking its sources in one MULTI/EXEC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from pydantic import BaseModel
from redis.asyncio import Redis

from shared.messages import Attempt, QuarantineRecord
from shared.names import attempts_key, outages_key
from shared.streams.codec import encode
from shared.streams.declarations import CommitHook, Delivery, Emit, Reject, Subscriber
from shared.streams.poison import record_for

log = structlog.get_logger("attrgen.streams")


@dataclass
class Batch:
    """Outcomes of one read, gathered before they are committed together."""

    succeeded: list[tuple[str, BaseModel, list[Emit]]] = field(default_factory=list)
    quarantined: list[tuple[str, QuarantineRecord]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Left pending because a dependency is down: redelivered, but not held against them.
    retried: list[str] = field(default_factory=list)
    outage: str | None = None
    # The decoded message behind each quarantined entry that had one (for hooks).
    sources: dict[str, BaseModel] = field(default_factory=dict)
    # Every entry was delivered for the first time (read with ">"): none can have an
    # attempts or outages key yet, so the commit need not delete any.
    first_delivery: bool = False

    def succeed(self, delivery: Delivery[Any], emits: list[Emit]) -> None:
        self.succeeded.append((delivery.entry_id, delivery.message, emits))

    def quarantine(
        self, entry_id: str, record: QuarantineRecord, message: BaseModel | None = None
    ) -> None:
        self.quarantined.append((entry_id, record))
        if message is not None:
            self.sources[entry_id] = message

    def reject(self, sub: Subscriber[Any], delivery: Delivery[Any], rejection: Reject) -> None:
        record = record_for(
            sub,
            delivery.entry_id,
            delivery.message,
            reasons=rejection.reasons,
            errors=rejection.errors,
            detail=str(rejection),
        )
        self.quarantine(delivery.entry_id, record, delivery.message)

    def fail(self, entry_id: str, error: str) -> None:
        self.failed.append((entry_id, error))

    def retry_later(self, entry_ids: list[str], error: str) -> None:
        self.retried.extend(entry_ids)
        self.outage = error


async def commit(
    redis: Redis,
    sub: Subscriber[Any],
    batch: Batch,
    *,
    consumer: str,
    hooks: list[CommitHook],
    attempts_ttl_s: int,
    now: datetime,
) -> None:
    """One transaction: downstream XADDs, quarantine XADDs, hook writes, XACKs."""
    _keep_pending_when_no_quarantine(sub, batch)
    done = [entry_id for entry_id, _, _ in batch.succeeded]
    done += [entry_id for entry_id, _ in batch.quarantined]
    async with redis.pipeline(transaction=True) as pipe:
        for _, _, emits in batch.succeeded:
            for emit in emits:
                pipe.xadd(emit.stream, encode(emit.message))  # type: ignore[arg-type]
        if batch.succeeded:
            messages = [message for _, message, _ in batch.succeeded]
            for hook in hooks:
                hook.on_success(pipe, sub, messages)
        for entry_id, record in batch.quarantined:
            assert sub.quarantine_stream is not None
            pipe.xadd(sub.quarantine_stream, encode(record))  # type: ignore[arg-type]
            for hook in hooks:
                hook.on_quarantine(pipe, record, batch.sources.get(entry_id))
        if done:
            pipe.xack(sub.stream, sub.group, *done)
        if done and not batch.first_delivery:
            # Only a redelivered entry can have failed or waited out an outage before.
            pipe.delete(
                *(attempts_key(sub.group, entry_id) for entry_id in done),
                *(outages_key(sub.group, entry_id) for entry_id in done),
            )
        for entry_id, error in batch.failed:
            key = attempts_key(sub.group, entry_id)
            pipe.rpush(key, Attempt(at=now, consumer=consumer, error=error).model_dump_json())
            pipe.expire(key, attempts_ttl_s)
        for entry_id in batch.retried:
            # Counted so the poison check can subtract it from Redis's delivery count.
            key = outages_key(sub.group, entry_id)
            pipe.incr(key)
            pipe.expire(key, attempts_ttl_s)
        await pipe.execute()
    _log_quarantined(sub, batch)
    if done:
        log.debug("messages_acked", stream=sub.stream, count=len(done))


def _keep_pending_when_no_quarantine(sub: Subscriber[Any], batch: Batch) -> None:
    """The last-resort subscriber has nowhere to move a message: it stays pending."""
    if sub.quarantine_stream is not None:
        return
    for entry_id, record in batch.quarantined:
        log.error(
            "message_kept_pending",
            stream=sub.stream,
            message_id=entry_id,
            reasons=record.reasons,
            detail=record.detail,
        )
    batch.quarantined = []


def _log_quarantined(sub: Subscriber[Any], batch: Batch) -> None:
    for _, record in batch.quarantined:
        request = record.request
        log.warning(
            "message_quarantined",
            stream=sub.stream,
            message_id=record.source_message_id,
            request_id=request.request_id if request else None,
            product_id=request.product.product_id if request else None,
            reasons=record.reasons,
            detail=record.detail,
        )
