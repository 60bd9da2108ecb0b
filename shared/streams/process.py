"""The life of a worker process, shared by every worker service's entry point."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog
from prometheus_client import start_http_server
from redis.asyncio import Redis

from shared.logs import configure_logging
from shared.redis_client import connect_redis
from shared.settings import WorkerSettings
from shared.status import RequestStatusHook
from shared.streams.declarations import Subscriber
from shared.streams.serve import serve
from shared.streams.worker import Worker

# Opens what the handlers need (catalog, MongoDB ...) and yields the subscribers; gets
# the worker's own Redis client to share rather than open another.
Resources = Callable[
    [WorkerSettings, Redis], AbstractAsyncContextManager[Sequence[Subscriber[Any]]]
]


# A young-generation collection every 10,000 allocations instead of 700: a message
# decodes into a few hundred objects that live until its batch commits, so at the
# default a batch of 64 ran dozens of young collections and promoted its messages to
# older generations, whose collections then walked them again.
YOUNG_GC_THRESHOLD = 10_000


def settle_heap() -> None:
    """Once start-up has built what the process keeps (modules, compiled catalogs):
    take it out of the garbage collector's view and collect young objects less often.

    Measured on the stream hops (bench.hops): the collector was ~10 us of a message's
    CPU. The frozen objects are never freed, which is what start-up objects are for.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GC_THRESHOLD, older, oldest)


def run_worker_process(service: str, settings: WorkerSettings, resources: Resources) -> None:
    """Configure logging, open resources, consume until SIGTERM, close everything."""
    configure_logging(settings.log_level, json=settings.log_json, service=service)
    if settings.metrics_port is not None:
        # A thread of prometheus_client's own: scrapes never wait on the event loop.
        start_http_server(settings.metrics_port, addr=settings.metrics_host)

    async def main() -> None:
        redis = connect_redis(settings.redis_url)
        try:
            async with resources(settings, redis) as subscribers:
                settle_heap()
                worker = Worker(redis, subscribers, settings.stream, hooks=[RequestStatusHook()])
                await serve(worker)
        finally:
            await redis.aclose()

    try:
        asyncio.run(main())
    except Exception:
        structlog.get_logger("attrgen").exception("worker_crashed", service=service)
        raise
