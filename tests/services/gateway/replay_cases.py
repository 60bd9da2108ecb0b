"""Products and helpers shared by the replay and operations tests."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from tests.fixtures.configs import activate, edit_value, push

# "Haldi" is no colour the packaged config knows: a kurta whose only colour it is
# quarantines with unknown_value until a config gives mustard the alias.
UNKNOWN_COLOUR = "Haldi"


def haldi_kurta(tag: str, colour: str = UNKNOWN_COLOUR) -> dict[str, Any]:
    return {
        "product_id": f"{tag}-{uuid.uuid4().hex[:10]}",
        "product_type": "kurta",
        "title": "Women Cotton Straight Kurta",
        "vendor_specs": {"Fabric": "100% Cotton", "Colour": colour},
    }


def wait_stage(client: httpx.Client, request_id: str, timeout_s: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = client.get(f"/v1/requests/{request_id}").json()
        if status.get("stage") in ("stored", "quarantined"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"request {request_id} not finished: {status}")


def wait_record(client: httpx.Client, quarantine_id: str, timeout_s: float = 15) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get(f"/v1/quarantine/{quarantine_id}")
        if response.status_code != 404 or time.monotonic() > deadline:
            return response.json()
        time.sleep(0.1)


def quarantined(
    client: httpx.Client, tag: str, count: int, colour: str = UNKNOWN_COLOUR
) -> list[str]:
    """Submit ``count`` kurtas of an unknown colour; their quarantine ids once persisted."""
    products = [haldi_kurta(tag, colour) for _ in range(count)]
    body = client.post("/v1/products:batch", json={"products": products}).json()
    ids = []
    for accepted in body["requests"]:
        status = wait_stage(client, accepted["request_id"])
        assert status["stage"] == "quarantined", status
        assert wait_record(client, status["quarantine_id"])["quarantine_id"]
        ids.append(status["quarantine_id"])
    return ids


def learn_haldi(client: httpx.Client) -> str:
    """Push and activate a version where "haldi" is an alias of mustard."""

    def alias(value: dict[str, Any]) -> None:
        value["aliases"] = [*value.get("aliases", []), "haldi"]

    version: str = push(client, edit_value(client, "primary_color", "mustard", alias))["version"]
    activate(client, version)
    return version
