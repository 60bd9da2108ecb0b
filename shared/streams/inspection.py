"""What ops see of the streams: lengths, ages, and every group's lag and pending work.

Read-only, from ``XINFO``/``XPENDING``, so the numbers are the ones ``redis-cli``
shows. A consumer holding pending messages while idle far longer than the claim time
is flagged dead; a pending message one delivery short of the poison limit is flagged
too.
"""

from __future__ import annotations

import json
import time
from typing import Any

from redis.asyncio import Redis

from shared.names import attempts_key

# Pending entries read per group to find the oldest idle and those near the poison
# limit: enough for a picture, bounded so a 100,000-entry backlog stays one call.
PENDING_SAMPLE = 1_000


def id_ms(entry_id: str) -> int:
    """The millisecond timestamp a stream entry id starts with."""
    return int(entry_id.split("-", 1)[0])


def _age_s(entry_id: str | None, now_ms: int) -> float | None:
    return round((now_ms - id_ms(entry_id)) / 1000, 3) if entry_id else None


async def stream_names(redis: Redis, pattern: str = "attrgen.*") -> list[str]:
    names = [name async for name in redis.scan_iter(match=pattern, _type="stream", count=500)]
    return sorted(str(name) for name in names)


async def describe_streams(
    redis: Redis, *, dead_after_ms: int, max_deliveries: int, pattern: str = "attrgen.*"
) -> list[dict[str, Any]]:
    """Every matching stream with its groups, consumers and pending figures."""
    return [
        await describe_stream(
            redis, name, dead_after_ms=dead_after_ms, max_deliveries=max_deliveries
        )
        for name in await stream_names(redis, pattern)
    ]


async def describe_stream(
    redis: Redis, name: str, *, dead_after_ms: int, max_deliveries: int
) -> dict[str, Any]:
    info = await redis.xinfo_stream(name)
    now_ms = int(time.time() * 1000)
    first, last = info.get("first-entry"), info.get("last-entry")
    groups = []
    for group in await redis.xinfo_groups(name):
        groups.append(
            await _describe_group(redis, name, group, now_ms, dead_after_ms, max_deliveries)
        )
    return {
        "stream": name,
        "length": info["length"],
        "first_entry_id": first[0] if first else None,
        "first_entry_age_s": _age_s(first[0] if first else None, now_ms),
        "last_entry_id": last[0] if last else None,
        "last_entry_age_s": _age_s(last[0] if last else None, now_ms),
        "groups": groups,
    }


async def _describe_group(
    redis: Redis,
    stream: str,
    group: dict[str, Any],
    now_ms: int,
    dead_after_ms: int,
    max_deliveries: int,
) -> dict[str, Any]:
    name = str(group["name"])
    consumers = [
        {
            "name": c["name"],
            "pending": c["pending"],
            "idle_ms": c["idle"],
            # Redis's idle time grows on a quiet stream too (before 7.2 it counts from the
            # last delivery): only a consumer sitting on pending work that long is dead.
            "dead": c["pending"] > 0 and c["idle"] > dead_after_ms,
        }
        for c in await redis.xinfo_consumers(stream, name)
    ]
    pending: list[dict[str, Any]] = (
        await redis.xpending_range(stream, name, min="-", max="+", count=PENDING_SAMPLE)
        if group["pending"]
        else []
    )
    oldest = pending[0]["message_id"] if pending else None
    near = [p for p in pending if p["times_delivered"] >= max_deliveries - 1]
    return {
        "group": name,
        # None when Redis cannot count it (entries deleted inside the unread range).
        "lag": group.get("lag"),
        # Entries the group has read since it was created: its throughput, differenced.
        "entries_read": group.get("entries-read"),
        "pending": group["pending"],
        "last_delivered_id": group["last-delivered-id"],
        "oldest_pending_id": oldest,
        "oldest_pending_age_s": _age_s(oldest, now_ms),
        "max_pending_idle_ms": max((p["time_since_delivered"] for p in pending), default=None),
        "near_poison": len(near),
        "consumers": consumers,
        "dead_consumers": [c["name"] for c in consumers if c["dead"]],
    }


async def pending_entries(
    redis: Redis, stream: str, group: str, *, limit: int = 100, consumer: str | None = None
) -> list[dict[str, Any]]:
    """Pending entries of one group: who holds them, for how long, how often delivered,
    the request and product they are about, and their recorded failed attempts."""
    pending: list[dict[str, Any]] = await redis.xpending_range(
        stream, group, min="-", max="+", count=limit, consumername=consumer
    )
    async with redis.pipeline(transaction=False) as pipe:
        for entry in pending:
            pipe.xrange(stream, entry["message_id"], entry["message_id"])
            pipe.llen(attempts_key(group, entry["message_id"]))
        replies = await pipe.execute()
    rows = []
    for index, entry in enumerate(pending):
        found, attempts = replies[2 * index], replies[2 * index + 1]
        request = _request_ids(found[0][1] if found else {})
        rows.append(
            {
                "id": entry["message_id"],
                "consumer": entry["consumer"],
                "idle_ms": entry["time_since_delivered"],
                "deliveries": entry["times_delivered"],
                "attempts_recorded": attempts,
                **request,
            }
        )
    return rows


def _request_ids(fields: dict[str, str]) -> dict[str, str | None]:
    """Request and product id of an entry, whatever stage's message it holds (or None:
    trimmed away, or not JSON)."""
    try:
        data = json.loads(fields.get("data", ""))
    except ValueError:
        return {"request_id": None, "product_id": None}
    request = data.get("request", data) if isinstance(data, dict) else {}
    request = request if isinstance(request, dict) else {}
    product = request.get("product") if isinstance(request.get("product"), dict) else {}
    return {
        "request_id": request.get("request_id"),
        "product_id": (product or {}).get("product_id"),
    }
