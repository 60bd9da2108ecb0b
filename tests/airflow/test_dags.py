"""The DAGs under Airflow itself: they import, document their params, and run
end to end with dag.test() against the live pipeline."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from shared.backfill import runs
from shared.backfill.drive import run_id_for
from shared.mongo import Document, connect_mongo
from shared.names import PRODUCT_ATTRIBUTES, REQUEST_STATUS
from tests.airflow.conftest import RunScript
from tests.fixtures.configs import activate, edit_value, push
from tests.fixtures.pipeline import Pipeline, pipeline
from tests.shared.backfill.catalog import catalog, write_jsonl

__all__ = ["pipeline"]


def test_every_dag_imports_and_documents_its_params(run_script: RunScript) -> None:
    found = run_script("check_dags.py")
    assert found["import_errors"] == {}
    assert set(found["dags"]) == {"backfill_catalog", "regenerate_products"}
    for dag_id, dag in found["dags"].items():
        assert dag_id in dag["doc_md"]
        assert dag["tasks"] == ["prepare", "publish", "wait_for_completion", "report"]
        assert all(dag["params"].values()), dag["params"]  # every param described
        # Waiting (pipeline behind, requests in flight) frees the worker slot.
        assert dag["sensor_modes"] == {"publish": "reschedule", "wait_for_completion": "reschedule"}


async def _report(mongo_uri: str, db_name: str, dag_id: str, airflow_run_id: str) -> Document:
    mongo = connect_mongo(mongo_uri)
    try:
        db: AsyncDatabase[Document] = mongo[db_name]
        document = await runs.load(db, run_id_for(dag_id, airflow_run_id))
        report: Document = document["report"]
        report["_requests"] = await db[REQUEST_STATUS].count_documents({})
        report["_older"] = await db[PRODUCT_ATTRIBUTES].count_documents(
            {"config_version": {"$ne": report["config_version"]}}
        )
        return report
    finally:
        await mongo.close()


async def test_backfill_catalog_then_again_then_regenerate_after_a_config_change(
    run_script: RunScript, pipeline: Pipeline, mongo_uri: str, tmp_path: Path
) -> None:
    source = write_jsonl(
        tmp_path / "seller.jsonl", catalog(200), {7: "{oops", 50: '{"title": "x"}'}
    )
    conf = json.dumps({"path": str(source), "chunk_size": 50, "max_lag": 1000})

    first = run_script("run_dag.py", "backfill_catalog", conf, mongo_db=pipeline.mongo_db)
    assert first["state"] == "success", first["log"]
    report = await _report(mongo_uri, pipeline.mongo_db, "backfill_catalog", first["run_id"])
    assert report["rows"] == 202
    assert report["bad_rows"] == 2
    assert [s["line"] for s in report["bad_row_samples"]] == [7, 50]
    assert report["stored"] + report["quarantined"] == report["published"] == 200
    assert report["_requests"] == 200
    assert report["origin"] == f"airflow:backfill_catalog/{first['run_id']}"

    second = run_script("run_dag.py", "backfill_catalog", conf, mongo_db=pipeline.mongo_db)
    assert second["state"] == "success", second["log"]
    again = await _report(mongo_uri, pipeline.mongo_db, "backfill_catalog", second["run_id"])
    assert again["published"] == 0
    assert again["unchanged"] == 200
    assert again["_requests"] == 200

    version = await asyncio.to_thread(_new_config_version, pipeline.url)
    async with httpx.AsyncClient(base_url=pipeline.url, timeout=30) as client:
        shown = await client.get(f"/v1/backfills/{run_id_for('backfill_catalog', first['run_id'])}")
    assert shown.status_code == 200
    assert shown.json()["report"]["stored"] == report["stored"]

    regen = run_script(
        "run_dag.py",
        "regenerate_products",
        json.dumps({"chunk_size": 100}),
        mongo_db=pipeline.mongo_db,
    )
    assert regen["state"] == "success", regen["log"]
    regenerated = await _report(
        mongo_uri, pipeline.mongo_db, "regenerate_products", regen["run_id"]
    )
    assert regenerated["config_version"] == version
    assert regenerated["published"] == regenerated["stored"] == report["stored"]
    assert regenerated["_older"] == 0


def _new_config_version(url: str) -> str:
    """Push and activate a version that differs from the active one (a new red alias)."""

    def more(value: dict[str, object]) -> None:
        value["aliases"] = [*value.get("aliases", []), "vermilion"]  # type: ignore[list-item]

    with httpx.Client(base_url=url, timeout=30) as client:
        version: str = push(client, edit_value(client, "primary_color", "red", more))["version"]
        activate(client, version)
    return version
