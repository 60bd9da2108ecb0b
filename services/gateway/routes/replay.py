"""Replaying quarantined messages: one record, or every record a filter selects."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.responses import errors
from services.gateway.routes.quarantine import public_record
from shared.errors import InvalidInputError, NotFoundError
from shared.mongo import by_id
from shared.names import QUARANTINE_RECORDS
from shared.replay.pace import DEFAULT_RATE
from shared.replay.run import Replayer, ReplayOptions
from shared.replay.selection import REPLAY_ORDER, RecordFilter, record_query

# Replaying publishes work: an operator's act, not a reader's.
router = APIRouter(prefix="/v1/quarantine", tags=["quarantine"], dependencies=[Require("operate")])


class ReplayOne(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Strict: 0 or "yes" for a flag that publishes work is a mistake, not a boolean.
    dry_run: StrictBool = Field(False, description="run the current engine; publish nothing")
    force: StrictBool = Field(False, description="publish even if replayed under this config")
    rate: float = Field(DEFAULT_RATE, ge=1, le=10_000, description="replays per second")


class ReplayMany(ReplayOne):
    filter: RecordFilter = Field(default_factory=RecordFilter)
    limit: int = Field(100, ge=1, le=10_000, description="records to select at most")


def _replayer(state: State) -> Replayer:
    return Replayer(state.redis, state.db, state.catalogs, state.pressure)


def _options(body: ReplayOne) -> ReplayOptions:
    return ReplayOptions(dry_run=body.dry_run, force=body.force, rate=body.rate)


@router.post("/{quarantine_id}:replay", responses=errors(404))
async def replay_one(
    quarantine_id: str, state: State, body: ReplayOne | None = None
) -> dict[str, Any]:
    """Replay one record (or dry-run it): once per active config version unless forced."""
    document = await state.db[QUARANTINE_RECORDS].find_one(by_id("quarantine_id", quarantine_id))
    if document is None:
        raise NotFoundError("quarantine record", quarantine_id)
    return await _replayer(state).run([public_record(document)], _options(body or ReplayOne()))


@router.post(":replay")
async def replay_many(body: ReplayMany, state: State) -> dict[str, Any]:
    """Replay (or dry-run) up to ``limit`` records the filter selects, oldest first."""
    query = record_query(body.filter)
    if not query:
        raise InvalidInputError("filter", "give at least one criterion (or explicit ids)")
    cursor = state.db[QUARANTINE_RECORDS].find(query).sort(REPLAY_ORDER).limit(body.limit)
    documents = [public_record(d) async for d in cursor]
    return await _replayer(state).run(documents, _options(body))
