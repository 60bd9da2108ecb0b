"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from services.gateway.deps import State
from shared.mongo import ping

router = APIRouter(tags=["health"])


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


@router.get("/readyz")
async def readyz(state: State) -> JSONResponse:
    """Redis and MongoDB both answer: safe to send traffic."""
    results = dict(
        await asyncio.gather(
            _check("redis", state.redis.ping()), _check("mongo", ping(state.mongo))
        )
    )
    ready = all(v == "ok" for v in results.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, **results})
