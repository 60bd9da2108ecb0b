"""End-to-end throughput and latency of the pipeline on local servers.

    .venv/bin/python -m bench.pipeline [--products 2000] [--batch 500]

Starts redis-server, the MongoDB stand-in and the four services on free ports (or
uses REDIS_URL/MONGO_URI), submits synthetic variants of the sample catalog through
the batch API, waits until every request is stored or quarantined, and prints
submission rate, end-to-end throughput and per-request latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from attrgen.demo import sample_catalog
from attrgen.local.mongo_standin import start_mongo
from attrgen.local.ports import free_port
from attrgen.local.redis_server import start_redis
from attrgen.local.stack import start_services, stop_processes, wait_gateway
from shared.mongo import connect_mongo
from shared.names import REQUEST_STATUS

COLORS = ["Red", "Navy Blue", "Maroon", "Off White", "Teal", "Mustard", "Black", "Pink"]


def synthetic_products(n: int) -> list[dict[str, Any]]:
    """Variants of the sample catalog: new ids and colours, so none is a duplicate."""
    base = sample_catalog()["products"]
    run = uuid.uuid4().hex[:6]
    products = []
    for i in range(n):
        product = dict(base[i % len(base)])
        product["product_id"] = f"BENCH-{run}-{i}"
        product["vendor_specs"] = {**product.get("vendor_specs", {}), "Color": COLORS[i % 8]}
        products.append(product)
    return products


async def wait_done(
    redis_url: str, mongo_uri: str, db: str, n: int, timeout_s: float
) -> list[dict[str, Any]]:
    # Redis says when every group is drained; counting documents before that was a
    # full scan on the stand-in every 0.2 s, slowing the store it measures (20,000
    # products: 123 products/s polled so, ~250 asked of Redis).
    from bench.suite import wait_statuses  # here: bench.suite imports this module

    await wait_statuses(redis_url, mongo_uri, db, n, timeout_s)
    client = connect_mongo(mongo_uri)
    try:
        return await client[db][REQUEST_STATUS].find({}).to_list()
    finally:
        await client.close()


def latencies(statuses: list[dict[str, Any]]) -> list[float]:
    out = []
    for status in statuses:
        stages: dict[str, datetime] = status["stages"]
        end = stages.get("stored") or stages.get("quarantined")
        if end is not None:
            out.append((end - stages["accepted"]).total_seconds())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    # Run the finally below on SIGTERM too (timeout, CI): servers must not outlive us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="attrgen-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        port = free_port()
        servers.append(start_redis(port, tmp / "redis", tmp / "redis.log", durable=False))
        redis_url = f"redis://127.0.0.1:{port}/0"
    mongo_uri = os.environ.get("MONGO_URI")
    if not mongo_uri:
        port = free_port()
        servers.append(start_mongo(port, tmp / "mongo.log"))
        mongo_uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    db = f"attrgen_bench_{uuid.uuid4().hex[:6]}"
    gateway_port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "ATTRGEN_MONGO_DB": db,
        "ATTRGEN_GATEWAY_PORT": str(gateway_port),
        "ATTRGEN_LOG_LEVEL": "WARNING",
    }
    services = start_services(env, tmp)
    url = f"http://127.0.0.1:{gateway_port}"
    try:
        wait_gateway(url, {n: p.pid for n, p in services.items()}, str(tmp))
        products = synthetic_products(args.products)
        started = time.perf_counter()
        with httpx.Client(base_url=url, timeout=60) as client:
            for i in range(0, len(products), args.batch):
                chunk = products[i : i + args.batch]
                client.post("/v1/products:batch", json={"products": chunk}).raise_for_status()
        submitted = time.perf_counter() - started
        statuses = asyncio.run(wait_done(redis_url, mongo_uri, db, len(products), timeout_s=600))
        total = time.perf_counter() - started
        lat = sorted(latencies(statuses))
        stored = sum(s["stage"] == "stored" for s in statuses)
        n = len(products)
        print(f"products:        {n} ({stored} stored, {n - stored} quarantined)")
        print(f"submit:          {submitted:.2f} s  ({n / submitted:,.0f} products/s, batch API)")
        print(f"end to end:      {total:.2f} s  ({n / total:,.0f} products/s)")
        print(
            f"latency (s):     p50 {statistics.median(lat):.2f}  "
            f"p95 {lat[int(len(lat) * 0.95) - 1]:.2f}  max {lat[-1]:.2f}"
        )
    finally:
        stop_processes([*services.values(), *servers])


if __name__ == "__main__":
    main()
