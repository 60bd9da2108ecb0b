"""MongoDB through PyMongo's native async client: connection and indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS, REQUEST_STATUS

Document = dict[str, Any]
# MongoDB's error code for a write that breaks a unique index.
DUPLICATE_KEY = 11000


def by_id(id_field: str, value: str) -> Document:
    """A filter for the document whose ``_id`` is ``value``, also naming the uniquely
    indexed field that holds the same id (``product_id``, ``request_id`` ...).

    Real MongoDB serves ``{"_id": value}`` from its _id index either way. The local
    stand-in (mongoeco's memory engine) serves it from its index only when the document
    exists: a miss (an unknown id, a product not stored yet) reads every document in
    the collection, 7.5 -> 17.7 ms from 2,000 to 10,000 status documents (measured). An
    equality on a unique field keeps a miss as cheap as a hit there.
    """
    return {"_id": value, id_field: value}


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

    Request status is read by ``_id`` and by product (a product's latest request, for
    its story); products also by config version. The unique id
    fields exist for the store's upsert filters (see ``services.store.handlers``). The
    store, which owns the collections, runs this at start-up; it is idempotent.
    """
    await db[PRODUCT_ATTRIBUTES].create_index([("product_id", ASCENDING)], unique=True)
    await db[REQUEST_STATUS].create_index([("request_id", ASCENDING)], unique=True)
    # product_id alone, not with the stage time the story sorts on: a product has a few
    # requests to sort, and the stand-in uses a one-field index for an equality but
    # reads the whole collection for the compound one (1.3 against 26 ms at 10,000
    # statuses, measured; 22 ms with no index). Writes cost no more (within noise).
    await db[REQUEST_STATUS].create_index([("product_id", ASCENDING)])
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
