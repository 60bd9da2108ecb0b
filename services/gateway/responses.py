"""The error responses the gateway really returns, for the OpenAPI document.

Every error body has the shape of :class:`ErrorBody` (``services/gateway/errors.py``
builds them all); FastAPI's default 422 schema is replaced by it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FieldError(BaseModel):
    field: str
    message: str
    type: str


class ErrorBody(BaseModel):
    """``{"error", "detail", "field"}``; some errors add keys (``errors``, ``request_id`` ...)."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(description="stable code: validation_error, not_found, unauthorized ...")
    detail: str
    field: str | None = Field(description="the input at fault, when one is")
    errors: list[FieldError] | None = Field(None, description="every field error (422 only)")


_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
_DESCRIPTIONS = {
    400: "Bad request",
    401: "No API key, or an unknown one (when keys are configured)",
    403: "The API key lacks the scope this operation needs",
    404: "Not found",
    409: "Conflict: an idempotency key reused for other content, or an activation race",
    413: "Request body larger than the gateway accepts",
    422: "Invalid input; ``field`` names it",
    429: "The pipeline is behind: retry after Retry-After seconds",
    503: "A dependency (Redis, MongoDB) is down or full: retry after Retry-After seconds",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these status codes, all with the error body."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorBody, "description": _DESCRIPTIONS[code]}
        if code in (429, 503):
            entry["headers"] = _RETRY_AFTER
        out[code] = entry
    return out


# What any route may answer: auth, the body cap, validation, an outage.
COMMON = errors(400, 401, 403, 413, 422, 503)
