"""API keys with scopes: ``dependencies=[Require("operate")]`` on a router or route.

Keys live in settings as SHA-256 hashes mapped to scopes (``ATTRGEN_GATEWAY_API_KEYS``,
JSON: ``{"<sha256 hex>": ["submit", "read"]}``; ``attrgen hash-key`` prints a hash).
No keys configured means no checks: the local stack on 127.0.0.1 stays open, compose
sets keys. Scopes do not imply each other; a key lists every scope it needs.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import Depends, Security
from fastapi.params import Depends as DependsParam
from fastapi.security import APIKeyHeader

from services.gateway.deps import State
from shared.errors import ForbiddenError, UnauthorizedError

Scope = Literal["submit", "read", "operate"]
SCOPES: tuple[Scope, ...] = ("submit", "read", "operate")
HEADER = "X-API-Key"
_api_key = APIKeyHeader(
    name=HEADER,
    auto_error=False,
    scheme_name="ApiKey",
    description=(
        "Scopes: submit (POST products), read (GET products, requests, quarantine, "
        "configs), operate (change configs, replay quarantine, streams)."
    ),
)


def hash_key(key: str) -> str:
    """The SHA-256 hex digest a key is stored as."""
    return hashlib.sha256(key.encode()).hexdigest()


class _ScopeCheck:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    async def __call__(
        self, state: State, key: Annotated[str | None, Security(_api_key)] = None
    ) -> None:
        keys = state.settings.api_keys
        if not keys:
            return
        if not key:
            raise UnauthorizedError(f"an API key is required in the {HEADER} header")
        # The hash is the lookup key: comparing digests of a secret leaks nothing useful.
        scopes = keys.get(hash_key(key))
        if scopes is None:
            raise UnauthorizedError("unknown API key")
        if self.scope not in scopes:
            raise ForbiddenError(self.scope)


def Require(scope: Scope) -> DependsParam:  # reads as a declaration
    """The dependency that admits only keys with ``scope`` (when keys are configured)."""
    check: DependsParam = Depends(_ScopeCheck(scope))
    return check


async def _client_id(
    state: State, key: Annotated[str | None, Security(_api_key)] = None
) -> str | None:
    # Who is asking, for per-client limits and idempotency scopes: a prefix of the key's
    # hash (never the key), or None while keys are off.
    if not state.settings.api_keys or not key:
        return None
    return hash_key(key)[:16]


# The calling client's id when API keys are on (after Require has admitted it), else None.
ClientId = Annotated[str | None, Depends(_client_id)]
