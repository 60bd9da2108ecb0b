"""Redis connections: one way to open them."""

from __future__ import annotations

from redis.asyncio import Redis


def connect_redis(url: str, *, timeout_s: float | None = None) -> Redis:
    """An asyncio Redis client returning ``str`` values (stream fields are JSON text).

    ``timeout_s`` bounds each call (the gateway: a hung Redis is a 503, not a hang);
    workers leave it unset because XREADGROUP blocks on purpose.
    """
    return Redis.from_url(
        url,
        decode_responses=True,
        health_check_interval=30,
        socket_connect_timeout=timeout_s or 5,
        socket_timeout=timeout_s,
    )
