"""Redis connections: one way to open them."""

from __future__ import annotations

from redis.asyncio import Redis


def connect_redis(url: str) -> Redis:
    """An asyncio Redis client returning ``str`` values (stream fields are JSON text)."""
    return Redis.from_url(url, decode_responses=True, health_check_interval=30)
