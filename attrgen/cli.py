"""The ``attrgen`` command line: local stack, demo, evaluation, quarantine replay."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


def main() -> None:
    app()
