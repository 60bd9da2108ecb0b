"""Replaying quarantine records: publish through ``submit`` (source "replay"), once per
record and active config version, paced, with lineage written both ways."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import structlog
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.backpressure import PressureGauge
from shared.catalog import Catalog
from shared.configs.runtime import Catalogs
from shared.errors import NotFoundError
from shared.messages import RawProduct, utcnow
from shared.mongo import Document
from shared.names import QUARANTINE_RECORDS
from shared.replay import lineage
from shared.replay.pace import take_slot, wait_for_room
from shared.replay.preview import preview
from shared.submission import submit

log = structlog.get_logger("attrgen.replay")


@dataclass(frozen=True)
class ReplayOptions:
    dry_run: bool = False
    force: bool = False
    rate: float = 50.0


@dataclass
class Replayer:
    redis: Redis
    db: AsyncDatabase[Document]
    catalogs: Catalogs
    gauge: PressureGauge

    async def run(self, documents: list[dict[str, Any]], options: ReplayOptions) -> dict[str, Any]:
        """Replay (or dry-run) each record; a summary and one item per record."""
        items = []
        for document in documents:
            if options.dry_run:
                items.append(await self._preview(document))
            else:
                items.append(await self._replay(document, options))
        return summarise(items, dry_run=options.dry_run)

    async def _preview(self, document: dict[str, Any]) -> dict[str, Any]:
        product = product_of(document)
        base = _item(document)
        if product is None:
            return {**base, "outcome": "not_replayable"}
        before = await self._version(document)
        # ~1 ms per record for both catalogs: off the event loop.
        result = await asyncio.to_thread(preview, self.catalogs.current, before, product)
        return {**base, **result}

    async def _version(self, document: dict[str, Any]) -> Catalog | None:
        version = (document.get("request") or {}).get("config_version")
        if not version:
            return None
        try:
            return await self.catalogs.get(version)
        except NotFoundError:
            return None

    async def _replay(self, document: dict[str, Any], options: ReplayOptions) -> dict[str, Any]:
        product = product_of(document)
        base = _item(document)
        if product is None:
            return {**base, "outcome": "not_replayable"}
        version = self.catalogs.current.version
        quarantine_id = _id(document)
        if not options.force:
            earlier = _earlier_replay(document, version)
            if earlier is not None:
                return {**base, "outcome": "already_replayed", "request_id": earlier}
        await wait_for_room(self.redis, self.gauge)
        await take_slot(self.redis, options.rate)
        # One key per (record, version): the submission script lets exactly one of two
        # racing operators publish; the other gets the first one's request id back.
        key = f"replay:{quarantine_id}:{version}"
        if options.force:
            key += f":force:{uuid.uuid4().hex}"
        (item,) = await submit(
            self.redis,
            [product],
            source="replay",
            client_keys=[key],
            config_version=version,
            replay_of=[quarantine_id],
        )
        if item.duplicate:
            return {**base, "outcome": "already_replayed", "request_id": item.request_id}
        where, update = lineage.published(
            quarantine_id, item.request_id, utcnow(), version, forced=options.force
        )
        await self.db[QUARANTINE_RECORDS].update_one(where, update)
        log.info("quarantine_replayed", quarantine_id=quarantine_id, request_id=item.request_id)
        return {**base, "outcome": "published", "request_id": item.request_id}


def product_of(document: dict[str, Any]) -> RawProduct | None:
    """The product a record's original request carried (None: nothing to replay)."""
    request = document.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("product"), dict):
        return None
    try:
        return RawProduct.model_validate(request["product"])
    except ValueError:
        return None


def _id(document: dict[str, Any]) -> str:
    return str(document.get("quarantine_id") or document["_id"])


def _earlier_replay(document: dict[str, Any], version: str) -> str | None:
    for replay in lineage.replay_list(document):
        if replay.get("config_version") == version and not replay.get("forced"):
            return str(replay["request_id"])
    return None


def _item(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "quarantine_id": _id(document),
        "product_id": document.get("product_id"),
        "quarantined_reasons": document.get("reasons", []),
    }


def summarise(items: list[dict[str, Any]], *, dry_run: bool) -> dict[str, Any]:
    counts = Counter(item["outcome"] for item in items)
    by_reason: Counter[str] = Counter()
    for item in items:
        if item["outcome"] == "would_quarantine":
            by_reason.update(item.get("reasons") or ["unknown"])
    return {
        "dry_run": dry_run,
        "selected": len(items),
        "published": counts["published"],
        "already_replayed": counts["already_replayed"],
        "not_replayable": counts["not_replayable"],
        "would_store": counts["would_store"],
        "would_quarantine": counts["would_quarantine"],
        "would_quarantine_by_reason": dict(by_reason),
        "items": items,
    }
