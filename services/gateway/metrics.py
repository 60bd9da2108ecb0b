"""What the gateway counts (Prometheus): requests by route and status, submissions.

Routes are labelled by their template (``/v1/requests/{request_id}``), never by the
path a client sent, so the label set stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "attrgen_http_requests_total", "HTTP requests by route and status", ["route", "status"]
)
LATENCY = Histogram(
    "attrgen_http_request_seconds",
    "HTTP request latency by route",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PRODUCTS = Counter(
    "attrgen_gateway_products_total",
    "Products submitted, by outcome: accepted, duplicate, or refused with an error code",
    ["outcome"],
)


def install_http_metrics(app: FastAPI) -> None:
    @app.middleware("http")
    async def measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        LATENCY.labels(template).observe(time.perf_counter() - started)
        REQUESTS.labels(template, str(response.status_code)).inc()
        refused = response.status_code >= 400 and request.method == "POST"
        if refused and template.startswith("/v1/products"):
            PRODUCTS.labels(_REFUSALS.get(response.status_code, "refused_other")).inc()
        return response


# Why a submission was refused, by the status the error handlers give it.
_REFUSALS = {
    409: "refused_idempotency_conflict",
    413: "refused_too_large",
    422: "refused_invalid",
    429: "refused_overloaded",
    503: "refused_unavailable",
}


def count_submitted(accepted: int, duplicates: int) -> None:
    PRODUCTS.labels("accepted").inc(accepted)
    PRODUCTS.labels("duplicate").inc(duplicates)
