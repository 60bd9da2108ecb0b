"""The four steps of a run, each safe to repeat: prepare, publish, settle, report.

- **prepare** reads the whole source once: how many rows, which are bad and why.
- **publish** sends the valid rows in chunks through :func:`shared.submission.submit`
  (the gateway's own code), checking the pipeline's pressure before every chunk; it
  returns early when the pipeline is behind, so the caller (an Airflow sensor in
  reschedule mode, or the CLI) waits without holding a worker.
- **settle** records how each published request ended (stored or quarantined).
- **report** counts the outcomes and keeps the report on the run's document.

Every request's idempotency key is derived from the run, the product and its content,
so a retried step, or the same run started again, publishes nothing twice; a product
whose content is the one last accepted for it is not published at all ("unchanged").
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import structlog
from pydantic import TypeAdapter
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from redis.asyncio import Redis

from shared.backfill import runs
from shared.backfill.params import BackfillParams, RegenerateParams, RunParams
from shared.backfill.sources import Position, Row, rows, stored_rows
from shared.backpressure import read_pressure
from shared.configs.versions import ConfigVersions
from shared.errors import InvalidInputError
from shared.messages import utcnow
from shared.mongo import Document, by_id
from shared.names import (
    BACKFILL_ITEMS,
    BACKFILL_RUNS,
    QUARANTINE_RECORDS,
    REQUEST_STATUS,
    last_content_key,
)
from shared.status import read_statuses
from shared.submission import client_key_name, submit

log = structlog.get_logger("attrgen.backfill")
_PARAMS: TypeAdapter[RunParams] = TypeAdapter(RunParams)
# How long one publish step may run before handing its slot back (it resumes where it
# stopped): an Airflow task should not hold a worker for an hour of publishing.
STEP_BUDGET_S = 120.0
_FINAL = ("stored", "quarantined")
# Request ids looked up per query while settling.
SETTLE_BATCH = 1_000


def parse_params(kind: runs.Kind, data: dict[str, Any]) -> RunParams:
    model = BackfillParams if kind == "backfill" else RegenerateParams
    return model.model_validate(data)


@dataclass
class Published:
    """What one publish step did; ``done`` once the whole source is published."""

    done: bool
    chunks: int = 0
    published: int = 0
    unchanged: int = 0
    waiting: str | None = None  # why it stopped early: "lag 6200 > 5000", ...
    lags: list[int] = field(default_factory=list)


@dataclass
class Run:
    redis: Redis
    db: AsyncDatabase[Document]
    run_id: str

    # -- prepare -------------------------------------------------------------------

    async def prepare(self, kind: runs.Kind, params: RunParams, origin: str) -> Document:
        """Create the run (or return it: a retried task) after reading the source once."""
        await runs.ensure_indexes(self.db)
        existing = await self.db[BACKFILL_RUNS].find_one(by_id("run_id", self.run_id))
        if existing is not None:
            return existing
        active = (await ConfigVersions(self.db).active()).version
        started = utcnow()
        total, bad = 0, 0
        listed: list[dict[str, Any]] = []
        async for row in self._rows(params, active, None):
            total += 1
            if row.error is not None:
                bad += 1
                if len(listed) < runs.BAD_ROWS_LISTED:
                    listed.append({"line": row.number, "error": row.error})
        document: Document = {
            "_id": self.run_id,
            "run_id": self.run_id,
            "kind": kind,
            "origin": origin,  # "airflow:<dag>/<run>" or "cli"
            "params": params.model_dump(mode="json"),
            "config_version": active,
            "state": "publishing",
            "created_at": started,
            "source": {"rows": total, "valid": total - bad, "bad": bad, "bad_rows": listed},
            "cursor": None,
            "progress": {"chunks": 0, "published": 0, "unchanged": 0},
            "pressure": {"max_lag_before_chunk": 0, "max_lag_after_chunk": 0, "waits": 0},
        }
        try:
            await self.db[BACKFILL_RUNS].insert_one(document)
        except DuplicateKeyError:  # prepared meanwhile by a racing try: theirs stands
            return await runs.load(self.db, self.run_id)
        log.info("backfill_prepared", run_id=self.run_id, rows=total, bad_rows=bad)
        return document

    def _rows(self, params: RunParams, active: str, after: Position) -> AsyncIterator[Row]:
        if isinstance(params, BackfillParams):
            return rows(self.db, params.source, after)
        return stored_rows(self.db, params.selection, active, after)

    async def load(self) -> tuple[Document, RunParams]:
        document = await runs.load(self.db, self.run_id)
        return document, parse_params(document["kind"], document["params"])

    # -- publish -------------------------------------------------------------------

    async def publish(self, budget_s: float = STEP_BUDGET_S) -> Published:
        document, params = await self.load()
        if document.get("publish_finished_at") is not None:
            return Published(done=True)
        step = Published(done=False)
        started = time.monotonic()
        if document.get("publish_started_at") is None:
            await runs.update(self.db, self.run_id, {"$set": {"publish_started_at": utcnow()}})
        source = self._rows(params, document["config_version"], document["cursor"])
        chunk: list[Row] = []
        last: Position = document["cursor"]
        async for row in source:
            if row.product is None:  # counted by prepare
                last = row.position
                continue
            chunk.append(row)
            if len(chunk) < params.chunk_size:
                continue
            if not await self._send(document, params, chunk, step, started):
                return step
            last, chunk = chunk[-1].position, []
            if time.monotonic() - started > budget_s:
                return step
        if chunk and not await self._send(document, params, chunk, step, started):
            return step
        await runs.update(
            self.db,
            self.run_id,
            {
                "$set": {
                    "cursor": chunk[-1].position if chunk else last,
                    "publish_finished_at": utcnow(),
                    "state": "waiting",
                }
            },
        )
        step.done = True
        return step

    async def _send(
        self,
        document: Document,
        params: RunParams,
        chunk: list[Row],
        step: Published,
        started: float,
    ) -> bool:
        """Publish one chunk unless the pipeline is behind (False: stop, wait, resume)."""
        pressure = await read_pressure(self.redis, memory_share=params.max_memory_share)
        share = pressure.memory_share
        if pressure.lag > params.max_lag:
            step.waiting = f"generator lag {pressure.lag} > {params.max_lag}"
        elif share is not None and share > 1:
            step.waiting = f"Redis memory {pressure.used_memory} bytes over its limit"
        if step.waiting:
            await runs.update(self.db, self.run_id, {"$inc": {"pressure.waits": 1}})
            log.info("backfill_waiting", run_id=self.run_id, reason=step.waiting)
            return False
        published, unchanged, lag_after = await self._publish_chunk(document, params, chunk)
        step.chunks += 1
        step.published += published
        step.unchanged += unchanged
        step.lags.append(lag_after)
        await runs.update(
            self.db,
            self.run_id,
            {
                "$set": {"cursor": chunk[-1].position},
                "$inc": {
                    "progress.chunks": 1,
                    "progress.published": published,
                    "progress.unchanged": unchanged,
                },
                "$max": {
                    "pressure.max_lag_before_chunk": pressure.lag,
                    "pressure.max_lag_after_chunk": lag_after,
                },
            },
        )
        # Pace to max_rate across the step: sleep off what this chunk ran ahead.
        sent = step.published + step.unchanged
        ahead = sent / params.max_rate - (time.monotonic() - started)
        if ahead > 0:
            await asyncio.sleep(ahead)
        return True

    async def _publish_chunk(
        self, document: Document, params: RunParams, chunk: list[Row]
    ) -> tuple[int, int, int]:
        """Publish one chunk: (published, unchanged, generator lag right after)."""
        # A retried chunk needs no bookkeeping of its own: this run's keys make submit
        # return the requests it made the first time, and items are upserted once.
        hashes = [row.product.content_hash() for row in chunk]  # type: ignore[union-attr]
        keys = [
            _client_key(self.run_id, row, content_hash)
            for row, content_hash in zip(chunk, hashes, strict=True)
        ]
        unchanged: dict[int, str] = {}
        if isinstance(params, BackfillParams):
            unchanged = await self._unchanged(chunk, keys, hashes)
        fresh = [
            (row, key) for row, key in zip(chunk, keys, strict=True) if row.number not in unchanged
        ]
        items: list[Document] = []
        if fresh and not params.dry_run:
            regenerate = isinstance(params, RegenerateParams)
            submitted = await submit(
                self.redis,
                [row.product for row, _ in fresh],  # type: ignore[misc]
                source="backfill",
                client_keys=[key for _, key in fresh],
                config_version=document["config_version"] if regenerate else None,
            )
            for (row, _), item in zip(fresh, submitted, strict=True):
                items.append(self._item(row, item.request_id, "pending"))
        elif fresh:
            items += [self._item(row, None, "would_publish") for row, _ in fresh]
        for row in chunk:
            if row.number in unchanged:
                items.append(self._item(row, unchanged[row.number], "unchanged"))
        # Read at once, before the generator has drained what was just published.
        lag_after = (await read_pressure(self.redis)).lag
        await runs.add_items(self.db, items)
        return (0 if params.dry_run else len(fresh)), len(unchanged), lag_after

    def _item(self, row: Row, request_id: str | None, outcome: runs.Outcome) -> Document:
        assert row.product is not None
        ident = runs.item_id(self.run_id, row.number)
        return {
            "_id": ident,
            "item_id": ident,
            "run_id": self.run_id,
            "number": row.number,
            "product_id": row.product.product_id,
            "request_id": request_id,
            "outcome": outcome,
        }

    async def _unchanged(
        self, todo: list[Row], keys: list[str], hashes: list[str]
    ) -> dict[int, str]:
        """Rows whose content is the one last accepted for the product: number -> the
        request that made it. Not a row this run published itself (a retried chunk).

        The gateway's own rule, read from the same Redis keys (kept 7 days): a product
        unchanged for longer is published again, which stores the same result. Not
        looked up in MongoDB: the stand-in scans its collection for every id it lacks
        (29 ms each at 7,000 products), and a new catalog is all ids it lacks.
        """
        async with self.redis.pipeline(transaction=False) as pipe:
            for row, key in zip(todo, keys, strict=True):
                pipe.get(last_content_key(row.product.product_id))  # type: ignore[union-attr]
                pipe.exists(client_key_name(key))
            answers = await pipe.execute()
        unchanged: dict[int, str] = {}
        for i, (row, content_hash) in enumerate(zip(todo, hashes, strict=True)):
            last, ours = answers[2 * i], answers[2 * i + 1]
            if ours:
                continue  # this run published it before: submit returns its request
            if last:
                earlier_hash, _, request_id = str(last).partition(" ")
                if earlier_hash == content_hash:
                    unchanged[row.number] = request_id
        return unchanged

    # -- settle --------------------------------------------------------------------

    async def settle(self) -> bool:
        """Record the outcome of every concluded request; True once none is pending
        (or the completion timeout passed: what is left is marked timed out)."""
        document, params = await self.load()
        if document.get("publish_finished_at") is None:
            raise InvalidInputError("run_id", f"run {self.run_id} has not finished publishing")
        while True:
            cursor = (
                self.db[BACKFILL_ITEMS]
                .find({"run_id": self.run_id, "outcome": "pending"}, {"request_id": 1})
                .limit(SETTLE_BATCH * 5)
            )
            pending = [d async for d in cursor]
            if not pending:
                return True
            concluded = 0
            for start in range(0, len(pending), SETTLE_BATCH):
                concluded += await self._conclude(pending[start : start + SETTLE_BATCH])
            if concluded < len(pending):
                break
        waited = (utcnow() - document["publish_finished_at"]).total_seconds()
        if waited < params.completion_timeout_s:
            return False
        await self.db[BACKFILL_ITEMS].update_many(
            {"run_id": self.run_id, "outcome": "pending"}, {"$set": {"outcome": "timed_out"}}
        )
        log.warning("backfill_timed_out", run_id=self.run_id, waited_s=round(waited))
        return True

    async def _conclude(self, items: list[Document]) -> int:
        """Mark the items whose request reached a final stage; how many did."""
        statuses = await self._final_stages([str(d["request_id"]) for d in items])
        reasons = await self._reasons(
            [q for stage, q in statuses.values() if stage == "quarantined" and q]
        )
        ops = []
        for item in items:
            stage, quarantine_id = statuses.get(str(item["request_id"]), (None, None))
            if stage is None:
                continue
            change: dict[str, Any] = {"outcome": stage}
            if stage == "quarantined":
                # The status turns "quarantined" when the record is published; it is
                # settled once the quarantine store has saved it (with its reasons).
                if str(quarantine_id) not in reasons:
                    continue
                change["quarantine_id"] = quarantine_id
                change["reasons"] = reasons[str(quarantine_id)]
            ops.append(UpdateOne(by_id("item_id", item["_id"]), {"$set": change}))
        if ops:
            await self.db[BACKFILL_ITEMS].bulk_write(ops, ordered=False)
        return len(ops)

    async def _final_stages(self, request_ids: list[str]) -> dict[str, tuple[str, str | None]]:
        """request id -> (stored | quarantined, quarantine id), for those that ended.

        From the live statuses in one MGET; MongoDB (where the store keeps the outcome
        for good) only for those that are gone.
        """
        ended: dict[str, tuple[str, str | None]] = {}
        expired = []
        statuses = await read_statuses(self.redis, request_ids)
        for request_id, status in zip(request_ids, statuses, strict=True):
            stage = status.get("stage")
            if stage in _FINAL:
                ended[request_id] = (stage, status.get("quarantine_id"))
            elif stage is None:
                expired.append(request_id)
        for request_id in expired:
            # One find_one per id naming the unique request_id: flat on the stand-in,
            # where an $in over ids it lacks scans the collection per id.
            stored = await self.db[REQUEST_STATUS].find_one(
                by_id("request_id", request_id), {"stage": 1, "quarantine_id": 1}
            )
            if stored is not None and stored.get("stage") in _FINAL:
                ended[request_id] = (stored["stage"], stored.get("quarantine_id"))
        return ended

    async def _reasons(self, quarantine_ids: list[str]) -> dict[str, list[str]]:
        reasons = {}
        for quarantine_id in quarantine_ids:
            record = await self.db[QUARANTINE_RECORDS].find_one(
                by_id("quarantine_id", quarantine_id), {"reasons": 1}
            )
            if record is not None:
                reasons[quarantine_id] = list(record.get("reasons") or [])
        return reasons

    # -- report --------------------------------------------------------------------

    async def report(self) -> dict[str, Any]:
        """Counts by outcome, quarantine reasons, bad rows, duration and throughput."""
        document, params = await self.load()
        if document.get("report") and document.get("state") in ("finished", "timed_out"):
            return dict(document["report"])
        counts = Counter(await runs.outcome_counts(self.db, self.run_id))
        finished = utcnow()
        source = document["source"]
        processed = counts["stored"] + counts["quarantined"]
        elapsed = runs.seconds(document.get("publish_started_at"), finished) or 0.0
        state = "timed_out" if counts["timed_out"] else "finished"
        report: dict[str, Any] = {
            "run_id": self.run_id,
            "kind": document["kind"],
            "origin": document.get("origin"),
            "state": state,
            "dry_run": params.dry_run,
            "config_version": document["config_version"],
            "rows": source["rows"],
            "bad_rows": source["bad"],
            "bad_row_samples": source["bad_rows"],
            "published": processed + counts["pending"] + counts["timed_out"],
            "would_publish": counts["would_publish"],
            "unchanged": counts["unchanged"],
            "stored": counts["stored"],
            "quarantined": counts["quarantined"],
            "timed_out": counts["timed_out"],
            "quarantine_reasons": await runs.reason_counts(self.db, self.run_id),
            "started_at": document["created_at"].isoformat(),
            "finished_at": finished.isoformat(),
            "duration_s": runs.seconds(document["created_at"], finished),
            "throughput_per_s": round(processed / elapsed, 1) if elapsed and processed else 0.0,
            "chunks": document["progress"]["chunks"],
            "chunk_size": params.chunk_size,
            "lag": {"threshold": params.max_lag, **document["pressure"]},
        }
        await runs.update(
            self.db,
            self.run_id,
            {"$set": {"report": report, "state": state, "finished_at": finished}},
        )
        log.info("backfill_report", **{k: v for k, v in report.items() if k != "bad_row_samples"})
        return report


def _client_key(run_id: str, row: Row, content_hash: str) -> str:
    assert row.product is not None
    return f"backfill:{run_id}:{row.product.product_id}:{content_hash}"
