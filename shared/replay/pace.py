"""How fast a replay publishes: N per second across every replaying caller, and never
while the pipeline is overloaded, so a big replay does not starve live traffic."""

from __future__ import annotations

import asyncio
import time
import uuid

from redis.asyncio import Redis

from shared.backpressure import PressureGauge
from shared.errors import OverloadedError
from shared.names import REPLAY_PACE

# 50/s is a few percent of what the generator does on one core (~1,000/s), so live
# traffic keeps the pipeline; a 10,000-record replay takes under 4 minutes.
DEFAULT_RATE = 50.0


# A sliding one-second log in a sorted set, on Redis's clock, in one script: any
# second-long span holds at most ``limit`` publications, however many callers race.
# Returns 0 when a slot was taken, else the milliseconds until one frees.
_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
"""
WINDOW_MS = 1_000


async def take_slot(redis: Redis, rate: float) -> None:
    """Wait for one of the ``rate`` publications allowed in any one second (shared by
    every replaying caller: two operators at 50/s publish 50/s between them)."""
    script = redis.register_script(_SLOT)
    limit = max(1, int(rate))
    while True:
        wait_ms = int(await script(keys=[REPLAY_PACE], args=[WINDOW_MS, limit, uuid.uuid4().hex]))
        if wait_ms == 0:
            return
        await asyncio.sleep(wait_ms / 1000)


# Under a client's request timeout (the CLI's is 60 s): past it the route answers 429
# and the client retries the same chunk.
MAX_WAIT_S = 20.0


async def wait_for_room(redis: Redis, gauge: PressureGauge, max_wait_s: float = MAX_WAIT_S) -> None:
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
