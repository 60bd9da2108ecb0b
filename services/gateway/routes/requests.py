"""Where a submitted request is in the pipeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.responses import errors
from services.gateway.schemas import RequestStatus
from shared.errors import NotFoundError
from shared.mongo import by_id
from shared.names import REQUEST_STATUS
from shared.status import read_status

router = APIRouter(prefix="/v1/requests", tags=["requests"], dependencies=[Require("read")])


def _from_live(request_id: str, fields: dict[str, str]) -> RequestStatus:
    stages = {
        key.removesuffix("_at"): datetime.fromisoformat(value)
        for key, value in fields.items()
        if key.endswith("_at")
    }
    return RequestStatus(
        request_id=request_id,
        product_id=fields.get("product_id", ""),
        stage=fields.get("stage", "accepted"),
        stages=stages,
        quarantine_id=fields.get("quarantine_id"),
    )


@router.get("/{request_id}", name="get_request", operation_id="get_request", responses=errors(404))
async def get_request(request_id: str, state: State) -> RequestStatus:
    """The stage a request reached (accepted, generated, validated, stored, quarantined)."""
    fields = await read_status(state.redis, request_id)
    if fields:
        return _from_live(request_id, fields)
    # The live status expires; the store keeps the final state in MongoDB.
    document: dict[str, Any] | None = await state.db[REQUEST_STATUS].find_one(
        by_id("request_id", request_id)
    )
    if document is None:
        raise NotFoundError("request", request_id)
    return RequestStatus(
        request_id=request_id,
        product_id=document["product_id"],
        stage=document["stage"],
        stages=document.get("stages", {}),
        quarantine_id=document.get("quarantine_id"),
    )
