"""Which quarantine records a replay (or a listing) selects: a filter to a MongoDB query."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from shared.messages import ReasonCode
from shared.replay.lineage import ReplayState, state_query


def _iso_only(value: object) -> object:
    # pydantic would read 0.5 as a Unix time; the documented format is ISO 8601.
    if isinstance(value, int | float) or (
        isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip())
    ):
        raise ValueError("an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z")
    return value


IsoTime = Annotated[datetime, BeforeValidator(_iso_only)]

# The order a replay walks records in: stable, so two operators replaying one filter
# with a limit select the same records (and the idempotency keys make them publish once).
REPLAY_ORDER = [("quarantined_at", 1), ("_id", 1)]


class RecordFilter(BaseModel):
    """Quarantine records by reason, product type, stage, time, replay state or id."""

    model_config = ConfigDict(extra="forbid")

    reason: ReasonCode | None = None
    product_type: str | None = Field(None, max_length=64)
    stage: str | None = Field(None, max_length=64, description="generator, validator, store ...")
    since: IsoTime | None = Field(None, description="quarantined at or after")
    until: IsoTime | None = Field(None, description="quarantined before")
    ids: list[str] = Field(default_factory=list, max_length=1_000)
    replay: ReplayState | None = Field(
        None, description="none: not yet replayed; pending; stored; quarantined (again)"
    )


def record_query(selected: RecordFilter) -> dict[str, Any]:
    """The MongoDB filter on the ``quarantine`` collection for ``selected``."""
    query: dict[str, Any] = {}
    if selected.ids:
        query["_id"] = {"$in": list(selected.ids)}
    if selected.reason is not None:
        query["reasons"] = selected.reason
    if selected.product_type is not None:
        query["product_type"] = selected.product_type
    if selected.stage is not None:
        query["stage"] = selected.stage
    window: dict[str, datetime] = {}
    if selected.since is not None:
        window["$gte"] = selected.since
    if selected.until is not None:
        window["$lt"] = selected.until
    if window:
        query["quarantined_at"] = window
    if selected.replay is not None:
        query.update(state_query(selected.replay))
    return query
