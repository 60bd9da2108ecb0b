"""The stream runtime: declared consumers over Redis Streams consumer groups.

Written once and used by every worker: batched reads, atomic publish + ack, reclaim
of messages left by dead consumers, and quarantine of poison messages.
"""

from shared.streams.codec import DecodeError, decode, encode
from shared.streams.declarations import (
    CommitHook,
    Delivery,
    Emit,
    Reject,
    Retry,
    Router,
    Subscriber,
)
from shared.streams.worker import Worker

__all__ = [
    "CommitHook",
    "DecodeError",
    "Delivery",
    "Emit",
    "Reject",
    "Retry",
    "Router",
    "Subscriber",
    "Worker",
    "decode",
    "encode",
]
