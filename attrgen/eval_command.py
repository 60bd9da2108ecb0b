"""``attrgen eval``: run the engine in-process over a labelled JSONL file and score it."""

from __future__ import annotations

import json
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from attrgen.evaluation import format_table, report, score_rows
from shared.catalog import Catalog, CatalogError
from shared.messages import AttributeData, RawProduct


class Mode(StrEnum):
    normalize = "normalize"
    extract = "extract"


def eval_command(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="JSONL shaped like dev.jsonl")
    ],
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode", help="normalize: with vendor specs; extract: title, description, brand"
        ),
    ] = Mode.normalize,
    json_output: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="write one JSON line per product")
    ] = None,
    config_dir: Annotated[
        Path | None, typer.Option("--config-dir", help="config directory (default: packaged)")
    ] = None,
) -> None:
    """Score generated attributes against the gold labels of a JSONL file."""
    try:
        catalog = Catalog.load(config_dir)
    except CatalogError as exc:
        raise typer.BadParameter(str(exc), param_hint="--config-dir") from exc
    rows = read_rows(path)
    outcomes = [run_row(catalog, row, mode.value) for row in rows]
    predicted = [attributes for attributes, _ in outcomes]
    tallies = score_rows((row.get("gold") or {}, p) for row, p in zip(rows, predicted, strict=True))
    held = quarantine_summary([reasons for _, reasons in outcomes])
    if predictions is not None:
        with predictions.open("w") as out:
            for row, p in zip(rows, predicted, strict=True):
                out.write(json.dumps({"id": row.get("id"), "predicted": p}) + "\n")
    if json_output:
        print(json.dumps({**report(mode.value, tallies), "would_quarantine": held}))
        return
    print(f"mode: {mode.value}  rows: {len(rows)}  config: {catalog.version}")
    print(format_table(tallies))
    reasons = ", ".join(f"{reason} {count}" for reason, count in held["reasons"].items())
    print(
        f"would quarantine: {held['count']} of {len(rows)} ({held['share']:.1%})"
        + (f"; {reasons}" if reasons else "")
    )


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The file's rows; a bad line stops the run with its file:line, not a traceback."""
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("input"), dict):
            raise typer.BadParameter(f"{path}:{number}: expected an object with an 'input' object")
        if not isinstance(row.get("gold", {}), dict):
            raise typer.BadParameter(f"{path}:{number}: 'gold' must be an object")
        rows.append(row)
    return rows


def row_product(row: dict[str, Any], mode: str) -> RawProduct:
    """The product an eval row describes; ``extract`` mode withholds the vendor specs."""
    given = row.get("input") or {}
    return RawProduct(
        product_id=str(row.get("id") or "row"),
        product_type=row.get("product_type"),
        title=given.get("title") or "untitled",
        description=given.get("description"),
        brand=given.get("brand"),
        vendor_specs=_specs(given) if mode == "normalize" else {},
    )


def predict(catalog: Catalog, row: dict[str, Any], mode: str) -> dict[str, AttributeData]:
    """The attributes the engine gives one row (validated, corrections applied)."""
    return run_row(catalog, row, mode)[0]


def run_row(
    catalog: Catalog, row: dict[str, Any], mode: str
) -> tuple[dict[str, AttributeData], list[str]]:
    """One row's attributes, and the reasons the pipeline would quarantine it (if any)."""
    generation = catalog.generate(row_product(row, mode))
    if generation.product_type is None:
        return {}, sorted({issue.reason for issue in generation.issues})
    # Scored whether or not the record would be quarantined: quality of the values
    # themselves is what is measured here.
    validation = catalog.validate(generation.product_type, generation.attributes, generation.issues)
    attributes = {code: value.value for code, value in validation.attributes.items()}
    return attributes, sorted({f"{e.attribute}:{e.reason}" for e in validation.errors})


def quarantine_summary(reasons: list[list[str]]) -> dict[str, Any]:
    """How many rows the validator would quarantine, and for what (attribute:reason)."""
    held = [r for r in reasons if r]
    counts = Counter(reason for row in held for reason in row)
    return {
        "count": len(held),
        "share": round(len(held) / len(reasons), 4) if reasons else 0.0,
        "reasons": dict(counts.most_common()),
    }


def _specs(given: dict[str, Any]) -> dict[str, str]:
    specs = given.get("vendor_specs") or {}
    return {str(k): str(v) for k, v in specs.items() if v is not None}
