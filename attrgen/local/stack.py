"""``attrgen up|status|down``: the whole pipeline as local background processes.

Redis and the MongoDB stand-in are real servers on loopback; the four services run
as the same entry points production runs. ``REDIS_URL``/``MONGO_URI`` in the
environment replace the local servers.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from attrgen.local.mongo_standin import ensure_venv, start_mongo
from attrgen.local.ports import free_port, port_open
from attrgen.local.redis_server import ensure_redis_server, start_redis
from shared.secrets import redact_url

SERVICES = ("generator", "validator", "store", "gateway")
WORKERS = SERVICES[:3]


def process_names(generators: int = 1) -> list[str]:
    """Every service process, generator replicas named generator, generator-2 ...

    Replicas are separate processes in one consumer group, each with its own consumer
    name (host-pid), so they share the requests stream instead of each reading all of it.
    """
    replicas = ["generator", *(f"generator-{i}" for i in range(2, generators + 1))]
    return [*replicas, *SERVICES[1:]]


# The local Redis's memory cap (noeviction); the gateway answers 429 past 80% of it.
LOCAL_MAXMEMORY_MB = 1024


def home() -> Path:
    default = Path.home() / ".local" / "state" / "attrgen"
    return Path(os.environ.get("ATTRGEN_HOME", default))


@dataclass
class Stack:
    redis_url: str
    mongo_uri: str
    gateway_url: str
    logs: str
    pids: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, str] = field(default_factory=dict)  # process -> its /metrics URL

    @classmethod
    def load(cls) -> Stack | None:
        path = home() / "stack.json"
        return cls(**json.loads(path.read_text())) if path.exists() else None

    def save(self) -> None:
        home().mkdir(parents=True, exist_ok=True)
        (home() / "stack.json").write_text(json.dumps(asdict(self), indent=2))


def server_urls(stack: Stack) -> tuple[str, str]:
    """Redis and MongoDB URLs for a tool joining ``stack``: ``REDIS_URL``/``MONGO_URI``
    when set (each on its own), else the stack's. stack.json masks credentials, so a
    server named with them must come from the environment."""
    return (
        os.environ.get("REDIS_URL") or stack.redis_url,
        os.environ.get("MONGO_URI") or stack.mongo_uri,
    )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists"; reap it to tell.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    return True


def _port(preferred: int) -> int:
    return preferred if not port_open(preferred) else free_port()


def prepare() -> None:
    """Install what the local stack needs (redis-server, the stand-in's venv)."""
    ensure_redis_server()
    if not os.environ.get("MONGO_URI"):
        ensure_venv(progress=True)


def up(generators: int = 1) -> Stack:
    """Start everything in the background, ``generators`` generator replicas; return
    where it runs."""
    existing = Stack.load()
    if existing and any(alive(pid) for pid in existing.pids.values()):
        raise RuntimeError("the stack is already running; 'attrgen down' first")
    logs = home() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    pids: dict[str, int] = {}
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        port = _port(6379)
        # Durable (AOF) as in production, so a Redis crash mid-run loses at most the
        # last second. But each `up` starts empty: the MongoDB stand-in keeps data in
        # memory only, and idempotency keys from an earlier run would point at
        # records it no longer has.
        shutil.rmtree(home() / "redis", ignore_errors=True)
        pids["redis"] = start_redis(
            port,
            home() / "redis",
            logs / "redis.log",
            durable=True,
            maxmemory_mb=LOCAL_MAXMEMORY_MB,
        ).pid
        redis_url = f"redis://127.0.0.1:{port}/0"
    mongo_uri = os.environ.get("MONGO_URI", "")
    if not mongo_uri:
        port = _port(27017)
        pids["mongo"] = start_mongo(port, logs / "mongo.log").pid
        mongo_uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    gateway_port = _port(8000)
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "ATTRGEN_GATEWAY_PORT": str(gateway_port),
        "ATTRGEN_LOG_JSON": "true",
    }
    names = process_names(generators)
    metrics_ports = {name: free_port() for name in names if name != "gateway"}
    started = start_services(env, logs, metrics_ports, generators=generators)
    pids.update({name: p.pid for name, p in started.items()})
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    metrics = {name: f"http://127.0.0.1:{port}/metrics" for name, port in metrics_ports.items()}
    metrics["gateway"] = f"{gateway_url}/metrics"
    # stack.json and `attrgen up`/`status` show where things run, never the credentials
    # a REDIS_URL or MONGO_URI carries; the services got the real ones in env above.
    stack = Stack(
        redact_url(redis_url), redact_url(mongo_uri), gateway_url, str(logs), pids, metrics
    )
    stack.save()
    wait_ready(stack)
    return stack


def start_service(name: str, env: dict[str, str], log_file: Path) -> subprocess.Popen[bytes]:
    """Start one service's real entry point (``python -m services.NAME``; a replica
    ``NAME-2`` runs the same one)."""
    module = name.split("-", 1)[0]
    with log_file.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", f"services.{module}"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def start_services(
    env: dict[str, str],
    logs: Path,
    metrics_ports: dict[str, int] | None = None,
    *,
    generators: int = 1,
) -> dict[str, subprocess.Popen[bytes]]:
    """All four services (``generators`` generator processes), each logging to
    ``logs/NAME.log``; workers serve metrics on ``metrics_ports[NAME]`` when given."""
    ports = metrics_ports or {}
    return {
        name: start_service(
            name,
            {**env, "ATTRGEN_METRICS_PORT": str(ports[name])} if name in ports else env,
            logs / f"{name}.log",
        )
        for name in process_names(generators)
    }


def stop_processes(processes: list[subprocess.Popen[bytes]], timeout_s: float = 15) -> None:
    """SIGTERM all, wait for each (they finish in-flight work), SIGKILL stragglers."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(stack: Stack, timeout_s: float = 60) -> None:
    wait_gateway(stack.gateway_url, stack.pids, stack.logs, timeout_s)


def wait_gateway(url: str, pids: dict[str, int], logs: str, timeout_s: float = 60) -> None:
    """Wait for ``/readyz``; fail fast when a process died on the way."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        dead = [name for name, pid in pids.items() if not alive(pid)]
        if dead:
            raise RuntimeError(f"{', '.join(dead)} exited during start-up; see {logs}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the gateway was not ready within {timeout_s:.0f}s; see {logs}")


def down(timeout_s: float = 15) -> list[str]:
    """SIGTERM services first (they finish in-flight work), then the servers."""
    stack = Stack.load()
    if stack is None:
        return []
    # Newest first: Airflow (started last) before the services its tasks publish to.
    services = [name for name in stack.pids if name not in ("mongo", "redis")]
    order = [*services[::-1], "mongo", "redis"]
    stopped = []
    for name in order:
        pid = stack.pids.get(name)
        if pid is None or not alive(pid):
            continue
        # Airflow standalone runs a process per component, in the group it leads.
        kill = os.killpg if name == "airflow" else os.kill
        kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if alive(pid):
            kill(pid, signal.SIGKILL)
        stopped.append(name)
    (home() / "stack.json").unlink(missing_ok=True)
    return stopped
