"""``attrgen requests show KEY``: one request's story, from acceptance to the result."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from attrgen.api_client import JsonOption, UrlOption, print_json, session
from attrgen.quarantine_command import render_record

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Follow one request.")
console = Console()


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="request id, product id or quarantine id")],
    url: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stage timeline, attempts and errors, quarantine record, replays, stored attributes."""
    with session(url) as api:
        body = api.get(f"/v1/ops/requests/{key}")
    if as_json:
        print_json(body)
        return
    render_story(console, body)


def render_story(out: Console, body: dict[str, Any]) -> None:
    out.print(f"[bold]request {body['request_id']}[/bold]  product {body.get('product_id')}")
    out.print(f"  stage {body.get('stage')}  source {body.get('source') or '-'}")
    if body.get("replay_of"):
        origin = body.get("replay_origin") or {}
        reasons = ", ".join(origin.get("reasons", []))
        out.print(f"  replay of quarantine record {body['replay_of']} ({reasons})")
    timeline = Table("stage", "at", title="timeline")
    for step in body.get("timeline", []):
        timeline.add_row(step["stage"], step["at"])
    out.print(timeline)
    for flight in body.get("in_flight", []):
        out.print(
            f"  pending in {flight['stream']} / {flight['group']}: {flight['id']} held by "
            f"{flight['consumer']}, {flight['deliveries']} deliveries"
        )
        for attempt in flight.get("attempts", []):
            out.print(f"    {attempt['at']} {attempt['consumer']}: {attempt['error']}")
    if body.get("quarantine"):
        out.print("[bold]quarantine record[/bold]")
        render_record(out, body["quarantine"])
    stored = body.get("stored")
    if stored:
        which = "this request" if stored["from_this_request"] else stored["request_id"]
        out.print(
            f"[bold]stored attributes[/bold] (from {which}, config {stored['config_version']}, "
            f"completeness {stored.get('completeness')})"
        )
        table = Table("attribute", "value")
        for code, value in sorted(stored["attributes"].items()):
            table.add_row(code, ", ".join(value) if isinstance(value, list) else str(value))
        out.print(table)
    else:
        out.print("stored attributes: none")
