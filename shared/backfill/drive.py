"""Running a whole run in one process (the CLI, tests): the steps in a loop.

Airflow runs the same steps as separate tasks (``shared.backfill.tasks``); here the
waits are plain sleeps.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.backfill import runs
from shared.backfill.params import RunParams
from shared.backfill.steps import Published, Run
from shared.mongo import Document

Progress = Callable[[str, dict[str, Any]], None]


def run_id_for(*parts: str) -> str:
    """A run id safe in a URL path: ``backfill_catalog.manual-2026-12-02T04-05-26``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ".".join(parts)).strip("-")[:200]


async def run_to_end(
    redis: Redis,
    db: AsyncDatabase[Document],
    run_id: str,
    kind: runs.Kind,
    params: RunParams,
    *,
    origin: str = "cli",
    poll_s: float = 1.0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _event, _data: None)
    run = Run(redis, db, run_id)
    prepared = await run.prepare(kind, params, origin)
    say("prepared", prepared["source"])
    while True:
        step: Published = await run.publish()
        say(
            "published",
            {
                "chunks": step.chunks,
                "published": step.published,
                "unchanged": step.unchanged,
                "waiting": step.waiting,
            },
        )
        if step.done:
            break
        if step.waiting:
            await asyncio.sleep(poll_s)
    while not await run.settle():
        say("settling", await runs.outcome_counts(db, run_id))
        await asyncio.sleep(poll_s)
    report = await run.report()
    say("report", report)
    return report
