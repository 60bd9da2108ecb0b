"""Source files for backfill tests: sample-catalog variants, some invalid on purpose."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.pipeline import synthetic_products


def write_jsonl(path: Path, products: list[dict[str, Any]], bad_lines: dict[int, str]) -> Path:
    """``products`` one per line, with ``bad_lines`` (1-based line -> text) put in."""
    lines = [json.dumps(p) for p in products]
    for line, text in sorted(bad_lines.items()):
        lines.insert(line - 1, text)
    path.write_text("\n".join(lines) + "\n")
    return path


def catalog(n: int) -> list[dict[str, Any]]:
    return synthetic_products(n)
