"""MongoDB through PyMongo's native async client: connection and indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS, REQUEST_STATUS

Document = dict[str, Any]
# MongoDB's error code for a write that breaks a unique index.
DUPLICATE_KEY = 11000


def connect_mongo(uri: str) -> AsyncMongoClient[Document]:
    # tz_aware: timestamps come back as aware UTC datetimes, like the messages carry.
    # A 5 s server selection unless the URI says otherwise (keyword arguments would
    # override the URI's own serverSelectionTimeoutMS).
    options: dict[str, Any] = {}
    if "serverselectiontimeoutms" not in uri.lower():
        options["serverSelectionTimeoutMS"] = 5_000
    return AsyncMongoClient(uri, tz_aware=True, **options)


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Indexes for the quarantine listing (filter by reason or type, newest first), and
    a unique index on each collection's id field.

    Request status is read by ``_id``; products also by config version. The unique id
    fields exist for the store's upsert filters (see ``services.store.handlers``). The
    store, which owns the collections, runs this at start-up; it is idempotent.
    """
    await db[PRODUCT_ATTRIBUTES].create_index([("product_id", ASCENDING)], unique=True)
    await db[REQUEST_STATUS].create_index([("request_id", ASCENDING)], unique=True)
    await db[QUARANTINE_RECORDS].create_index([("quarantine_id", ASCENDING)], unique=True)
    newest = ("quarantined_at", DESCENDING)
    await db[QUARANTINE_RECORDS].create_index([newest])
    await db[QUARANTINE_RECORDS].create_index([("reasons", ASCENDING), newest])
    await db[QUARANTINE_RECORDS].create_index([("product_type", ASCENDING), newest])
    # Finding products made with an older config version (regeneration's input).
    await db[PRODUCT_ATTRIBUTES].create_index([("config_version", ASCENDING)])


async def ping(client: AsyncMongoClient[Document]) -> None:
    # ``ping`` rather than ``buildinfo``: the local stand-in server answers only the former.
    await client.admin.command("ping")
