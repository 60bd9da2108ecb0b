"""CPU accounting of local processes (bench.cpu), on real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import cpu

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="CPU per process is read from Linux's /proc"
)

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"


def _wait(process: subprocess.Popen[bytes]) -> None:
    assert process.wait(timeout=30) == 0


def test_a_busy_process_and_its_children_are_counted() -> None:
    """A parent whose child burns CPU shows the child's CPU too (a server that forks
    workers is counted whole)."""
    # Each burns 0.3 s of CPU, then stays alive: a reaped child's CPU leaves the count.
    stay = "import time; time.sleep(30)\n"
    child = f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', {BURN + stay!r}])\n"
    parent = subprocess.Popen([sys.executable, "-c", BURN + child + stay], start_new_session=True)
    try:
        seconds = 0.0
        deadline = time.monotonic() + 20
        while seconds < 0.55 and time.monotonic() < deadline:
            time.sleep(0.05)
            seconds = cpu.cpu_seconds(parent.pid) or 0.0
        assert seconds >= 0.55  # 0.3 s its own and 0.3 s its child's, less clock ticks
    finally:
        os.killpg(parent.pid, signal.SIGKILL)  # the child too: it shares the session
        parent.wait()


def test_a_process_gone_reads_as_none() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    _wait(process)
    assert cpu.cpu_seconds(process.pid) is None


def test_spent_is_per_item_and_per_core_busiest_first() -> None:
    used = cpu.spent({"a": 1.0, "b": 2.0, "gone": 0.0}, {"a": 1.5, "b": 4.0}, n=1000, elapsed_s=2.0)
    assert list(used) == ["b", "a"]  # busiest first; a process missing after is left out
    assert used["b"] == {"ms_per_item": 2.0, "cores": 1.0}
    assert used["a"] == {"ms_per_item": 0.5, "cores": 0.25}


def test_snapshot_counts_this_process_beside_the_others() -> None:
    process = subprocess.Popen([sys.executable, "-c", BURN])
    _wait(process)  # reaped: unreadable, like a server that has stopped
    assert cpu.snapshot({"gone": process.pid}) == {}
    taken = cpu.snapshot({"parent": 1}, this_process="me")
    assert set(taken) == {"parent", "me"}
