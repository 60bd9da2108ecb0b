"""The project's error hierarchy; the gateway maps it to HTTP in one handler."""

from __future__ import annotations


class AttrgenError(Exception):
    """Base of every error attrgen raises on purpose."""


class NotFoundError(AttrgenError):
    """A thing asked for by id does not exist."""

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"{kind} {ident!r} not found")
        self.kind = kind
        self.ident = ident


class InvalidInputError(AttrgenError):
    """Input that passed parsing but makes no sense; names the field at fault."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail


class IdempotencyConflictError(AttrgenError):
    """An idempotency key reused with a different product body."""

    def __init__(self, key: str, request_id: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was used for a different product body "
            f"(request {request_id}); use a new key for new content"
        )
        self.key = key
        self.request_id = request_id


class OverloadedError(AttrgenError):
    """The pipeline is behind (stream lag or Redis memory past a limit): try later."""

    def __init__(self, reason: str, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.reason = reason
        self.retry_after_s = retry_after_s


class UnauthorizedError(AttrgenError):
    """No API key, or one the gateway does not know, where keys are required."""


class ForbiddenError(AttrgenError):
    """A known API key without the scope the operation needs."""

    def __init__(self, scope: str) -> None:
        super().__init__(f"this API key lacks the {scope!r} scope")
        self.scope = scope
