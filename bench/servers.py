"""Local redis-server and MongoDB stand-in on free ports, for the benchmarks.

``REDIS_URL``/``MONGO_URI`` in the environment replace them (a real MongoDB, say).
Redis runs with AOF (``appendfsync everysec``), as ``attrgen up`` and compose run it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from attrgen.local.mongo_standin import start_mongo
from attrgen.local.ports import free_port
from attrgen.local.redis_server import start_redis
from attrgen.local.stack import stop_processes


@dataclass(frozen=True)
class Servers:
    redis_url: str
    mongo_uri: str
    tmp: Path
    # The servers started here (not those the environment names), for CPU accounting.
    pids: dict[str, int] = field(default_factory=dict)


@contextmanager
def local_servers(*, mongo: bool = True) -> Iterator[Servers]:
    """Start what the environment does not name; stop it on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="attrgen-bench-"))
    started: list[subprocess.Popen[bytes]] = []
    pids: dict[str, int] = {}
    try:
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            port = free_port()
            started.append(start_redis(port, tmp / "redis", tmp / "redis.log", durable=True))
            pids["redis"] = started[-1].pid
            redis_url = f"redis://127.0.0.1:{port}/0"
        mongo_uri = os.environ.get("MONGO_URI", "")
        if mongo and not mongo_uri:
            port = free_port()
            started.append(start_mongo(port, tmp / "mongo.log"))
            pids["mongodb"] = started[-1].pid
            mongo_uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
        yield Servers(redis_url, mongo_uri, tmp, pids)
    finally:
        stop_processes(started)
