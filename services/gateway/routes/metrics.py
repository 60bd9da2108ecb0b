"""``/metrics``: the gateway's counters, and the broker's gauges read at scrape time."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Gauge,
    generate_latest,
)

from services.gateway.deps import State
from shared.names import READERS
from shared.streams.broker import BrokerCollector, read_broker, read_memory

router = APIRouter(tags=["ops"])


class ScrapeState:
    """Per app: the broker gauges and info gauges, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.broker = BrokerCollector()
        self.registry.register(self.broker)
        self.config = Gauge(
            "attrgen_config_info",
            "The active config version (value 1)",
            ["version"],
            registry=self.registry,
        )
        self.build = Gauge(
            "attrgen_build_info", "attrgen's version (value 1)", ["version"], registry=self.registry
        )


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, state: State) -> Response:
    """Prometheus text format."""
    scrape: ScrapeState = request.app.state.scrape
    scrape.broker.snapshot = await read_broker(state.redis, list(READERS))
    scrape.broker.memory = await read_memory(state.redis)
    scrape.config.clear()
    scrape.config.labels(state.catalogs.current.version).set(1)
    scrape.build.labels(request.app.version).set(1)
    body = generate_latest(REGISTRY) + generate_latest(scrape.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
