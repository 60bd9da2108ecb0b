"""``attrgen config`` against the real pipeline, as an operator would run it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from attrgen.cli import app
from tests.fixtures.configs import FILES
from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]


def _run(pipeline: Pipeline, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["config", *args, "--api", pipeline.url])
    return result.exit_code, result.stdout, result.stderr


def test_push_dry_run_activate_rollback_from_the_command_line(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """The CLI round trip: push a new type, try it, activate it, roll it back."""
    code, out, _ = _run(pipeline, "push", str(FILES / "stole.yaml"), "--json", "-m", "stoles")
    assert code == 0, out
    pushed = json.loads(out)
    assert pushed["diff"]["product_types_added"] == ["stole"]
    version = pushed["version"]

    products = tmp_path / "stoles.jsonl"
    stole = {"product_id": "S-1", "product_type": "stole", "title": "Cotton Stole (Red)"}
    products.write_text(json.dumps(stole) + "\n")
    code, out, _ = _run(pipeline, "dry-run", version, "--products", str(products))
    assert code == 0, out
    assert "would leave quarantine: 1" in out

    code, out, _ = _run(pipeline, "activate", version)
    assert code == 0
    assert out.startswith(f"active: {version} (epoch ")
    code, out, _ = _run(pipeline, "history", "--json")
    assert json.loads(out)["activations"][0]["version"] == version
    code, out, _ = _run(pipeline, "rollback")
    assert code == 0
    assert version not in out


def test_bad_config_exits_2_naming_file_and_line(pipeline: Pipeline) -> None:
    """A bad file ends the command with one error line naming file:line and key, and
    the usage-error exit code every operating command gives a 4xx."""
    code, _, err = _run(pipeline, "push", str(FILES / "bad_stole.yaml"))
    assert code == 2
    assert "bad_stole.yaml:7 at 'attributes[0]'" in err
    assert "Traceback" not in err


def test_an_unreachable_gateway_exits_1_with_one_line() -> None:
    """No gateway at the URL: the system failing, not the operator (exit 1)."""
    result = CliRunner().invoke(app, ["config", "history", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot reach the gateway at http://127.0.0.1:9")
    assert "Traceback" not in result.stderr


def test_diff_renders_a_tree(pipeline: Pipeline) -> None:
    """``config diff`` shows added product types as + lines."""
    _, out, _ = _run(pipeline, "push", str(FILES / "stole.yaml"), "--json")
    code, out, _ = _run(pipeline, "diff", json.loads(out)["version"])
    assert code == 0
    assert "+ product type stole" in out
