"""Limits enforced at the edge, before a request costs memory or parsing time."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.gateway.deps import State
from shared.errors import InvalidInputError

# Pagination past this is a scan, not a page; MongoDB's skip also overflows at 2**31.
MAX_OFFSET = 1_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


class BodyTooLarge(StarletteHTTPException):
    """The body is bigger than the gateway accepts; raised while it is read.

    An HTTPException so FastAPI passes it through its body reading untouched (anything
    else becomes a 400) to the error handlers, which answer 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


def _too_large_body(limit: int) -> bytes:
    detail = f"request body larger than {limit} bytes"
    return json.dumps({"error": "payload_too_large", "detail": detail, "field": "body"}).encode()


class BodyLimit:
    """ASGI middleware: a body past ``max_bytes`` is refused with 413 while it streams in.

    A declared Content-Length past the limit is refused before one byte is read; a
    chunked body is counted as it arrives, so a 50 MB upload never sits in memory.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = _too_large_body(self.max_bytes)
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _batch_size(request: Request, state: State) -> None:
    # Runs before the body is validated into products: FastAPI has only decoded the
    # JSON (bounded by BodyLimit), so 100,000 products cost a len(), not 100,000 models.
    try:
        body: Any = await request.json()
    except ValueError:
        return  # not JSON: body validation says so, in the usual 422
    products = body.get("products") if isinstance(body, dict) else None
    limit = state.settings.max_batch
    if isinstance(products, list) and len(products) > limit:
        raise InvalidInputError("products", f"at most {limit} products per batch")


BatchSize = Depends(_batch_size)
