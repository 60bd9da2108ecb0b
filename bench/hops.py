"""CPU per hop: attrgen's stream runtime against a hand-written redis-py consumer.

    .venv/bin/python -m bench.hops [--messages 5000]

Three hops (requests -> generated -> validated -> stored), run one after the other on
a local redis-server so each is measured alone: its input stream is full before it
starts, and the figure is this process's CPU time per message (Redis's own CPU is not
counted: it is the same commands for both). The handlers do no engine work: what is
left is the runtime's (decode, validate, encode, status, ack, metrics, logs).

The hand-written consumer does the same Redis work as the runtime (``shared.status``
says which stage writes what): XREADGROUP a batch, then one MULTI/EXEC with an XADD
per message, the status writes (a SET per message after validation, one DEL for the
stored batch) and one XACK, and the same JSON in and out; it trusts its input and
keeps no metrics or logs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from bench.pipeline import synthetic_products
from bench.servers import local_servers
from shared.logs import configure_logging
from shared.messages import (
    AttributeValue,
    GeneratedAttributes,
    GenerationRequest,
    QuarantineRecord,
    RawProduct,
    ValidatedAttributes,
    utcnow,
)
from shared.redis_client import connect_redis
from shared.settings import StreamSettings
from shared.status import RequestStatusHook
from shared.streams import Delivery, Emit, Router, Subscriber, Worker
from shared.streams.codec import FIELD
from shared.streams.declarations import CommitHook
from shared.streams.process import settle_heap
from shared.submission import submit

HOPS = (("requests", "generated"), ("generated", "validated"), ("validated", None))
# A typical generation: six attributes with provenance, what the real hops carry.
ATTRIBUTES = {
    code: AttributeValue(value=value, source="vendor_spec", method="exact", score=100.0)
    for code, value in {
        "primary_color": "red",
        "fabric": "silk",
        "pattern": "woven",
        "occasion": "festive",
        "border": "zari",
        "length_m": 5.5,
    }.items()
}
_ATTRIBUTES_JSON = {code: value.model_dump(mode="json") for code, value in ATTRIBUTES.items()}
BATCH = 64


@dataclass(frozen=True)
class HopFigures:
    """CPU microseconds per message for each hop, and in total."""

    per_hop_us: list[float]

    @property
    def mean_us(self) -> float:
        return sum(self.per_hop_us) / len(self.per_hop_us)


def _names(prefix: str, hop: str) -> str:
    # The pipeline's own streams: submit() publishes to attrgen.requests, and the runtime
    # makes each of them with its readers' groups (names.READERS), as the services run.
    # Each run starts on an emptied Redis, so runs cannot mix.
    return f"attrgen.{hop}"


async def _fill(redis: Redis, prefix: str, n: int) -> None:
    """N requests on the first stream, published the way the gateway publishes them."""
    products = [RawProduct.model_validate(p) for p in synthetic_products(n)]
    for i in range(0, n, 500):
        await submit(redis, products[i : i + 500])


# --- hand-written -----------------------------------------------------------------


def _hand_output(hop: str, data: dict[str, Any]) -> dict[str, Any]:
    now = utcnow().isoformat()
    if hop == "generated":
        return {
            "schema_version": 1,
            "request": data,
            "product_type": "saree",
            "config_version": "bench",
            "attributes": _ATTRIBUTES_JSON,
            "issues": [],
            "generated_at": now,
        }
    return {**data, "corrections": [], "warnings": [], "missing": [], "completeness": 1.0,
            "validated_at": now}  # fmt: skip


async def _hand_hop(redis: Redis, prefix: str, source: str, target: str | None, n: int) -> None:
    stream, group = _names(prefix, source), f"{prefix}.{source}"
    await redis.xgroup_create(stream, group, id="0", mkstream=True)
    stage = target or "stored"
    done = 0
    while done < n:
        reply: Any = await redis.xreadgroup(group, "hand", {stream: ">"}, count=BATCH, block=100)
        if not reply:
            continue
        entries = reply[0][1]
        async with redis.pipeline(transaction=True) as pipe:
            stored = []
            for _, fields in entries:
                data = json.loads(fields[FIELD])
                request = data.get("request", data)
                key = f"attrgen:request:{request['request_id']}"
                if target is not None:
                    out = json.dumps(_hand_output(target, data))
                    pipe.xadd(_names(prefix, target), {FIELD: out})
                if stage == "validated":
                    status = {"request_id": request["request_id"], "stage": stage,
                              f"{stage}_at": utcnow().isoformat()}  # fmt: skip
                    pipe.set(key, json.dumps(status), xx=True, keepttl=True)
                elif stage == "stored":
                    stored.append(key)
            if stored:
                pipe.delete(*stored)
            pipe.xack(stream, group, *(entry_id for entry_id, _ in entries))
            await pipe.execute()
        done += len(entries)


# --- attrgen's runtime ------------------------------------------------------------


class _Counter:
    """A commit hook that only counts, to know when a hop has seen every message."""

    def __init__(self, n: int) -> None:
        self.left = n
        self.done = asyncio.Event()

    def on_success(
        self, pipe: Pipeline, sub: Subscriber[Any], messages: Sequence[BaseModel]
    ) -> None:
        self._count(len(messages))

    def on_quarantine(
        self, pipe: Pipeline, record: QuarantineRecord, message: BaseModel | None
    ) -> None:
        self._count(1)

    def _count(self, n: int) -> None:
        self.left -= n
        if self.left <= 0:
            self.done.set()


def _runtime_router(prefix: str, source: str, target: str | None) -> Router:
    router = Router()
    stream, group = _names(prefix, source), f"{prefix}.{source}"
    if source == "requests":

        @router.subscriber(stream, group, GenerationRequest, stage="g", completes="generated")
        async def generate(request: GenerationRequest) -> Emit:
            generated = GeneratedAttributes(
                request=request, product_type="saree", config_version="bench",
                attributes=ATTRIBUTES,
            )  # fmt: skip
            return Emit(_names(prefix, "generated"), generated)

    elif source == "generated":

        @router.subscriber(stream, group, GeneratedAttributes, stage="v", completes="validated")
        async def validate(generated: GeneratedAttributes) -> Emit:
            validated = ValidatedAttributes(
                request=generated.request, product_type=generated.product_type,
                config_version=generated.config_version, attributes=generated.attributes,
                completeness=1.0, generated_at=generated.generated_at,
            )  # fmt: skip
            return Emit(_names(prefix, "validated"), validated)

    else:

        @router.batch_subscriber(stream, group, ValidatedAttributes, stage="s", completes="stored")
        async def store(batch: Sequence[Delivery[ValidatedAttributes]]) -> None:
            return None

    return router


async def _runtime_hop(redis: Redis, prefix: str, source: str, target: str | None, n: int) -> None:
    counter = _Counter(n)
    hooks: list[CommitHook] = [RequestStatusHook(), counter]
    settings = StreamSettings(batch_size=BATCH, block_ms=100, trim_interval_ms=60_000)
    worker = Worker(redis, _runtime_router(prefix, source, target).subscribers, settings,
                    hooks=hooks)  # fmt: skip
    task = asyncio.create_task(worker.run())
    await counter.done.wait()
    worker.stop()
    await task


# --- measuring --------------------------------------------------------------------

Hop = Callable[[Redis, str, str, str | None, int], Awaitable[None]]


async def measure(redis: Redis, hop: Hop, prefix: str, n: int) -> HopFigures:
    """CPU per message of each hop, the input of each fully published before it runs."""
    await _fill(redis, prefix, n)
    per_hop = []
    for source, target in HOPS:
        started = time.process_time()
        await hop(redis, prefix, source, target, n)
        per_hop.append((time.process_time() - started) / n * 1e6)
    return HopFigures(per_hop)


async def compare(redis_url: str, n: int) -> dict[str, HopFigures]:
    """Hand-written and runtime, alternated twice; the lower of each (shared machine).

    Both run with the garbage collector as a worker process sets it (settle_heap).
    """
    settle_heap()
    redis = connect_redis(redis_url)
    try:
        results: dict[str, list[HopFigures]] = {"hand": [], "runtime": []}
        for round_ in range(2):
            for name, hop in (("hand", _hand_hop), ("runtime", _runtime_hop)):
                await redis.flushdb()
                results[name].append(await measure(redis, hop, f"{name}{round_}", n))
        await redis.flushdb()
        return {name: min(runs, key=lambda f: f.mean_us) for name, runs in results.items()}
    finally:
        await redis.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    # As the services run in the benchmarks: info lines off, so logging costs what it
    # costs when filtered.
    configure_logging("WARNING", json=True)
    with local_servers(mongo=False) as servers:
        figures = asyncio.run(compare(servers.redis_url, args.messages))
    hand, runtime = figures["hand"], figures["runtime"]
    print(f"messages per hop:  {args.messages}")
    print("hop                     hand-written   runtime   ratio   (CPU us per message)")
    for (source, target), h, r in zip(HOPS, hand.per_hop_us, runtime.per_hop_us, strict=True):
        print(f"{source + ' -> ' + (target or 'stored'):<22} {h:10.1f} {r:10.1f} {r / h:7.2f}")
    print(f"{'mean':<22} {hand.mean_us:10.1f} {runtime.mean_us:10.1f} "
          f"{runtime.mean_us / hand.mean_us:7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
