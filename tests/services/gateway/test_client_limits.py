"""With API keys on, each key has its own submission rate and its own idempotency keys."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from services.gateway.auth import hash_key
from tests.fixtures.pipeline import Pipeline, running_pipeline

RATE = 30  # products per second per key
KEYS = {"alice": ["submit"], "bob": ["submit"]}


@pytest.fixture(scope="module")
def limited(
    redis_url: str, mongo_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pipeline]:
    env = {
        "ATTRGEN_GATEWAY_API_KEYS": json.dumps({hash_key(k): s for k, s in KEYS.items()}),
        "ATTRGEN_GATEWAY_CLIENT_RATE_PER_S": str(RATE),
    }
    with running_pipeline(redis_url, mongo_uri, tmp_path_factory.mktemp("limited"), env) as up:
        yield up


def _kurtas(n: int) -> list[dict[str, Any]]:
    return [
        {
            "product_id": f"L-{uuid.uuid4().hex[:10]}",
            "product_type": "kurta",
            "title": "Women Cotton Kurta (Red)",
            "vendor_specs": {"Colour": "Red"},
        }
        for _ in range(n)
    ]


def _as(pipeline: Pipeline, key: str) -> httpx.Client:
    return httpx.Client(base_url=pipeline.url, timeout=10, headers={"X-API-Key": key})


def test_a_key_past_its_rate_gets_429_while_another_key_goes_on(limited: Pipeline) -> None:
    """Two batches of 25 in one second from one key: the second is 429; another key is not."""
    with _as(limited, "alice") as alice, _as(limited, "bob") as bob:
        for _ in range(3):  # land both batches in one one-second window
            first = alice.post("/v1/products:batch", json={"products": _kurtas(25)})
            second = alice.post("/v1/products:batch", json={"products": _kurtas(25)})
            if second.status_code == 429:
                break
        other = bob.post("/v1/products:batch", json={"products": _kurtas(25)})
    assert first.status_code == 202, first.text
    assert second.status_code == 429, second.text
    assert second.headers["Retry-After"] == "1"
    assert second.json()["reason"] == "client_rate"
    assert other.status_code == 202, other.text


def test_idempotency_keys_are_scoped_per_api_key(limited: Pipeline) -> None:
    """The same Idempotency-Key from two clients is two requests, not a 409."""
    idem = {"Idempotency-Key": uuid.uuid4().hex}
    with _as(limited, "alice") as alice, _as(limited, "bob") as bob:
        mine = alice.post("/v1/products", json=_kurtas(1)[0], headers=idem)
        theirs = bob.post("/v1/products", json=_kurtas(1)[0], headers=idem)
    assert (mine.status_code, theirs.status_code) == (202, 202), theirs.text
    assert mine.json()["request_id"] != theirs.json()["request_id"]
