"""A chunk is published only while the generator keeps up; the step says why it waits."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.backfill.params import BackfillParams
from shared.backfill.steps import Run
from shared.configs.bundle import read_directory
from shared.configs.versions import ConfigVersions
from shared.mongo import Document
from shared.names import GENERATOR_GROUP, REQUESTS
from tests.shared.backfill.catalog import catalog, write_jsonl


async def test_publishing_waits_while_the_generator_lags(
    redis: Redis, mongo_db: AsyncDatabase[Document], tmp_path: Path
) -> None:
    await ConfigVersions(mongo_db).seed(read_directory())
    # A generator group 30 entries behind, with nobody reading: lag 30.
    await redis.xgroup_create(REQUESTS, GENERATOR_GROUP, id="0", mkstream=True)
    for i in range(30):
        await redis.xadd(REQUESTS, {"data": str(i)})
    source = write_jsonl(tmp_path / "c.jsonl", catalog(25), {})
    params = BackfillParams.model_validate(
        {"source": {"kind": "jsonl", "path": str(source)}, "chunk_size": 10, "max_lag": 35}
    )
    run = Run(redis, mongo_db, "throttled")
    await run.prepare("backfill", params, "test")

    step = await run.publish()
    # Lag 30 <= 35: one chunk goes (lag 40), the next waits; never more than one chunk over.
    assert not step.done
    assert step.chunks == 1
    assert step.published == 10
    assert step.waiting == "generator lag 40 > 35"
    assert await redis.xlen(REQUESTS) == 40

    # The generator catches up: the run resumes where it stopped.
    await redis.xgroup_setid(REQUESTS, GENERATOR_GROUP, id="$", entries_read=40)
    step = await run.publish()
    assert step.done
    assert step.published == 15
    assert await redis.xlen(REQUESTS) == 55
    document, _ = await run.load()
    assert document["pressure"]["waits"] == 1
    assert document["pressure"]["max_lag_before_chunk"] == 30


async def test_requests_not_done_by_the_timeout_are_reported_as_timed_out(
    redis: Redis, mongo_db: AsyncDatabase[Document], tmp_path: Path
) -> None:
    await ConfigVersions(mongo_db).seed(read_directory())
    source = write_jsonl(tmp_path / "c.jsonl", catalog(5), {})
    params = BackfillParams.model_validate(
        {"source": {"kind": "jsonl", "path": str(source)}, "completion_timeout_s": 0.2}
    )
    run = Run(redis, mongo_db, "nobody-processes")  # no pipeline runs here
    await run.prepare("backfill", params, "test")
    assert (await run.publish()).done
    await asyncio.sleep(0.3)
    assert await run.settle()  # gave up waiting
    report = await run.report()
    assert report["state"] == "timed_out"
    assert report["timed_out"] == report["published"] == 5
    assert report["stored"] == report["quarantined"] == 0
