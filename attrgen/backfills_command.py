"""``attrgen backfills``: run a backfill or regeneration here, or read a run's report.

``run`` and ``regenerate`` execute the same library steps the Airflow DAGs do, in this
process, against ``REDIS_URL``/``MONGO_URI`` (else the stack ``attrgen up`` started);
``show`` and ``list`` read reports through the gateway, whoever ran them.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from attrgen.api_client import JsonOption, UrlOption, print_json, session
from attrgen.local import stack
from shared.backfill.drive import run_to_end
from shared.backfill.params import BackfillParams, RegenerateParams, RunParams
from shared.backfill.runs import Kind
from shared.backfill.sources import describe
from shared.errors import AttrgenError
from shared.logs import configure_logging
from shared.mongo import connect_mongo
from shared.redis_client import connect_redis
from shared.settings import CommonSettings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
console = Console(stderr=True)
out = Console()

ChunkOption = Annotated[int, typer.Option(help="products per chunk")]
RateOption = Annotated[float, typer.Option(help="products per second at most")]
LagOption = Annotated[int, typer.Option(help="publish only while generator lag <= this")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="count; publish nothing")]
RunIdOption = Annotated[
    str | None, typer.Option(help="run id (default: new); the same id resumes a run")
]


def _columns(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise typer.BadParameter(f"{pair!r}: expected FIELD=COLUMN", param_hint="--column")
        mapping[field.strip()] = column.strip()
    return mapping


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help=".jsonl (one product per line) or .csv file")],
    column: Annotated[
        list[str] | None,
        typer.Option(
            help="CSV: FIELD=COLUMN, e.g. product_id=SKU (repeat); other columns are specs"
        ),
    ] = None,
    chunk_size: ChunkOption = 500,
    max_rate: RateOption = 1_000.0,
    max_lag: LagOption = 5_000,
    dry_run: DryRunOption = False,
    run_id: RunIdOption = None,
    as_json: JsonOption = False,
) -> None:
    """Backfill a file: validate every row, publish in chunks, wait, report."""
    kind = "csv" if file.suffix.lower() == ".csv" else "jsonl"
    source: dict[str, Any] = {"kind": kind, "path": str(file.resolve())}
    if column:
        source["columns"] = _columns(column)
    conf = {"source": source, **_throttle(chunk_size, max_rate, max_lag, dry_run)}
    _execute("backfill", BackfillParams, conf, run_id, as_json)


@app.command()
def regenerate(
    product_type: Annotated[str | None, typer.Option(help="only this product type")] = None,
    reason: Annotated[
        str | None, typer.Option(help="also quarantined products with this reason code")
    ] = None,
    all_versions: Annotated[
        bool, typer.Option("--all", help="every product, not only older config versions")
    ] = False,
    chunk_size: ChunkOption = 500,
    max_rate: RateOption = 1_000.0,
    max_lag: LagOption = 5_000,
    dry_run: DryRunOption = False,
    run_id: RunIdOption = None,
    as_json: JsonOption = False,
) -> None:
    """Generate stored products again from the input they were submitted with."""
    selection: dict[str, Any] = {"older_than_active": not all_versions}
    if product_type:
        selection["product_type"] = product_type
    if reason:
        selection["quarantine_reason"] = reason
    conf = {"selection": selection, **_throttle(chunk_size, max_rate, max_lag, dry_run)}
    _execute("regenerate", RegenerateParams, conf, run_id, as_json)


def _throttle(chunk_size: int, max_rate: float, max_lag: int, dry_run: bool) -> dict[str, Any]:
    return {"chunk_size": chunk_size, "max_rate": max_rate, "max_lag": max_lag, "dry_run": dry_run}


def _execute(
    kind: Kind,
    model: type[BackfillParams] | type[RegenerateParams],
    conf: dict[str, Any],
    run_id: str | None,
    as_json: bool,
) -> None:
    try:
        params: RunParams = model.model_validate(conf)
    except ValidationError as exc:
        console.print(f"error: {describe(exc)}")
        raise typer.Exit(2) from exc
    # Progress goes to the terminal below; the library's own log lines only on trouble.
    configure_logging("WARNING", service="attrgen-backfills")
    ident = run_id or f"cli.{kind}.{uuid.uuid4().hex[:12]}"
    console.print(f"run {ident}")
    try:
        report = asyncio.run(_run(ident, kind, params))
    except AttrgenError as exc:
        console.print(f"error: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print_json(report)
    else:
        render_report(out, report)
    if report["state"] != "finished":
        raise typer.Exit(1)


async def _run(run_id: str, kind: Kind, params: RunParams) -> dict[str, Any]:
    redis_url, mongo_uri, db_name = _servers()
    redis = connect_redis(redis_url, timeout_s=30)
    mongo = connect_mongo(mongo_uri)
    try:
        return await run_to_end(
            redis, mongo[db_name], run_id, kind, params, origin="cli", progress=_progress
        )
    finally:
        await redis.aclose()
        await mongo.close()


def _servers() -> tuple[str, str, str]:
    settings = CommonSettings()
    running = stack.Stack.load()
    if running is None:
        return settings.redis_url, settings.mongo_uri, settings.mongo_db
    return (*stack.server_urls(running), settings.mongo_db)


def _progress(event: str, data: dict[str, Any]) -> None:
    if event == "prepared":
        console.print(f"source: {data['rows']} rows, {data['bad']} bad")
    elif event == "published":
        wait = f"  waiting: {data['waiting']}" if data.get("waiting") else ""
        console.print(
            f"published {data['published']} (unchanged {data['unchanged']}) "
            f"in {data['chunks']} chunks{wait}"
        )
    elif event == "settling":
        console.print("outcomes so far: " + ", ".join(f"{k} {v}" for k, v in sorted(data.items())))


@app.command()
def show(
    run_id: Annotated[str, typer.Argument(help="run id (Airflow: the DAG run's report says it)")],
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """One run's report, or its progress while it runs."""
    with session(url) as api:
        body = api.get(f"/v1/backfills/{run_id}")
    if as_json:
        print_json(body)
    elif body.get("report"):
        render_report(out, body["report"])
    else:
        out.print(f"run {body['run_id']} ({body['kind']}): {body['state']}")
        out.print(
            f"  source {body.get('source', {}).get('rows')} rows; progress {body.get('progress')}"
        )
        out.print(f"  outcomes so far {body.get('outcomes')}")


@app.command("list")
def list_runs(url: UrlOption = None, as_json: JsonOption = False) -> None:
    """The newest runs."""
    with session(url) as api:
        body = api.get("/v1/backfills")
    if as_json:
        print_json(body)
        return
    table = Table("run", "kind", "state", "rows", "stored", "quarantined", "unchanged", "bad")
    for run_ in body:
        report = run_.get("report") or {}
        table.add_row(
            run_["run_id"],
            run_["kind"],
            run_["state"],
            *(
                str(report.get(k, ""))
                for k in ("rows", "stored", "quarantined", "unchanged", "bad_rows")
            ),
        )
    out.print(table)


def render_report(console_: Console, report: dict[str, Any]) -> None:
    console_.print(
        f"[bold]{report['kind']} {report['run_id']}[/bold]: {report['state']}"
        f"{' (dry run)' if report.get('dry_run') else ''}, config {report['config_version']}"
    )
    table = Table("outcome", "count")
    for key in (
        "rows",
        "bad_rows",
        "unchanged",
        "published",
        "stored",
        "quarantined",
        "timed_out",
        "would_publish",
    ):
        table.add_row(key, str(report.get(key, 0)))
    console_.print(table)
    if report.get("quarantine_reasons"):
        console_.print(
            "quarantine reasons: "
            + ", ".join(f"{k} {v}" for k, v in report["quarantine_reasons"].items())
        )
    for sample in report.get("bad_row_samples", [])[:20]:
        console_.print(f"  line {sample['line']}: {sample['error']}")
    lag = report.get("lag", {})
    console_.print(
        f"{report['duration_s']} s, {report['throughput_per_s']} products/s, "
        f"{report['chunks']} chunks of {report['chunk_size']}; generator lag before a chunk "
        f"at most {lag.get('max_lag_before_chunk')} (threshold {lag.get('threshold')}), "
        f"after {lag.get('max_lag_after_chunk')}, {lag.get('waits')} waits"
    )
