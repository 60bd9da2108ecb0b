"""A flood from several clients: does the gateway push back, and does Redis stay bounded?

    .venv/bin/python -m bench.flood [--seconds 60] [--clients 2] [--batch 500]

Starts a durable redis-server (``--maxmemory-mb``, noeviction), the MongoDB stand-in
and the four services on free ports with production defaults, then lets each client
submit new products as fast as the gateway takes them for ``--seconds``, honouring
``Retry-After`` on 429/503. Prints what was accepted and refused, and Redis memory
sampled every 0.5 s.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from redis import Redis

from attrgen.demo import sample_catalog
from attrgen.local.mongo_standin import start_mongo
from attrgen.local.ports import free_port
from attrgen.local.redis_server import start_redis
from attrgen.local.stack import start_services, stop_processes, wait_gateway
from bench.pipeline import COLORS


@dataclass
class FloodResult:
    seconds: float
    accepted: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    memory_mb: list[float] = field(default_factory=list)

    @property
    def max_memory_mb(self) -> float:
        return max(self.memory_mb, default=0.0)


def _bodies(client: int, batch: int) -> Any:
    """Endless batches of new products (a new id each): never a duplicate."""
    base = sample_catalog()["products"]
    run = uuid.uuid4().hex[:6]
    for n in itertools.count():
        yield {
            "products": [
                {
                    **base[i % len(base)],
                    "product_id": f"FLOOD-{run}-{client}-{n}-{i}",
                    "vendor_specs": {
                        **base[i % len(base)].get("vendor_specs", {}),
                        "Color": COLORS[i % len(COLORS)],
                    },
                }
                for i in range(batch)
            ]
        }


def flood(url: str, redis_url: str, *, seconds: float, clients: int, batch: int) -> FloodResult:
    """Run the flood against a running gateway; returns what the clients saw."""
    result = FloodResult(seconds=seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        bodies = _bodies(index, batch)
        body = next(bodies)
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.monotonic() < deadline:
                try:
                    response = http.post("/v1/products:batch", json=body)
                except httpx.TransportError:
                    with lock:
                        result.transport_errors += 1
                    time.sleep(0.5)
                    continue
                with lock:
                    result.statuses[response.status_code] += 1
                if response.status_code == 202:
                    with lock:
                        result.accepted += len(body["products"])
                    body = next(bodies)
                elif response.status_code in (429, 503):
                    wait = float(response.headers.get("Retry-After", "1"))
                    time.sleep(min(wait, max(0.0, deadline - time.monotonic())))
                else:
                    raise RuntimeError(f"unexpected {response.status_code}: {response.text}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    with Redis.from_url(redis_url) as redis:
        while any(t.is_alive() for t in threads):
            result.memory_mb.append(int(redis.info("memory")["used_memory"]) / 2**20)
            time.sleep(0.5)
    for thread in threads:
        thread.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--maxmemory-mb", type=int, default=512)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="attrgen-flood-"))
    redis_port, mongo_port, gateway_port = free_port(), free_port(), free_port()
    servers: list[subprocess.Popen[bytes]] = [
        start_redis(
            redis_port,
            tmp / "redis",
            tmp / "redis.log",
            durable=True,
            maxmemory_mb=args.maxmemory_mb,
        ),
        start_mongo(mongo_port, tmp / "mongo.log"),
    ]
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MONGO_URI": f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true",
        "ATTRGEN_MONGO_DB": f"attrgen_flood_{uuid.uuid4().hex[:6]}",
        "ATTRGEN_GATEWAY_PORT": str(gateway_port),
        "ATTRGEN_LOG_LEVEL": "WARNING",
    }
    services = start_services(env, tmp)
    url = f"http://127.0.0.1:{gateway_port}"
    try:
        wait_gateway(url, {n: p.pid for n, p in services.items()}, str(tmp))
        result = flood(url, redis_url, seconds=args.seconds, clients=args.clients, batch=args.batch)
        memory = result.memory_mb
        print(
            f"flood:           {args.clients} clients x {args.seconds:.0f} s, "
            f"batches of {args.batch}"
        )
        print(
            f"accepted:        {result.accepted} products ({result.accepted / args.seconds:,.0f}/s)"
        )
        print(
            f"responses:       {dict(sorted(result.statuses.items()))}, "
            f"transport errors {result.transport_errors}"
        )
        print(
            f"redis memory:    start {memory[0]:.0f} MB, max {result.max_memory_mb:.0f} MB, "
            f"end {memory[-1]:.0f} MB (maxmemory {args.maxmemory_mb} MB)"
        )
        # Every 10 s (samples are 0.5 s apart): whether memory levels off or keeps growing.
        print("memory by 10 s:  " + " ".join(f"{m:.0f}" for m in memory[::20]) + " MB")
    finally:
        stop_processes([*services.values(), *servers])


if __name__ == "__main__":
    main()
