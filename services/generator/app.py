"""Generator entry point: ``python -m services.generator``."""

from __future__ import annotations

from services.generator.handlers import build_router
from services.generator.settings import GeneratorSettings
from shared.configs.process import catalog_resources
from shared.streams.process import run_worker_process


def main() -> None:
    run_worker_process("generator", GeneratorSettings(), catalog_resources(build_router))
