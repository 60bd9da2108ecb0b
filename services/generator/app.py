"""Generator entry point: ``python -m services.generator``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis

from services.generator.handlers import build_router
from services.generator.settings import GeneratorSettings
from shared.configs.process import followed_catalogs
from shared.mongo import connect_mongo
from shared.settings import WorkerSettings
from shared.streams import Subscriber
from shared.streams.process import run_worker_process


@asynccontextmanager
async def resources(
    settings: WorkerSettings, redis: Redis
) -> AsyncIterator[Sequence[Subscriber[Any]]]:
    # Matchers compile once per config version (here and on activation), never per message.
    mongo = connect_mongo(settings.mongo_uri)
    try:
        async with followed_catalogs(settings, redis, mongo[settings.mongo_db]) as catalogs:
            yield build_router(catalogs).subscribers
    finally:
        await mongo.close()


def main() -> None:
    run_worker_process("generator", GeneratorSettings(), resources)
