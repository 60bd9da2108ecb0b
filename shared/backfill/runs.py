"""A run's documents in MongoDB: ``backfill_runs`` (params, progress, report) and
``backfill_items`` (one per source row: the request it became and how it ended).

The report is counted from the items, not from counters bumped along the way, so a
retried task or a step cut short cannot make the figures disagree with what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.errors import NotFoundError
from shared.mongo import DUPLICATE_KEY, Document, by_id
from shared.names import BACKFILL_ITEMS, BACKFILL_RUNS

Kind = Literal["backfill", "regenerate"]
Outcome = Literal["pending", "unchanged", "stored", "quarantined", "timed_out", "would_publish"]
# The report lists this many bad rows (all are counted): enough to fix a file by.
BAD_ROWS_LISTED = 200


def item_id(run_id: str, number: int) -> str:
    return f"{run_id}:{number}"


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    await db[BACKFILL_ITEMS].create_index([("item_id", ASCENDING)], unique=True)
    await db[BACKFILL_ITEMS].create_index([("run_id", ASCENDING), ("outcome", ASCENDING)])
    await db[BACKFILL_RUNS].create_index([("run_id", ASCENDING)], unique=True)
    await db[BACKFILL_RUNS].create_index([("created_at", DESCENDING)])


async def load(db: AsyncDatabase[Document], run_id: str) -> Document:
    document = await db[BACKFILL_RUNS].find_one(by_id("run_id", run_id))
    if document is None:
        raise NotFoundError("backfill run", run_id)
    return document


async def update(db: AsyncDatabase[Document], run_id: str, change: dict[str, Any]) -> None:
    await db[BACKFILL_RUNS].update_one(by_id("run_id", run_id), change)


async def add_items(db: AsyncDatabase[Document], items: Sequence[Document]) -> None:
    """Insert items; one already there (a retried chunk) is left as it is."""
    if not items:
        return
    # Upserts naming the unique item_id, not insert_many: the MongoDB stand-in checks a
    # new _id by scanning the collection (9 ms a document at 3,000 items, growing);
    # an equality on a uniquely indexed field keeps it flat (0.5 ms).
    ops = [
        UpdateOne(by_id("item_id", item["item_id"]), {"$setOnInsert": item}, upsert=True)
        for item in items
    ]
    try:
        await db[BACKFILL_ITEMS].bulk_write(ops, ordered=False)
    except BulkWriteError as exc:
        # Two writers of one new item race: the loser's insert is a duplicate key.
        if any(e.get("code") != DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
            raise


async def outcome_counts(db: AsyncDatabase[Document], run_id: str) -> dict[str, int]:
    pipeline: list[dict[str, Any]] = [
        {"$match": {"run_id": run_id}},
        {"$group": {"_id": "$outcome", "count": {"$sum": 1}}},
    ]
    cursor = await db[BACKFILL_ITEMS].aggregate(pipeline)
    return {str(row["_id"]): int(row["count"]) async for row in cursor}


async def reason_counts(db: AsyncDatabase[Document], run_id: str) -> dict[str, int]:
    pipeline: list[dict[str, Any]] = [
        {"$match": {"run_id": run_id, "outcome": "quarantined"}},
        {"$unwind": "$reasons"},
        {"$group": {"_id": "$reasons", "count": {"$sum": 1}}},
    ]
    cursor = await db[BACKFILL_ITEMS].aggregate(pipeline)
    counts = {str(row["_id"]): int(row["count"]) async for row in cursor}
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


async def recent(db: AsyncDatabase[Document], limit: int = 20) -> list[Document]:
    projection = {"_id": 0, "run_id": 1, "kind": 1, "state": 1, "created_at": 1, "report": 1}
    cursor = db[BACKFILL_RUNS].find({}, projection).sort("created_at", DESCENDING).limit(limit)
    return [d async for d in cursor]


def seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds(), 3)
