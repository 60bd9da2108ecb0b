"""Config versions in a real MongoDB, announced on a real Redis."""

from __future__ import annotations

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from shared.catalog import ConfigError
from shared.configs.announce import announce, announced
from shared.configs.bundle import read_directory
from shared.configs.errors import ActivationConflictError, NothingToRollBackError
from shared.configs.runtime import Catalogs
from shared.configs.versions import ConfigVersions
from shared.mongo import Document
from tests.fixtures.configs import FILES

SEED = read_directory()


def _with_stole() -> dict[str, str]:
    return {**SEED, "stole.yaml": (FILES / "stole.yaml").read_text()}


async def _pushed(versions: ConfigVersions, files: dict[str, str]) -> str:
    parent = await versions.get((await versions.active()).version)
    version = versions.build(files, parent=parent, author="test")
    await versions.save(version)
    return version.version


async def test_seed_is_stored_once_and_active(mongo_db: AsyncDatabase[Document]) -> None:
    """Seeding twice (every process does at start) keeps one version, active at epoch 1."""
    versions = ConfigVersions(mongo_db)
    first = await versions.seed(SEED)
    second = await versions.seed(SEED)
    assert first.version == second.version
    assert second.epoch == 1
    assert len(await versions.recent()) == 1
    assert [a.action for a in await versions.history()] == ["seed"]


async def test_stale_activation_is_a_conflict(mongo_db: AsyncDatabase[Document]) -> None:
    """An activation based on a pointer someone else moved changes nothing."""
    versions = ConfigVersions(mongo_db)
    stale = await versions.seed(SEED)
    target = await _pushed(versions, _with_stole())
    await versions.activate(target)
    with pytest.raises(ActivationConflictError):
        await versions._move(stale, stale.version, [], "activate", None)
    assert (await versions.active()).version == target


async def test_rollback_walks_back_and_stops_at_the_first(
    mongo_db: AsyncDatabase[Document],
) -> None:
    """Rollback returns to the previous active version, then refuses to go further."""
    versions = ConfigVersions(mongo_db)
    seed = await versions.seed(SEED)
    target = await _pushed(versions, _with_stole())
    await versions.activate(target)
    assert (await versions.rollback()).version == seed.version
    with pytest.raises(NothingToRollBackError):
        await versions.rollback()


def test_a_bundle_that_does_not_compile_is_not_built(mongo_db: AsyncDatabase[Document]) -> None:
    """Building a version from a bad file raises the loader's file:line error."""
    bad = {**SEED, "bad_stole.yaml": (FILES / "bad_stole.yaml").read_text()}
    with pytest.raises(ConfigError) as caught:
        ConfigVersions(mongo_db).build(bad, parent=None)
    assert (caught.value.file, caught.value.line) == ("bad_stole.yaml", 7)


async def test_announcements_only_move_forward(redis: Redis) -> None:
    """An older activation announced late does not overwrite a newer one."""
    assert await announce(redis, "db", "bbbb", 3)
    assert not await announce(redis, "db", "aaaa", 2)
    mirror = await announced(redis, "db")
    assert mirror is not None
    assert (mirror.version, mirror.epoch) == ("bbbb", 3)


async def test_catalogs_follow_an_announced_activation(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """A process's active catalog switches on refresh, and keeps the old one compiled."""
    versions = ConfigVersions(mongo_db)
    catalogs = Catalogs(versions, redis, mongo_db.name)
    seed = (await catalogs.start(SEED)).version
    target = await _pushed(versions, _with_stole())
    pointer = await versions.activate(target)
    await catalogs.refresh()
    assert catalogs.current.version == seed  # not announced yet: Redis is what it follows
    await announce(redis, mongo_db.name, pointer.version, pointer.epoch)
    await catalogs.refresh()
    assert catalogs.current.version == target
    assert "stole" in catalogs.current.product_types
    assert (await catalogs.get(seed)).version == seed


async def test_catalogs_heal_a_flushed_redis(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """After Redis loses the announcement, a refresh republishes MongoDB's pointer."""
    catalogs = Catalogs(ConfigVersions(mongo_db), redis, mongo_db.name)
    seed = (await catalogs.start(SEED)).version
    await redis.flushdb()
    await catalogs.refresh()
    mirror = await announced(redis, mongo_db.name)
    assert mirror is not None
    assert mirror.version == seed


async def test_a_lost_announcement_is_healed_from_mongodb(
    mongo_db: AsyncDatabase[Document], redis: Redis
) -> None:
    """An activation Redis never heard of reaches processes through heal()."""
    versions = ConfigVersions(mongo_db)
    catalogs = Catalogs(versions, redis, mongo_db.name)
    await catalogs.start(SEED)
    target = await _pushed(versions, _with_stole())
    await versions.activate(target)  # announced nowhere, as if Redis was down
    await catalogs.heal()
    await catalogs.refresh()
    assert catalogs.current.version == target


async def test_a_stored_version_that_no_longer_compiles_is_not_activated(
    mongo_db: AsyncDatabase[Document],
) -> None:
    """Activation checks the bundle again: a version the engine now refuses stays off."""
    versions = ConfigVersions(mongo_db)
    seed = await versions.seed(SEED)
    good = versions.build(_with_stole(), parent=None)
    # As if stored under older, laxer checks: same document, a file that fails today's.
    broken = good.model_copy(
        update={"files": {**SEED, "bad_stole.yaml": (FILES / "bad_stole.yaml").read_text()}}
    )
    await versions.save(broken)
    with pytest.raises(ConfigError):
        await versions.activate(broken.version)
    assert (await versions.active()).version == seed.version
