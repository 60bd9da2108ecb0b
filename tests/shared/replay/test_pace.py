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
    """Two replays at 5/s each get 12 slots at 5 per second between them, not 10/s."""
    stamps: list[float] = []

    async def caller() -> None:
        for _ in range(6):
            await take_slot(redis, 5)
            stamps.append(time.time())

    await asyncio.gather(caller(), caller())
    per_second: dict[int, int] = {}
    for stamp in stamps:
        per_second[int(stamp)] = per_second.get(int(stamp), 0) + 1
    assert max(per_second.values()) <= 5
    assert max(stamps) - min(stamps) >= 1


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
    assert time.monotonic() - started >= 0.3
