"""shared.mongo against a real server: the id filter and the indexes readers rely on."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document, by_id, ensure_indexes
from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS, REQUEST_STATUS


async def test_ensure_indexes_gives_request_status_a_product_index(
    mongo_db: AsyncDatabase[Document],
) -> None:
    await ensure_indexes(mongo_db)
    await ensure_indexes(mongo_db)  # idempotent: the store runs it at every start-up

    indexes = await mongo_db[REQUEST_STATUS].index_information()
    keys = {tuple(key for key, _ in index["key"]) for index in indexes.values()}
    assert ("product_id",) in keys  # a product's latest request, for its story
    assert ("request_id",) in keys
    unique = {tuple(k for k, _ in i["key"]) for i in indexes.values() if i.get("unique")}
    assert ("request_id",) in unique


async def test_by_id_finds_the_document_and_nothing_for_an_unknown_id(
    mongo_db: AsyncDatabase[Document],
) -> None:
    await ensure_indexes(mongo_db)
    products = mongo_db[PRODUCT_ATTRIBUTES]
    await products.insert_one({"_id": "SKU-1", "product_id": "SKU-1", "product_type": "saree"})

    found = await products.find_one(by_id("product_id", "SKU-1"))
    assert found is not None
    assert found["product_type"] == "saree"
    assert await products.find_one(by_id("product_id", "SKU-2")) is None
    assert by_id("quarantine_id", "q-1") == {"_id": "q-1", "quarantine_id": "q-1"}


async def test_by_id_updates_only_the_named_document(mongo_db: AsyncDatabase[Document]) -> None:
    await ensure_indexes(mongo_db)
    records = mongo_db[QUARANTINE_RECORDS]
    for record_id in ("q-1", "q-2"):
        await records.insert_one({"_id": record_id, "quarantine_id": record_id, "replays": {}})

    result = await records.update_one(by_id("quarantine_id", "q-2"), {"$set": {"seen": True}})
    missed = await records.update_one(by_id("quarantine_id", "q-3"), {"$set": {"seen": True}})

    assert (result.matched_count, missed.matched_count) == (1, 0)
    seen = [d["_id"] async for d in records.find({"seen": True})]
    assert seen == ["q-2"]
    assert await records.count_documents({}) == 2  # no upsert: a miss inserts nothing
