"""The local stack's generator replicas, and compose's room to scale them."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from attrgen.local.ports import free_port
from attrgen.local.stack import process_names, start_services, stop_processes, wait_gateway
from shared.messages import RawProduct
from shared.names import GENERATOR_GROUP, REQUESTS
from shared.submission import submit
from tests.fixtures.streams import wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_generator_replicas_are_named_apart() -> None:
    """Three generators: generator, generator-2, generator-3, then the other services."""
    assert process_names(3) == [
        "generator",
        "generator-2",
        "generator-3",
        "validator",
        "store",
        "gateway",
    ]


async def test_two_generators_join_one_group_as_distinct_consumers(
    redis: Redis, redis_url: str, mongo_uri: str, tmp_path: Path
) -> None:
    """start_services(generators=2): two processes, two consumers of attrgen.generator."""
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "ATTRGEN_MONGO_DB": f"attrgen_stack_{uuid.uuid4().hex[:8]}",
        "ATTRGEN_GATEWAY_PORT": str(port),
        "ATTRGEN_STREAM_BLOCK_MS": "100",
    }
    processes = start_services(env, tmp_path, generators=2)
    try:
        wait_gateway(f"http://127.0.0.1:{port}", {n: p.pid for n, p in processes.items()}, "")
        pids = {str(processes[name].pid) for name in ("generator", "generator-2")}

        # Redis names a consumer once it is served; blocked readers are served in turn.
        # Products keep coming while we wait: a generator still starting (a loaded
        # machine) has missed the first ones, and would never be named without more.
        submitted = 0

        async def consumers() -> set[str] | None:
            nonlocal submitted
            product = RawProduct(product_id=f"SCALE-{submitted}", title="Silk Saree")
            await submit(redis, [product])
            submitted += 1
            infos = await redis.xinfo_consumers(REQUESTS, GENERATOR_GROUP)
            found = {c["name"].rsplit("-", 1)[-1] for c in infos} & pids
            return found if found == pids else None

        assert await wait_until(consumers, timeout_s=30) == pids
    finally:
        stop_processes(list(processes.values()))


def test_compose_lets_the_generator_scale() -> None:
    """No fixed container name or host port on the generator: --scale can run N."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    generator = compose["services"]["generator"]
    assert "container_name" not in generator
    assert "ports" not in generator


@pytest.mark.parametrize("n", [1, 2])
def test_one_gateway_validator_and_store_whatever_the_generators(n: int) -> None:
    """Only the generator is replicated."""
    names = process_names(n)
    assert [x for x in names if not x.startswith("generator")] == ["validator", "store", "gateway"]
