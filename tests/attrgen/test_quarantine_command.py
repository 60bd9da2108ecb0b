"""``attrgen quarantine`` against the real pipeline, as an operator would run it."""

from __future__ import annotations

import json
import time
from typing import Any

from typer.testing import CliRunner

from attrgen.cli import app
from tests.fixtures.pipeline import Pipeline, pipeline
from tests.services.gateway.replay_cases import learn_haldi, quarantined, wait_stage

__all__ = ["pipeline"]


def _run(pipeline: Pipeline, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["quarantine", *args, "--url", pipeline.url])
    return result.exit_code, result.stdout, result.stderr


def _json(pipeline: Pipeline, *args: str) -> Any:
    code, out, err = _run(pipeline, *args, "--json")
    assert code == 0, out + err
    return json.loads(out)


def test_quarantine_fix_dry_run_replay_story(pipeline: Pipeline) -> None:
    """List, dry-run (would quarantine), fix the config, dry-run (would store), replay
    with a progress bar and summary, replay again (skipped), show the lineage."""
    with pipeline.client() as client:
        ids = quarantined(client, "CLI", 3)
    listed = _json(pipeline, "list", "--reason", "unknown_value")
    assert sorted(i["quarantine_id"] for i in listed["items"]) == sorted(ids)

    before = _json(pipeline, "replay", "--reason", "unknown_value", "--dry-run")
    assert before["would_quarantine"] == 3
    assert before["would_quarantine_by_reason"] == {"unknown_value": 3}

    with pipeline.client() as client:
        learn_haldi(client)
    code, out, err = _run(pipeline, "replay", "--reason", "unknown_value", "--dry-run")
    assert code == 0, out + err
    assert "would store" in out
    assert "primary_color" in out

    code, out, err = _run(pipeline, "replay", "--reason", "unknown_value", "--replayed", "none")
    assert code == 0, out + err
    assert "3/3" in err  # the progress bar, on stderr
    assert "published" in out
    again = _json(pipeline, "replay", "--reason", "unknown_value")
    assert again["already_replayed"] == 3
    assert again["published"] == 0

    record = _json(pipeline, "show", ids[0])
    (replay,) = record["replays"]
    with pipeline.client() as client:
        assert wait_stage(client, replay["request_id"])["stage"] == "stored"
    deadline = time.monotonic() + 10
    while _json(pipeline, "list", "--replayed", "stored")["total"] < 3:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    code, out, _ = _run(pipeline, "show", ids[0])
    assert code == 0
    assert "replays" in out
    assert "stored" in out


def test_replay_without_ids_or_filter_is_a_usage_error(pipeline: Pipeline) -> None:
    """Exit code 2, and nothing published, when nothing selects the records."""
    code, _, err = _run(pipeline, "replay")
    assert code == 2
    assert "filter" in err


def test_unknown_record_is_a_usage_error(pipeline: Pipeline) -> None:
    """A 404 from the gateway ends the command with exit code 2 and one line."""
    code, _, err = _run(pipeline, "show", "nope")
    assert code == 2
    assert "not found" in err
