"""A process that starts while MongoDB is unreachable waits for it instead of exiting."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis

from shared.configs.process import followed_catalogs
from shared.mongo import connect_mongo
from shared.settings import CommonSettings
from tests.fixtures.faults import CuttableLink


async def test_catalogs_start_once_mongodb_comes_back(redis: Redis, mongo_uri: str) -> None:
    link = CuttableLink(mongo_uri)
    link.cut()
    uri = f"{link.uri}{'&' if '?' in link.uri else '?'}serverSelectionTimeoutMS=300"
    settings = CommonSettings(mongo_uri=uri, mongo_db=f"attrgen_test_{uuid.uuid4().hex[:8]}")
    mongo = connect_mongo(uri)

    async def open_catalogs() -> str:
        async with followed_catalogs(settings, redis, mongo[settings.mongo_db]) as catalogs:
            return catalogs.current.version

    try:
        started = asyncio.create_task(open_catalogs())
        await asyncio.sleep(1.5)
        assert not started.done()  # waiting, not crashed
        link.restore()
        version = await asyncio.wait_for(started, timeout=30)
        assert version
    finally:
        await mongo.drop_database(settings.mongo_db)
        await mongo.close()
        link.close()
