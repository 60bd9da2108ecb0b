"""The ``attrgen`` command line: local stack, demo, evaluation, config versions."""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Annotated

import httpx
import typer

from attrgen import airflow_command
from attrgen.backfills_command import app as backfills_app
from attrgen.bench_command import bench_command
from attrgen.config_command import app as config_app
from attrgen.eval_command import eval_command
from attrgen.local import stack
from attrgen.quarantine_command import app as quarantine_app
from attrgen.requests_command import app as requests_app
from attrgen.streams_command import app as streams_app

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
app.command("eval")(eval_command)
app.command("bench")(bench_command)
app.add_typer(config_app, name="config")
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(streams_app, name="streams")
app.add_typer(requests_app, name="requests")
app.add_typer(backfills_app, name="backfills")
app.add_typer(airflow_command.app, name="airflow")


def _gateway_url(url: str | None) -> str:
    if url:
        return url
    running = stack.Stack.load()
    if running is None:
        raise typer.BadParameter("no local stack is running; 'attrgen up' or pass --gateway")
    return running.gateway_url


@app.command()
def prepare() -> None:
    """Install what the local stack needs: redis-server and the MongoDB stand-in."""
    stack.prepare()
    typer.echo("ready: redis-server and the MongoDB stand-in are installed")


@app.command()
def up(
    generators: Annotated[
        int, typer.Option(min=1, help="generator processes, sharing one consumer group")
    ] = 1,
    with_airflow: Annotated[
        bool, typer.Option("--airflow", help="also start Airflow (see 'attrgen airflow')")
    ] = False,
) -> None:
    """Start Redis, the MongoDB stand-in and the four services in the background."""
    try:
        running = stack.up(generators=generators)
    except (RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"gateway: {running.gateway_url}  (API docs: {running.gateway_url}/docs)")
    typer.echo(f"redis:   {running.redis_url}")
    typer.echo(f"mongodb: {running.mongo_uri}")
    typer.echo(f"logs:    {running.logs}")
    if with_airflow:
        airflow_command.start(running)


@app.command()
def status() -> None:
    """Show which local processes run."""
    running = stack.Stack.load()
    if running is None:
        typer.echo("not running")
        raise typer.Exit(1)
    for name, pid in running.pids.items():
        state = "running" if stack.alive(pid) else "DEAD"
        typer.echo(f"{name:<10} pid {pid:<8} {state}")
    typer.echo(f"gateway: {running.gateway_url}   logs: {running.logs}")
    typer.echo(f"redis:   {running.redis_url}   (redis-cli -u {running.redis_url})")
    typer.echo(f"mongodb: {running.mongo_uri}")
    for name, url in running.metrics.items():
        typer.echo(f"metrics: {name:<10} {url}")
    try:
        active = httpx.get(f"{running.gateway_url}/v1/configs/active", timeout=2).json()
        typer.echo(f"config:  {active['version']} (epoch {active['epoch']})")
    except (httpx.HTTPError, ValueError, KeyError):
        typer.echo("config:  unknown (gateway not answering)")


@app.command()
def down() -> None:
    """Stop the local stack cleanly (services first, then the servers)."""
    stopped = stack.down()
    typer.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")


@app.command()
def demo(
    gateway: Annotated[str | None, typer.Option(help="gateway URL (default: local stack)")] = None,
    timeout: Annotated[float, typer.Option(help="seconds to wait for results")] = 90,
) -> None:
    """Submit the sample catalog and print the attributes and quarantine reasons."""
    from attrgen.demo import run_demo

    url = _gateway_url(gateway or os.environ.get("ATTRGEN_GATEWAY_URL"))
    try:
        run_demo(url, timeout)
    except (httpx.HTTPError, TimeoutError) as exc:
        typer.echo(f"error: demo against {url} failed: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command("hash-key")
def hash_key_command(
    key: Annotated[str, typer.Argument(help="the API key (or '-' to read it from stdin)")],
) -> None:
    """Print the SHA-256 a key is configured as in ATTRGEN_GATEWAY_API_KEYS."""
    secret = sys.stdin.readline().strip() if key == "-" else key
    typer.echo(hashlib.sha256(secret.encode()).hexdigest())


def main() -> None:
    app()
