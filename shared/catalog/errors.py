"""Errors raised by the catalog: one base class, subclasses carry what they are about."""

from __future__ import annotations

from shared.errors import AttrgenError


class CatalogError(AttrgenError):
    """Base of every error the catalog package raises."""


class ConfigError(CatalogError):
    """A configuration file is malformed; names the file, the line and the key at fault."""

    def __init__(self, file: str, line: int | None, key: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        where = file if line is None else f"{file}:{line}"
        at = f" at '{key}'" if key else ""
        super().__init__(f"{where}{at}: {message}")
