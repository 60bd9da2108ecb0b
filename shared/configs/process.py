"""Opening a process's catalogs: seed on first start, follow activations until closed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.configs.bundle import read_directory
from shared.configs.runtime import Catalogs
from shared.configs.versions import ConfigVersions
from shared.mongo import Document, connect_mongo
from shared.settings import CommonSettings, WorkerSettings
from shared.streams import Router, Subscriber
from shared.streams.process import Resources


@asynccontextmanager
async def followed_catalogs(
    settings: CommonSettings, redis: Redis, db: AsyncDatabase[Document]
) -> AsyncIterator[Catalogs]:
    """Catalogs that follow the active version (polled every ``config_poll_ms``)."""
    catalogs = Catalogs(ConfigVersions(db), redis, settings.mongo_db)
    # The packaged (or ATTRGEN_CONFIG_DIR) configs are the seed: stored and activated
    # only when the database has no active version yet.
    await catalogs.start(read_directory(settings.config_dir))
    watcher = asyncio.create_task(catalogs.watch(settings.config_poll_ms / 1000))
    try:
        yield catalogs
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


def catalog_resources(build_router: Callable[[Catalogs], Router]) -> Resources:
    """A worker's resources when all it needs is the followed catalogs (generator,
    validator): MongoDB for the config versions, closed when the worker stops."""

    @asynccontextmanager
    async def resources(
        settings: WorkerSettings, redis: Redis
    ) -> AsyncIterator[Sequence[Subscriber[Any]]]:
        # Matchers compile once per config version (here and on activation), never per
        # message.
        mongo = connect_mongo(settings.mongo_uri)
        try:
            async with followed_catalogs(settings, redis, mongo[settings.mongo_db]) as catalogs:
                yield build_router(catalogs).subscribers
        finally:
            await mongo.close()

    return resources
