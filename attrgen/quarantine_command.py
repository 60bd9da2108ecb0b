"""``attrgen quarantine list|show|replay``: what was quarantined, and replaying it."""

from __future__ import annotations

import time
from collections import Counter
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from attrgen.api_client import (
    PARTIAL_FAILURE,
    Api,
    ApiError,
    JsonOption,
    UrlOption,
    print_json,
    session,
)

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="List, inspect and replay quarantined messages.",
)
console = Console()
Reason = Annotated[str | None, typer.Option(help="reason code, e.g. unknown_value")]
ProductType = Annotated[str | None, typer.Option(help="product type, e.g. kurta")]
Stage = Annotated[str | None, typer.Option(help="stage that quarantined: generator, validator …")]
ReplayState = Annotated[
    str | None, typer.Option("--replayed", help="none | pending | stored | quarantined")
]
Since = Annotated[str | None, typer.Option(help="quarantined at or after (ISO time)")]
Until = Annotated[str | None, typer.Option(help="quarantined before (ISO time)")]
# Records per replay call: the progress bar moves per call, and one failed call loses
# at most this many (they are safe to replay again).
CHUNK = 25


def _filters(**given: str | None) -> dict[str, str]:
    return {k: v for k, v in given.items() if v is not None}


@app.command("list")
def list_records(
    reason: Reason = None,
    product_type: ProductType = None,
    stage: Stage = None,
    replayed: ReplayState = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Quarantined messages, newest first."""
    query = _filters(
        reason=reason,
        product_type=product_type,
        stage=stage,
        replay=replayed,
        since=since,
        until=until,
    )
    with session(url) as api:
        page = api.get("/v1/quarantine", limit=limit, **query)
    if as_json:
        print_json(page)
        return
    table = Table(title=f"quarantine: {page['total']} records (showing {len(page['items'])})")
    for column in (
        "quarantine id",
        "product",
        "type",
        "stage",
        "reasons",
        "quarantined",
        "replays",
    ):
        table.add_column(column)
    for item in page["items"]:
        table.add_row(
            item["quarantine_id"],
            str(item.get("product_id")),
            str(item.get("product_type")),
            item.get("stage", ""),
            ", ".join(item.get("reasons", [])),
            str(item.get("quarantined_at", ""))[:19],
            _replays_cell(item.get("replays", [])),
        )
    console.print(table)


def _replays_cell(replays: list[dict[str, Any]]) -> str:
    if not replays:
        return "-"
    last = replays[-1]
    return f"{len(replays)} (last: {last.get('outcome', 'pending')})"


@app.command()
def show(
    quarantine_id: Annotated[str, typer.Argument(help="quarantine id")],
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """One record: reasons, per-attribute errors, attempts, replays, the product."""
    with session(url) as api:
        record = api.get(f"/v1/quarantine/{quarantine_id}")
    if as_json:
        print_json(record)
        return
    render_record(console, record)


def render_record(out: Console, record: dict[str, Any]) -> None:
    out.print(f"[bold]{record['quarantine_id']}[/bold]  stage {record.get('stage')}")
    out.print(f"  reasons     {', '.join(record.get('reasons', []))}")
    out.print(f"  product     {record.get('product_id')} ({record.get('product_type')})")
    out.print(f"  request     {record.get('request_id')}")
    if record.get("replay_of"):
        out.print(f"  replay of   {record['replay_of']}")
    out.print(f"  quarantined {record.get('quarantined_at')}")
    if record.get("detail"):
        out.print(f"  detail      {record['detail']}", markup=False)
    if record.get("errors"):
        errors = Table("attribute", "reason", "value", "detail", title="errors")
        for error in record["errors"]:
            errors.add_row(
                error["attribute"], error["reason"], str(error.get("value")), error["detail"]
            )
        out.print(errors)
    if record.get("attempts"):
        attempts = Table("at", "consumer", "error", title="attempts")
        for attempt in record["attempts"]:
            attempts.add_row(str(attempt["at"]), attempt["consumer"], attempt["error"])
        out.print(attempts)
    replays = record.get("replays") or []
    if replays:
        table = Table("request id", "at", "config", "outcome", "new quarantine id", title="replays")
        for replay in replays:
            table.add_row(
                replay.get("request_id", ""),
                str(replay.get("at", ""))[:19],
                str(replay.get("config_version", "")),
                replay.get("outcome", "pending"),
                replay.get("quarantine_id") or "",
            )
        out.print(table)


def _select(api: Api, ids: list[str], query: dict[str, str], limit: int) -> list[str]:
    """The ids to replay: given ones, else every record the filter lists, up to limit."""
    if ids:
        return ids[:limit]
    if not query:
        raise typer.BadParameter("give quarantine ids or at least one filter option")
    selected: list[str] = []
    offset: int | None = 0
    while offset is not None and len(selected) < limit:
        page = api.get(
            "/v1/quarantine", limit=min(500, limit - len(selected)), offset=offset, **query
        )
        selected.extend(item["quarantine_id"] for item in page["items"])
        offset = page["next_offset"]
    return selected


@app.command()
def replay(
    ids: Annotated[
        list[str] | None, typer.Argument(help="quarantine ids (else: the filter)")
    ] = None,
    reason: Reason = None,
    product_type: ProductType = None,
    stage: Stage = None,
    replayed: ReplayState = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="records at most")] = 1_000,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="what would happen; publish nothing")
    ] = False,
    force: Annotated[bool, typer.Option(help="replay even if replayed under this config")] = False,
    rate: Annotated[float, typer.Option(min=1, help="replays per second at most")] = 50,
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replay quarantined records (or dry-run them) through the gateway, with progress."""
    query = _filters(
        reason=reason,
        product_type=product_type,
        stage=stage,
        replay=replayed,
        since=since,
        until=until,
    )
    items: list[dict[str, Any]] = []
    failed = 0
    with session(url) as api:
        selected = _select(api, ids or [], query, limit)
        with _progress(as_json) as progress:
            task = progress.add_task("dry run" if dry_run else "replay", total=len(selected))
            for start in range(0, len(selected), CHUNK):
                chunk = selected[start : start + CHUNK]
                body = {
                    "filter": {"ids": chunk},
                    "limit": len(chunk),
                    "dry_run": dry_run,
                    "force": force,
                    "rate": rate,
                }
                done = _replay_chunk(api, body, progress)
                if done is None:
                    failed += len(chunk)
                else:
                    items.extend(done)
                progress.advance(task, len(chunk))
    summary = summarise(items, dry_run=dry_run, failed=failed)
    if as_json:
        print_json({**summary, "items": items})
    else:
        if dry_run:
            render_changes(console, items)
        render_summary(console, summary)
    if failed:
        raise typer.Exit(PARTIAL_FAILURE)


class RateColumn(ProgressColumn):
    """Records per second so far (rich's speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        # rich only estimates speed after a few updates; a short run has none yet.
        elapsed = task.finished_time if task.finished else task.elapsed
        speed = task.completed / elapsed if elapsed else None
        return Text(f"{speed:.1f}/s" if speed else "-/s")


# A busy pipeline (429) or a dependency restarting (503) is waited out this long per
# chunk: replaying a chunk again is safe, the idempotency key skips what was published.
RETRY_FOR_S = 300
RETRY_EVERY_S = 2


def _replay_chunk(api: Api, body: dict[str, Any], progress: Progress) -> list[Any] | None:
    """The chunk's items; None (after saying why) when it failed for good."""
    deadline = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            answer: list[Any] = api.post("/v1/quarantine:replay", body)["items"]
        except ApiError as exc:
            if exc.status < 500 and exc.status != 429:
                raise
            if time.monotonic() < deadline:
                time.sleep(RETRY_EVERY_S)
                continue
            progress.console.print(f"[red]{len(body['filter']['ids'])} records failed: {exc}")
            return None
        except httpx.TransportError as exc:
            progress.console.print(f"[red]{len(body['filter']['ids'])} records failed: {exc}")
            return None
        return answer


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=quiet,
        transient=False,
    )


def summarise(items: list[dict[str, Any]], *, dry_run: bool, failed: int = 0) -> dict[str, Any]:
    outcomes = Counter(item["outcome"] for item in items)
    reasons: Counter[str] = Counter()
    changes: Counter[str] = Counter()
    for item in items:
        if item["outcome"] == "would_quarantine":
            reasons.update(item.get("reasons") or ["unknown"])
        changes.update(list(item.get("changes") or {}))
    return {
        "dry_run": dry_run,
        "selected": len(items) + failed,
        "published": outcomes["published"],
        "already_replayed": outcomes["already_replayed"],
        "not_replayable": outcomes["not_replayable"],
        "would_store": outcomes["would_store"],
        "would_quarantine": outcomes["would_quarantine"],
        "would_quarantine_by_reason": dict(reasons),
        "attributes_changing": dict(changes),
        "failed": failed,
    }


# Records listed one by one in a dry run's text output (--json has them all).
SHOWN = 20


def render_changes(out: Console, items: list[dict[str, Any]]) -> None:
    """Per record: what would happen, why, and the attribute values that change."""
    table = Table("quarantine id", "product", "would", "reasons", "changes", title="dry run")
    for item in items[:SHOWN]:
        changes = "; ".join(
            f"{code}: {change['before']} -> {change['after']}"
            for code, change in (item.get("changes") or {}).items()
        )
        table.add_row(
            item["quarantine_id"],
            str(item.get("product_id")),
            item["outcome"].removeprefix("would_"),
            ", ".join(item.get("reasons") or []) or "-",
            changes or "-",
        )
    if len(items) > SHOWN:
        table.caption = f"{len(items) - SHOWN} more (--json lists all)"
    out.print(table)


def render_summary(out: Console, summary: dict[str, Any]) -> None:
    title = "dry run summary" if summary["dry_run"] else "replay summary"
    table = Table("outcome", "records", title=title)
    rows = (
        ("would store", "would quarantine")
        if summary["dry_run"]
        else ("published", "already replayed")
    )
    for label in (*rows, "not replayable", "failed"):
        table.add_row(label, str(summary[label.replace(" ", "_")]))
    for reason, count in sorted(summary["would_quarantine_by_reason"].items()):
        table.add_row(f"  would quarantine: {reason}", str(count))
    for code, count in sorted(summary["attributes_changing"].items()):
        table.add_row(f"  attribute changes: {code}", str(count))
    out.print(table)
