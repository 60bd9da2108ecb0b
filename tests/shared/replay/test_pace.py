"""Replay pacing against a real Redis: the shared rate window and the backpressure wait."""

from __future__ import annotations

import asyncio
import time

import pytest
from redis.asyncio import Redis

from shared.backpressure import PressureGauge
from shared.errors import OverloadedError
from shared.names import GENERATOR_GROUP, REQUESTS
from shared.replay.pace import take_slot, wait_for_room


async def test_two_callers_share_one_rate_window(redis: Redis) -> None:
    """Two replays at 5/s each share 5 per second: any 6 of their 12 slots span 1 s."""
    stamps: list[float] = []

    async def caller() -> None:
        for _ in range(6):
            await take_slot(redis, 5)
            stamps.append(time.time())

    await asyncio.gather(caller(), caller())
    stamps.sort()
    assert min(later - first for first, later in zip(stamps, stamps[5:], strict=False)) >= 1 - 0.05
    assert stamps[-1] - stamps[0] >= 1 - 0.05


async def test_replay_waits_while_the_pipeline_is_behind(redis: Redis) -> None:
    """Past max_lag the wait holds (and gives up after max_wait_s with OverloadedError);
    once the generator group catches up it returns."""
    await redis.xgroup_create(REQUESTS, GENERATOR_GROUP, id="0", mkstream=True)
    for n in range(3):
        await redis.xadd(REQUESTS, {"data": str(n)})
    gauge = PressureGauge(max_lag=2, refresh_s=0.01)
    with pytest.raises(OverloadedError):
        await wait_for_room(redis, gauge, max_wait_s=0.3)

    async def catch_up() -> None:
        await asyncio.sleep(0.3)
        await redis.xreadgroup(GENERATOR_GROUP, "g", {REQUESTS: ">"}, count=10)

    started = time.monotonic()
    await asyncio.gather(wait_for_room(redis, gauge, max_wait_s=5), catch_up())
    waited = time.monotonic() - started
    await redis.delete(REQUESTS)  # the pipeline tests share this Redis without flushing
    assert waited >= 0.3
