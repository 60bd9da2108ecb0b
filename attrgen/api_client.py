"""The one small httpx client the operating commands talk to the gateway through."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import httpx
import typer

from attrgen.local import stack


class ApiError(Exception):
    """The gateway answered 4xx/5xx; ``detail`` is its error body's detail."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body
        super().__init__(f"{status} {body.get('error', 'error')}: {body.get('detail', '')}")


def gateway_url(explicit: str | None) -> str:
    """``--url``, else ``ATTRGEN_URL`` (or ``ATTRGEN_GATEWAY_URL``), else the stack
    ``attrgen up`` started."""
    if explicit:
        return explicit
    if from_env := os.environ.get("ATTRGEN_URL") or os.environ.get("ATTRGEN_GATEWAY_URL"):
        return from_env
    running = stack.Stack.load()
    if running is None:
        raise typer.BadParameter("no local stack is running; 'attrgen up' or pass --api")
    return running.gateway_url


class Api:
    def __init__(self, url: str, timeout_s: float = 60) -> None:
        self.url = url
        # A gateway with API keys (compose) wants one; the local stack needs none.
        key = os.environ.get("ATTRGEN_API_KEY")
        headers = {"X-API-Key": key} if key else {}
        self._client = httpx.Client(base_url=url, timeout=timeout_s, headers=headers)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return self._answer(self._client.get(path, params=clean))

    def post(self, path: str, body: Any = None) -> Any:
        return self._answer(self._client.post(path, json=body))

    @staticmethod
    def _answer(response: httpx.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = {"error": "http_error", "detail": response.text[:500]}
        if response.status_code >= 400:
            raise ApiError(response.status_code, body if isinstance(body, dict) else {})
        return body


# Exit codes of the operating commands: 0 success, 1 partial failure or the system
# failing, 2 usage error (typer's own, and a 4xx: the request itself was wrong).
PARTIAL_FAILURE = 1
USAGE_ERROR = 2


@contextmanager
def session(url: str | None) -> Iterator[Api]:
    """An API client; HTTP and connection errors end the command with one clear line."""
    base = gateway_url(url)
    try:
        with Api(base) as api:
            yield api
    except ApiError as exc:
        typer.echo(f"error: {exc}", err=True)
        code = USAGE_ERROR if 400 <= exc.status < 500 else PARTIAL_FAILURE
        raise typer.Exit(code) from exc
    except httpx.HTTPError as exc:
        typer.echo(f"error: cannot reach the gateway at {base}: {exc}", err=True)
        raise typer.Exit(PARTIAL_FAILURE) from exc


UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        "--api",
        help="gateway URL (default: $ATTRGEN_URL / $ATTRGEN_GATEWAY_URL, else 'attrgen up')",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the API's JSON")]


def print_json(body: Any) -> None:
    typer.echo(json.dumps(body, indent=2, default=str))
