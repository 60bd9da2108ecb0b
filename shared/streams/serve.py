"""Running a worker as a process: signals in, clean exit out."""

from __future__ import annotations

import asyncio
import signal

from shared.streams.worker import Worker


async def serve(worker: Worker) -> None:
    """Run ``worker`` until SIGTERM/SIGINT, then let in-flight messages finish."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
