"""What a worker declares: typed handlers bound to a stream and a consumer group."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from redis.asyncio.client import Pipeline

from shared.messages import AttributeIssue, QuarantineRecord, ReasonCode, Stage
from shared.names import QUARANTINE

M = TypeVar("M", bound=BaseModel)


class Reject(Exception):
    """Raised by a handler: this message cannot be processed, quarantine it, no retry."""

    def __init__(
        self, reasons: Sequence[ReasonCode], errors: Sequence[AttributeIssue] = (), detail: str = ""
    ) -> None:
        super().__init__(detail or ", ".join(reasons))
        self.reasons = list(reasons)
        self.errors = list(errors)


class Retry(Exception):
    """Raised by a handler: a dependency is down, redeliver later as is.

    Unlike other errors it is not blamed on one message, so a failed batch is not
    split up to find a culprit (64 calls each waiting out a dead database).
    """


@dataclass(frozen=True)
class Emit:
    """A message to publish downstream, atomically with the ack of its source."""

    stream: str
    message: BaseModel


@dataclass(frozen=True)
class Delivery(Generic[M]):
    """One stream entry handed to a handler, with how often it has been delivered."""

    stream: str
    entry_id: str
    message: M
    deliveries: int


HandlerResult = Emit | Sequence[Emit] | None
MessageHandler = Callable[[M], Awaitable[HandlerResult]]
BatchHandler = Callable[[Sequence[Delivery[M]]], Awaitable[None]]


@dataclass
class Subscriber(Generic[M]):
    """A handler bound to ``stream`` and ``group``.

    ``batch`` handlers get every delivery of a read at once (the store's bulk writes);
    others get one message at a time. ``stage`` names the service in quarantine
    records; ``completes`` is the request stage reached when a message is acked.
    """

    stream: str
    group: str
    model: type[M]
    stage: str
    handler: MessageHandler[M] | None = None
    batch_handler: BatchHandler[M] | None = None
    completes: Stage | None = None
    # Where messages this subscriber gives up on go; the quarantine's own consumer
    # points elsewhere so a record it cannot persist does not loop back to itself.
    # None: the last resort (the dead-letter store) never gives up on a message; it
    # stays pending, logged, for a human.
    quarantine_stream: str | None = QUARANTINE


class CommitHook(Protocol):
    """Adds commands to the transaction that acks a batch (e.g. status updates).

    Called once per commit with every message that succeeded, so a hook can write one
    command for the whole batch (one DEL of many keys) rather than one per message.
    """

    def on_success(
        self, pipe: Pipeline, sub: Subscriber[Any], messages: Sequence[BaseModel]
    ) -> None: ...

    def on_quarantine(
        self, pipe: Pipeline, record: QuarantineRecord, message: BaseModel | None
    ) -> None:
        """``message``: the decoded message the record is about, when there was one."""


@dataclass
class Router:
    """Collects a service's subscribers, declared with decorators."""

    subscribers: list[Subscriber[Any]] = field(default_factory=list)

    def subscriber(
        self,
        stream: str,
        group: str,
        model: type[M],
        *,
        stage: str,
        completes: Stage | None = None,
    ) -> Callable[[MessageHandler[M]], MessageHandler[M]]:
        """Declare a handler called with one message at a time."""

        def register(fn: MessageHandler[M]) -> MessageHandler[M]:
            self.subscribers.append(
                Subscriber(stream, group, model, stage, handler=fn, completes=completes)
            )
            return fn

        return register

    def batch_subscriber(
        self,
        stream: str,
        group: str,
        model: type[M],
        *,
        stage: str,
        completes: Stage | None = None,
        quarantine_stream: str | None = QUARANTINE,
    ) -> Callable[[BatchHandler[M]], BatchHandler[M]]:
        """Declare a handler called with every delivery of a read (bulk writes)."""

        def register(fn: BatchHandler[M]) -> BatchHandler[M]:
            self.subscribers.append(
                Subscriber(
                    stream,
                    group,
                    model,
                    stage,
                    batch_handler=fn,
                    completes=completes,
                    quarantine_stream=quarantine_stream,
                )
            )
            return fn

        return register
