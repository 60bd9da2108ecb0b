"""Session servers and per-test clean state; see tests/fixtures/."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.mongo import Document, connect_mongo
from shared.redis_client import connect_redis
from tests.fixtures import figures
from tests.fixtures.servers import mongo_uri, redis_url, servers_dir

__all__ = ["mongo_uri", "redis_url", "servers_dir"]


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client on an empty database (the test servers are disposable), emptied again
    after: tests that run a whole pipeline on the same server expect no stray groups."""
    client = connect_redis(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def mongo_client(mongo_uri: str) -> AsyncIterator[AsyncMongoClient[Document]]:
    client = connect_mongo(mongo_uri)
    yield client
    await client.close()


@pytest.fixture
def mongo_db_name() -> str:
    return f"attrgen_test_{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def mongo_db(
    mongo_client: AsyncMongoClient[Document], mongo_db_name: str
) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of this test's own, dropped afterwards."""
    yield mongo_client[mongo_db_name]
    await mongo_client.drop_database(mongo_db_name)


def pytest_addoption(parser: pytest.Parser) -> None:
    figures.add_options(parser)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    figures.summary(terminalreporter, config)
