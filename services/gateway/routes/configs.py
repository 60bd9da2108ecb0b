"""Config versions: push, inspect, diff, dry-run, activate and roll back."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Query, Response, status

from services.gateway.auth import Require
from services.gateway.deps import State
from services.gateway.responses import errors
from services.gateway.schemas import Actor, ConfigPush, DryRunRequest, Pushed
from shared.configs import bundle
from shared.configs.announce import announce
from shared.configs.diff import ConfigDiff, diff_configs
from shared.configs.dryrun import DryRunReport, dry_run
from shared.configs.errors import BadFileError
from shared.configs.versions import ActivePointer, ConfigVersions, describe
from shared.errors import InvalidInputError
from shared.messages import RawProduct
from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS

# Reading versions needs read; changing what the pipeline runs needs operate.
router = APIRouter(prefix="/v1/configs", tags=["configs"], responses=errors(404, 409))
_READ = [Require("read")]
_OPERATE = [Require("operate")]
log = structlog.get_logger("attrgen.gateway")
Limit = Annotated[int, Query(ge=1, le=500)]


def _versions(state: State) -> ConfigVersions:
    return state.catalogs.versions


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=_OPERATE)
async def push(body: ConfigPush, state: State, response: Response) -> Pushed:
    """Store a draft version: files merged into the base (default active), checked."""
    versions = _versions(state)
    changed = {f.name: f.content for f in body.files}
    if len(changed) != len(body.files):
        raise BadFileError("files", "the same file name is given twice")
    if not changed and not body.remove:
        raise InvalidInputError("files", "give at least one file to add, change or remove")
    bundle.check_names(changed)
    base = await versions.get(body.base or (await versions.active()).version)
    files = changed if body.replace else bundle.merge(base.files, changed, body.remove)
    # ConfigError here is a 422 naming file, line and key, before anything is stored.
    version = versions.build(files, parent=base, author=body.author, comment=body.comment)
    created = await versions.save(version)
    if not created:
        response.status_code = status.HTTP_200_OK
    log.info("config_pushed", version=version.version, created=created, parent=base.version)
    assert version.diff is not None
    return Pushed(
        version=version.version,
        created=created,
        parent=base.version,
        validation=version.validation.model_dump(mode="json"),
        diff=version.diff.model_dump(mode="json"),
    )


@router.get("", dependencies=_READ)
async def list_versions(state: State, limit: Limit = 50) -> dict[str, Any]:
    """Stored versions, newest first, with their state (active, previously_active, draft)."""
    versions = _versions(state)
    pointer = await versions.active()
    return {"items": [describe(v, pointer) for v in await versions.recent(limit)]}


@router.get("/active", dependencies=_READ)
async def get_active(state: State) -> dict[str, Any]:
    """The active version: id, epoch, what it replaced, its product types."""
    versions = _versions(state)
    pointer = await versions.active()
    version = await versions.get(pointer.version)
    return {**pointer.model_dump(mode="json"), **describe(version, pointer)}


@router.get("/history", dependencies=_READ)
async def get_history(state: State, limit: Limit = 50) -> dict[str, Any]:
    """Activations and rollbacks, newest first."""
    history = await _versions(state).history(limit)
    return {"items": [a.model_dump(mode="json") for a in history]}


@router.get("/diff", dependencies=_READ)
async def get_diff(
    state: State,
    target: Annotated[str, Query(max_length=64)],
    base: Annotated[str | None, Query(max_length=64, description="default: active")] = None,
) -> ConfigDiff:
    """What changes from ``base`` (default: the active version) to ``target``."""
    versions = _versions(state)
    old = await versions.get(base or (await versions.active()).version)
    new = await versions.get(target)
    return diff_configs(bundle.load(old.files), bundle.load(new.files))


@router.get("/{version}", dependencies=_READ)
async def get_version(version: str, state: State) -> dict[str, Any]:
    """One version with its files, validation and diff against its parent."""
    versions = _versions(state)
    stored = await versions.get(version)
    return {
        **describe(stored, await versions.active()),
        "files": stored.files,
        "diff": stored.diff.model_dump(mode="json") if stored.diff else None,
    }


async def _announced(state: State, pointer: ActivePointer) -> dict[str, Any]:
    await announce(state.redis, state.settings.mongo_db, pointer.version, pointer.epoch)
    # This gateway switches now (other processes within config_poll_ms), to what Redis
    # says: with racing activations that is the latest, whichever request ends first.
    await state.catalogs.get(pointer.version)
    await state.catalogs.refresh()
    return pointer.model_dump(mode="json")


@router.post("/{version}:activate", dependencies=_OPERATE)
async def activate(version: str, state: State, body: Actor | None = None) -> dict[str, Any]:
    """Make a version active (409 if another activation won the race, 422 if invalid)."""
    pointer = await _versions(state).activate(version, by=body.by if body else None)
    log.info("config_activated", version=pointer.version, epoch=pointer.epoch)
    return await _announced(state, pointer)


@router.post(":rollback", dependencies=_OPERATE)
async def rollback(state: State, body: Actor | None = None) -> dict[str, Any]:
    """Make the previously active version active again."""
    pointer = await _versions(state).rollback(by=body.by if body else None)
    log.info("config_rolled_back", version=pointer.version, epoch=pointer.epoch)
    return await _announced(state, pointer)


@router.post("/{version}:dry-run", dependencies=_OPERATE)
async def dry_run_version(version: str, body: DryRunRequest, state: State) -> DryRunReport:
    """What ``version`` would change against the active one, on a sample of products."""
    if body.products and body.sample:
        raise InvalidInputError("sample", "give products or a sample, not both")
    products = body.products or await _sample(state, body.sample or "stored", body.limit)
    target = await state.catalogs.get(version)
    base = state.catalogs.current
    # ~1 ms per product for both catalogs: off the event loop for big samples.
    return await asyncio.to_thread(dry_run, base, target, products, body.examples)


async def _sample(state: State, sample: str, limit: int) -> list[RawProduct]:
    if sample == "stored":
        cursor = state.db[PRODUCT_ATTRIBUTES].find({"product": {"$exists": True}}, {"product": 1})
        documents = [d async for d in cursor.sort([("updated_at", -1)]).limit(limit)]
        return [RawProduct.model_validate(d["product"]) for d in documents]
    cursor = state.db[QUARANTINE_RECORDS].find({"request": {"$ne": None}}, {"request": 1})
    documents = [d async for d in cursor.sort([("quarantined_at", -1)]).limit(limit)]
    return [RawProduct.model_validate(d["request"]["product"]) for d in documents]
