"""What each stage writes to a request's live status, and the TTL it leaves."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from shared.messages import (
    GeneratedAttributes,
    GenerationRequest,
    QuarantineRecord,
    RawProduct,
)
from shared.names import REQUESTS, request_status_key
from shared.settings import REDIS_RETENTION_S
from shared.status import FINAL_STATUS_TTL_S, RequestStatusHook, read_status, read_statuses
from shared.streams import Delivery, Router
from shared.submission import submit
from tests.fixtures.streams import running_worker, wait_until


def _products(n: int) -> list[RawProduct]:
    return [RawProduct(product_id=f"S{i}", title=f"Silk Saree {i}") for i in range(n)]


async def test_submission_gives_the_status_its_one_ttl(redis: Redis) -> None:
    """The accepted status expires after the retention time; no stage sets it again."""
    (item,) = await submit(redis, _products(1))
    ttl = await redis.ttl(request_status_key(item.request_id))
    assert REDIS_RETENTION_S - 60 < ttl <= REDIS_RETENTION_S


async def test_a_non_ascii_product_id_reads_back_as_written(redis: Redis) -> None:
    """The status is written as UTF-8 JSON (not \\u-escaped): readers get the same id."""
    product = RawProduct(product_id="साड़ी-०१ Ünïcode", title="Silk Saree")
    (item,) = await submit(redis, [product])
    status = await read_status(redis, item.request_id)
    assert status["product_id"] == "साड़ी-०१ Ünïcode"
    assert status["stage"] == "accepted"


async def test_stored_batch_deletes_its_statuses(redis: Redis) -> None:
    """Once stored (MongoDB has the state), the live statuses are gone."""
    router = Router()

    @router.batch_subscriber(REQUESTS, "g", GenerationRequest, stage="store", completes="stored")
    async def store(batch: Sequence[Delivery[GenerationRequest]]) -> None:
        return None

    items = await submit(redis, _products(3))
    keys = [request_status_key(item.request_id) for item in items]
    async with running_worker(redis, router.subscribers):

        async def gone() -> bool:
            return await redis.exists(*keys) == 0

        await wait_until(gone)


async def test_quarantine_keeps_the_generated_time_and_a_short_ttl(redis: Redis) -> None:
    """A validator's quarantine writes the generator's time (from the message) and 1 h."""
    (item,) = await submit(redis, _products(1))
    request = GenerationRequest.model_validate_json((await redis.xrange(REQUESTS))[0][1]["data"])
    generated = GeneratedAttributes(
        request=request, product_type="saree", config_version="v", attributes={}
    )
    record = QuarantineRecord(
        quarantine_id="q1",
        stage="validator",
        source_stream="attrgen.generated",
        source_message_id="1-0",
        reasons=["unknown_value"],
        request=request,
    )
    async with redis.pipeline(transaction=True) as pipe:
        RequestStatusHook().on_quarantine(pipe, record, generated)
        await pipe.execute()
    key = request_status_key(item.request_id)
    status = await read_status(redis, item.request_id)
    assert status["stage"] == "quarantined"
    assert status["quarantine_id"] == "q1"
    assert status["product_id"] == "S0"
    assert status["generated_at"] == generated.generated_at.isoformat()
    assert status["accepted_at"]
    assert 0 < await redis.ttl(key) <= FINAL_STATUS_TTL_S


def _validator() -> Router:
    router = Router()

    @router.subscriber(REQUESTS, "v", GenerationRequest, stage="validator", completes="validated")
    async def validate(request: GenerationRequest) -> None:
        return None

    return router


async def test_validated_keeps_the_accepted_state_and_its_ttl(redis: Redis) -> None:
    """One SET after validation: the whole state again, under the submission's TTL."""
    items = await submit(redis, _products(2))
    ids = [item.request_id for item in items]
    async with running_worker(redis, _validator().subscribers):

        async def validated() -> bool:
            return all(s.get("stage") == "validated" for s in await read_statuses(redis, ids))

        await wait_until(validated)
    status = await read_status(redis, ids[0])
    assert status["product_id"] == "S0"
    assert status["source"] == "api"
    assert status["accepted_at"] < status["validated_at"]
    ttl = await redis.ttl(request_status_key(ids[0]))
    assert REDIS_RETENTION_S - 60 < ttl <= REDIS_RETENTION_S


async def test_validated_does_not_bring_back_a_status_that_is_gone(redis: Redis) -> None:
    """A late (duplicate) delivery after the store deleted the status leaves it gone,
    rather than making a key with no TTL."""
    (gone, kept) = await submit(redis, _products(2))
    await redis.delete(request_status_key(gone.request_id))
    async with running_worker(redis, _validator().subscribers):

        async def validated() -> bool:
            return (await read_status(redis, kept.request_id)).get("stage") == "validated"

        await wait_until(validated)
    assert await redis.exists(request_status_key(gone.request_id)) == 0
    assert await read_statuses(redis, [gone.request_id]) == [{}]


async def test_a_status_hash_from_before_the_upgrade_is_still_read(redis: Redis) -> None:
    """Requests in flight across the upgrade kept a hash: read, not a WRONGTYPE error."""
    await redis.hset(request_status_key("old"), mapping={"stage": "accepted", "product_id": "P"})
    assert (await read_status(redis, "old"))["stage"] == "accepted"
    assert await read_statuses(redis, ["old"]) == [{}]  # MGET: gone, MongoDB is asked
