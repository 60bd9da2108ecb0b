"""Trimming and consumer clean-up never drop work a group has not finished."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from shared.streams.retention import reap_consumers, trim_acked

STREAM = "test.trim"
NOW_MS = 10**13  # far in the future: retention alone would keep nothing


async def _fill(redis: Redis, n: int) -> list[str]:
    return [await redis.xadd(STREAM, {"n": str(i)}) for i in range(n)]


async def test_trim_keeps_unread_and_pending_entries(redis: Redis) -> None:
    """Of 10 entries, 4 read and acked, 2 read and pending, 4 unread: only the 4 go."""
    ids = await _fill(redis, 10)
    await redis.xgroup_create(STREAM, "g", id="0")
    read = await redis.xreadgroup("g", "c", {STREAM: ">"}, count=6)
    assert len(read[0][1]) == 6
    await redis.xack(STREAM, "g", *ids[:4])
    removed = await trim_acked(redis, STREAM, keep_after_ms=NOW_MS, groups=["g"])
    assert removed == 4
    remaining = [entry_id for entry_id, _ in await redis.xrange(STREAM)]
    assert remaining == ids[4:]


async def test_trim_follows_the_slowest_group(redis: Redis) -> None:
    """An entry acked by one group but unread by another stays."""
    ids = await _fill(redis, 5)
    for group in ("fast", "slow"):
        await redis.xgroup_create(STREAM, group, id="0")
    await redis.xreadgroup("fast", "c", {STREAM: ">"}, count=5)
    await redis.xack(STREAM, "fast", *ids)
    await redis.xreadgroup("slow", "c", {STREAM: ">"}, count=2)
    await redis.xack(STREAM, "slow", *ids[:2])
    await trim_acked(redis, STREAM, keep_after_ms=NOW_MS, groups=["fast", "slow"])
    # The slow group's last-delivered entry is kept too (acked, but the bound is <).
    assert [e for e, _ in await redis.xrange(STREAM)] == ids[1:]


async def test_trim_waits_for_expected_groups(redis: Redis) -> None:
    """Nothing is trimmed while a group that will read the stream does not exist yet."""
    ids = await _fill(redis, 3)
    await redis.xgroup_create(STREAM, "g", id="$")  # a group that skipped everything
    removed = await trim_acked(redis, STREAM, keep_after_ms=NOW_MS, groups=["g", "later"])
    assert removed == -1
    assert await redis.xlen(STREAM) == len(ids)


async def test_retention_keeps_recent_acked_entries(redis: Redis) -> None:
    """Acked entries newer than the retention cut-off stay for inspection."""
    ids = await _fill(redis, 3)
    await redis.xgroup_create(STREAM, "g", id="0")
    await redis.xreadgroup("g", "c", {STREAM: ">"}, count=3)
    await redis.xack(STREAM, "g", *ids)
    an_hour_ago = int(time.time() * 1000) - 3_600_000
    assert await trim_acked(redis, STREAM, keep_after_ms=an_hour_ago, groups=["g"]) == 0
    assert await redis.xlen(STREAM) == 3


async def test_reap_removes_only_idle_consumers_that_own_nothing(redis: Redis) -> None:
    """A consumer holding a pending entry survives however idle it is."""
    await _fill(redis, 2)
    await redis.xgroup_create(STREAM, "g", id="0")
    await redis.xreadgroup("g", "holder", {STREAM: ">"}, count=1)
    await redis.xreadgroup("g", "done", {STREAM: ">"}, count=1)
    done_id = (await redis.xpending_range(STREAM, "g", "-", "+", 10, consumername="done"))[0]
    await redis.xack(STREAM, "g", done_id["message_id"])
    await asyncio.sleep(0.05)
    removed = await reap_consumers(redis, STREAM, "g", idle_ms=10, keep="me")
    assert removed == ["done"]
    names = {c["name"] for c in await redis.xinfo_consumers(STREAM, "g")}
    assert names == {"holder"}
    assert (await redis.xpending(STREAM, "g"))["pending"] == 1
