"""CPU time of local processes: what a benchmark figure is bound by, measured.

Read from Linux's ``/proc`` (no dependency); where there is none (macOS), the figures
are left out rather than guessed. Servers the environment names (``REDIS_URL``,
``MONGO_URI``) run elsewhere and are not counted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

_PROC = Path("/proc")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` and its live descendants; None when the
    process is gone or this system has no ``/proc``."""
    try:
        # The command name, in parentheses, may hold spaces: split after its last ")".
        fields = (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        children = [
            int(child)
            for task in (_PROC / str(pid) / "task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except (OSError, IndexError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    own = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return own + sum(cpu_seconds(child) or 0.0 for child in children)


def snapshot(pids: Mapping[str, int], *, this_process: str = "bench") -> dict[str, float]:
    """CPU seconds so far of each named process that can be read, and of this one (the
    benchmark submits and polls: its share counts too) under ``this_process``."""
    read = {name: cpu_seconds(pid) for name, pid in pids.items()}
    found = {name: seconds for name, seconds in read.items() if seconds is not None}
    # Only where the others could be read: a partial table would mislead.
    return {**found, this_process: time.process_time()} if found else {}


def spent(
    before: Mapping[str, float], after: Mapping[str, float], n: int, elapsed_s: float
) -> dict[str, dict[str, float]]:
    """Per process, busiest first: CPU ms per item between two snapshots, and its CPU
    time over the wall time (1.0 is one core busy the whole run)."""
    seconds = {name: after[name] - before[name] for name in after if name in before}
    return {
        name: {"ms_per_item": s * 1e3 / n, "cores": s / elapsed_s}
        for name, s in sorted(seconds.items(), key=lambda item: -item[1])
    }
