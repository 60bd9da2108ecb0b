"""The broker's view of the pipeline, read from Redis at scrape time (Prometheus).

Client-side counters say what a worker did; these say what is waiting: stream
lengths, each group's lag and pending entries, how old the oldest one is, and who
consumes. Two pipelined round trips for every stream at once, so a scrape is cheap.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from redis.asyncio import Redis


@dataclass(frozen=True)
class ConsumerView:
    name: str
    pending: int
    idle_s: float


@dataclass(frozen=True)
class GroupView:
    stream: str
    name: str
    lag: int | None  # None: Redis cannot tell (entries deleted in the unread range)
    pending: int
    oldest_pending_s: float  # 0 when nothing is pending
    last_delivered_id: str
    consumers: list[ConsumerView] = field(default_factory=list)


@dataclass(frozen=True)
class MemoryView:
    used_bytes: int
    max_bytes: int  # 0: no maxmemory set


@dataclass(frozen=True)
class StreamView:
    name: str
    length: int
    groups: list[GroupView] = field(default_factory=list)


async def read_memory(redis: Redis) -> MemoryView:
    info: dict[str, Any] = await redis.info("memory")
    return MemoryView(int(info.get("used_memory", 0)), int(info.get("maxmemory", 0)))


async def read_broker(redis: Redis, streams: Sequence[str]) -> list[StreamView]:
    """Length, groups, pending and consumers of each stream (absent streams: length 0)."""
    async with redis.pipeline(transaction=False) as pipe:
        for stream in streams:
            pipe.xlen(stream)
            pipe.xinfo_groups(stream)
        first: list[Any] = await pipe.execute(raise_on_error=False)
    lengths = first[0::2]
    groups_of = [g if isinstance(g, list) else [] for g in first[1::2]]
    async with redis.pipeline(transaction=False) as pipe:
        for stream, groups in zip(streams, groups_of, strict=True):
            for group in groups:
                pipe.xpending_range(stream, group["name"], min="-", max="+", count=1)
                pipe.xinfo_consumers(stream, group["name"])
        second: list[Any] = await pipe.execute(raise_on_error=False)
    replies = iter(second)
    views = []
    for stream, length, groups in zip(streams, lengths, groups_of, strict=True):
        group_views = []
        for group in groups:
            oldest, consumers = next(replies), next(replies)
            group_views.append(_group(stream, group, oldest, consumers))
        views.append(StreamView(stream, length if isinstance(length, int) else 0, group_views))
    return views


def _group(stream: str, group: dict[str, Any], oldest: Any, consumers: Any) -> GroupView:
    oldest_s = (
        oldest[0]["time_since_delivered"] / 1000 if isinstance(oldest, list) and oldest else 0
    )
    lag = group.get("lag")
    return GroupView(
        stream=stream,
        name=group["name"],
        lag=int(lag) if lag is not None else None,
        pending=int(group["pending"]),
        oldest_pending_s=float(oldest_s),
        last_delivered_id=str(group["last-delivered-id"]),
        consumers=[
            ConsumerView(c["name"], int(c["pending"]), int(c["idle"]) / 1000)
            for c in (consumers if isinstance(consumers, list) else [])
        ],
    )


class BrokerCollector(Collector):
    """Prometheus gauges from the last ``read_broker`` snapshot (set it before a scrape)."""

    def __init__(self) -> None:
        self.snapshot: list[StreamView] = []
        self.memory: MemoryView | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        length = GaugeMetricFamily(
            "attrgen_stream_length", "Entries in the stream", labels=["stream"]
        )
        lag = GaugeMetricFamily(
            "attrgen_group_lag",
            "Entries not yet delivered to the group",
            labels=["stream", "group"],
        )
        pending = GaugeMetricFamily(
            "attrgen_group_pending", "Delivered, not yet acked", labels=["stream", "group"]
        )
        oldest = GaugeMetricFamily(
            "attrgen_group_oldest_pending_seconds",
            "Age of the group's oldest unacked delivery",
            labels=["stream", "group"],
        )
        consumers = GaugeMetricFamily(
            "attrgen_group_consumers", "Consumers known to the group", labels=["stream", "group"]
        )
        idle = GaugeMetricFamily(
            "attrgen_consumer_idle_seconds",
            "Time since the consumer was last delivered something (Redis 7.0; 7.2+: last read)",
            labels=["stream", "group", "consumer"],
        )
        for stream in self.snapshot:
            length.add_metric([stream.name], stream.length)
            for group in stream.groups:
                labels = [stream.name, group.name]
                if group.lag is not None:
                    lag.add_metric(labels, group.lag)
                pending.add_metric(labels, group.pending)
                oldest.add_metric(labels, group.oldest_pending_s)
                consumers.add_metric(labels, len(group.consumers))
                for consumer in group.consumers:
                    idle.add_metric([*labels, consumer.name], consumer.idle_s)
        yield from (length, lag, pending, oldest, consumers, idle)
        if self.memory is not None:
            yield GaugeMetricFamily(
                "attrgen_redis_memory_used_bytes", "Redis used_memory", value=self.memory.used_bytes
            )
            yield GaugeMetricFamily(
                "attrgen_redis_memory_max_bytes",
                "Redis maxmemory (0: no limit set)",
                value=self.memory.max_bytes,
            )
