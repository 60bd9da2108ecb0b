"""Schemathesis against the live gateway: no 5xx, every response as documented.

Run as its CLI (all checks, every phase, stateful links from submit to status) on the
pipeline the other tests use; bounded so it adds about a minute on 2 shared cores.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fixtures.pipeline import Pipeline, keyed_pipeline

__all__ = ["keyed_pipeline"]
# Cases per operation and phase: ~20 operations stay within a couple of minutes.
MAX_EXAMPLES = 25
SEED = 11
CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_schemathesis_finds_nothing(keyed_pipeline: Pipeline, tmp_path: Path) -> None:
    """Generated requests, valid and not: no 5xx, status, headers and body as documented."""
    cli = Path(sys.executable).with_name("schemathesis")
    command = [
        str(cli),
        f"--config-file={CONFIG}",
        "run",
        f"{keyed_pipeline.url}/openapi.json",
        # Keys are on, as in compose: the run authenticates, and checks that requests
        # without or with a wrong key are refused.
        "--header=X-API-Key: admin",
        "--checks=all",
        f"--max-examples={MAX_EXAMPLES}",
        f"--seed={SEED}",
        "--generation-database=none",
        "--workers=1",
        "--request-timeout=20",
        "--no-color",
    ]
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    report = done.stdout + done.stderr
    (keyed_pipeline.logs / "schemathesis.txt").write_text(report)
    print(report)  # noqa: T201  # the report is what a failing CI run needs
    assert done.returncode == 0, report[-8_000:]
