"""Quarantine counts by reason and product type (for the ops page and dashboards)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.gateway.auth import Require
from services.gateway.deps import State
from shared.names import QUARANTINE_RECORDS

router = APIRouter(prefix="/v1/quarantine", tags=["quarantine"], dependencies=[Require("read")])


async def _counts(state: State, field: str) -> dict[str, int]:
    pipeline: list[dict[str, Any]] = [
        {"$unwind": f"${field}"} if field == "reasons" else {"$match": {}},
        {"$group": {"_id": f"${field}", "count": {"$sum": 1}}},
    ]
    cursor = await state.db[QUARANTINE_RECORDS].aggregate(pipeline)
    return {str(row["_id"]): int(row["count"]) async for row in cursor}


@router.get("/summary")
async def quarantine_summary(state: State) -> dict[str, Any]:
    """How many records are quarantined, by reason code and by product type."""
    by_reason = await _counts(state, "reasons")
    by_type = await _counts(state, "product_type")
    return {
        "total": sum(by_type.values()),
        "by_reason": dict(sorted(by_reason.items(), key=lambda kv: -kv[1])),
        "by_product_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
    }
