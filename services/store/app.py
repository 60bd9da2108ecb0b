"""Store entry point: ``python -m services.store``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis

from services.store.handlers import build_router
from services.store.settings import StoreSettings
from shared.mongo import connect_mongo, ensure_indexes
from shared.settings import WorkerSettings
from shared.streams import Subscriber
from shared.streams.process import run_worker_process


@asynccontextmanager
async def resources(
    settings: WorkerSettings, redis: Redis
) -> AsyncIterator[Sequence[Subscriber[Any]]]:
    mongo = connect_mongo(settings.mongo_uri)
    try:
        db = mongo[settings.mongo_db]
        await ensure_indexes(db)
        yield build_router(db, redis).subscribers
    finally:
        await mongo.close()


def main() -> None:
    run_worker_process("store", StoreSettings(), resources)
