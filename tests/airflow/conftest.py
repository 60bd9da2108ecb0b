"""Airflow's own venv (set up by the README's command if missing) and an AIRFLOW_HOME
with a migrated database, for the whole session."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from attrgen.local import airflow
from attrgen.local.ports import free_port

HERE = Path(__file__).parent
RunScript = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory, redis_url: str, mongo_uri: str) -> Path:
    airflow.setup()  # what `attrgen airflow setup` does; a no-op when current
    home = tmp_path_factory.mktemp("airflow-home")
    env = airflow.environment(home, redis_url, mongo_uri, free_port())
    subprocess.run(
        [str(airflow.venv() / "bin" / "airflow"), "db", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return home


@pytest.fixture
def run_script(airflow_home: Path, redis_url: str, mongo_uri: str) -> RunScript:
    """Run a script of this folder with the Airflow venv; its last line, as JSON."""

    def run(
        script: str, *args: str, mongo_db: str = "attrgen", timeout_s: float = 240
    ) -> dict[str, Any]:
        env = {
            **airflow.environment(airflow_home, redis_url, mongo_uri, free_port()),
            "ATTRGEN_MONGO_DB": mongo_db,
            "ATTRGEN_BACKFILL_POKE_S": "1",
        }
        done = subprocess.run(
            [str(airflow.python()), str(HERE / script), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        lines = done.stdout.strip().splitlines()
        assert lines, f"{script} printed nothing; stderr:\n{done.stderr[-3000:]}"
        try:
            result: dict[str, Any] = json.loads(lines[-1])
        except ValueError:
            raise AssertionError(
                f"{script}: {done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            ) from None
        result["log"] = done.stdout[-20000:] + done.stderr[-5000:]
        return result

    return run
