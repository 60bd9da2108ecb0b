"""Errors about config versions; the gateway maps them to 404/409/422."""

from __future__ import annotations

from shared.errors import AttrgenError, InvalidInputError


class ConfigVersionError(AttrgenError):
    """Base of the errors the config versions package raises."""


class ActivationConflictError(ConfigVersionError):
    """Another activation changed the active version first; nothing was changed."""

    def __init__(self, version: str, detail: str) -> None:
        super().__init__(detail)
        self.version = version


class NothingToRollBackError(ConfigVersionError):
    """The active version is the first one ever activated."""


class BadFileError(InvalidInputError):
    """An uploaded file's name or content is unusable before any YAML is read."""
