"""Backfill and regeneration runs (Airflow's or the CLI's): progress, then the report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.responses import errors
from shared.backfill import runs

router = APIRouter(prefix="/v1/backfills", tags=["backfills"], dependencies=[Require("read")])


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_id": document["run_id"],
        "kind": document.get("kind"),
        "state": document.get("state"),
        "created_at": document.get("created_at"),
        "report": document.get("report"),
    }


@router.get("")
async def list_backfills(
    state: State, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[dict[str, Any]]:
    """The newest runs, with their reports once finished."""
    return [_summary(d) for d in await runs.recent(state.db, limit)]


@router.get("/{run_id}", responses=errors(404))
async def get_backfill(run_id: str, state: State) -> dict[str, Any]:
    """A run's report when it has finished; before that, its progress so far."""
    document = await runs.load(state.db, run_id)
    if document.get("report"):
        return {**_summary(document), "params": document.get("params")}
    return {
        **_summary(document),
        "params": document.get("params"),
        "source": document.get("source"),
        "progress": document.get("progress"),
        "pressure": document.get("pressure"),
        "outcomes": await runs.outcome_counts(state.db, run_id),
    }
