"""The one place where errors become HTTP responses."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pymongo.errors import ConnectionFailure as MongoConnectionFailure
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError as RedisResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.catalog import ConfigError
from shared.configs.errors import ConfigVersionError
from shared.errors import (
    AttrgenError,
    ForbiddenError,
    IdempotencyConflictError,
    InvalidInputError,
    NotFoundError,
    OverloadedError,
    UnauthorizedError,
)

log = structlog.get_logger("attrgen.gateway")


def _field(loc: tuple[Any, ...]) -> str:
    # ("body", "products", 0, "title") -> "products[0].title"; the "body" root says nothing.
    parts = [p for p in loc if p != "body"]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _body(error: str, detail: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": error, "detail": detail, "field": field, **extra}


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            # A JSON syntax error's loc is a character offset, not a field.
            "field": "body" if e["type"] == "json_invalid" else _field(tuple(e["loc"])),
            "message": e["msg"],
            "type": e["type"],
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    return JSONResponse(
        status_code=422,
        content=_body(
            "validation_error",
            f"{first['field']}: {first['message']}",
            first["field"],
            errors=errors,
        ),
    )


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, UnauthorizedError):
        headers = {"WWW-Authenticate": "ApiKey"}
        body = _body("unauthorized", str(exc), "X-API-Key")
        return JSONResponse(status_code=401, content=body, headers=headers)
    if isinstance(exc, ForbiddenError):
        return JSONResponse(status_code=403, content=_body("forbidden", str(exc)))
    if isinstance(exc, NotFoundError):
        return JSONResponse(status_code=404, content=_body("not_found", str(exc)))
    if isinstance(exc, InvalidInputError):
        return JSONResponse(status_code=422, content=_body("invalid_input", str(exc), exc.field))
    if isinstance(exc, IdempotencyConflictError):
        return JSONResponse(
            status_code=409,
            content=_body(
                "idempotency_conflict", str(exc), "Idempotency-Key", request_id=exc.request_id
            ),
        )
    if isinstance(exc, OverloadedError):
        return JSONResponse(
            status_code=429,
            content=_body("overloaded", str(exc), reason=exc.reason),
            headers={"Retry-After": str(exc.retry_after_s)},
        )
    return JSONResponse(status_code=400, content=_body("bad_request", str(exc)))


async def _config(_: Request, exc: Exception) -> JSONResponse:
    # A bad config file names the file, the line and the key; activation races are 409.
    if isinstance(exc, ConfigError):
        body = _body("invalid_config", str(exc), exc.key, file=exc.file, line=exc.line)
        return JSONResponse(status_code=422, content=body)
    return JSONResponse(status_code=409, content=_body("conflict", str(exc)))


def _allowed(request: Request) -> str:
    # Starlette's Allow names the first route matching the path; /v1/products has GET
    # and POST in two routers. Every route on the path counts.
    path = request.url.path
    methods = {
        method
        for route in request.app.routes
        if isinstance(route, APIRoute) and route.path_regex.match(path)
        for method in route.methods or ()
    }
    return ", ".join(sorted(methods))


async def _http(request: Request, exc: Exception) -> JSONResponse:
    # Routing errors (unknown path, wrong method) in the same body shape as ours.
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed(request)
    error = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(
        exc.status_code, "http_error"
    )
    return JSONResponse(
        status_code=exc.status_code,
        content=_body(error, str(exc.detail), "body" if exc.status_code == 413 else None),
        headers=headers,
    )


# Seconds a client should wait before trying again when a dependency is down or the
# pipeline is full: long enough for a Redis restart, short enough to keep flowing.
RETRY_AFTER_S = 2


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    # Nothing was accepted (or the client cannot know): say so, and when to retry. The
    # same request retried is safe: submission is idempotent.
    dependency = "mongodb" if isinstance(exc, MongoConnectionFailure) else "redis"
    log.warning("dependency_unavailable", dependency=dependency, error=str(exc))
    return JSONResponse(
        status_code=503,
        content=_body("unavailable", f"{dependency} is unreachable; retry later"),
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


async def _redis_refused(request: Request, exc: Exception) -> JSONResponse:
    # Redis at maxmemory with noeviction refuses writes: full, not broken.
    if "OOM" in str(exc):
        return JSONResponse(
            status_code=503,
            content=_body("unavailable", "redis is out of memory; retry later"),
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    return await _unexpected(request, exc)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    # Logged with its traceback; the client gets a stable body, never the stack.
    log.exception("unhandled_error", error=str(exc))
    return JSONResponse(status_code=500, content=_body("internal_error", "unexpected error"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(AttrgenError, _domain)
    for outage in (RedisConnectionError, RedisTimeoutError, MongoConnectionFailure):
        app.add_exception_handler(outage, _unavailable)
    app.add_exception_handler(RedisResponseError, _redis_refused)
    app.add_exception_handler(ConfigError, _config)
    app.add_exception_handler(ConfigVersionError, _config)
    app.add_exception_handler(Exception, _unexpected)
