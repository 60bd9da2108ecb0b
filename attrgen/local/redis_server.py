"""A real ``redis-server`` (Debian's package) as a local process."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from attrgen.local.ports import wait_for_port


class SetupError(RuntimeError):
    """Something the local stack needs is missing and cannot be installed here."""


def ensure_redis_server(*, install: bool = True) -> str:
    """Path of ``redis-server``; install Debian's package when missing and root."""
    found = shutil.which("redis-server")
    if found:
        return found
    if not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SetupError(
            "redis-server is not installed; install it with "
            "'sudo apt-get install redis-server' (Debian/Ubuntu) and run again"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=True, env=env)
    found = shutil.which("redis-server")
    if not found:
        raise SetupError("apt-get installed redis-server but it is not on PATH")
    return found


def start_redis(
    port: int, data_dir: Path, log_file: Path, *, durable: bool, maxmemory_mb: int = 0
) -> subprocess.Popen[bytes]:
    """Start redis-server on 127.0.0.1:``port`` and wait until it listens.

    ``durable``: AOF with ``appendfsync everysec``, as in production, replayed from
    ``data_dir`` when restarted there. ``maxmemory_mb`` with ``noeviction``: a full
    Redis refuses writes (the gateway's 503) rather than evict a stream.
    """
    binary = ensure_redis_server()
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        binary,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(data_dir),
        "--save", "",
        "--appendonly", "yes" if durable else "no",
        "--appendfsync", "everysec",
        "--maxmemory", f"{maxmemory_mb}mb",
        "--maxmemory-policy", "noeviction",
        "--daemonize", "no",
    ]  # fmt: skip
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_for_port(port, timeout_s=15, what="redis-server", alive=process)
    return process
