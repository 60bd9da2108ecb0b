"""The MongoDB stand-in: the ``mongoeco`` wire server in its own venv, over TCP.

No ``mongod`` can be installed on these machines. mongoeco speaks the wire protocol,
so the real PyMongo driver talks to it exactly as to MongoDB; ``MONGO_URI`` pointing
at a real server replaces it with no other change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from attrgen.local.ports import wait_for_port
from attrgen.local.redis_server import SetupError

MONGOECO_REQUIREMENT = "mongoeco[wire]==4.11.0"
MIN_PYTHON = (3, 13)
SERVER_SCRIPT = Path(__file__).with_name("mongoeco_server.py")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "attrgen"


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return (int(out[0]), int(out[1])) if len(out) == 2 else None


def _pyenv_candidates() -> list[str]:
    pyenv = shutil.which("pyenv")
    if not pyenv:
        return []
    try:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout
        names = subprocess.run(
            [pyenv, "versions", "--bare"], capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for name in names:
        if re.fullmatch(r"3\.\d+(\.\d+)?", name):
            found.append(str(Path(root.strip()) / "versions" / name / "bin" / "python3"))
    return sorted(found, reverse=True)


def find_python() -> str:
    """A Python >= 3.13 from PATH or pyenv (mongoeco's minimum)."""
    names = [os.environ.get("ATTRGEN_MONGOECO_PYTHON", "")]
    names += [f"python3.{minor}" for minor in range(20, MIN_PYTHON[1] - 1, -1)] + ["python3"]
    candidates = [p for p in (shutil.which(n) for n in names if n) if p]
    candidates += _pyenv_candidates()
    for python in candidates:
        version = _version(python)
        if version is not None and version >= MIN_PYTHON:
            return python
    raise SetupError(
        "the MongoDB stand-in (mongoeco) needs Python >= 3.13 and none was found on PATH "
        "or through pyenv; install one (e.g. 'pyenv install 3.13') or set MONGO_URI to a "
        "real MongoDB"
    )


def ensure_venv(progress: bool = False) -> Path:
    """The stand-in's venv python, created and installed on first use."""
    venv = cache_dir() / f"mongoeco-venv-{MONGOECO_REQUIREMENT.split('==')[1]}"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return python
    if progress:
        print(f"creating the MongoDB stand-in venv at {venv} (one time)", flush=True)
    subprocess.run([find_python(), "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         MONGOECO_REQUIREMENT],
        check=True,
    )  # fmt: skip
    marker.write_text(MONGOECO_REQUIREMENT + "\n")
    return python


def start_mongo(port: int, log_file: Path) -> subprocess.Popen[bytes]:
    python = ensure_venv()
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [str(python), str(SERVER_SCRIPT), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_for_port(port, timeout_s=60, what="mongoeco", alive=process)
    return process
