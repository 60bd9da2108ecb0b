"""A backfill run against the live pipeline: report, re-runs, retried chunks, regeneration."""

from __future__ import annotations

from pathlib import Path

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from shared.backfill import runs
from shared.backfill.drive import run_to_end
from shared.backfill.params import BackfillParams, RegenerateParams
from shared.backfill.steps import Run
from shared.mongo import Document, connect_mongo
from shared.names import BACKFILL_ITEMS, PRODUCT_ATTRIBUTES, REQUEST_STATUS
from shared.redis_client import connect_redis
from tests.fixtures.configs import activate, edit_value, push
from tests.fixtures.pipeline import Pipeline, pipeline
from tests.shared.backfill.catalog import catalog, write_jsonl

__all__ = ["pipeline"]

BAD = {3: "{not json", 10: '{"title": "no id"}', 11: "[1, 2]"}


def _params(path: Path, **extra: object) -> BackfillParams:
    return BackfillParams.model_validate(
        {"source": {"kind": "jsonl", "path": str(path)}, "chunk_size": 50, **extra}
    )


async def test_backfill_reports_every_row_and_a_second_run_publishes_nothing(
    pipeline: Pipeline, redis_url: str, mongo_uri: str, tmp_path: Path
) -> None:
    products = catalog(300)
    source = write_jsonl(tmp_path / "catalog.jsonl", products, BAD)
    redis = connect_redis(redis_url)
    mongo = connect_mongo(mongo_uri)
    db: AsyncDatabase[Document] = mongo[pipeline.mongo_db]
    try:
        first = await run_to_end(redis, db, "first", "backfill", _params(source), poll_s=0.2)
        assert first["rows"] == 303
        assert first["bad_rows"] == 3
        assert [s["line"] for s in first["bad_row_samples"]] == [3, 10, 11]
        assert "product_id: Field required" in first["bad_row_samples"][1]["error"]
        assert first["published"] == 300
        assert first["stored"] + first["quarantined"] == 300
        assert first["stored"] + first["quarantined"] + first["bad_rows"] == first["rows"]
        assert first["quarantined"] > 0  # the sample catalog has invalid variants
        assert sum(first["quarantine_reasons"].values()) >= first["quarantined"]
        assert first["chunks"] == 6
        statuses = await db[REQUEST_STATUS].count_documents({})
        assert statuses == 300

        second = await run_to_end(redis, db, "second", "backfill", _params(source), poll_s=0.2)
        assert second["published"] == 0
        assert second["unchanged"] == 300
        assert await db[REQUEST_STATUS].count_documents({}) == statuses

        # The same run again (a cleared DAG run): the stored report, nothing published.
        again = await run_to_end(redis, db, "first", "backfill", _params(source), poll_s=0.2)
        assert again["stored"] == first["stored"]
        assert await db[REQUEST_STATUS].count_documents({}) == statuses
    finally:
        await redis.aclose()
        await mongo.close()


async def test_a_retried_chunk_publishes_nothing_twice(
    pipeline: Pipeline, redis_url: str, mongo_uri: str, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "retry.jsonl", catalog(40), {})
    redis = connect_redis(redis_url)
    mongo = connect_mongo(mongo_uri)
    db: AsyncDatabase[Document] = mongo[pipeline.mongo_db]
    try:
        run = Run(redis, db, "retried")
        await run.prepare("backfill", _params(source, chunk_size=40), "test")
        assert (await run.publish()).published == 40
        first = {d["number"]: d["request_id"] async for d in db[BACKFILL_ITEMS].find({})}
        # A task that died after publishing but before recording: items and cursor lost.
        await db[BACKFILL_ITEMS].delete_many({"run_id": "retried"})
        await runs.update(
            db, "retried", {"$set": {"cursor": None}, "$unset": {"publish_finished_at": 1}}
        )
        step = await run.publish()
        assert step.done
        assert step.published == 40
        assert step.unchanged == 0
        again = {d["number"]: d["request_id"] async for d in db[BACKFILL_ITEMS].find({})}
        assert again == first  # the same requests: submit returned the first ones
    finally:
        await redis.aclose()
        await mongo.close()


async def test_regeneration_republishes_what_an_older_version_made(
    pipeline: Pipeline, redis_url: str, mongo_uri: str, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "regen.jsonl", catalog(60), {})
    redis = connect_redis(redis_url)
    mongo = connect_mongo(mongo_uri)
    db: AsyncDatabase[Document] = mongo[pipeline.mongo_db]
    try:
        stored = await run_to_end(redis, db, "before", "backfill", _params(source), poll_s=0.2)
        with httpx.Client(base_url=pipeline.url, timeout=30) as client:

            def more(value: dict[str, object]) -> None:
                value["aliases"] = [*value.get("aliases", []), "vermilion"]  # type: ignore[list-item]

            version = push(client, edit_value(client, "primary_color", "red", more))["version"]
            activate(client, version)
        older = {"config_version": {"$ne": version}}
        before = await db[PRODUCT_ATTRIBUTES].count_documents(older)
        assert before >= stored["stored"] > 0
        params = RegenerateParams.model_validate({"chunk_size": 25})
        report = await run_to_end(redis, db, "regen", "regenerate", params, poll_s=0.2)
        assert report["config_version"] == version
        assert report["rows"] == report["published"] == before
        assert report["stored"] == before
        assert await db[PRODUCT_ATTRIBUTES].count_documents(older) == 0
        # Run again: nothing is older any more, so nothing is selected.
        again = await run_to_end(redis, db, "regen-2", "regenerate", params, poll_s=0.2)
        assert again["rows"] == again["published"] == 0
    finally:
        await redis.aclose()
        await mongo.close()


async def test_a_dry_run_counts_and_publishes_nothing(
    pipeline: Pipeline, redis_url: str, mongo_uri: str, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "dry.jsonl", catalog(30), {2: "{"})
    redis = connect_redis(redis_url)
    mongo = connect_mongo(mongo_uri)
    db: AsyncDatabase[Document] = mongo[pipeline.mongo_db]
    try:
        before = await db[REQUEST_STATUS].count_documents({})
        report = await run_to_end(
            redis, db, "dry", "backfill", _params(source, dry_run=True), poll_s=0.2
        )
        assert report["dry_run"] is True
        assert report["rows"] == 31
        assert report["bad_rows"] == 1
        assert report["would_publish"] == 30
        assert report["published"] == 0
        assert await db[REQUEST_STATUS].count_documents({}) == before
        async with httpx.AsyncClient(base_url=pipeline.url) as client:
            shown = await client.get("/v1/backfills/dry")
            missing = await client.get("/v1/backfills/no-such-run")
        assert shown.json()["report"]["would_publish"] == 30
        assert missing.status_code == 404
        assert missing.json()["error"] == "not_found"
    finally:
        await redis.aclose()
        await mongo.close()
