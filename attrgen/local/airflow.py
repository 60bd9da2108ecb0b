"""Airflow beside the local stack, in a virtualenv of its own.

Airflow 3 pins its own dependencies (an older FastAPI than the gateway's), so it gets
``.venv-airflow`` with ``airflow/constraints.txt`` and this project installed into it;
the DAGs in ``airflow/dags`` import the project's library from there.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from attrgen.local.ports import free_port, port_open

AIRFLOW_VERSION = "3.3.2"
ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "airflow" / "dags"
CONSTRAINTS = ROOT / "airflow" / "constraints.txt"
DAG_IDS = ("backfill_catalog", "regenerate_products")


def venv() -> Path:
    return Path(os.environ.get("ATTRGEN_AIRFLOW_VENV", ROOT / ".venv-airflow"))


def python() -> Path:
    return venv() / "bin" / "python"


def installed() -> bool:
    stamp = venv() / ".attrgen-installed"
    return stamp.exists() and stamp.stat().st_mtime >= _newest_input()


def _newest_input() -> float:
    return max(p.stat().st_mtime for p in (CONSTRAINTS, ROOT / "pyproject.toml"))


def setup(say: Callable[[str], None] = print) -> Path:
    """Create (or bring up to date) the Airflow venv; a no-op when it is current."""
    if installed():
        return venv()
    if not (venv() / "bin" / "python").exists():
        say(f"creating {venv()} ...")
        # The base interpreter, not this venv's: a venv made from inside a venv works,
        # but would keep pointing at ours.
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv())], check=True)
    say(f"installing apache-airflow {AIRFLOW_VERSION} and attrgen (about a minute) ...")
    pip = [str(python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run(
        [*pip, "-c", str(CONSTRAINTS), f"apache-airflow=={AIRFLOW_VERSION}", "-e", str(ROOT)],
        check=True,
    )
    (venv() / ".attrgen-installed").touch()
    return venv()


def environment(home: Path, redis_url: str, mongo_uri: str, port: int) -> dict[str, str]:
    """What every Airflow process of ours runs with: set before ``airflow`` is imported."""
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # A triggered run should run: the two DAGs are this stack's own.
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        # A laptop's worth of task slots (the default 32 processes is for servers); a
        # waiting sensor holds none of them.
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        # New DAG files show up within seconds rather than minutes.
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "PATH": f"{venv() / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }


@dataclass(frozen=True)
class Running:
    pid: int
    url: str
    user: str
    password: str | None
    log: Path


def up(home: Path, logs: Path, redis_url: str, mongo_uri: str, timeout_s: float = 180) -> Running:
    """``airflow standalone`` in the background (its own process group), once ready."""
    setup()
    home.mkdir(parents=True, exist_ok=True)
    port = 8080 if not port_open(8080) else free_port()
    (home / "api-port").write_text(str(port))
    env = environment(home, redis_url, mongo_uri, port)
    airflow = str(venv() / "bin" / "airflow")
    log = logs / "airflow.log"
    with log.open("ab") as out:
        subprocess.run(
            [airflow, "db", "migrate"], env=env, stdout=out, stderr=subprocess.STDOUT, check=True
        )
        process = subprocess.Popen(
            [airflow, "standalone"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"airflow standalone exited ({process.returncode}); see {log}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/api/v2/monitor/health", timeout=2).status_code == 200:
                user, password = login(home)
                if password is not None:
                    _unpause(airflow, env)
                    return Running(process.pid, url, user, password, log)
        time.sleep(1)
    raise RuntimeError(f"Airflow was not ready within {timeout_s:.0f}s; see {log}")


def _unpause(airflow: str, env: dict[str, str]) -> None:
    # DAGs registered by an earlier start keep the paused state they were created
    # with; new ones start unpaused (env above). Not parsed yet: nothing to unpause.
    for dag_id in DAG_IDS:
        subprocess.run(
            [airflow, "dags", "unpause", dag_id], env=env, capture_output=True, check=False
        )


def port(home: Path) -> int:
    """The API server's port of the Airflow ``up`` started in ``home``."""
    try:
        return int((home / "api-port").read_text())
    except (OSError, ValueError):
        return 8080


def login(home: Path) -> tuple[str, str | None]:
    """The admin user ``airflow standalone`` generated (simple auth manager)."""
    generated = home / "simple_auth_manager_passwords.json.generated"
    with contextlib.suppress(OSError, ValueError):
        users = json.loads(generated.read_text())
        user, password = next(iter(users.items()))
        return str(user), str(password)
    return "admin", None
