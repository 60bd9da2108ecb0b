"""Opening a process's catalogs: seed on first start, follow activations until closed."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import structlog
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure
from redis.asyncio import Redis

from shared.configs.bundle import read_directory
from shared.configs.runtime import Catalogs
from shared.configs.versions import ConfigVersions
from shared.mongo import Document, connect_mongo
from shared.settings import CommonSettings, WorkerSettings
from shared.streams import Router, Subscriber
from shared.streams.process import Resources

log = structlog.get_logger("attrgen.configs")


# A process starting while MongoDB is away or busy waits this long for it rather than
# exiting: a restarted worker (after a crash, during a MongoDB failover) must come back
# on its own, with or without a supervisor to restart it again.
START_WAIT_S = 120.0


async def _start(catalogs: Catalogs, seed: dict[str, str]) -> None:
    deadline = time.monotonic() + START_WAIT_S
    delay = 0.2
    while True:
        try:
            await catalogs.start(seed)
            return
        except ConnectionFailure as exc:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("config_store_unreachable", error=str(exc)[:200], retry_in_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


@asynccontextmanager
async def followed_catalogs(
    settings: CommonSettings, redis: Redis, db: AsyncDatabase[Document]
) -> AsyncIterator[Catalogs]:
    """Catalogs that follow the active version (polled every ``config_poll_ms``)."""
    catalogs = Catalogs(ConfigVersions(db), redis, settings.mongo_db)
    # The packaged (or ATTRGEN_CONFIG_DIR) configs are the seed: stored and activated
    # only when the database has no active version yet.
    await _start(catalogs, read_directory(settings.config_dir))
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
