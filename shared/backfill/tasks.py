"""The steps as plain functions for Airflow tasks: each opens its own clients (from
``REDIS_URL`` / ``MONGO_URI``, read when the task runs), does one step, and closes them.

Kept free of Airflow imports, so the DAG files stay a few lines and this is tested
with the rest of the library.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.backfill import runs
from shared.backfill.steps import Run, parse_params
from shared.mongo import Document, connect_mongo
from shared.redis_client import connect_redis
from shared.settings import CommonSettings

T = TypeVar("T")


def _with_clients(work: Callable[[Redis, AsyncDatabase[Document]], Awaitable[T]]) -> T:
    settings = CommonSettings()

    async def main() -> T:
        redis = connect_redis(settings.redis_url, timeout_s=30)
        mongo = connect_mongo(settings.mongo_uri)
        try:
            return await work(redis, mongo[settings.mongo_db])
        finally:
            await redis.aclose()
            await mongo.close()

    return asyncio.run(main())


def prepare(kind: runs.Kind, run_id: str, conf: dict[str, Any], origin: str) -> dict[str, Any]:
    """Validate the params (ValueError naming the field) and read the source once."""
    params = parse_params(kind, conf)

    async def work(redis: Redis, db: AsyncDatabase[Document]) -> dict[str, Any]:
        document = await Run(redis, db, run_id).prepare(kind, params, origin)
        return {"run_id": run_id, **document["source"]}

    return _with_clients(work)


def publish(run_id: str) -> tuple[bool, dict[str, Any]]:
    """One publish step: (done, what it did)."""

    async def work(redis: Redis, db: AsyncDatabase[Document]) -> tuple[bool, dict[str, Any]]:
        step = await Run(redis, db, run_id).publish()
        return step.done, {
            "chunks": step.chunks,
            "published": step.published,
            "unchanged": step.unchanged,
            "waiting": step.waiting,
            "lag_after_chunks": step.lags,
        }

    return _with_clients(work)


def settle(run_id: str) -> tuple[bool, dict[str, int]]:
    """Record concluded requests: (none pending, counts by outcome so far)."""

    async def work(redis: Redis, db: AsyncDatabase[Document]) -> tuple[bool, dict[str, int]]:
        done = await Run(redis, db, run_id).settle()
        return done, await runs.outcome_counts(db, run_id)

    return _with_clients(work)


def report(run_id: str) -> dict[str, Any]:
    async def work(redis: Redis, db: AsyncDatabase[Document]) -> dict[str, Any]:
        return await Run(redis, db, run_id).report()

    return _with_clients(work)
