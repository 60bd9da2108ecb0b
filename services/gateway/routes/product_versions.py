"""Listing stored products by the config version they were made with."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.limits import Offset
from shared.errors import InvalidInputError
from shared.names import PRODUCT_ATTRIBUTES

router = APIRouter(prefix="/v1/products", tags=["products"], dependencies=[Require("read")])
_FIELDS = {"product_type": 1, "config_version": 1, "updated_at": 1, "request_id": 1}


@router.get("")
async def list_products(
    state: State,
    config_version: Annotated[str | None, Query(max_length=64)] = None,
    config_version_ne: Annotated[
        str | None, Query(max_length=64, description="made with any other version")
    ] = None,
    product_type: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored products, filtered by config version: regeneration's input."""
    if config_version is not None and config_version_ne is not None:
        raise InvalidInputError("config_version_ne", "give config_version or _ne, not both")
    query: dict[str, Any] = {}
    if config_version is not None:
        query["config_version"] = config_version
    if config_version_ne is not None:
        query["config_version"] = {"$ne": config_version_ne}
    if product_type is not None:
        query["product_type"] = product_type
    collection = state.db[PRODUCT_ATTRIBUTES]
    total = await collection.count_documents(query)
    cursor = collection.find(query, _FIELDS).sort([("_id", 1)]).skip(offset).limit(limit)
    items = [{"product_id": d.pop("_id"), **d} async for d in cursor]
    next_offset = offset + len(items) if offset + len(items) < total else None
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": next_offset,
    }
