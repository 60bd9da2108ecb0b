"""services.gateway.story.resolve on real servers: what a story's key can name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from services.gateway.story import resolve
from shared.errors import NotFoundError
from shared.mongo import Document, ensure_indexes
from shared.names import QUARANTINE_RECORDS, REQUEST_STATUS

START = datetime(2026, 12, 1, tzinfo=UTC)


async def _statuses(db: AsyncDatabase[Document], products: list[str], minutes: list[int]) -> None:
    for n, (product_id, minute) in enumerate(zip(products, minutes, strict=True)):
        request_id = f"r-{n}"
        document = {
            "_id": request_id,
            "request_id": request_id,
            "product_id": product_id,
            "stage": "stored",
            "stages": {"accepted": START + timedelta(minutes=minute)},
        }
        await db[REQUEST_STATUS].insert_one(document)


async def test_a_product_id_names_its_latest_accepted_request(
    redis: Redis, mongo_db: AsyncDatabase[Document]
) -> None:
    await ensure_indexes(mongo_db)
    # r-3 is written last but was accepted first: "latest" is by acceptance, not by write.
    await _statuses(mongo_db, ["SKU-1", "SKU-2", "SKU-1", "SKU-1"], [0, 1, 2, -5])

    assert await resolve(redis, mongo_db, "SKU-1") == "r-2"
    assert await resolve(redis, mongo_db, "SKU-2") == "r-1"


async def test_a_request_id_or_a_quarantine_id_names_that_request(
    redis: Redis, mongo_db: AsyncDatabase[Document]
) -> None:
    await ensure_indexes(mongo_db)
    await _statuses(mongo_db, ["SKU-1"], [0])
    await mongo_db[QUARANTINE_RECORDS].insert_one(
        {"_id": "q-1", "quarantine_id": "q-1", "request_id": "r-9"}
    )

    assert await resolve(redis, mongo_db, "r-0") == "r-0"
    assert await resolve(redis, mongo_db, "q-1") == "r-9"
    with pytest.raises(NotFoundError):
        await resolve(redis, mongo_db, "SKU-404")
