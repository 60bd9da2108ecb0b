"""One structlog configuration for every process: JSON lines off a terminal.

Context (request_id, message_id, product_id, stream) is bound while a message is
handled, with ``lazy_context``, so it lands on every line logged meanwhile.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import structlog

# Context computed only when a line is logged: binding four contextvars per message
# costs more than the message's own logging when INFO lines are filtered out.
_LAZY: ContextVar[Callable[[], dict[str, str]] | None] = ContextVar("attrgen_lazy", default=None)


@contextmanager
def lazy_context(build: Callable[[], dict[str, str]]) -> Iterator[None]:
    """Bind ``build()``'s fields to every line logged inside, built once per line."""
    token = _LAZY.set(build)
    try:
        yield
    finally:
        _LAZY.reset(token)


def merge_lazy_context(
    _: object, __: str, event: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """structlog processor: add the lazily bound fields (explicit ones win)."""
    build = _LAZY.get()
    if build is not None:
        for key, value in build().items():
            event.setdefault(key, value)
    return event


def configure_logging(level: str = "INFO", *, json: bool | None = None, service: str = "") -> None:
    """Configure structlog and the stdlib root logger once, in an entry point."""
    as_json = (not sys.stderr.isatty()) if json is None else json
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    shared_processors: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        merge_lazy_context,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if service:
        shared_processors.insert(1, _add_service(service))
    structlog.configure(
        processors=[
            *shared_processors,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    # uvicorn and the drivers log through the stdlib: send them through the same renderer.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=[*shared_processors, structlog.stdlib.add_logger_name],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def _add_service(service: str) -> structlog.typing.Processor:
    def add(_: object, __: str, event: structlog.typing.EventDict) -> structlog.typing.EventDict:
        event.setdefault("service", service)
        return event

    return add
