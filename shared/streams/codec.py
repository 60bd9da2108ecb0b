"""How a typed message becomes a stream entry and back: one ``data`` field of JSON."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
FIELD = "data"


class DecodeError(Exception):
    """A stream entry that is not a valid message of the expected type."""


def encode(message: BaseModel) -> dict[str, str]:
    return {FIELD: message.model_dump_json()}


def decode(fields: dict[str, str], model: type[M]) -> M:
    raw = fields.get(FIELD)
    if raw is None:
        raise DecodeError(f"entry has no {FIELD!r} field (fields: {sorted(fields)})")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "<root>"
        raise DecodeError(f"not a {model.__name__}: {where}: {first['msg']}") from exc
