"""Submitting products and reading their stored attributes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Header, Request, status

from services.gateway.auth import ClientId, Require
from services.gateway.deps import State
from services.gateway.limits import BatchSize
from services.gateway.metrics import count_submitted
from services.gateway.responses import errors
from services.gateway.schemas import Accepted, BatchAccepted, ProductAttributes, ProductBatch
from shared.backpressure import charge_client
from shared.errors import InvalidInputError, NotFoundError
from shared.messages import RawProduct, SubmittedProduct
from shared.mongo import by_id
from shared.names import PRODUCT_ATTRIBUTES, attributes_cache_key
from shared.submission import Submitted, submit

router = APIRouter(prefix="/v1/products", tags=["products"])
log = structlog.get_logger("attrgen.gateway")
# OpenAPI links: what a 202 leads to (clients and the stateful fuzzer follow them).
_TO_STATUS = {
    "links": {
        "GetRequest": {
            "operationId": "get_request",
            "parameters": {"request_id": "$response.body#/request_id"},
        }
    }
}
_BATCH_TO_STATUS = {
    "links": {
        "GetFirstRequest": {
            "operationId": "get_request",
            "parameters": {"request_id": "$response.body#/requests/0/request_id"},
        }
    }
}
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", max_length=256, description="dedupe key")
]


def _check_types(state: State, products: Sequence[RawProduct], *, batch: bool = False) -> str:
    """Refuse a product type the active config does not declare; its version if fine."""
    catalog = state.catalogs.current
    for index, product in enumerate(products):
        given = product.product_type
        if given and catalog.canonical_type(given) is None:
            field = f"products[{index}].product_type" if batch else "product_type"
            known = ", ".join(catalog.product_types)
            raise InvalidInputError(field, f"unknown product type {given!r}; known: {known}")
    return catalog.version


def _accepted(request: Request, item: Submitted) -> Accepted:
    # The configured public URL, never the Host header: a client cannot point the
    # status_url others follow at a host of its choosing.
    base = request.app.state.gateway.settings.base_url()
    path = request.app.url_path_for("get_request", request_id=item.request_id)
    return Accepted(
        request_id=item.request_id,
        product_id=item.product_id,
        idempotency_key=item.idempotency_key,
        duplicate=item.duplicate,
        status_url=f"{base}{path}",
    )


async def _admit(state: State, client: str | None, products: int) -> None:
    """Backpressure for everyone, then the calling key's own rate (when keys are on)."""
    await state.pressure.check(state.redis, incoming=products)
    if client and state.settings.client_rate_per_s:
        await charge_client(state.redis, client, products, state.settings.client_rate_per_s)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Require("submit")],
    responses={202: _TO_STATUS, **errors(409, 429)},
)
async def submit_product(
    product: SubmittedProduct,
    state: State,
    request: Request,
    client: ClientId,
    idempotency_key: IdempotencyKey = None,
) -> Accepted:
    """Queue one product for attribute generation (idempotent by content or key)."""
    version = _check_types(state, [product])
    await _admit(state, client, 1)
    # With API keys on, an Idempotency-Key is the client's own: two clients choosing the
    # same key never see each other's requests.
    scoped = f"{client}:{idempotency_key}" if client and idempotency_key else idempotency_key
    (item,) = await submit(state.redis, [product], client_keys=[scoped], config_version=version)
    count_submitted(int(not item.duplicate), int(item.duplicate))
    log.info(
        "product_submitted",
        request_id=item.request_id,
        product_id=item.product_id,
        duplicate=item.duplicate,
    )
    return _accepted(request, item)


@router.post(
    ":batch",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Require("submit"), BatchSize],
    responses={202: _BATCH_TO_STATUS, **errors(429)},
)
async def submit_batch(
    body: ProductBatch, state: State, request: Request, client: ClientId
) -> BatchAccepted:
    """Queue up to ``max_batch`` products in one call; one request id per product."""
    version = _check_types(state, body.products, batch=True)
    await _admit(state, client, len(body.products))
    items = await submit(state.redis, body.products, config_version=version)
    duplicates = sum(item.duplicate for item in items)
    count_submitted(len(items) - duplicates, duplicates)
    log.info("batch_submitted", products=len(items), duplicates=duplicates)
    return BatchAccepted(
        accepted=len(items) - duplicates,
        duplicates=duplicates,
        requests=[_accepted(request, item) for item in items],
    )


@router.get("/{product_id}/attributes", dependencies=[Require("read")], responses=errors(404))
async def get_attributes(product_id: str, state: State) -> ProductAttributes:
    """The stored canonical attributes of a product, with provenance."""
    key = attributes_cache_key(product_id)
    cached = await state.redis.get(key)
    if cached is not None:
        return ProductAttributes.model_validate_json(cached)
    document: dict[str, Any] | None = await state.db[PRODUCT_ATTRIBUTES].find_one(
        by_id("product_id", product_id)
    )
    if document is None:
        raise NotFoundError("product", product_id)
    body = ProductAttributes.model_validate(document)
    if state.settings.attributes_cache_ttl_s:
        await state.redis.set(key, body.model_dump_json(), ex=state.settings.attributes_cache_ttl_s)
    return body
