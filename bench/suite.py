"""Every figure ``attrgen bench`` prints, measured in one run on local servers.

Each measurement is a function of the bench modules (ceiling, engine, hops, store) or
runs the real services as processes (``attrgen.local.stack``), one configuration at a
time on an emptied Redis, so no figure is measured while another run still drains.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from attrgen.local.ports import free_port
from attrgen.local.stack import start_service, start_services, stop_processes, wait_gateway
from bench import ceiling, cpu, hops
from bench import store as store_bench
from bench.engine import engine_rates, unique_texts
from bench.pipeline import synthetic_products
from bench.servers import Servers
from shared.catalog.loader import load_config
from shared.messages import RawProduct
from shared.mongo import connect_mongo
from shared.names import (
    GENERATED,
    GENERATOR_GROUP,
    QUARANTINE,
    QUARANTINE_STORE_GROUP,
    REQUEST_STATUS,
    REQUESTS,
    STORE_GROUP,
    VALIDATED,
    VALIDATOR_GROUP,
)
from shared.redis_client import connect_redis
from shared.submission import submit

SUBMIT_BATCH = 500
Progress = Callable[[str], None]


@dataclass
class Options:
    products: int = 20_000
    rate: int = 500  # products/s, paced run
    seconds: float = 20.0  # length of each paced run
    # A second paced run at this share of the whole pipeline's measured rate (0: none):
    # latency where the pipeline keeps up, not a queue's growth.
    sustained_share: float = 0.5
    slice: int = 2_000  # store figure
    store_products: int | None = None  # default: products
    hop_messages: int = 3_000
    generators: tuple[int, ...] = (1, 2)  # the to-validated run, once per count
    engine_products: int = 2_000
    timeout_s: float = 900.0


@dataclass
class Results:
    options: dict[str, Any]
    redis_ceiling: dict[str, float] = field(default_factory=dict)
    engine: dict[str, float] = field(default_factory=dict)
    hops: dict[str, Any] = field(default_factory=dict)
    to_validated: list[dict[str, Any]] = field(default_factory=list)
    to_mongo: dict[str, float] = field(default_factory=dict)
    # Per process of the to-MongoDB run: CPU ms per product and cores used (bench.cpu).
    to_mongo_cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    commands: dict[str, Any] = field(default_factory=dict)
    latency: dict[str, float] = field(default_factory=dict)
    latency_sustained: dict[str, float] = field(default_factory=dict)
    store: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(servers: Servers, options: Options, progress: Progress) -> Results:
    """Measure everything, in an order where each run starts from empty queues."""
    results = Results(options={k: v for k, v in asdict(options).items() if k != "timeout_s"})
    progress("Redis ceiling")
    ceil = asyncio.run(ceiling.measure(servers.redis_url))
    results.redis_ceiling = {
        "cycles_per_s": ceil.cycles_per_s,
        "redis_cpu_us_per_cycle": ceil.redis_cpu_us_per_cycle,
        "redis_bound_cycles_per_s": ceil.redis_bound_cycles_per_s,
    }
    top = ceil.redis_bound_cycles_per_s
    progress("engine")
    results.engine = _engine(options.engine_products)
    results.engine["ratio_to_ceiling"] = results.engine["products_per_s"] / top
    progress("per-hop CPU, runtime against hand-written")
    figures = asyncio.run(hops.compare(servers.redis_url, options.hop_messages))
    hand, runtime = figures["hand"], figures["runtime"]
    results.hops = {
        "hand_us": hand.per_hop_us,
        "runtime_us": runtime.per_hop_us,
        "ratio": runtime.mean_us / hand.mean_us,
    }
    # First on the stand-in, before the pipeline runs fill its memory.
    progress("store cost per slice")
    stored = asyncio.run(
        store_bench.measure(
            servers.redis_url,
            servers.mongo_uri,
            options.store_products or options.products,
            options.slice,
        )
    )
    results.store = {
        "slice": stored.slice_size,
        "ms_per_product": stored.ms_per_product,
        "last_over_first": stored.last_over_first,
    }
    for generators in options.generators:
        progress(f"pipeline to {VALIDATED}, {generators} generator(s)")
        row = _to_validated(servers, options, generators)
        row["ratio_to_ceiling"] = row["products_per_s"] / top
        results.to_validated.append(row)
    progress(f"whole pipeline to MongoDB, {options.products} products, then paced latency")
    _to_mongo(servers, options, progress, results)
    results.to_mongo["ratio_to_ceiling"] = results.to_mongo["products_per_s"] / top
    return results


def _engine(n: int) -> dict[str, float]:
    """Generate and validate in this process, one core, on fresh catalogs, every title
    and description new (bench.engine's "unique texts"); and the synthetic catalog as
    it is, where colour variants share their texts as real variants do."""
    config = load_config(None)
    products = [RawProduct.model_validate(p) for p in synthetic_products(n)]
    unique, _ = engine_rates(config, unique_texts(products), rounds=3)
    variants, _ = engine_rates(config, products, rounds=3)
    return {
        "products_per_s": unique.combined,
        "generate_per_s": unique.generate,
        "validate_per_s": unique.validate,
        "ms_per_product": 1e3 / unique.combined,
        "shared_texts_per_s": variants.combined,
    }


def _env(servers: Servers, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "REDIS_URL": servers.redis_url,
        "MONGO_URI": servers.mongo_uri,
        "ATTRGEN_MONGO_DB": f"attrgen_bench_{uuid.uuid4().hex[:6]}",
        "ATTRGEN_LOG_LEVEL": "WARNING",
        **extra,
    }


def _flush(redis_url: str) -> None:
    async def flush() -> None:
        redis = connect_redis(redis_url)
        try:
            await redis.flushdb()
        finally:
            await redis.aclose()

    asyncio.run(flush())


def _pids(servers: Servers, started: dict[str, subprocess.Popen[bytes]]) -> dict[str, int]:
    """Every local process a run's CPU is counted for: the servers and the services."""
    return {**servers.pids, **{name: p.pid for name, p in started.items()}}


@contextmanager
def _processes(started: dict[str, subprocess.Popen[bytes]]) -> Iterator[None]:
    try:
        yield
    finally:
        stop_processes(list(started.values()))


def _to_validated(servers: Servers, options: Options, generators: int) -> dict[str, Any]:
    """Requests published straight to Redis, timed until all are validated or
    quarantined; no store runs, so nothing else competes for the CPU."""
    _flush(servers.redis_url)
    env = _env(servers)
    logs = servers.tmp / f"to-validated-{generators}"
    logs.mkdir(exist_ok=True)
    names = ["validator", "generator", *(f"generator-{i}" for i in range(2, generators + 1))]
    started = {name: start_service(name, env, logs / f"{name}.log") for name in names}
    pids = _pids(servers, started)
    with _processes(started):
        products = [RawProduct.model_validate(p) for p in synthetic_products(options.products)]
        elapsed, used = asyncio.run(
            _publish_and_wait(servers.redis_url, products, pids, options.timeout_s)
        )
    return {"generators": generators, "products_per_s": options.products / elapsed, "cpu": used}


async def _publish_and_wait(
    redis_url: str, products: list[RawProduct], pids: dict[str, int], timeout_s: float
) -> tuple[float, dict[str, dict[str, float]]]:
    """Seconds until every product is validated or quarantined, and each process's CPU."""
    redis = connect_redis(redis_url)
    try:
        # The groups exist once the workers are up; wait for them so nothing published
        # before a group is created is missed (groups start at the stream's beginning),
        # and so CPU counts from here leave out the workers' start-up.
        await _until(lambda: _groups_ready(redis, (REQUESTS, GENERATED)), timeout_s=60)
        before = cpu.snapshot(pids)
        began = time.perf_counter()
        for i in range(0, len(products), SUBMIT_BATCH):
            await submit(redis, products[i : i + SUBMIT_BATCH])

        async def finished() -> bool:
            done = await redis.xlen(VALIDATED) + await redis.xlen(QUARANTINE)
            return bool(done >= len(products))

        await _until(finished, timeout_s=timeout_s, every_s=0.05)
        elapsed = time.perf_counter() - began
        return elapsed, cpu.spent(before, cpu.snapshot(pids), len(products), elapsed)
    finally:
        await redis.aclose()


async def _groups_ready(redis: Redis, streams: tuple[str, ...]) -> bool:
    """Each stream has a consumer group: the workers reading it are up."""
    for stream in streams:
        try:
            if not await redis.xinfo_groups(stream):
                return False
        except ResponseError:  # the stream does not exist yet
            return False
    return True


async def _workers_ready(redis_url: str) -> None:
    redis = connect_redis(redis_url)
    try:
        streams = tuple(stream for stream, _ in _GROUPS)
        await _until(lambda: _groups_ready(redis, streams), timeout_s=60)
    finally:
        await redis.aclose()


async def _until(check: Callable[[], Any], *, timeout_s: float, every_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not finished within {timeout_s:.0f}s")
        await asyncio.sleep(every_s)


def _to_mongo(servers: Servers, options: Options, progress: Progress, results: Results) -> None:
    """The four services: throughput of N products, Redis commands per product, then
    latency at a paced rate on the same (drained) pipeline, and at a share of the
    throughput just measured."""
    _flush(servers.redis_url)
    gateway_port = free_port()
    env = _env(
        servers,
        ATTRGEN_GATEWAY_PORT=str(gateway_port),
        # A benchmark's burst is not a flood to refuse: every product must be taken.
        ATTRGEN_GATEWAY_MAX_LAG=str(max(20_000, options.products * 2)),
    )
    logs = servers.tmp / "to-mongo"
    logs.mkdir(exist_ok=True)
    started = start_services(env, logs)
    url = f"http://127.0.0.1:{gateway_port}"
    with _processes(started):
        wait_gateway(url, {n: p.pid for n, p in started.items()}, str(logs))
        db = env["ATTRGEN_MONGO_DB"]
        before = _commandstats(servers.redis_url, reset=True)
        products = synthetic_products(options.products)
        pids = _pids(servers, started)
        # The gateway answers before the workers are up: leave their start-up out.
        asyncio.run(_workers_ready(servers.redis_url))
        cpu_before = cpu.snapshot(pids)
        began = time.perf_counter()
        with httpx.Client(base_url=url, timeout=120) as client:
            for i in range(0, len(products), SUBMIT_BATCH):
                chunk = products[i : i + SUBMIT_BATCH]
                client.post("/v1/products:batch", json={"products": chunk}).raise_for_status()
        submitted = time.perf_counter() - began
        asyncio.run(
            wait_statuses(
                servers.redis_url, servers.mongo_uri, db, len(products), options.timeout_s
            )
        )
        elapsed = time.perf_counter() - began
        results.to_mongo_cpu = cpu.spent(cpu_before, cpu.snapshot(pids), len(products), elapsed)
        results.commands = _commands_per_product(
            before, _commandstats(servers.redis_url), len(products)
        )
        results.to_mongo = {
            "products": float(len(products)),
            "products_per_s": len(products) / elapsed,
            "submit_per_s": len(products) / submitted,
        }

        def paced(rate: int, done_before: int) -> dict[str, float]:
            return _paced(
                url,
                servers,
                db,
                rate=rate,
                seconds=options.seconds,
                done_before=done_before,
                timeout_s=options.timeout_s,
            )

        progress(f"paced: {options.rate}/s for {options.seconds:.0f} s")
        results.latency = paced(options.rate, len(products))
        if options.sustained_share > 0:
            rate = max(1, round(results.to_mongo["products_per_s"] * options.sustained_share))
            progress(f"paced: {rate}/s (a share of the pipeline's) for {options.seconds:.0f} s")
            results.latency_sustained = paced(
                rate, len(products) + int(results.latency["submitted"])
            )
        # Leave the stand-in as it was: its memory (and garbage collector) would weigh
        # on the measurements after this one.
        asyncio.run(_drop(servers.mongo_uri, db))


def _commandstats(redis_url: str, *, reset: bool = False) -> dict[str, int]:
    async def read() -> dict[str, int]:
        redis = connect_redis(redis_url)
        try:
            if reset:
                await redis.config_resetstat()
                return {}
            info: dict[str, Any] = await redis.info("commandstats")
            return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in info.items()}
        finally:
            await redis.aclose()

    return asyncio.run(read())


def _commands_per_product(before: dict[str, int], after: dict[str, int], n: int) -> dict[str, Any]:
    """Calls per product by command, as INFO commandstats counts them: the commands a
    Lua script runs are counted too, besides the EVALSHA that ran it."""
    calls = {name: after[name] - before.get(name, 0) for name in after}
    per_product = {name: count / n for name, count in sorted(calls.items()) if count}
    total = sum(per_product.values())
    return {
        "per_product": total,
        # The EVALSHA is the client's one command for the submission's inner ones.
        "sent_by_clients_per_product": total - _script_inner(per_product),
        "by_command": per_product,
    }


def _script_inner(per_product: dict[str, float]) -> float:
    # The submission script runs SET (content key), XADD and SET (status) once per new
    # product.
    return per_product.get("evalsha", 0.0) * 3


# Upstream first: a stream found drained after the one feeding it was, holds all of it.
_GROUPS = (
    (REQUESTS, GENERATOR_GROUP),
    (GENERATED, VALIDATOR_GROUP),
    (VALIDATED, STORE_GROUP),
    (QUARANTINE, QUARANTINE_STORE_GROUP),
)


async def _drained(redis: Redis) -> bool:
    """Every group has read and acked all of its stream (asked of Redis, not MongoDB)."""
    for stream, group in _GROUPS:
        try:
            groups = await redis.xinfo_groups(stream)
        except ResponseError:  # no such stream (nothing quarantined yet): nothing to do
            continue
        found = [g for g in groups if g["name"] == group]
        if not found or found[0]["lag"] != 0 or found[0]["pending"] != 0:
            return False
    return True


async def wait_statuses(redis_url: str, mongo_uri: str, db: str, n: int, timeout_s: float) -> None:
    """Until ``n`` request statuses are in MongoDB. Counting is a scan on the stand-in,
    which would compete with the store for it: MongoDB is asked only once Redis says
    every group is drained."""
    client = connect_mongo(mongo_uri)
    redis = connect_redis(redis_url)
    try:

        async def finished() -> bool:
            if not await _drained(redis):
                return False
            return bool(await client[db][REQUEST_STATUS].count_documents({}) >= n)

        await _until(finished, timeout_s=timeout_s, every_s=0.1)
    finally:
        await redis.aclose()
        await client.close()


def _paced(
    url: str,
    servers: Servers,
    db: str,
    *,
    rate: int,
    seconds: float,
    done_before: int,
    timeout_s: float,
) -> dict[str, float]:
    """Submit ``rate`` products/s for ``seconds`` in 20 ms ticks; submit -> stored (or
    quarantined) latency percentiles from the stored request status."""
    tick_s = 0.02
    ticks = max(1, round(seconds / tick_s))
    products = synthetic_products(max(1, round(rate * seconds)))
    run = products[0]["product_id"].rsplit("-", 1)[0]
    began = time.perf_counter()
    behind = 0.0
    with httpx.Client(base_url=url, timeout=30) as client:
        for tick in range(ticks):
            # Spread evenly: 125/s is 2 or 3 a tick, not a rounded 2 (100/s) every tick.
            chunk = products[len(products) * tick // ticks : len(products) * (tick + 1) // ticks]
            if chunk:
                client.post("/v1/products:batch", json={"products": chunk}).raise_for_status()
            wait = began + (tick + 1) * tick_s - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            else:
                behind = max(behind, -wait)
    offered = len(products) / (time.perf_counter() - began)
    statuses = asyncio.run(
        _paced_statuses(servers, db, run, done_before + len(products), timeout_s)
    )
    lat = sorted(_latencies_ms(statuses))
    return {
        "rate": float(rate),
        "submitted": float(len(products)),
        "offered_per_s": offered,
        "submitter_behind_ms": behind * 1e3,
        "products": float(len(lat)),
        "p50_ms": _percentile(lat, 50),
        "p95_ms": _percentile(lat, 95),
        "p99_ms": _percentile(lat, 99),
        "max_ms": lat[-1] if lat else 0.0,
    }


async def _paced_statuses(
    servers: Servers, db: str, run: str, total: int, timeout_s: float
) -> list[dict[str, Any]]:
    await wait_statuses(servers.redis_url, servers.mongo_uri, db, total, timeout_s)
    client = connect_mongo(servers.mongo_uri)
    try:
        cursor = client[db][REQUEST_STATUS].find({"product_id": {"$regex": f"^{run}-"}})
        return await cursor.to_list()
    finally:
        await client.close()


async def _drop(mongo_uri: str, db: str) -> None:
    client = connect_mongo(mongo_uri)
    try:
        await client.drop_database(db)
    finally:
        await client.close()


def _latencies_ms(statuses: list[dict[str, Any]]) -> list[float]:
    out = []
    for status in statuses:
        stages = status.get("stages", {})
        end = stages.get("stored") or stages.get("quarantined")
        if end is not None and "accepted" in stages:
            out.append((end - stages["accepted"]).total_seconds() * 1e3)
    return out


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values)) - 1))
    return values[index]
