"""Scoring and the eval command, on small invented products."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from attrgen.eval_command import eval_command
from attrgen.evaluation import Tally, micro, score_rows, score_value

ROWS = [
    {
        "id": "t1",
        "product_type": "saree",
        "input": {
            "title": "Woven Georgette Saree (Navy Blue)",
            "description": None,
            "brand": "Acme",
            "vendor_specs": {
                "Fabric": "Chiffon",
                "Occasion": "Party & Festive",
                "Sari Length": "5.5 m",
            },
        },
        "gold": {
            "primary_color": "navy_blue",
            "fabric": "chiffon",
            "occasion": ["festive", "party", "wedding"],
            "saree_length_m": 5.5,
        },
    },
    {
        "id": "t2",
        "product_type": "kurta",
        "input": {
            "title": "Women Rayon Kurta",
            "description": None,
            "brand": None,
            "vendor_specs": {},
        },
        "gold": {"primary_color": "red", "fabric": "rayon"},
    },
]


def test_enum_scores() -> None:
    """Equal is correct, different is wrong, absent is missing."""
    assert score_value("red", "red") == Tally(correct=1, predicted=1, gold=1)
    assert score_value("red", "blue") == Tally(predicted=1, gold=1, wrong=1)
    assert score_value("red", None) == Tally(gold=1)


def test_multi_enum_scores_per_code() -> None:
    """A multi_enum counts true positives, false positives and false negatives per code."""
    assert score_value(["a", "b"], ["b", "c"]) == Tally(correct=1, predicted=2, gold=2, wrong=1)


def test_number_within_two_percent() -> None:
    """5.55 for 5.5 is right (within 2%); 5.7 is wrong."""
    assert score_value(5.5, 5.55).correct == 1
    assert score_value(5.5, 5.7).wrong == 1


def test_bool_is_not_a_number() -> None:
    """A bool gold value is compared for equality, not with the number tolerance."""
    assert score_value(True, True).correct == 1
    assert score_value(False, 0.0).wrong == 1


def test_absent_gold_is_not_scored() -> None:
    """An attribute only predicted, not in gold, counts nowhere."""
    tallies = score_rows([({"fabric": "net"}, {"fabric": "net", "pattern": ["solid"]})])
    assert list(tallies) == ["fabric"]


def test_micro_and_core() -> None:
    """Micro sums the counts; the core micro keeps only the core six."""
    tallies = score_rows(
        [({"fabric": "net", "saree_type": "ikat"}, {"fabric": "net", "saree_type": "kota"})]
    )
    assert micro(tallies).precision == 0.5
    assert micro(tallies, ["fabric"]).precision == 1.0


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    return path


def _run(*args: str) -> str:
    app = typer.Typer()
    app.command()(eval_command)
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_normalize_json_report(dataset: Path) -> None:
    """normalize mode uses vendor specs; the JSON report has per-attribute and micro counts."""
    report = json.loads(_run(str(dataset), "--mode", "normalize", "--json"))
    assert report["mode"] == "normalize"
    assert report["attributes"]["primary_color"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
        "wrong": 0,
    }
    assert report["attributes"]["fabric"]["precision"] == 1.0
    assert report["attributes"]["occasion"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["micro"]["support"] == 8
    assert "core" in report


def test_extract_withholds_vendor_specs(dataset: Path, tmp_path: Path) -> None:
    """extract mode reads the title only; predictions are written one line per product."""
    out = tmp_path / "pred.jsonl"
    _run(str(dataset), "--mode", "extract", "--predictions", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["t1", "t2"]
    assert lines[0]["predicted"]["fabric"] == "georgette"
    assert lines[0]["predicted"]["primary_color"] == "navy_blue"
    assert "occasion" not in lines[0]["predicted"]


def test_table_output(dataset: Path) -> None:
    """Without --json the command prints a table with micro rows."""
    output = _run(str(dataset))
    assert "| fabric |" in output
    assert "**micro**" in output


def test_bad_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """A line that is not JSON stops the run with path:line, not a traceback."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "input": {"title": "Kurta"}, "gold": {}}\nnot json\n')
    app = typer.Typer()
    app.command()(eval_command)
    result = CliRunner().invoke(app, [str(path)], env={"COLUMNS": "400"})
    assert result.exit_code == 2
    assert "bad.jsonl:2: not JSON" in result.output
    assert "Traceback" not in result.output
