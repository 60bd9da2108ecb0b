"""``attrgen config``: push, inspect, dry-run, activate and roll back config versions."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from attrgen import config_view
from attrgen.api_client import JsonOption, UrlOption, print_json, session

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Push, inspect, dry-run, activate and roll back config versions.",
)
console = Console()


def _out(body: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    if as_json:
        print_json(body)
    else:
        render(body)


@app.command()
def show(
    version: Annotated[str | None, typer.Argument(help="default: the active version")] = None,
    files: Annotated[bool, typer.Option(help="print every file's text too")] = False,
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one version (default: the active one)."""
    with session(api) as client:
        name = version or client.get("/v1/configs/active")["version"]
        body = client.get(f"/v1/configs/{name}")

    def render(body: dict[str, Any]) -> None:
        console.print(f"[bold]{body['version']}[/bold]  {body['state']}")
        for key in ("created_at", "author", "comment", "parent", "content_hash"):
            console.print(f"  {key:<13} {body.get(key) or ''}")
        console.print(f"  {'types':<13} {', '.join(body['validation']['product_types'])}")
        for file_name, text in sorted(body["files"].items()):
            console.print(f"  file {file_name} ({len(text.splitlines())} lines)")
            if files:
                console.print(text, markup=False, highlight=False)

    _out(body, as_json, render)


@app.command()
def diff(
    target: Annotated[str, typer.Argument(help="version to compare")],
    base: Annotated[str | None, typer.Option(help="default: the active version")] = None,
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changes from BASE (default: active) to TARGET."""
    with session(api) as client:
        body = client.get("/v1/configs/diff", target=target, base=base)
    _out(body, as_json, lambda b: console.print(config_view.diff_tree(b)))


@app.command()
def push(
    files: Annotated[list[Path], typer.Argument(help="YAML/JSON config files", exists=True)],
    replace: Annotated[
        bool, typer.Option(help="FILES are the whole bundle (default: merged into base)")
    ] = False,
    remove: Annotated[list[str] | None, typer.Option(help="file name to drop")] = None,
    base: Annotated[str | None, typer.Option(help="version to change (default: active)")] = None,
    comment: Annotated[str | None, typer.Option("--comment", "-m")] = None,
    author: Annotated[str | None, typer.Option(help="default: your user name")] = None,
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Store FILES as a new draft version (checked; nothing goes live)."""
    body = {
        "files": [{"name": f.name, "content": f.read_text(encoding="utf-8")} for f in files],
        "remove": remove or [],
        "replace": replace,
        "base": base,
        "author": author or getpass.getuser(),
        "comment": comment,
    }
    with session(api) as client:
        pushed = client.post("/v1/configs", body)

    def render(pushed: dict[str, Any]) -> None:
        state = "new draft" if pushed["created"] else "already stored"
        console.print(f"[bold]{pushed['version']}[/bold] ({state}, parent {pushed['parent']})")
        console.print(config_view.diff_tree(pushed["diff"]))
        console.print(f"next: attrgen config dry-run {pushed['version']}")

    _out(pushed, as_json, render)


def _products(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    products: list[dict[str, Any]] = data["products"] if isinstance(data, dict) else data
    return products


@app.command("dry-run")
def dry_run(
    version: Annotated[str, typer.Argument(help="version to try")],
    sample: Annotated[
        str, typer.Option(help="stored or quarantined: the last N such products")
    ] = "stored",
    limit: Annotated[int, typer.Option(help="sample size")] = 100,
    products: Annotated[
        Path | None, typer.Option(help="JSON list / {'products': [...]} / JSONL", exists=True)
    ] = None,
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """What VERSION would change against the active one, without going live."""
    body: dict[str, Any] = {"limit": limit}
    if products is not None:
        body["products"] = _products(products)
    else:
        body["sample"] = sample
    with session(api) as client:
        report = client.post(f"/v1/configs/{version}:dry-run", body)
    _out(report, as_json, lambda r: config_view.dry_run_report(console, r))


@app.command()
def activate(
    version: Annotated[str, typer.Argument(help="version to make active")],
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make VERSION active; running workers switch to it without a restart."""
    with session(api) as client:
        pointer = client.post(f"/v1/configs/{version}:activate", {"by": getpass.getuser()})
    _out(pointer, as_json, lambda p: console.print(f"active: {p['version']} (epoch {p['epoch']})"))


@app.command()
def rollback(api: UrlOption = None, as_json: JsonOption = False) -> None:
    """Make the previously active version active again."""
    with session(api) as client:
        pointer = client.post("/v1/configs:rollback", {"by": getpass.getuser()})
    _out(pointer, as_json, lambda p: console.print(f"active: {p['version']} (epoch {p['epoch']})"))


@app.command()
def history(
    limit: Annotated[int, typer.Option(help="rows")] = 20,
    api: UrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Activations and rollbacks, then stored versions, newest first."""
    with session(api) as client:
        body = {
            "activations": client.get("/v1/configs/history", limit=limit)["items"],
            "versions": client.get("/v1/configs", limit=limit)["items"],
        }

    def render(body: dict[str, Any]) -> None:
        console.print(config_view.history_table(body["activations"]))
        console.print(config_view.versions_table(body["versions"]))

    _out(body, as_json, render)
