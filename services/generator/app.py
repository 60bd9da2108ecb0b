"""Generator entry point: ``python -m services.generator``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis

from services.generator.handlers import build_router
from services.generator.settings import GeneratorSettings
from shared.catalog import Catalog
from shared.settings import WorkerSettings
from shared.streams import Subscriber
from shared.streams.process import run_worker_process


@asynccontextmanager
async def resources(settings: WorkerSettings, _: Redis) -> AsyncIterator[Sequence[Subscriber[Any]]]:
    # Matchers compile once here, per config version, never per message.
    yield build_router(Catalog.load(settings.config_dir)).subscribers


def main() -> None:
    run_worker_process("generator", GeneratorSettings(), resources)
