"""Validator entry point: ``python -m services.validator``."""

from __future__ import annotations

from services.validator.handlers import build_router
from services.validator.settings import ValidatorSettings
from shared.configs.process import catalog_resources
from shared.streams.process import run_worker_process


def main() -> None:
    run_worker_process("validator", ValidatorSettings(), catalog_resources(build_router))
