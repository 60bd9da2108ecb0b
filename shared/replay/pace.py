"""How fast a replay publishes: N per second across every replaying caller, and never
while the pipeline is overloaded, so a big replay does not starve live traffic."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from shared.backpressure import PressureGauge
from shared.errors import OverloadedError
from shared.names import replay_pace_key

# 50/s is a few percent of what the generator does on one core (~1,000/s), so live
# traffic keeps the pipeline; a 10,000-record replay takes under 4 minutes.
DEFAULT_RATE = 50.0


async def take_slot(redis: Redis, rate: float) -> None:
    """Wait for one of the ``rate`` publications allowed per one-second window.

    The window is a Redis counter, so two operators replaying at once share it.
    """
    per_window = max(1, int(rate))
    while True:
        now = time.time()
        window = int(now)
        key = replay_pace_key(window)
        async with redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 5)
            count, _ = await pipe.execute()
        if int(count) <= per_window:
            return
        await asyncio.sleep(window + 1 - now)


async def wait_for_room(redis: Redis, gauge: PressureGauge, max_wait_s: float = 300) -> None:
    """Return once the backpressure gauge accepts one more request (or raise after
    ``max_wait_s``: the caller's replay stops there, what it published stays)."""
    deadline = time.monotonic() + max_wait_s
    while True:
        try:
            await gauge.check(redis)
        except OverloadedError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(max(gauge.refresh_s, 0.25))
        else:
            return
