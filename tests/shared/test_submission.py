from __future__ import annotations

import pytest
from redis.asyncio import Redis

from shared.errors import IdempotencyConflictError
from shared.messages import GenerationRequest, RawProduct
from shared.names import REQUESTS
from shared.status import read_status
from shared.streams import decode
from shared.submission import submit


def _product(**overrides: object) -> RawProduct:
    fields: dict[str, object] = {
        "product_id": "SKU-1",
        "title": "Women Blue Cotton Kurta",
        "vendor_specs": {"Fabric": "Cotton"},
    }
    fields.update(overrides)
    return RawProduct.model_validate(fields)


async def test_same_content_twice_publishes_once(redis: Redis) -> None:
    """Resubmitting identical content returns the first request id and adds nothing."""
    (first,) = await submit(redis, [_product()])
    (second,) = await submit(redis, [_product()])
    assert second.request_id == first.request_id
    assert (first.duplicate, second.duplicate) == (False, True)
    entries = await redis.xrange(REQUESTS)
    assert len(entries) == 1
    assert decode(entries[0][1], GenerationRequest).request_id == first.request_id


async def test_changed_content_is_a_new_request(redis: Redis) -> None:
    """A different title for the same product id is new work."""
    (first,) = await submit(redis, [_product()])
    (second,) = await submit(redis, [_product(title="Women Red Cotton Kurta")])
    assert second.request_id != first.request_id
    assert await redis.xlen(REQUESTS) == 2


async def test_client_key_reused_with_other_content_is_a_conflict(redis: Redis) -> None:
    """The same Idempotency-Key with another body publishes nothing and names the first."""
    (first,) = await submit(redis, [_product()], client_keys=["abc"])
    with pytest.raises(IdempotencyConflictError) as conflict:
        await submit(redis, [_product(title="Other")], client_keys=["abc"])
    assert conflict.value.request_id == first.request_id
    assert await redis.xlen(REQUESTS) == 1


async def test_client_key_reused_with_the_same_content_is_a_duplicate(redis: Redis) -> None:
    """A client retrying with its key gets its first request id back."""
    (first,) = await submit(redis, [_product()], client_keys=["abc"])
    (second,) = await submit(redis, [_product()], client_keys=["abc"])
    assert (second.request_id, second.duplicate) == (first.request_id, True)
    assert await redis.xlen(REQUESTS) == 1


async def test_returning_to_an_earlier_content_is_processed_again(redis: Redis) -> None:
    """A -> B -> A publishes three requests: only the last accepted content dedupes."""
    a, b = _product(), _product(title="Women Red Cotton Kurta")
    outcomes = [(await submit(redis, [p]))[0] for p in (a, b, a, a)]
    assert [o.duplicate for o in outcomes] == [False, False, False, True]
    assert await redis.xlen(REQUESTS) == 3


async def test_accepted_status_is_written_with_the_message(redis: Redis) -> None:
    """The status exists as soon as the request is on the stream."""
    (item,) = await submit(redis, [_product()])
    status = await read_status(redis, item.request_id)
    assert status["stage"] == "accepted"
    assert status["product_id"] == "SKU-1"
