"""Is the pipeline too far behind to accept more? One signal for every producer.

The gateway answers 429 while it says so; backfills and replays wait on it. Read from
Redis (one pipelined XINFO GROUPS + INFO memory) and kept for ``refresh_s``, so a
flood of submissions costs one reading per interval, not one per request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.errors import OverloadedError
from shared.names import GENERATOR_GROUP, REQUESTS


@dataclass(frozen=True)
class Pressure:
    lag: int  # requests not yet read by the generator group
    used_memory: int
    memory_limit: int | None  # bytes; None: no limit known

    @property
    def memory_share(self) -> float | None:
        return self.used_memory / self.memory_limit if self.memory_limit else None


async def read_pressure(
    redis: Redis, *, memory_limit: int | None = None, memory_share: float = 0.8
) -> Pressure:
    """Lag of the generator group and Redis memory against its limit.

    ``memory_limit`` (bytes) overrides the limit; else it is ``memory_share`` of
    Redis's own ``maxmemory`` when that is set.
    """
    async with redis.pipeline(transaction=False) as pipe:
        pipe.xinfo_groups(REQUESTS)
        pipe.xlen(REQUESTS)
        pipe.info("memory")
        groups, length, memory = await pipe.execute(raise_on_error=False)
    info: dict[str, Any] = memory if isinstance(memory, dict) else {}
    if isinstance(memory, Exception):
        raise memory
    lag = _lag(groups, length if isinstance(length, int) else 0)
    maxmemory = int(info.get("maxmemory", 0))
    limit = memory_limit or (int(maxmemory * memory_share) if maxmemory else None)
    return Pressure(lag=lag, used_memory=int(info.get("used_memory", 0)), memory_limit=limit)


def _lag(groups: Any, length: int) -> int:
    if isinstance(groups, ResponseError):  # no stream yet: nothing waiting
        return 0
    if isinstance(groups, Exception):
        raise groups
    for group in groups:
        if group["name"] == GENERATOR_GROUP:
            # Redis gives no lag when it cannot count it (entries deleted inside the
            # unread range): the stream's length is an upper bound.
            lag = group.get("lag")
            return int(lag) if lag is not None else length
    return length  # no generator has started yet: everything is waiting


class PressureGauge:
    """Raises ``OverloadedError`` while lag or memory is past its limit (cached reading)."""

    def __init__(
        self,
        *,
        max_lag: int,
        memory_limit: int | None = None,
        memory_share: float = 0.8,
        refresh_s: float = 0.25,
        retry_after_s: int = 2,
    ) -> None:
        self.max_lag = max_lag
        self.memory_limit = memory_limit
        self.memory_share = memory_share
        self.refresh_s = refresh_s
        self.retry_after_s = retry_after_s
        self._reading: Pressure | None = None
        self._read_at = 0.0

    async def reading(self, redis: Redis) -> Pressure:
        now = time.monotonic()
        if self._reading is None or now - self._read_at >= self.refresh_s:
            self._reading = await read_pressure(
                redis, memory_limit=self.memory_limit, memory_share=self.memory_share
            )
            self._read_at = now
        return self._reading

    async def check(self, redis: Redis, incoming: int = 1) -> None:
        """Refuse ``incoming`` more requests while the pipeline is past a limit."""
        pressure = await self.reading(redis)
        if pressure.lag + incoming > self.max_lag and pressure.lag > 0:
            raise OverloadedError(
                "lag",
                f"{pressure.lag} requests are waiting for the generator (limit "
                f"{self.max_lag}); retry later",
                self.retry_after_s,
            )
        if pressure.memory_limit and pressure.used_memory > pressure.memory_limit:
            raise OverloadedError(
                "redis_memory",
                f"Redis uses {pressure.used_memory >> 20} MB of its "
                f"{pressure.memory_limit >> 20} MB limit; retry later",
                self.retry_after_s,
            )


# KEYS: the client's counter for this second; ARGV: products, limit. Counts only what it
# admits, so a refused batch does not eat the next one's share.
_CHARGE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) and used > 0 then
  return -1
end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], 2)
return used + tonumber(ARGV[1])
"""


async def charge_client(redis: Redis, client: str, products: int, per_second: int) -> None:
    """Admit ``products`` for ``client`` within ``per_second``, else ``OverloadedError``.

    A fixed one-second window shared by every gateway replica (the counter is in
    Redis). A first batch in a window is always admitted, however large.
    """
    script = redis.register_script(_CHARGE)
    key = f"attrgen:rate:{client}:{int(time.time())}"
    if int(await script(keys=[key], args=[products, per_second])) < 0:
        raise OverloadedError(
            "client_rate",
            f"this API key may submit {per_second} products per second; retry later",
            1,
        )
