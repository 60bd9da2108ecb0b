"""This Redis's ceiling for the pipeline's pattern: publish, read as a group, ack.

    .venv/bin/python -m bench.ceiling [--seconds 3] [--batch 256]

One cycle is what every hop does per message at least: an XADD, its delivery by
XREADGROUP, its XACK, pipelined in batches so round trips are not what is measured.
Also reported: Redis's own CPU per cycle (INFO cpu), so the ceiling Redis alone would
allow (cycles per Redis CPU second) can be told from the Python client's limit.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from bench.servers import local_servers
from shared.redis_client import connect_redis

STREAM, GROUP = "bench.ceiling", "bench.ceiling.group"
# About the size of a generation request on the stream (bench.hops messages).
PAYLOAD = "x" * 1500


@dataclass(frozen=True)
class CeilingFigures:
    cycles_per_s: float  # what one client achieved, client CPU included
    redis_cpu_us_per_cycle: float

    @property
    def redis_bound_cycles_per_s(self) -> float:
        """Cycles per second if Redis's CPU were the only limit (one core)."""
        return 1e6 / self.redis_cpu_us_per_cycle


async def _redis_cpu_s(redis: Redis) -> float:
    info: dict[str, Any] = await redis.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


async def measure(redis_url: str, seconds: float = 3.0, batch: int = 256) -> CeilingFigures:
    redis = connect_redis(redis_url)
    try:
        await redis.delete(STREAM)
        await redis.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        cycles = 0
        cpu_before = await _redis_cpu_s(redis)
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            async with redis.pipeline(transaction=False) as pipe:
                for _ in range(batch):
                    pipe.xadd(STREAM, {"data": PAYLOAD})
                pipe.xreadgroup(GROUP, "c", {STREAM: ">"}, count=batch)
                replies: list[Any] = await pipe.execute()
            ids = [entry_id for entry_id, _ in replies[-1][0][1]]
            await redis.xack(STREAM, GROUP, *ids)
            # Keep the stream short, as trimming workers do: memory is not the question.
            await redis.xtrim(STREAM, maxlen=batch * 4, approximate=True)
            cycles += len(ids)
        elapsed = time.perf_counter() - started
        redis_cpu = await _redis_cpu_s(redis) - cpu_before
        await redis.delete(STREAM)
        return CeilingFigures(cycles / elapsed, redis_cpu / cycles * 1e6)
    finally:
        await redis.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    with local_servers(mongo=False) as servers:
        figures = asyncio.run(measure(servers.redis_url, args.seconds, args.batch))
    print(f"publish-read-ack cycles/s: {figures.cycles_per_s:,.0f} (one redis-py client)")
    print(
        f"Redis CPU per cycle:       {figures.redis_cpu_us_per_cycle:.1f} us "
        f"({figures.redis_bound_cycles_per_s:,.0f} cycles/s per Redis core)"
    )


if __name__ == "__main__":
    main()
