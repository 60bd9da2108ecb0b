"""The catalogs a running process uses: the active one, and recent ones by version.

The generator generates with the active catalog (or the version a request was
accepted under); the validator validates with the version that generated the
message. Both keep a few compiled versions, so a switch in the middle of traffic
never validates one half of the pipeline's work with the other half's config.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Mapping

import structlog
from pymongo.errors import ConnectionFailure
from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.catalog import Catalog
from shared.configs import bundle
from shared.configs.announce import announce, announced
from shared.configs.versions import ConfigVersions
from shared.errors import NotFoundError
from shared.messages import AttributeIssue
from shared.streams import Reject, Retry

log = structlog.get_logger("attrgen.configs")
# Versions in flight at once: the new active one, the one before it, and a spare for
# a quick rollback. Each compiled catalog is a few MB.
KEEP = 4
# Every 20th poll (10 s at the default 500 ms) also reads MongoDB's pointer.
HEAL_EVERY = 20


class Catalogs:
    """Compiled catalogs by version, with the active one followed from Redis."""

    def __init__(
        self, versions: ConfigVersions, redis: Redis, mongo_db: str, keep: int = KEEP
    ) -> None:
        self.versions = versions
        self.redis = redis
        self.mongo_db = mongo_db
        self.keep = keep
        self._cache: OrderedDict[str, Catalog] = OrderedDict()
        self._loading: dict[str, asyncio.Task[Catalog]] = {}
        self._current: Catalog | None = None

    @property
    def current(self) -> Catalog:
        """The active catalog; ``start()`` must have run."""
        assert self._current is not None, "Catalogs.start() first"
        return self._current

    async def start(self, seed: Mapping[str, str]) -> Catalog:
        """Seed the database on first start, then compile and use the active version."""
        pointer = await self.versions.seed(seed)
        await announce(self.redis, self.mongo_db, pointer.version, pointer.epoch)
        await self.refresh()
        return self.current

    async def get(self, version: str) -> Catalog:
        """The compiled catalog of ``version``: from memory, else MongoDB (NotFoundError)."""
        cached = self._cache.get(version)
        if cached is not None:
            self._cache.move_to_end(version)
            return cached
        task = self._loading.get(version)
        if task is None:
            # One compile per version however many messages ask for it at once.
            task = asyncio.create_task(self._compile(version))
            self._loading[version] = task
        try:
            catalog = await asyncio.shield(task)
        finally:
            self._loading.pop(version, None)
        self._remember(catalog)
        return catalog

    def use(self, catalog: Catalog) -> None:
        """Switch to ``catalog`` now (the gateway after activating through itself)."""
        self._remember(catalog)
        if self._current is None or self._current.version != catalog.version:
            log.info("config_switched", version=catalog.version)
        self._current = catalog

    async def refresh(self) -> None:
        """Follow the announced active version; heal Redis from MongoDB when it lost it."""
        known = await announced(self.redis, self.mongo_db)
        version = known.version if known is not None else await self.heal()
        if self._current is None or self._current.version != version:
            self.use(await self.get(version))

    async def heal(self) -> str:
        """Announce MongoDB's pointer again; returns the active version.

        An activation's announcement is lost when Redis fails right after the MongoDB
        update; this catches Redis up. The epoch guard makes it a no-op otherwise.
        """
        pointer = await self.versions.active()
        await announce(self.redis, self.mongo_db, pointer.version, pointer.epoch)
        return pointer.version

    async def watch(self, interval_s: float, heal_every: int = HEAL_EVERY) -> None:
        """Refresh every ``interval_s`` until cancelled; errors wait for the next round."""
        rounds = 0
        while True:
            await asyncio.sleep(interval_s)
            rounds += 1
            try:
                if rounds % heal_every == 0:
                    await self.heal()
                await self.refresh()
            except (RedisError, OSError) as exc:
                log.warning("config_refresh_failed", error=str(exc))
            except Exception:
                # A version that no longer compiles or vanished: keep the current one.
                log.exception("config_refresh_failed")

    async def _compile(self, version: str) -> Catalog:
        stored = await self.versions.get(version)
        # Compiling takes ~0.3 s of CPU: off the event loop, so reads and acks go on.
        catalog = await asyncio.to_thread(bundle.compile_bundle, stored.files, version)
        log.info("config_compiled", version=version)
        return catalog

    def _remember(self, catalog: Catalog) -> None:
        self._cache[catalog.version] = catalog
        self._cache.move_to_end(catalog.version)
        while len(self._cache) > self.keep:
            oldest = next(iter(self._cache))
            if self._current is not None and oldest == self._current.version:
                self._cache.move_to_end(oldest)
                continue
            del self._cache[oldest]


async def catalog_for(catalogs: Catalogs, version: str | None) -> Catalog:
    """The catalog a message names, else the active one; Reject when it is not stored."""
    if version is None:
        return catalogs.current
    try:
        return await catalogs.get(version)
    except ConnectionFailure as exc:
        # Not cached and MongoDB is away: an outage, not the message's fault.
        raise Retry(f"MongoDB unreachable loading config {version}: {exc}") from exc
    except NotFoundError as exc:
        issue = AttributeIssue(
            attribute="config_version",
            reason="unknown_config_version",
            detail=f"no stored config version {version!r}",
            value=version,
        )
        raise Reject(["unknown_config_version"], [issue], detail=issue.detail) from exc
