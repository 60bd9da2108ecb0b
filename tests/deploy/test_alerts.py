"""The shipped alert rules are valid and fire (or not) on the series meant for them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROMTOOL = shutil.which("promtool")

pytestmark = pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool not installed (Debian: apt-get install prometheus; .ci/run does it)",
)


def _promtool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_rules_and_scrape_config_are_valid() -> None:
    """promtool accepts the rules file and the compose scrape config."""
    rules = _promtool("check", "rules", "deploy/prometheus/alerts.yml")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    config = _promtool("check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_each_alert_fires_on_its_series_and_not_on_a_healthy_one() -> None:
    """promtool's unit tests of every rule pass."""
    result = _promtool("test", "rules", "alerts_test.yml", cwd=ROOT / "tests" / "deploy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout
