"""A flood from two clients is met with 429s, and Redis stays bounded."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from attrgen.local.ports import free_port
from attrgen.local.redis_server import start_redis
from attrgen.local.stack import start_services, stop_processes, wait_gateway
from bench.flood import flood
from shared.backpressure import PressureGauge
from shared.names import GENERATOR_GROUP, REQUESTS
from tests.fixtures.figures import report

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(300)]

MAX_LAG = 2_000
MAXMEMORY_MB = 256


@pytest.fixture
def stack(mongo_uri: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    port = free_port()
    redis = start_redis(
        port, tmp_path / "redis", tmp_path / "redis.log", durable=True, maxmemory_mb=MAXMEMORY_MB
    )
    redis_url = f"redis://127.0.0.1:{port}/0"
    gateway_port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "ATTRGEN_MONGO_DB": f"attrgen_flood_{uuid.uuid4().hex[:8]}",
        "ATTRGEN_GATEWAY_PORT": str(gateway_port),
        "ATTRGEN_GATEWAY_MAX_LAG": str(MAX_LAG),
        "ATTRGEN_LOG_LEVEL": "WARNING",
    }
    services = start_services(env, tmp_path)
    url = f"http://127.0.0.1:{gateway_port}"
    try:
        wait_gateway(url, {n: p.pid for n, p in services.items()}, str(tmp_path))
        yield url, redis_url
    finally:
        stop_processes([*services.values(), redis])


def test_flood_gets_429s_and_redis_stays_bounded(
    stack: tuple[str, str], request: pytest.FixtureRequest
) -> None:
    """Two clients flooding for 15 s: refused with 429 + Retry-After, lag and memory capped."""
    url, redis_url = stack
    result = flood(url, redis_url, seconds=15, clients=2, batch=200)
    assert result.statuses[429] > 0, result.statuses
    assert set(result.statuses) <= {202, 429}, result.statuses
    assert result.transport_errors == 0
    assert result.accepted > MAX_LAG
    # The gauge is read every 250 ms, so a limit can be overshot by what two clients
    # get accepted in that time; never by the flood itself.
    with Redis.from_url(redis_url, decode_responses=True) as redis:
        groups = {g["name"]: g for g in redis.xinfo_groups(REQUESTS)}
        lag = int(groups[GENERATOR_GROUP]["lag"])
    overshoot = 2 * 200 * 10
    assert lag <= MAX_LAG + overshoot
    # Redis never fills: the gateway refuses writes above 80% of maxmemory. Past half of
    # it (retention_memory_share) processed entries lose their 300 s of retention at the
    # next trim, every 5 s, so the peak may pass half by a few seconds of intake; then
    # memory comes back under half.
    assert result.max_memory_mb < MAXMEMORY_MB * 0.8, result.memory_mb
    with Redis.from_url(redis_url) as redis:
        settled_mb = _used_mb_within(redis, below_mb=MAXMEMORY_MB * 0.5, timeout_s=30)
    assert settled_mb < MAXMEMORY_MB * 0.5, (settled_mb, result.memory_mb)
    report(
        request.config,
        {
            "flood_seconds": 15,
            "accepted": result.accepted,
            "responses": dict(result.statuses),
            "lag_at_end": lag,
            "redis_max_mb": round(result.max_memory_mb, 1),
            "redis_settled_mb": round(settled_mb, 1),
            "gauge_refresh_s": PressureGauge(max_lag=1).refresh_s,
        },
    )


def _used_mb_within(redis: Redis, *, below_mb: float, timeout_s: float) -> float:
    """Redis's used memory once it is under ``below_mb``, or when ``timeout_s`` is up."""
    deadline = time.monotonic() + timeout_s
    while True:
        used_mb = int(redis.info("memory")["used_memory"]) / 2**20
        if used_mb < below_mb or time.monotonic() > deadline:
            return used_mb
        time.sleep(0.5)
