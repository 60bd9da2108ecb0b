"""Config versions in MongoDB: immutable bundles, one active pointer, an activation log.

- ``config_versions``: one document per version, never updated after insert;
- ``config_state``: ``{_id: "active", version, epoch, previous: [...]}``; every change
  is a conditional update on ``epoch``, so of two concurrent activations exactly one
  wins and the other is told (409), never silently overwritten;
- ``config_activations``: who activated or rolled back what, when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.configs import bundle
from shared.configs.diff import ConfigDiff, diff_configs
from shared.configs.errors import ActivationConflictError, NothingToRollBackError
from shared.errors import NotFoundError
from shared.messages import utcnow
from shared.mongo import Document
from shared.names import CONFIG_ACTIVATIONS, CONFIG_STATE, CONFIG_VERSIONS

ACTIVE = "active"
# Rollback goes back through this many previously active versions.
HISTORY_DEPTH = 50


class Validation(BaseModel):
    ok: bool
    product_types: list[str] = Field(default_factory=list)
    error: str | None = None
    checked_at: datetime = Field(default_factory=utcnow)


class ConfigVersion(BaseModel):
    version: str
    content_hash: str
    files: dict[str, str]
    author: str | None = None
    comment: str | None = None
    created_at: datetime
    parent: str | None = None
    validation: Validation
    diff: ConfigDiff | None = Field(None, description="against the parent version")


class ActivePointer(BaseModel):
    version: str
    epoch: int
    previous: list[str] = Field(default_factory=list)
    updated_at: datetime


class Activation(BaseModel):
    action: Literal["seed", "activate", "rollback"]
    version: str
    replaced: str | None
    epoch: int
    by: str | None = None
    at: datetime = Field(default_factory=utcnow)


def _to_document(version: ConfigVersion) -> Document:
    body = version.model_dump(mode="json", exclude={"files", "created_at", "version"})
    # Files as a list: file names hold dots, which MongoDB field names should not.
    return {
        "_id": version.version,
        **body,
        "files": [{"name": n, "content": c} for n, c in sorted(version.files.items())],
        "created_at": version.created_at,
    }


def _from_document(document: Document) -> ConfigVersion:
    files = {f["name"]: f["content"] for f in document["files"]}
    return ConfigVersion.model_validate({**document, "version": document["_id"], "files": files})


class ConfigVersions:
    """The versions of one database; every method is one or two MongoDB round trips."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.db = db

    async def seed(self, files: Mapping[str, str]) -> ActivePointer:
        """Store ``files`` as a version and make it active if nothing is active yet."""
        version = self.build(files, parent=None, author="seed", comment="packaged configs")
        await self.save(version)
        now = utcnow()
        pointer = ActivePointer(version=version.version, epoch=1, updated_at=now)
        try:
            await self.db[CONFIG_STATE].insert_one({"_id": ACTIVE, **pointer.model_dump()})
        except DuplicateKeyError:
            return await self.active()
        await self._log(Activation(action="seed", version=version.version, replaced=None, epoch=1))
        return pointer

    def build(
        self,
        files: Mapping[str, str],
        *,
        parent: ConfigVersion | None,
        author: str | None = None,
        comment: str | None = None,
    ) -> ConfigVersion:
        """Check a bundle (ConfigError with file:line when bad) and describe it."""
        loaded = bundle.load(files)
        base = bundle.load(parent.files) if parent else None
        return ConfigVersion(
            version=loaded.version,
            content_hash=bundle.content_hash(files),
            files=dict(files),
            author=author,
            comment=comment,
            created_at=utcnow(),
            parent=parent.version if parent else None,
            validation=Validation(ok=True, product_types=sorted(loaded.product_types)),
            diff=diff_configs(base, loaded),
        )

    async def save(self, version: ConfigVersion) -> bool:
        """Insert ``version``; False when the same content is stored already."""
        try:
            await self.db[CONFIG_VERSIONS].insert_one(_to_document(version))
        except DuplicateKeyError:
            return False
        return True

    async def get(self, version: str) -> ConfigVersion:
        document = await self.db[CONFIG_VERSIONS].find_one({"_id": version})
        if document is None:
            raise NotFoundError("config version", version)
        return _from_document(document)

    async def recent(self, limit: int = 50) -> list[ConfigVersion]:
        cursor = self.db[CONFIG_VERSIONS].find({}).sort([("created_at", DESCENDING)])
        return [_from_document(d) async for d in cursor.limit(limit)]

    async def active(self) -> ActivePointer:
        document = await self.db[CONFIG_STATE].find_one({"_id": ACTIVE})
        if document is None:
            raise NotFoundError("active config version", ACTIVE)
        return ActivePointer.model_validate(document)

    async def history(self, limit: int = 50) -> list[Activation]:
        cursor = self.db[CONFIG_ACTIVATIONS].find({}, {"_id": 0}).sort([("epoch", DESCENDING)])
        return [Activation.model_validate(d) async for d in cursor.limit(limit)]

    async def activate(self, version: str, by: str | None = None) -> ActivePointer:
        """Make ``version`` active, if it still compiles and nobody activated meanwhile."""
        target = await self.get(version)
        revalidate(target)
        current = await self.active()
        if current.version == version:
            return current
        previous = [*current.previous, current.version][-HISTORY_DEPTH:]
        return await self._move(current, version, previous, "activate", by)

    async def rollback(self, by: str | None = None) -> ActivePointer:
        """Make the previously active version active again."""
        current = await self.active()
        if not current.previous:
            raise NothingToRollBackError(f"{current.version} is the first active version")
        target = current.previous[-1]
        revalidate(await self.get(target))
        return await self._move(current, target, current.previous[:-1], "rollback", by)

    async def _move(
        self,
        current: ActivePointer,
        version: str,
        previous: list[str],
        action: Literal["activate", "rollback"],
        by: str | None,
    ) -> ActivePointer:
        moved = ActivePointer(
            version=version, epoch=current.epoch + 1, previous=previous, updated_at=utcnow()
        )
        result = await self.db[CONFIG_STATE].update_one(
            {"_id": ACTIVE, "epoch": current.epoch}, {"$set": moved.model_dump()}
        )
        if result.matched_count != 1:
            raise ActivationConflictError(
                version, f"the active version changed while activating {version}; try again"
            )
        activation = Activation(
            action=action, version=version, replaced=current.version, epoch=moved.epoch, by=by
        )
        await self._log(activation)
        return moved

    async def _log(self, activation: Activation) -> None:
        await self.db[CONFIG_ACTIVATIONS].insert_one(activation.model_dump())


def revalidate(version: ConfigVersion) -> None:
    """Check a stored version again with today's engine; ConfigError when it fails.

    Stored versions were valid when pushed, but the engine's checks may have grown
    since: activation must not hand workers a bundle they cannot compile.
    """
    bundle.load(version.files)


def describe(version: ConfigVersion, pointer: ActivePointer | None) -> dict[str, Any]:
    """A version as the API lists it: no file texts, with its state."""
    state = "draft"
    if pointer is not None and version.version == pointer.version:
        state = "active"
    elif pointer is not None and version.version in pointer.previous:
        state = "previously_active"
    body = version.model_dump(mode="json", exclude={"files", "diff"})
    return {**body, "state": state, "files": sorted(version.files)}
