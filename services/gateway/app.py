"""Gateway entry point: ``create_app(settings)`` for tests, ``main()`` for uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from services.gateway.deps import GatewayState
from services.gateway.errors import RETRY_AFTER_S, install_error_handlers
from services.gateway.limits import BodyLimit
from services.gateway.metrics import install_http_metrics
from services.gateway.responses import COMMON
from services.gateway.routes import (
    backfills,
    configs,
    health,
    metrics,
    ops,
    ops_page,
    product_versions,
    products,
    quarantine,
    quarantine_summary,
    replay,
    requests,
)
from services.gateway.settings import GatewaySettings
from shared.backpressure import PressureGauge
from shared.configs.process import followed_catalogs
from shared.logs import configure_logging
from shared.mongo import connect_mongo
from shared.redis_client import connect_redis


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = connect_redis(settings.redis_url, timeout_s=settings.redis_timeout_s)
        mongo = connect_mongo(settings.mongo_uri)
        db = mongo[settings.mongo_db]
        try:
            async with followed_catalogs(settings, redis, db) as catalogs:
                app.state.gateway = GatewayState(
                    settings=settings,
                    redis=redis,
                    mongo=mongo,
                    db=db,
                    catalogs=catalogs,
                    pressure=PressureGauge(
                        max_lag=settings.max_lag,
                        memory_limit=settings.max_redis_memory_mb << 20 or None,
                        retry_after_s=RETRY_AFTER_S,
                    ),
                )
                yield
        finally:
            await redis.aclose()
            await mongo.close()

    app = FastAPI(
        title="attrgen gateway",
        version="1",
        summary="Canonical attributes for fashion catalogs",
        lifespan=lifespan,
        responses=COMMON,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    install_http_metrics(app)
    app.state.scrape = metrics.ScrapeState()
    # quarantine_summary before quarantine: /summary is not a record id.
    for module in (
        products,
        product_versions,
        requests,
        replay,
        quarantine_summary,
        quarantine,
        configs,
        ops,
        health,
        metrics,
        ops_page,
        backfills,
    ):
        app.include_router(module.router)
    return app


def main() -> None:
    settings = GatewaySettings()
    configure_logging(settings.log_level, json=settings.log_json, service="gateway")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
