from __future__ import annotations

from datetime import timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from services.store.handlers import build_router
from shared.messages import (
    AttributeValue,
    GenerationRequest,
    QuarantineRecord,
    RawProduct,
    ValidatedAttributes,
    utcnow,
)
from shared.mongo import Document
from shared.names import (
    PRODUCT_ATTRIBUTES,
    QUARANTINE,
    QUARANTINE_RECORDS,
    REQUEST_STATUS,
    VALIDATED,
    attributes_cache_key,
)
from shared.streams import Delivery


def _validated(color: str, *, age_s: int = 0, request_id: str = "r1") -> ValidatedAttributes:
    submitted = utcnow() - timedelta(seconds=age_s)
    request = GenerationRequest(
        request_id=request_id,
        idempotency_key=f"k-{request_id}",
        product=RawProduct(product_id="P1", title=f"Kurta ({color})"),
        submitted_at=submitted,
    )
    return ValidatedAttributes(
        request=request,
        product_type="kurta",
        config_version="v1",
        attributes={
            "primary_color": AttributeValue(value=color, source="title", method="phrase", score=90)
        },
        generated_at=submitted,
        validated_at=submitted,
    )


async def _store(db: AsyncDatabase[Document], redis: Redis, *messages: ValidatedAttributes) -> None:
    store = next(s for s in build_router(db, redis).subscribers if s.stream == VALIDATED)
    assert store.batch_handler is not None
    await store.batch_handler([Delivery(VALIDATED, f"{i}-0", m, 1) for i, m in enumerate(messages)])


async def _document(db: AsyncDatabase[Document]) -> dict[str, Any]:
    document = await db[PRODUCT_ATTRIBUTES].find_one({"_id": "P1"})
    assert document is not None
    return document


async def test_redelivered_message_changes_nothing(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """Storing the same message twice leaves the document exactly as it was."""
    message = _validated("red")
    await _store(mongo_db, redis, message)
    first = await _document(mongo_db)
    first_status = await mongo_db[REQUEST_STATUS].find_one({"_id": "r1"})
    await _store(mongo_db, redis, message)
    assert await _document(mongo_db) == first
    assert await mongo_db[PRODUCT_ATTRIBUTES].count_documents({}) == 1
    assert await mongo_db[REQUEST_STATUS].find_one({"_id": "r1"}) == first_status


async def test_older_submission_does_not_overwrite_newer(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """A late redelivery of an older submission is skipped, not written over the new."""
    await _store(mongo_db, redis, _validated("blue", request_id="new"))
    await _store(mongo_db, redis, _validated("red", age_s=60, request_id="old"))
    document = await _document(mongo_db)
    assert document["attributes"]["primary_color"]["value"] == "blue"
    assert document["request_id"] == "new"


async def test_newer_submission_replaces_attributes(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """A later submission of the same product replaces its attributes."""
    await _store(mongo_db, redis, _validated("red", age_s=60, request_id="old"))
    await _store(mongo_db, redis, _validated("blue", request_id="new"))
    assert (await _document(mongo_db))["attributes"]["primary_color"]["value"] == "blue"


async def test_store_invalidates_the_attributes_cache(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """After a write the gateway's cached copy is gone."""
    await redis.set(attributes_cache_key("P1"), "stale")
    await _store(mongo_db, redis, _validated("red"))
    assert await redis.get(attributes_cache_key("P1")) is None


async def test_request_status_is_persisted(mongo_db: AsyncDatabase[Document], redis: Redis) -> None:
    """The final stage and its timestamps outlive the Redis hash, in request_status."""
    await _store(mongo_db, redis, _validated("red"))
    status = await mongo_db[REQUEST_STATUS].find_one({"_id": "r1"})
    assert status is not None
    assert status["stage"] == "stored"
    assert set(status["stages"]) == {"accepted", "generated", "validated", "stored"}
    # The hash (which had the source) is deleted once stored: MongoDB keeps it.
    assert status["source"] == "api"


async def test_quarantine_record_is_persisted_once(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """Persisting the same quarantine record twice keeps one document with its reasons."""
    record = QuarantineRecord(
        quarantine_id="attrgen.generated:1-0",
        stage="validator",
        source_stream="attrgen.generated",
        source_message_id="1-0",
        reasons=["missing_required"],
        request=_validated("red").request,
        product_type="kurta",
    )
    persist = next(s for s in build_router(mongo_db, redis).subscribers if s.stream == QUARANTINE)
    assert persist.batch_handler is not None
    for _ in range(2):
        await persist.batch_handler([Delivery(QUARANTINE, "9-0", record, 1)])
    documents = await mongo_db[QUARANTINE_RECORDS].find({}).to_list()
    assert len(documents) == 1
    assert documents[0]["_id"] == "attrgen.generated:1-0"
    assert documents[0]["reasons"] == ["missing_required"]
    assert documents[0]["product_id"] == "P1"
    status = await mongo_db[REQUEST_STATUS].find_one({"_id": "r1"})
    assert status is not None
    assert status["stage"] == "quarantined"
    assert status["quarantine_id"] == "attrgen.generated:1-0"
