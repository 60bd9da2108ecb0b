"""Quarantine records MongoDB refuses end up readable anyway (the dead-letter store)."""

from __future__ import annotations

import json

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from services.store.handlers import build_router
from shared.messages import GenerationRequest, QuarantineRecord, RawProduct
from shared.mongo import Document
from shared.names import QUARANTINE, QUARANTINE_DEAD, QUARANTINE_RECORDS
from shared.streams import encode
from tests.fixtures.streams import running_worker, wait_until


def _record_with_nul_key() -> QuarantineRecord:
    # A NUL byte cannot be part of a BSON key: MongoDB refuses the record as a document.
    product = RawProduct(product_id="P-nul", title="Kurta", vendor_specs={"Fab\x00ric": "Silk"})
    request = GenerationRequest(request_id="r-nul", idempotency_key="k", product=product)
    return QuarantineRecord(
        quarantine_id="attrgen.generated:5-0",
        stage="validator",
        source_stream="attrgen.generated",
        source_message_id="5-0",
        reasons=["unknown_value"],
        request=request,
        product_type="kurta",
    )


async def test_unstorable_record_is_saved_by_the_dead_letter_store(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """A record MongoDB rejects goes to the dead stream and is then saved as text."""
    await redis.xadd(QUARANTINE, encode(_record_with_nul_key()))  # type: ignore[arg-type]
    subscribers = build_router(mongo_db, redis).subscribers

    async def saved() -> Document | None:
        return await mongo_db[QUARANTINE_RECORDS].find_one({"_id": "attrgen.generated:5-0"})

    async with running_worker(redis, subscribers, max_deliveries=1):
        document = await wait_until(saved, timeout_s=20)
    assert await redis.xlen(QUARANTINE_DEAD) == 1
    assert document["reasons"] == ["unknown_value"]
    assert document["product_id"] == "P-nul"
    assert "dead_letter" in document
    original = json.loads(document["record_json"])
    assert original["request"]["product"]["vendor_specs"] == {"Fab\x00ric": "Silk"}
    pending = await redis.xpending(QUARANTINE_DEAD, "attrgen.dead-letter-store")
    assert pending["pending"] == 0
