"""MongoDB through PyMongo's native async client: connection and indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS, REQUEST_STATUS

Document = dict[str, Any]


def connect_mongo(uri: str) -> AsyncMongoClient[Document]:
    # tz_aware: timestamps come back as aware UTC datetimes, like the messages carry.
    return AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=5_000)


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Create the indexes the API and the store rely on (idempotent, run at start-up)."""
    await db[PRODUCT_ATTRIBUTES].create_index([("product_type", ASCENDING)])
    await db[PRODUCT_ATTRIBUTES].create_index([("updated_at", DESCENDING)])
    await db[QUARANTINE_RECORDS].create_index([("reasons", ASCENDING)])
    await db[QUARANTINE_RECORDS].create_index([("product_type", ASCENDING)])
    await db[QUARANTINE_RECORDS].create_index([("quarantined_at", DESCENDING)])
    await db[QUARANTINE_RECORDS].create_index([("product_id", ASCENDING)])
    await db[REQUEST_STATUS].create_index([("product_id", ASCENDING)])


async def ping(client: AsyncMongoClient[Document]) -> None:
    # ``ping`` rather than ``buildinfo``: the local stand-in server answers only the former.
    await client.admin.command("ping")
