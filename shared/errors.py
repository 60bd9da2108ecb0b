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
