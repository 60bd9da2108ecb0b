"""Lineage between a quarantine record and the requests that replay it, both ways.

A record keeps its replays as ``replays.<request_id>`` sub-documents, so the gateway
(which publishes) and the store (which learns the outcome) each ``$set`` their own
fields in whichever order they happen to run, and a redelivery writes the same values
again. ``replay_outcome`` mirrors the latest outcome for filtering listings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pymongo import UpdateOne

from shared.messages import GenerationRequest
from shared.mongo import by_id

Outcome = Literal["stored", "quarantined"]
# What ``GET /v1/quarantine?replay=`` filters on.
ReplayState = Literal["none", "pending", "stored", "quarantined"]


def published(
    quarantine_id: str, request_id: str, at: datetime, config_version: str, *, forced: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Filter and update: the gateway published ``request_id`` replaying ``quarantine_id``."""
    prefix = f"replays.{request_id}"
    return (
        by_id("quarantine_id", quarantine_id),
        {
            "$set": {
                f"{prefix}.request_id": request_id,
                f"{prefix}.at": at,
                f"{prefix}.config_version": config_version,
                f"{prefix}.forced": forced,
                "replayed": True,
            }
        },
    )


def concluded(
    request: GenerationRequest,
    outcome: Outcome,
    at: datetime,
    config_version: str | None,
    quarantine_id: str | None = None,
) -> UpdateOne:
    """The store learned how a replay ended: stored, or quarantined again."""
    assert request.replay_of is not None
    prefix = f"replays.{request.request_id}"
    fields: dict[str, Any] = {
        # Written here too: the lineage holds even if the gateway died after publishing.
        f"{prefix}.request_id": request.request_id,
        f"{prefix}.outcome": outcome,
        f"{prefix}.outcome_at": at,
        "replayed": True,
        "replay_outcome": outcome,
    }
    if config_version:
        fields[f"{prefix}.config_version"] = config_version
    if quarantine_id:
        fields[f"{prefix}.quarantine_id"] = quarantine_id
    return UpdateOne(by_id("quarantine_id", request.replay_of), {"$set": fields})


def state_query(state: ReplayState) -> dict[str, Any]:
    """MongoDB filter for records in one replay state."""
    if state == "none":
        return {"replayed": {"$exists": False}}
    if state == "pending":
        return {"replayed": True, "replay_outcome": {"$exists": False}}
    return {"replay_outcome": state}


def replay_list(document: dict[str, Any]) -> list[dict[str, Any]]:
    """A record's replays, oldest first, each with ``outcome`` ("pending" until known)."""
    replays = document.get("replays") or {}
    if isinstance(replays, list):  # already listed (a record as the API shows it)
        return replays
    items = [{"outcome": "pending", **item} for item in replays.values()]
    return sorted(items, key=lambda item: str(item.get("at") or item.get("outcome_at") or ""))
