"""``attrgen streams [pending STREAM GROUP]``: the streams as Redis sees them."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from attrgen.api_client import Api, JsonOption, UrlOption, print_json, session

app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help="Streams, groups, lag, pending work and consumers (dead ones flagged).",
)
console = Console()
WatchOption = Annotated[
    float | None, typer.Option("--watch", help="refresh every N seconds in place")
]


def _watch(every: float | None, fetch: Callable[[], Any], render: Callable[[Any], Any]) -> None:
    if every is None:
        console.print(render(fetch()))
        return
    with Live(render(fetch()), console=console, auto_refresh=False) as live:
        try:
            while True:
                time.sleep(every)
                live.update(render(fetch()), refresh=True)
        except KeyboardInterrupt:
            return


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.1f}s"
    return f"{seconds / 60:.1f}m" if seconds < 7200 else f"{seconds / 3600:.1f}h"


def render_streams(body: dict[str, Any]) -> Group:
    streams = Table(title="streams")
    for column in ("stream", "length", "first entry age", "last entry age"):
        streams.add_column(column, no_wrap=True)
    groups = Table(
        title=f"groups (claim {body['claim_idle_ms']} ms, poison at "
        f"{body['max_deliveries']} deliveries)"
    )
    for column in ("stream", "group", "lag", "pending", "oldest pending", "last delivered"):
        # Names are what an operator types into `streams pending`: never cut them.
        groups.add_column(column, no_wrap=True)
    groups.add_column("near poison")
    consumers = Table("stream", "group", "consumer", "pending", "idle", "state", title="consumers")
    for stream in body["streams"]:
        streams.add_row(
            stream["stream"],
            str(stream["length"]),
            _age(stream["first_entry_age_s"]),
            _age(stream["last_entry_age_s"]),
        )
        for group in stream["groups"]:
            near = group["near_poison"]
            groups.add_row(
                stream["stream"],
                group["group"],
                "?" if group["lag"] is None else str(group["lag"]),
                str(group["pending"]),
                _age(group["oldest_pending_age_s"]),
                group["last_delivered_id"],
                f"[yellow]{near}[/yellow]" if near else "0",
            )
            for consumer in group["consumers"]:
                consumers.add_row(
                    stream["stream"],
                    group["group"],
                    consumer["name"],
                    str(consumer["pending"]),
                    _age(consumer["idle_ms"] / 1000),
                    "[red]DEAD[/red]" if consumer["dead"] else "ok",
                )
    return Group(streams, groups, consumers)


@app.callback()
def streams(
    ctx: typer.Context,
    watch: WatchOption = None,
    dead_after_ms: Annotated[int | None, typer.Option(help="idle past this is dead")] = None,
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every attrgen.* stream: length, entry ages; every group: lag, pending, consumers."""
    if ctx.invoked_subcommand is not None:
        return
    with session(url) as api:
        fetch = _fetcher(api, "/v1/ops/streams", dead_after_ms=dead_after_ms)
        if as_json:
            print_json(fetch())
            return
        _watch(watch, fetch, render_streams)


def _fetcher(api: Api, path: str, **params: Any) -> Callable[[], Any]:
    return lambda: api.get(path, **params)


def render_pending(body: dict[str, Any]) -> Table:
    table = Table(title=f"pending in {body['stream']} / {body['group']}")
    for column in (
        "id",
        "consumer",
        "idle",
        "deliveries",
        "attempts",
        "request id",
        "product id",
    ):
        table.add_column(column)
    for item in body["items"]:
        table.add_row(
            item["id"],
            item["consumer"],
            _age(item["idle_ms"] / 1000),
            str(item["deliveries"]),
            str(item["attempts_recorded"]),
            str(item["request_id"]),
            str(item["product_id"]),
        )
    return table


@app.command()
def pending(
    stream: Annotated[str, typer.Argument(help="e.g. attrgen.requests")],
    group: Annotated[str, typer.Argument(help="e.g. attrgen.generator")],
    limit: Annotated[int, typer.Option(min=1, max=1_000)] = 100,
    consumer: Annotated[str | None, typer.Option(help="only this consumer's")] = None,
    watch: WatchOption = None,
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pending entries of one group: id, consumer, idle, deliveries, request, product."""
    with session(url) as api:
        path = f"/v1/ops/streams/{stream}/groups/{group}/pending"
        fetch = _fetcher(api, path, limit=limit, consumer=consumer)
        if as_json:
            print_json(fetch())
            return
        _watch(watch, fetch, render_pending)
