"""Calling a subscriber's handler and sorting each delivery into an outcome."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import structlog
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared.logs import lazy_context
from shared.messages import request_of
from shared.streams.commit import Batch
from shared.streams.declarations import Delivery, Emit, HandlerResult, Reject, Retry, Subscriber

log = structlog.get_logger("attrgen.streams")

# A dependency is down, not the message at fault: Retry raised by a handler (e.g. the
# store's MongoDB unreachable), or Redis itself gone while a handler used it.
OUTAGES = (Retry, RedisConnectionError, RedisTimeoutError)


def _context(delivery: Delivery[Any]) -> dict[str, str]:
    context = {"stream": delivery.stream, "message_id": delivery.entry_id}
    request = request_of(delivery.message)
    if request is not None:
        context["request_id"] = request.request_id
        context["product_id"] = request.product.product_id
    return context


def _emits(result: HandlerResult) -> list[Emit]:
    if result is None:
        return []
    if isinstance(result, Emit):
        return [result]
    return list(result)


async def run_handler(
    sub: Subscriber[Any], deliveries: Sequence[Delivery[Any]], batch: Batch
) -> None:
    """Run the handler on ``deliveries`` and record each outcome in ``batch``."""
    if sub.batch_handler is not None:
        await _run_batch(sub, deliveries, batch)
        return
    assert sub.handler is not None
    for index, delivery in enumerate(deliveries):
        with lazy_context(functools.partial(_context, delivery)):
            try:
                result = await sub.handler(delivery.message)
            except OUTAGES as exc:
                # The rest of the batch would hit the same outage: leave it all pending.
                log.warning("dependency_unavailable", error=str(exc))
                batch.retry_later([d.entry_id for d in deliveries[index:]], _describe(exc))
                return
            except Reject as rejection:
                batch.reject(sub, delivery, rejection)
            except Exception as exc:
                log.exception("message_failed", deliveries=delivery.deliveries)
                batch.fail(delivery.entry_id, f"{type(exc).__name__}: {exc}")
            else:
                batch.succeed(delivery, _emits(result))


async def _run_batch(
    sub: Subscriber[Any], deliveries: Sequence[Delivery[Any]], batch: Batch
) -> None:
    assert sub.batch_handler is not None
    try:
        await sub.batch_handler(deliveries)
    except OUTAGES as exc:
        log.warning("dependency_unavailable", size=len(deliveries), error=str(exc))
        batch.retry_later([d.entry_id for d in deliveries], _describe(exc))
        return
    except Exception as exc:
        if len(deliveries) > 1:
            # Isolate the culprit: one poison message must not hold back its batch.
            log.warning("batch_failed_retrying_singly", size=len(deliveries), error=str(exc))
            for delivery in deliveries:
                await _run_batch(sub, [delivery], batch)
            return
        (delivery,) = deliveries
        with lazy_context(functools.partial(_context, delivery)):
            if isinstance(exc, Reject):
                batch.reject(sub, delivery, exc)
            else:
                log.exception("message_failed", deliveries=delivery.deliveries)
                batch.fail(delivery.entry_id, f"{type(exc).__name__}: {exc}")
        return
    for delivery in deliveries:
        batch.succeed(delivery, [])


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
