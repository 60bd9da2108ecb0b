"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from services.gateway.deps import State
from shared.mongo import ping

router = APIRouter(tags=["health"])


class Readiness(BaseModel):
    ready: bool
    redis: str
    mongo: str


_READINESS: dict[int | str, dict[str, Any]] = {
    code: {"model": Readiness, "description": text}
    for code, text in ((200, "Ready"), (503, "Not ready: a dependency does not answer"))
}


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


async def _check(name: str, probe: Awaitable[object]) -> tuple[str, str]:
    try:
        await asyncio.wait_for(probe, timeout=2)
    except Exception as exc:
        return name, f"error: {type(exc).__name__}"
    return name, "ok"


@router.get("/readyz", response_model=Readiness, responses=_READINESS)
async def readyz(state: State) -> JSONResponse:
    """Redis and MongoDB both answer: safe to send traffic."""
    results = dict(
        await asyncio.gather(
            _check("redis", state.redis.ping()), _check("mongo", ping(state.mongo))
        )
    )
    ready = all(v == "ok" for v in results.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, **results})
