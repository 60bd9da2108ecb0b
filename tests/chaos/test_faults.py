"""Faults under a stream of 5,000 products: every accepted request ends stored or
quarantined exactly once, as a run without faults would have it.

Each scenario runs the real services against a durable Redis of its own and MongoDB
through a cuttable link, injects one fault while products flow, then checks the
outcome against the engine run in-process (what a fault-free run stores). Claim idle
times are shrunk so an outage outlasts ``max_deliveries x claim idle`` in seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import MongoClient
from redis import Redis

from attrgen.local.ports import free_port
from attrgen.local.stack import start_service, stop_processes, wait_gateway
from bench.pipeline import synthetic_products
from services.store.documents import stored_values
from shared.catalog import Catalog
from shared.messages import RawProduct
from shared.names import (
    GENERATED,
    GENERATOR_GROUP,
    PRODUCT_ATTRIBUTES,
    QUARANTINE,
    QUARANTINE_DEAD,
    QUARANTINE_RECORDS,
    READERS,
    REQUEST_STATUS,
    REQUESTS,
    STORE_GROUP,
    VALIDATED,
    VALIDATOR_GROUP,
)
from tests.fixtures.faults import CuttableLink, DurableRedis
from tests.fixtures.figures import report

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(600)]

MAX_DELIVERIES = 3
CLAIM_IDLE_MS = 1_000
RETENTION_S = 2
TRIM_INTERVAL_MS = 500
# Once done and past retention, a stream keeps at most its last delivered entries.
STREAM_BOUND = 64
SERVICES = ("generator", "validator", "store", "gateway")


@dataclass
class Run:
    """One scenario's stack and what its client saw."""

    redis: DurableRedis
    link: CuttableLink
    env: dict[str, str]
    logs: Path
    url: str
    db: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    accepted: dict[str, str] = field(default_factory=dict)  # product id -> request id
    duplicates: int = 0
    refused: dict[int, int] = field(default_factory=dict)  # status code -> count
    transport_errors: int = 0
    submitted: int = 0

    def start(self, name: str) -> None:
        self.processes[name] = start_service(name, self.env, self.logs / f"{name}.log")

    def kill(self, name: str) -> None:
        """SIGKILL: no clean-up, whatever it held stays pending."""
        process = self.processes[name]
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def servers(
    mongo_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DurableRedis, CuttableLink]]:
    redis = DurableRedis(tmp_path_factory.mktemp("chaos-redis"))
    link = CuttableLink(mongo_uri)
    try:
        yield redis, link
    finally:
        link.close()
        redis.stop()


def _products(n: int) -> list[dict[str, Any]]:
    return synthetic_products(n)


def _expected(products: list[dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """What a fault-free run stores per product: its attributes, or None (quarantined)."""
    catalog = Catalog.load()
    expected: dict[str, dict[str, Any] | None] = {}
    for body in products:
        product = RawProduct.model_validate(body)
        generation = catalog.generate(product)
        if generation.product_type is None:
            expected[product.product_id] = None
            continue
        validation = catalog.validate(
            generation.product_type, generation.attributes, generation.issues
        )
        expected[product.product_id] = (
            None if validation.errors else stored_values(validation.attributes)
        )
    return expected


def _start_run(redis: DurableRedis, link: CuttableLink, logs: Path) -> Run:
    with Redis.from_url(redis.url) as client:
        client.flushall()
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": redis.url,
        # Fail fast while MongoDB is away, so an outage of seconds means many retries.
        "MONGO_URI": f"{link.uri}{'&' if '?' in link.uri else '?'}serverSelectionTimeoutMS=500",
        "ATTRGEN_MONGO_DB": f"attrgen_chaos_{uuid.uuid4().hex[:8]}",
        "ATTRGEN_GATEWAY_PORT": str(port),
        "ATTRGEN_LOG_LEVEL": "WARNING",
        "ATTRGEN_LOG_JSON": "true",
        "ATTRGEN_STREAM_BLOCK_MS": "100",
        "ATTRGEN_STREAM_CLAIM_IDLE_MS": str(CLAIM_IDLE_MS),
        "ATTRGEN_STREAM_CLAIM_INTERVAL_MS": "300",
        "ATTRGEN_STREAM_MAX_DELIVERIES": str(MAX_DELIVERIES),
        "ATTRGEN_STREAM_RETENTION_S": str(RETENTION_S),
        "ATTRGEN_STREAM_TRIM_INTERVAL_MS": str(TRIM_INTERVAL_MS),
    }
    run = Run(redis, link, env, logs, f"http://127.0.0.1:{port}", env["ATTRGEN_MONGO_DB"])
    for name in SERVICES:
        run.start(name)
    try:
        wait_gateway(run.url, {n: p.pid for n, p in run.processes.items()}, str(logs))
    except Exception:
        stop_processes(list(run.processes.values()))
        raise
    return run


def _produce(run: Run, products: list[dict[str, Any]], chunk: int = 100) -> None:
    """Submit everything, retrying a chunk (same bodies: idempotent) until accepted."""
    with httpx.Client(base_url=run.url, timeout=10) as client:
        for start in range(0, len(products), chunk):
            body = {"products": products[start : start + chunk]}
            while True:
                try:
                    response = client.post("/v1/products:batch", json=body)
                except httpx.TransportError:
                    run.transport_errors += 1
                    time.sleep(0.5)
                    continue
                if response.status_code == 202:
                    break
                assert response.status_code in (429, 503), response.text
                assert "Retry-After" in response.headers
                run.refused[response.status_code] = run.refused.get(response.status_code, 0) + 1
                time.sleep(min(float(response.headers["Retry-After"]), 0.5))
            for item in response.json()["requests"]:
                if item["duplicate"]:
                    run.duplicates += 1
                previous = run.accepted.setdefault(item["product_id"], item["request_id"])
                assert previous == item["request_id"], "one product, two request ids"
            run.submitted = start + chunk
            time.sleep(0.05)  # a stream, not one burst: faults land mid-flow


def _pending(redis: Redis, stream: str, group: str) -> int:
    try:
        return int(redis.xpending(stream, group)["pending"])
    except Exception:  # no stream or group yet
        return 0


def _wait_for(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _kill_mid_batch(service: str, stream: str, group: str) -> Callable[[Run], None]:
    def fault(run: Run) -> None:
        with Redis.from_url(run.redis.url) as redis:
            _wait_for(lambda: _pending(redis, stream, group) > 0, 60, f"{group} holding a batch")
        run.kill(service)
        time.sleep(1.0)
        run.start(service)

    return fault


def _restart_redis(run: Run) -> None:
    run.redis.restart(down_s=2.0)


def _mongo_outage(run: Run) -> None:
    # Longer than max_deliveries x claim idle, twice over: before, that quarantined.
    run.link.cut()
    time.sleep(2 * MAX_DELIVERIES * CLAIM_IDLE_MS / 1000 + 2)
    run.link.restore()


FAULTS: dict[str, Callable[[Run], None]] = {
    "sigkill_generator": _kill_mid_batch("generator", REQUESTS, GENERATOR_GROUP),
    "sigkill_validator": _kill_mid_batch("validator", GENERATED, VALIDATOR_GROUP),
    "sigkill_store": _kill_mid_batch("store", VALIDATED, STORE_GROUP),
    "redis_restart": _restart_redis,
    "mongo_outage": _mongo_outage,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_loses_and_doubles_nothing(
    fault: str,
    servers: tuple[DurableRedis, CuttableLink],
    mongo_uri: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """Under the fault, every accepted request ends stored or quarantined exactly once."""
    soak = bool(request.config.getoption("--soak"))
    products = _products(50_000 if soak else 5_000)
    expected = _expected(products)
    run = _start_run(*servers, tmp_path)
    started = time.monotonic()
    try:
        producer = threading.Thread(target=_produce, args=(run, products))
        producer.start()
        for _ in range(3 if soak else 1):
            _wait_for(
                lambda: run.submitted >= len(products) // 4 or not producer.is_alive(),
                120,
                "a quarter submitted",
            )
            FAULTS[fault](run)
        producer.join(timeout=300)
        assert not producer.is_alive(), "the client never got everything accepted"
        assert len(run.accepted) == len(products)
        assert run.transport_errors == 0, "connections reset: the gateway must answer 503"
        figures = _check_outcome(run, mongo_uri, expected)
    finally:
        stop_processes(list(run.processes.values()))
    figures.update(
        fault=fault,
        duplicates=run.duplicates,
        refused=run.refused,
        transport_errors=run.transport_errors,
        seconds=round(time.monotonic() - started, 1),
    )
    report(request.config, figures)


def _check_outcome(
    run: Run, mongo_uri: str, expected: dict[str, dict[str, Any] | None]
) -> dict[str, Any]:
    mongo: MongoClient[dict[str, Any]] = MongoClient(mongo_uri, tz_aware=True)
    db = mongo[run.db]
    ids = set(run.accepted.values())

    def finished() -> bool:
        done = db[REQUEST_STATUS].count_documents({"stage": {"$in": ["stored", "quarantined"]}})
        return done >= len(ids)

    try:
        _wait_for(finished, 240, "every request stored or quarantined")
        statuses = {d["_id"]: d for d in db[REQUEST_STATUS].find({})}
        documents = {d["_id"]: d for d in db[PRODUCT_ATTRIBUTES].find({})}
        records = list(db[QUARANTINE_RECORDS].find({}))
    finally:
        mongo.close()
    lost = ids - set(statuses)
    assert not lost, f"{len(lost)} accepted requests never finished"
    quarantined_ids = [r["request_id"] for r in records]
    assert len(quarantined_ids) == len(set(quarantined_ids)), "a request quarantined twice"
    valid = {p for p, attrs in expected.items() if attrs is not None}
    wrongly_quarantined = [r for r in records if r["product_id"] in valid]
    assert not wrongly_quarantined, (
        f"{len(wrongly_quarantined)} valid products quarantined: "
        f"{wrongly_quarantined[0]['reasons']} {wrongly_quarantined[0]['detail']}"
    )
    assert set(documents) == valid
    for product_id in valid:
        document = documents[product_id]
        assert document["request_id"] == run.accepted[product_id]
        assert document["attributes"] == expected[product_id], product_id
    assert {r["product_id"] for r in records} == set(expected) - valid
    assert all(statuses[run.accepted[p]]["stage"] == "stored" for p in valid)
    figures = {
        "accepted": len(ids),
        "stored": len(documents),
        "quarantined": len(records),
        "lost": len(lost),
    }

    with Redis.from_url(run.redis.url, decode_responses=True) as redis:
        return {**figures, **_check_streams(redis)}


def _check_streams(redis: Redis) -> dict[str, Any]:
    groups = [(stream, group) for stream, names in READERS.items() for group in names]
    _wait_for(lambda: all(_pending(redis, s, g) == 0 for s, g in groups), 30, "0 pending")
    time.sleep(RETENTION_S + 3 * TRIM_INTERVAL_MS / 1000)
    lengths = {s: int(redis.xlen(s)) for s in (REQUESTS, GENERATED, VALIDATED, QUARANTINE)}
    assert all(n <= STREAM_BOUND for n in lengths.values()), lengths
    assert redis.xlen(QUARANTINE_DEAD) == 0
    return {
        "stream_lengths_after": lengths,
        "redis_used_mb": round(int(redis.info("memory")["used_memory"]) / 2**20, 1),
    }
