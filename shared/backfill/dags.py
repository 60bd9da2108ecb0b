"""The two DAGs, built here so the files in ``airflow/dags`` stay a few lines.

Airflow is imported inside :func:`build` only: this module is part of the library the
project's own venv type-checks, and only the Airflow venv has Airflow.

Each DAG is four tasks: ``prepare`` (read and check the source, create the run),
``publish`` and ``wait_for_completion`` (sensors in reschedule mode: between pokes the
worker slot is free, whether the pipeline is behind or requests are still in flight)
and ``report`` (kept in MongoDB ``backfill_runs``, printed to the task log, returned
as the run's XCom; the run fails when requests timed out).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from shared.backfill import tasks
from shared.backfill.drive import run_id_for
from shared.backfill.params import BackfillParams, RegenerateParams, Selection, Throttle
from shared.backfill.runs import Kind

# Seconds between pokes of the two sensors (tests shorten it).
POKE_S = float(os.environ.get("ATTRGEN_BACKFILL_POKE_S", "10"))
WEEK_S = 7 * 24 * 3600


def _described(model: type[Any], name: str) -> str:
    return str(model.model_fields[name].description or name)


def throttle_params() -> dict[str, dict[str, Any]]:
    return {
        "chunk_size": {"default": 500, "type": "integer", "minimum": 1, "maximum": 10_000},
        "max_rate": {"default": 1000.0, "type": "number", "exclusiveMinimum": 0},
        "max_lag": {"default": 5000, "type": "integer", "minimum": 1},
        "max_memory_share": {"default": 0.5, "type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "completion_timeout_s": {"default": 3600.0, "type": "number", "exclusiveMinimum": 0},
        "dry_run": {
            "default": False,
            "type": "boolean",
            "description": "read, validate and count; publish nothing",
        },
    }


def backfill_params() -> dict[str, dict[str, Any]]:
    return {
        "source_kind": {
            "default": "jsonl",
            "type": "string",
            "enum": ["jsonl", "csv", "mongo"],
            "description": "jsonl or csv file, or a MongoDB collection of raw products",
        },
        "path": {
            "default": os.environ.get("ATTRGEN_BACKFILL_SOURCE", ""),
            "type": "string",
            "description": "jsonl/csv: the file's path as the Airflow worker sees it",
        },
        "columns": {
            "default": {},
            "type": "object",
            "description": 'csv: product field -> column name, e.g. {"product_id": "SKU"}; '
            "other non-empty columns become vendor specs",
        },
        "spec_columns": {
            "default": None,
            "type": ["null", "array"],
            "description": "csv: only these columns are vendor specs",
        },
        "collection": {
            "default": "",
            "type": "string",
            "description": "mongo: collection of raw products in the attrgen database",
        },
        "filter": {"default": {}, "type": "object", "description": "mongo: a find() filter"},
        **throttle_params(),
    }


def regenerate_params() -> dict[str, dict[str, Any]]:
    return {
        "older_than_active": {"default": True, "type": "boolean"},
        "product_type": {"default": None, "type": ["null", "string"]},
        "quarantine_reason": {"default": None, "type": ["null", "string"]},
        "since": {"default": None, "type": ["null", "string"], "format": "date-time"},
        "until": {"default": None, "type": ["null", "string"], "format": "date-time"},
        **throttle_params(),
    }


def _descriptions(
    specs: dict[str, dict[str, Any]], *models: type[Any]
) -> dict[str, dict[str, Any]]:
    # One wording for each param: the model's field description, unless given here.
    for name, spec in specs.items():
        if "description" not in spec:
            model = next(m for m in models if name in m.model_fields)
            spec["description"] = _described(model, name)
    return specs


def build(
    dag_id: str, kind: Kind, doc_md: str, conf_of: Callable[[dict[str, Any]], dict[str, Any]]
) -> Any:
    import pendulum
    from airflow.sdk import Param, PokeReturnValue, dag, get_current_context, task

    specs = backfill_params() if kind == "backfill" else regenerate_params()
    models = (
        (Throttle, BackfillParams)
        if kind == "backfill"
        else (Throttle, RegenerateParams, Selection)
    )
    params = {name: Param(**spec) for name, spec in _descriptions(specs, *models).items()}

    @dag(
        dag_id=dag_id,
        schedule=os.environ.get(f"ATTRGEN_{kind.upper()}_SCHEDULE") or None,
        start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
        catchup=False,
        max_active_runs=1,
        params=params,
        doc_md=doc_md,
        tags=["attrgen"],
    )
    def pipeline() -> None:
        @task
        def prepare() -> str:
            context = get_current_context()
            run_id = run_id_for(dag_id, context["run_id"])
            conf = conf_of(dict(context["params"]))
            summary = tasks.prepare(kind, run_id, conf, f"airflow:{dag_id}/{context['run_id']}")
            print("source:", json.dumps(summary))  # noqa: T201 (the task log)
            return run_id

        # "run_id" would clash with Airflow's context key of that name.
        @task.sensor(poke_interval=POKE_S, mode="reschedule", timeout=WEEK_S)
        def publish(backfill_run: str) -> Any:
            done, step = tasks.publish(backfill_run)
            print("publish step:", json.dumps(step))  # noqa: T201
            return PokeReturnValue(is_done=done, xcom_value=backfill_run)

        @task.sensor(poke_interval=POKE_S, mode="reschedule", timeout=WEEK_S)
        def wait_for_completion(backfill_run: str) -> Any:
            done, counts = tasks.settle(backfill_run)
            print("outcomes so far:", json.dumps(counts))  # noqa: T201
            return PokeReturnValue(is_done=done, xcom_value=backfill_run)

        @task
        def report(backfill_run: str) -> dict[str, Any]:
            result = tasks.report(backfill_run)
            print("report:", json.dumps(result, indent=2, default=str))  # noqa: T201
            if result["state"] != "finished":
                raise RuntimeError(
                    f"{result['timed_out']} requests did not finish within the completion "
                    f"timeout; the report is in backfill_runs/{backfill_run}"
                )
            return result

        report(wait_for_completion(publish(prepare())))

    return pipeline()
