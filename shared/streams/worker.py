"""The consume loop: read, handle, publish + ack atomically, reclaim, quarantine.

Guarantees, per consumer group:
- a message is acked only in the same MULTI/EXEC that publishes its results, so a crash
  before EXEC leaves it pending (redelivered) and a crash after it leaves it done;
- a message left pending longer than ``claim_idle_ms`` (dead or stuck consumer) is
  taken over by a live consumer with XAUTOCLAIM;
- a message delivered more than ``max_deliveries`` times is moved to the quarantine
  stream with its error history instead of looping forever; deliveries that failed
  because a dependency was down (``Retry``, Redis gone mid-batch) do not count: the
  consumer backs off and retries its own pending entries, however long the outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from shared.messages import utcnow
from shared.names import READERS, outages_key
from shared.settings import StreamSettings
from shared.streams import metrics
from shared.streams.codec import DecodeError, decode
from shared.streams.commit import Batch, commit
from shared.streams.declarations import CommitHook, Delivery, Subscriber
from shared.streams.handling import run_handler
from shared.streams.poison import fetch_attempts, malformed_record, poison_record
from shared.streams.retention import reap_consumers, trim_acked

log = structlog.get_logger("attrgen.streams")

Entry = tuple[str, dict[str, str], int]  # entry id, fields, times delivered


def default_consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Worker:
    """Runs a set of subscribers until ``stop()`` (SIGTERM) and in-flight work is done."""

    def __init__(
        self,
        redis: Redis,
        subscribers: Sequence[Subscriber[Any]],
        settings: StreamSettings,
        *,
        hooks: Sequence[CommitHook] = (),
    ) -> None:
        self.redis = redis
        self.subscribers = list(subscribers)
        self.settings = settings
        self.consumer = settings.consumer_name or default_consumer_name()
        self.hooks = list(hooks)
        self._stopping = asyncio.Event()
        self._claim_cursor: dict[str, str] = {}

    def stop(self) -> None:
        """Stop reading; messages already read are finished and acked first."""
        self._stopping.set()

    async def ensure_groups(self) -> None:
        for sub in self.subscribers:
            try:
                await self.redis.xgroup_create(sub.stream, sub.group, id="0", mkstream=True)
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    async def run(self) -> None:
        await self.ensure_groups()
        log.info("worker_started", consumer=self.consumer, streams=self._streams())
        async with asyncio.TaskGroup() as tasks:
            for sub in self.subscribers:
                tasks.create_task(self._consume(sub))
            tasks.create_task(self._maintain())
        log.info("worker_stopped", consumer=self.consumer)

    def _streams(self) -> list[str]:
        return [f"{s.stream}>{s.group}" for s in self.subscribers]

    async def _consume(self, sub: Subscriber[Any]) -> None:
        state = _ConsumerState(
            outage=_Outage(cap_s=min(30.0, max(0.05, self.settings.claim_idle_ms / 2000)))
        )
        redis_backoff = 0.1
        while not self._stopping.is_set():
            try:
                await self._step(sub, state)
                redis_backoff = 0.1
            except ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                # The stream or group was deleted under us (ops, FLUSHDB): recreate it,
                # from the start of whatever the stream still holds: redoing work is
                # safe (idempotent store), skipping it would lose requests.
                log.warning("group_missing_recreating", stream=sub.stream, group=sub.group)
                state.in_flight = []
                await self.ensure_groups()
            except RedisError as exc:
                # Redis restarts and failovers are weather: wait and read again;
                # whatever was in flight stays pending and is redelivered.
                log.warning(
                    "redis_unavailable", stream=sub.stream, error=str(exc), retry_s=redis_backoff
                )
                await self._pause(redis_backoff)
                redis_backoff = min(redis_backoff * 2, 5.0)

    async def _step(self, sub: Subscriber[Any], state: _ConsumerState) -> None:
        """One read (or retry, or claim) and its commit."""
        if state.in_flight:
            # Redis went away mid-batch: that delivery was not the messages' fault.
            await self._excuse(sub, state.in_flight)
            state.in_flight = []
            state.outage.start()
        if state.outage.active:
            # Finish what waits on the dependency before taking anything new.
            entries = await self._own_pending(sub)
            if not entries:
                state.outage.end()
            elif await self._run(sub, state, entries):
                await self._pause(state.outage.next_delay())
            else:
                state.outage.end()
            return
        loop = asyncio.get_running_loop()
        if loop.time() >= state.next_claim:
            claimed = await self._claim(sub)
            if claimed:
                # There may be more idle messages to take over: claim again next step.
                if await self._run(sub, state, claimed):
                    state.outage.start()
                return
            state.next_claim = loop.time() + self.settings.claim_interval_ms / 1000
        entries = await self._read(sub)
        if entries and await self._run(sub, state, entries, first_delivery=True):
            state.outage.start()

    async def _run(
        self,
        sub: Subscriber[Any],
        state: _ConsumerState,
        entries: list[Entry],
        *,
        first_delivery: bool = False,
    ) -> bool:
        state.in_flight = [entry[0] for entry in entries]
        retried = await self._process(sub, entries, first_delivery=first_delivery)
        state.in_flight = []
        return retried

    async def _maintain(self) -> None:
        """Every ``trim_interval_ms``: trim acked entries, remove long-gone consumers."""
        while not self._stopping.is_set():
            await self._pause(self.settings.trim_interval_ms / 1000)
            if self._stopping.is_set():
                return
            try:
                await self.tidy()
            except RedisError as exc:
                log.warning("tidy_failed", error=str(exc))

    async def tidy(self) -> None:
        """Trim each subscribed stream and reap its group's idle consumers, once."""
        info: dict[str, Any] = await self.redis.info("memory")
        maxmemory = int(info.get("maxmemory", 0))
        crowded = (
            maxmemory and info["used_memory"] > maxmemory * self.settings.retention_memory_share
        )
        retention_ms = 0 if crowded else self.settings.retention_s * 1000
        # Redis's clock, which stamped the entry ids, not this host's.
        seconds, micros = await self.redis.time()
        keep_after_ms = seconds * 1000 + micros // 1000 - retention_ms
        for sub in self.subscribers:
            groups = sorted({sub.group, *READERS.get(sub.stream, ())})
            removed = await trim_acked(
                self.redis, sub.stream, keep_after_ms=keep_after_ms, groups=groups
            )
            if removed > 0:
                log.debug("stream_trimmed", stream=sub.stream, removed=removed)
            reaped = await reap_consumers(
                self.redis,
                sub.stream,
                sub.group,
                idle_ms=self.settings.consumer_reap_idle_ms,
                keep=self.consumer,
            )
            if reaped:
                log.info("consumers_removed", stream=sub.stream, group=sub.group, names=reaped)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once on ``stop()``."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _own_pending(self, sub: Subscriber[Any]) -> list[Entry]:
        """This consumer's own pending entries (read again after an outage), oldest first."""
        response: Any = await self.redis.xreadgroup(
            sub.group, self.consumer, {sub.stream: "0"}, count=self.settings.batch_size
        )
        if not response or not response[0][1]:
            return []
        entries = response[0][1]
        gone = [entry_id for entry_id, fields in entries if not fields]
        if gone:  # deleted from the stream by hand (XDEL): nothing left to process
            await self.redis.xack(sub.stream, sub.group, *gone)
        present = [(entry_id, fields) for entry_id, fields in entries if fields]
        counts = await self._delivery_counts(sub, [entry_id for entry_id, _ in present])
        return [(i, fields, counts[i]) for i, fields in present if i in counts]

    async def _excuse(self, sub: Subscriber[Any], entry_ids: list[str]) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for entry_id in entry_ids:
                pipe.incr(outages_key(sub.group, entry_id))
                pipe.expire(outages_key(sub.group, entry_id), self.settings.attempts_ttl_s)
            await pipe.execute()

    async def _read(self, sub: Subscriber[Any]) -> list[Entry]:
        response: Any = await self.redis.xreadgroup(
            sub.group,
            self.consumer,
            {sub.stream: ">"},
            count=self.settings.batch_size,
            block=self.settings.block_ms,
        )
        if not response:
            return []
        return [(entry_id, fields, 1) for entry_id, fields in response[0][1]]

    async def _claim(self, sub: Subscriber[Any]) -> list[Entry]:
        """Take over messages idle past ``claim_idle_ms``, with their delivery counts."""
        # XAUTOCLAIM scans at most ~10x count pending entries per call: resume where the
        # last scan stopped, so idle entries behind many busy ones are reached too.
        cursor = self._claim_cursor.get(sub.stream, "0-0")
        result: Any = await self.redis.xautoclaim(
            sub.stream,
            sub.group,
            self.consumer,
            min_idle_time=self.settings.claim_idle_ms,
            start_id=cursor,
            count=self.settings.batch_size,
        )
        self._claim_cursor[sub.stream] = result[0]
        claimed = [(entry_id, fields) for entry_id, fields in result[1] if fields is not None]
        if not claimed:
            return []
        counts = await self._delivery_counts(sub, [entry_id for entry_id, _ in claimed])
        log.info("messages_reclaimed", stream=sub.stream, count=len(claimed))
        metrics.MESSAGES.labels(sub.stream, sub.group, "reclaimed").inc(len(claimed))
        deliveries = metrics.RECLAIMED_DELIVERIES.labels(sub.stream, sub.group)
        for count in counts.values():
            deliveries.observe(count)
        # An id missing from the PEL was acked by someone else meanwhile: nothing to do.
        return [(i, fields, counts[i]) for i, fields in claimed if i in counts]

    async def _delivery_counts(self, sub: Subscriber[Any], entry_ids: list[str]) -> dict[str, int]:
        """Times each entry was delivered, asked one id at a time (exact, not a range)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for entry_id in entry_ids:
                pipe.xpending_range(sub.stream, sub.group, min=entry_id, max=entry_id, count=1)
            replies: list[Any] = await pipe.execute()
        return {
            reply[0]["message_id"]: int(reply[0]["times_delivered"]) for reply in replies if reply
        }

    async def _charged(self, sub: Subscriber[Any], entries: list[Entry]) -> list[Entry]:
        """Delivery counts less the deliveries lost to outages, for entries near the limit.

        Redis counts every delivery; only those the message could be blamed for (its
        handler failed, or its consumer died holding it) count towards poison.
        """
        near = [e[0] for e in entries if e[2] > self.settings.max_deliveries]
        if not near:
            return entries
        # decode_responses=True: values are str, which redis-py's stubs cannot know.
        raw = cast(
            list[str | None], await self.redis.mget([outages_key(sub.group, i) for i in near])
        )
        excused = {i: int(n or 0) for i, n in zip(near, raw, strict=True)}
        return [(i, fields, count - excused.get(i, 0)) for i, fields, count in entries]

    async def _process(
        self, sub: Subscriber[Any], entries: list[Entry], *, first_delivery: bool
    ) -> bool:
        """Handle and commit one read; True when some entries wait on a dependency."""
        entries = await self._charged(sub, entries)
        batch = Batch(first_delivery=first_delivery)
        poison = [e for e in entries if e[2] > self.settings.max_deliveries]
        if poison:
            histories = await fetch_attempts(self.redis, sub.group, [e[0] for e in poison])
            for (entry_id, fields, count), history in zip(poison, histories, strict=True):
                batch.quarantine(entry_id, poison_record(sub, entry_id, fields, count, history))
        deliveries: list[Delivery[Any]] = []
        for entry_id, fields, count in entries:
            if count > self.settings.max_deliveries:
                continue
            try:
                message = decode(fields, sub.model)
            except DecodeError as exc:
                batch.quarantine(entry_id, malformed_record(sub, entry_id, fields, str(exc)))
                continue
            deliveries.append(Delivery(sub.stream, entry_id, message, count))
        metrics.BATCH_SIZE.labels(sub.stream, sub.group).observe(len(entries))
        if deliveries:
            with metrics.HANDLER_SECONDS.labels(sub.stream, sub.group).time():
                await run_handler(sub, deliveries, batch)
        with metrics.COMMIT_SECONDS.labels(sub.stream, sub.group).time():
            await commit(
                self.redis,
                sub,
                batch,
                consumer=self.consumer,
                hooks=self.hooks,
                attempts_ttl_s=self.settings.attempts_ttl_s,
                now=utcnow(),
            )
        _count(sub, batch)
        return bool(batch.retried)


def _count(sub: Subscriber[Any], batch: Batch) -> None:
    """Outcomes of a committed read, for the runtime's metrics."""
    messages = metrics.MESSAGES
    labels = (sub.stream, sub.group)
    messages.labels(*labels, "acked").inc(len(batch.succeeded) + len(batch.quarantined))
    messages.labels(*labels, "emitted").inc(sum(len(emits) for _, _, emits in batch.succeeded))
    messages.labels(*labels, "quarantined").inc(len(batch.quarantined))
    messages.labels(*labels, "failed").inc(len(batch.failed))
    messages.labels(*labels, "retried").inc(len(batch.retried))
    for _, record in batch.quarantined:
        for reason in record.reasons:
            metrics.QUARANTINED.labels(*labels, reason).inc()


@dataclass
class _ConsumerState:
    outage: _Outage
    next_claim: float = 0.0
    in_flight: list[str] = field(default_factory=list)


class _Outage:
    """Back-off while a dependency is down: 0.2 s doubling up to ``cap_s``.

    The cap stays under half the claim idle time, so the entries this consumer keeps
    retrying are not taken over by others while it waits.
    """

    def __init__(self, cap_s: float) -> None:
        self.cap_s = cap_s
        self.active = False
        self._delay = 0.0

    def start(self) -> None:
        if not self.active:
            log.warning("dependency_outage_started")
        self.active = True

    def end(self) -> None:
        if self.active:
            log.info("dependency_outage_ended")
        self.active = False
        self._delay = 0.0

    def next_delay(self) -> float:
        self._delay = min(self.cap_s, max(0.2, self._delay * 2))
        return self._delay
