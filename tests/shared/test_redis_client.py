"""The project's Redis client: commands packed in C say what redis-py's packer says."""

from __future__ import annotations

import json

import pytest
from redis.asyncio import Redis
from redis.asyncio.connection import (
    AbstractConnection,
    Connection,
    SSLConnection,
    UnixDomainSocketConnection,
)
from redis.exceptions import DataError

from shared.redis_client import connect_redis

COMMANDS = [
    ("XADD", "attrgen.validated", "*", "data", json.dumps({"title": "Saree " * 500})),
    ("SET", "attrgen:status:r1", "{}", "XX", "KEEPTTL"),
    ("CONFIG GET", "maxmemory"),  # a two-word name goes as two arguments
    (b"CONFIG GET", b"maxmemory"),
    ("SET", "k", "Banarasi — zari, हथकरघा"),  # text outside ASCII, as UTF-8
    ("SET", "k", 1.5, "EX", 60),
    ("SET", "k", memoryview(b"raw")),
]


def _unconnected() -> AbstractConnection:
    """A connection of the project's client, never connected: packing only."""
    pool = connect_redis("redis://127.0.0.1:1/0").connection_pool
    return pool.connection_class(**pool.connection_kwargs)


@pytest.mark.parametrize("args", COMMANDS)
def test_packs_the_bytes_redis_py_packs(args: tuple[object, ...]) -> None:
    ours = _unconnected()
    theirs = Connection()
    assert b"".join(ours.pack_command(*args)) == b"".join(theirs.pack_command(*args))  # type: ignore[arg-type]


def test_a_large_entry_is_packed_in_one_piece() -> None:
    """hiredis packs a command whole; redis-py's Python packer splits one past its
    6 KB cutoff into pieces: the sign that the C packer is the one in use."""
    args = ("XADD", "attrgen.validated", "*", "data", "Saree " * 2000)
    ours = _unconnected()
    assert len(ours.pack_command(*args)) == 1
    assert len(Connection().pack_command(*args)) > 1


def test_what_hiredis_does_not_take_goes_to_redis_py() -> None:
    """A bytearray is sent as redis-py sends it; None is refused with its DataError."""
    connection = _unconnected()
    packed = b"".join(connection.pack_command("SET", "k", bytearray(b"ab")))
    assert packed == b"".join(Connection().pack_command("SET", "k", bytearray(b"ab")))
    with pytest.raises(DataError, match="NoneType"):
        connection.pack_command("SET", "k", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("redis://127.0.0.1:6379/0", Connection),
        ("rediss://127.0.0.1:6380/0", SSLConnection),
        ("unix:///tmp/redis.sock", UnixDomainSocketConnection),
    ],
)
def test_the_url_still_chooses_tcp_tls_or_a_socket(url: str, kind: type[Connection]) -> None:
    chosen = connect_redis(url).connection_pool.connection_class
    assert issubclass(chosen, kind)
    assert chosen.pack_command is not kind.pack_command  # and packs in C


async def test_a_real_server_reads_what_was_packed(redis: Redis) -> None:
    """Single commands, a transaction and stream entries round-trip on redis-server."""
    text = "Banarasi — zari, हथकरघा " * 200
    await redis.set("k", text)
    assert await redis.get("k") == text
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd("s", {"data": text})
        pipe.incrbyfloat("n", 1.5)
        pipe.config_get("maxmemory")
        entry_id, total, config = await pipe.execute()
    assert total == 1.5
    assert "maxmemory" in config
    assert await redis.xrange("s") == [(entry_id, {"data": text})]
