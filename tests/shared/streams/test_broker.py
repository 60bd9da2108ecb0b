"""The broker's view: what waits in each stream and group, read from Redis."""

from __future__ import annotations

import asyncio

from prometheus_client import CollectorRegistry, generate_latest
from redis.asyncio import Redis

from shared.streams.broker import BrokerCollector, read_broker


async def test_pending_entries_of_a_silent_consumer_are_seen(redis: Redis) -> None:
    """A consumer that took two entries and went quiet: pending 2, its idle time grows."""
    for i in range(5):
        await redis.xadd("s", {"n": str(i)})
    await redis.xgroup_create("s", "g", id="0")
    await redis.xreadgroup("g", "dead-1", {"s": ">"}, count=2)
    await asyncio.sleep(0.05)
    (stream, missing) = await read_broker(redis, ["s", "absent"])
    assert (stream.length, missing.length, missing.groups) == (5, 0, [])
    (group,) = stream.groups
    assert (group.lag, group.pending) == (3, 2)
    assert group.oldest_pending_s >= 0.05
    (consumer,) = group.consumers
    assert (consumer.name, consumer.pending) == ("dead-1", 2)
    assert consumer.idle_s >= 0.05


async def test_collector_exports_the_snapshot(redis: Redis) -> None:
    """The snapshot becomes Prometheus gauges labelled by stream, group and consumer."""
    await redis.xadd("s", {"n": "1"})
    await redis.xgroup_create("s", "g", id="0")
    collector = BrokerCollector()
    collector.snapshot = await read_broker(redis, ["s"])
    registry = CollectorRegistry()
    registry.register(collector)
    text = generate_latest(registry).decode()
    assert 'attrgen_stream_length{stream="s"} 1.0' in text
    assert 'attrgen_group_lag{group="g",stream="s"} 1.0' in text
    assert 'attrgen_group_pending{group="g",stream="s"} 0.0' in text
