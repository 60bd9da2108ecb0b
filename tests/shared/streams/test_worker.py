from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.messages import GenerationRequest, QuarantineRecord, RawProduct
from shared.names import QUARANTINE, REQUESTS
from shared.status import read_status
from shared.streams import Delivery, Emit, Reject, Retry, Router, decode
from shared.submission import submit
from tests.fixtures.slow_worker import GROUP, OUT, build_router
from tests.fixtures.streams import running_worker, wait_until

ROOT = Path(__file__).resolve().parents[3]


def _products(n: int) -> list[RawProduct]:
    return [RawProduct(product_id=f"P{i}", title=f"Cotton Kurta {i}") for i in range(n)]


async def _quarantined(redis: Redis) -> list[QuarantineRecord]:
    return [decode(f, QuarantineRecord) for _, f in await redis.xrange(QUARANTINE)]


async def test_result_is_published_and_source_acked(redis: Redis) -> None:
    """A handled message appears downstream and leaves nothing pending."""
    await submit(redis, _products(5))
    async with running_worker(redis, build_router(0).subscribers):
        await wait_until(lambda: _xlen(redis, OUT, 5))
    pending = await redis.xpending(REQUESTS, GROUP)
    assert pending["pending"] == 0
    assert await redis.xlen(OUT) == 5


async def _xlen(redis: Redis, stream: str, n: int) -> bool:
    return bool(await redis.xlen(stream) >= n)


async def test_rejected_message_is_quarantined_with_reasons(redis: Redis) -> None:
    """Reject(...) moves the message to quarantine at once, with its request."""
    router = Router()

    @router.subscriber(REQUESTS, "g", GenerationRequest, stage="checker")
    async def reject(request: GenerationRequest) -> None:
        raise Reject(["missing_required"], detail="no fabric")

    (item,) = await submit(redis, _products(1))
    async with running_worker(redis, router.subscribers):
        records = await wait_until(lambda: _quarantined(redis))
    assert records[0].reasons == ["missing_required"]
    assert records[0].stage == "checker"
    assert records[0].request is not None
    assert records[0].request.request_id == item.request_id
    status = await read_status(redis, item.request_id)
    assert status["stage"] == "quarantined"


async def test_always_failing_handler_ends_in_quarantine_after_n(redis: Redis) -> None:
    """A handler that always raises is tried max_deliveries times, then quarantined."""
    calls: list[str] = []
    router = Router()

    @router.subscriber(REQUESTS, "g", GenerationRequest, stage="flaky")
    async def fail(request: GenerationRequest) -> None:
        calls.append(request.request_id)
        raise RuntimeError("boom")

    await submit(redis, _products(1))
    async with running_worker(redis, router.subscribers, max_deliveries=3):
        records = await wait_until(lambda: _quarantined(redis))
    assert len(calls) == 3
    (record,) = records
    assert record.reasons == ["max_deliveries_exceeded"]
    assert [a.error for a in record.attempts] == ["RuntimeError: boom"] * 3
    assert (await redis.xpending(REQUESTS, "g"))["pending"] == 0


async def test_malformed_entry_is_quarantined_not_retried(redis: Redis) -> None:
    """An entry that is not a valid message goes to quarantine on first sight."""
    router = Router()
    seen: list[GenerationRequest] = []

    @router.subscriber(REQUESTS, "g", GenerationRequest, stage="s")
    async def handle(request: GenerationRequest) -> None:
        seen.append(request)

    await redis.xadd(REQUESTS, {"data": json.dumps({"request_id": 1})})
    async with running_worker(redis, router.subscribers):
        (record,) = await wait_until(lambda: _quarantined(redis))
    assert record.reasons == ["malformed_message"]
    assert record.raw is not None
    assert seen == []


async def test_batch_failure_is_isolated_to_the_poison_message(redis: Redis) -> None:
    """When a batch handler fails, the others in the batch still succeed."""
    router = Router()
    done: list[str] = []

    @router.batch_subscriber(REQUESTS, "g", GenerationRequest, stage="batch")
    async def handle(batch: Sequence[Delivery[GenerationRequest]]) -> None:
        if any(d.message.product.product_id == "P2" for d in batch):
            raise ValueError("P2 is poison")
        done.extend(d.message.product.product_id for d in batch)

    await submit(redis, _products(5))
    async with running_worker(redis, router.subscribers, max_deliveries=2):
        (record,) = await wait_until(lambda: _quarantined(redis))
    assert sorted(done) == ["P0", "P1", "P3", "P4"]
    assert record.request is not None
    assert record.request.product.product_id == "P2"


@pytest.mark.chaos
async def test_sigkill_mid_batch_loses_nothing(redis: Redis, redis_url: str) -> None:
    """Messages held by a SIGKILLed consumer are reclaimed and processed once each."""
    await submit(redis, _products(40))
    victim = await _slow_worker_process(redis_url, "victim")
    try:
        # Batches of 16 commit whole: after the first lands it is inside the second.
        await wait_until(lambda: _xlen(redis, OUT, 16))
        await asyncio.sleep(0.2)
        victim.send_signal(signal.SIGKILL)
    finally:
        if victim.returncode is None:
            victim.kill()
        await asyncio.wait_for(victim.wait(), timeout=10)
    done_before = await redis.xlen(OUT)
    pending = await redis.xpending(REQUESTS, GROUP)
    assert 0 < done_before < 40
    assert pending["pending"] > 0  # the victim died holding an unacked batch
    async with running_worker(redis, build_router(0).subscribers, claim_idle_ms=100):
        await wait_until(lambda: _xlen(redis, OUT, 40))
        await asyncio.sleep(0.3)  # nothing more may arrive
    out = [decode(f, GenerationRequest).product.product_id for _, f in await redis.xrange(OUT)]
    assert sorted(out) == sorted(f"P{i}" for i in range(40))
    assert (await redis.xpending(REQUESTS, GROUP))["pending"] == 0


async def test_stop_finishes_in_flight_work(redis: Redis) -> None:
    """stop() during a batch lets the batch finish and ack before run() returns."""
    await submit(redis, _products(10))
    async with running_worker(redis, build_router(0.02).subscribers):
        await wait_until(lambda: _xlen(redis, OUT, 1))
    # The context manager stopped the worker; what it read, it finished and acked.
    assert (await redis.xpending(REQUESTS, GROUP))["pending"] == 0
    assert await redis.xlen(OUT) == 10


async def test_sigterm_finishes_the_batch_in_hand_and_exits(redis: Redis, redis_url: str) -> None:
    """SIGTERM mid-batch: the process acks what it holds, reads no more, exits 0."""
    await submit(redis, _products(40))
    worker = await _slow_worker_process(redis_url, "w")
    try:
        await wait_until(lambda: _pending(redis))
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.wait(), timeout=15) == 0
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
    done = await redis.xlen(OUT)
    assert (await redis.xpending(REQUESTS, GROUP))["pending"] == 0
    assert done % 16 == 0  # whole batches only
    assert 0 < done < 40  # it stopped reading


async def _pending(redis: Redis, group: str = GROUP) -> int:
    """Entries of ``attrgen.requests`` delivered to ``group`` and not acked (0: no group)."""
    groups = {g["name"] for g in await redis.xinfo_groups(REQUESTS)}
    return int((await redis.xpending(REQUESTS, group))["pending"]) if group in groups else 0


async def _slow_worker_process(redis_url: str, consumer: str) -> asyncio.subprocess.Process:
    """tests.fixtures.slow_worker as its own process (50 ms per message)."""
    return await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "tests.fixtures.slow_worker", redis_url, consumer, "0.05"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def test_retry_keeps_the_whole_batch_pending_without_splitting(redis: Redis) -> None:
    """Retry (a dependency is down) retries the batch whole, and blames no message."""
    router = Router()
    calls: list[int] = []

    @router.batch_subscriber(REQUESTS, "g", GenerationRequest, stage="batch")
    async def handle(batch: Sequence[Delivery[GenerationRequest]]) -> None:
        calls.append(len(batch))
        raise Retry("database down")

    await submit(redis, _products(5))
    async with running_worker(redis, router.subscribers, claim_idle_ms=60_000):
        await wait_until(lambda: _is_pending(redis, "g", 5))
        await wait_until(lambda: _at_least(calls, 3))
    assert set(calls) == {5}
    first = (await redis.xrange(REQUESTS))[0][0]
    assert await redis.lrange(f"attrgen:attempts:g:{first}", 0, -1) == []
    assert int(await redis.get(f"attrgen:outages:g:{first}")) >= 3


async def test_outage_longer_than_max_deliveries_quarantines_nothing(redis: Redis) -> None:
    """Ten deliveries lost to an outage (limit 3) still end processed, not quarantined."""
    router = Router()
    calls: list[int] = []

    @router.batch_subscriber(REQUESTS, "g", GenerationRequest, stage="batch")
    async def handle(batch: Sequence[Delivery[GenerationRequest]]) -> None:
        calls.append(len(batch))
        if len(calls) <= 10:
            raise Retry("database down")

    await submit(redis, _products(5))
    async with running_worker(redis, router.subscribers, max_deliveries=3):
        await wait_until(lambda: _at_least(calls, 11), timeout_s=30)
        await wait_until(lambda: _is_pending(redis, "g", 0))
    assert len(calls) == 11
    assert await redis.xlen(QUARANTINE) == 0
    assert await redis.keys("attrgen:outages:*") == []


async def test_message_handler_outage_leaves_the_rest_of_the_batch(redis: Redis) -> None:
    """A per-message handler hitting an outage stops the batch there and retries it later."""
    router = Router()
    seen: list[str] = []

    @router.subscriber(REQUESTS, "g", GenerationRequest, stage="copier")
    async def handle(request: GenerationRequest) -> Emit:
        seen.append(request.product.product_id)
        if len(seen) == 2:
            raise Retry("cache down")
        return Emit(OUT, request)

    await submit(redis, _products(4))
    async with running_worker(redis, router.subscribers, max_deliveries=1):
        await wait_until(lambda: _xlen(redis, OUT, 4))
    assert seen == ["P0", "P1", "P1", "P2", "P3"]
    assert await redis.xlen(QUARANTINE) == 0


async def _at_least(items: list[int], n: int) -> bool:
    return len(items) >= n


async def _is_pending(redis: Redis, group: str, n: int) -> bool:
    return await _pending(redis, group) == n
