"""``attrgen airflow setup|up``: Airflow (its own venv) beside the local stack."""

from __future__ import annotations

import subprocess
from pathlib import Path

import typer

from attrgen.local import airflow, stack

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


@app.command()
def setup() -> None:
    """Create or update .venv-airflow (Airflow 3 with airflow/constraints.txt, and attrgen)."""
    where = airflow.setup(say=typer.echo)
    typer.echo(f"airflow venv ready: {where}")


@app.command()
def up() -> None:
    """Start Airflow (standalone) for the running local stack; print the UI and login."""
    running = stack.Stack.load()
    if running is None:
        typer.echo("error: no local stack is running; 'attrgen up' first", err=True)
        raise typer.Exit(1)
    start(running)


def start(running: stack.Stack) -> None:
    if "airflow" in running.pids and stack.alive(running.pids["airflow"]):
        typer.echo(f"airflow: already running (pid {running.pids['airflow']})")
        return
    typer.echo("starting Airflow (db migrate, then standalone; up to a minute) ...")
    try:
        started = airflow.up(
            stack.home() / "airflow", Path(running.logs), *stack.server_urls(running)
        )
    except (RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    running.pids["airflow"] = started.pid
    running.save()
    typer.echo(f"airflow: {started.url}  (login {started.user} / {started.password})")
    typer.echo(f"         logs {started.log}; DAGs backfill_catalog, regenerate_products")


@app.command(
    "cli",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def airflow_cli(context: typer.Context) -> None:
    """Run the airflow command line against this stack's Airflow, e.g.
    ``attrgen airflow cli dags trigger backfill_catalog --conf '{"path": "/data/x.jsonl"}'``."""
    running = stack.Stack.load()
    if running is None:
        typer.echo("error: no local stack is running; 'attrgen up --airflow' first", err=True)
        raise typer.Exit(1)
    home = stack.home() / "airflow"
    env = airflow.environment(home, *stack.server_urls(running), airflow.port(home))
    done = subprocess.run([str(airflow.venv() / "bin" / "airflow"), *context.args], env=env)
    raise typer.Exit(done.returncode)
