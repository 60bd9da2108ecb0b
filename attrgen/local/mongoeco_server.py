"""Runs the mongoeco wire server; executed by the stand-in's own Python >= 3.13 venv.

Standalone on purpose: it imports nothing from attrgen, because it runs in another
interpreter, like a database server would.
"""

import argparse
import asyncio
import signal

from mongoeco.engines.memory import MemoryEngine
from mongoeco.wire.proxy import AsyncMongoEcoProxyServer


async def serve(host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # "auto-installed": the default profile refuses current PyMongo releases.
    server = AsyncMongoEcoProxyServer(
        engine=MemoryEngine(), host=host, port=port, pymongo_profile="auto-installed"
    )
    async with server:
        print(f"mongoeco listening on {host}:{port}", flush=True)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
