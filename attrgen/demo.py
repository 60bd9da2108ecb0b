"""``attrgen demo``: submit the sample catalog and show what the pipeline made of it."""

from __future__ import annotations

import json
import time
from importlib import resources
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

TERMINAL = {"stored", "quarantined"}
SHOWN = ("primary_color", "fabric", "pattern", "occasion", "sleeve_length", "neck", "saree_type")


def sample_catalog() -> dict[str, Any]:
    text = resources.files("attrgen.samples").joinpath("catalog.json").read_text()
    body: dict[str, Any] = json.loads(text)
    return body


def wait_for(
    client: httpx.Client, request_ids: list[str], console: Console, timeout_s: float
) -> dict[str, dict[str, Any]]:
    """Poll each request's status until all are stored or quarantined."""
    statuses: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout_s
    with console.status("waiting for the pipeline") as spinner:
        while time.monotonic() < deadline:
            for request_id in request_ids:
                if statuses.get(request_id, {}).get("stage") in TERMINAL:
                    continue
                response = client.get(f"/v1/requests/{request_id}")
                response.raise_for_status()
                statuses[request_id] = response.json()
            done = sum(s.get("stage") in TERMINAL for s in statuses.values())
            spinner.update(f"waiting for the pipeline: {done}/{len(request_ids)} done")
            if done == len(request_ids):
                return statuses
            time.sleep(0.25)
    raise TimeoutError(f"not all requests finished within {timeout_s:.0f}s")


def _value(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _row(client: httpx.Client, status: dict[str, Any]) -> list[str]:
    product_id = status["product_id"]
    if status["stage"] == "stored":
        body = client.get(f"/v1/products/{product_id}/attributes").json()
        attributes = body["attributes"]
        shown = [
            f"{code}={_value(attributes[code]['value'])}" for code in SHOWN if code in attributes
        ]
        others = len(attributes) - len(shown)
        summary = "; ".join(shown) + (f" (+{others} more)" if others > 0 else "")
        return [product_id, body["product_type"], "[green]stored[/green]", summary]
    record = _quarantine_record(client, status["quarantine_id"])
    if record is None:
        return [product_id, "?", "[red]quarantined[/red]", "(record not persisted yet)"]
    errors = [f"{e['attribute']}: {e['reason']}" for e in record.get("errors", [])]
    reasons = "; ".join(errors) or ", ".join(record["reasons"])
    return [product_id, record.get("product_type") or "?", "[red]quarantined[/red]", reasons]


def _quarantine_record(client: httpx.Client, quarantine_id: str) -> dict[str, Any] | None:
    # The status flips in the same transaction that publishes the record; the store
    # persists it to MongoDB a moment later.
    for _ in range(40):
        response = client.get(f"/v1/quarantine/{quarantine_id}")
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        time.sleep(0.25)
    return None


def run_demo(gateway_url: str, timeout_s: float = 60) -> None:
    console = Console()
    catalog = sample_catalog()
    with httpx.Client(base_url=gateway_url, timeout=10) as client:
        response = client.post("/v1/products:batch", json=catalog)
        response.raise_for_status()
        accepted = response.json()
        console.print(
            f"submitted {len(catalog['products'])} products to {gateway_url} "
            f"({accepted['duplicates']} already known)"
        )
        ids = [item["request_id"] for item in accepted["requests"]]
        statuses = wait_for(client, ids, console, timeout_s)
        table = Table(title="attrgen demo: generated attributes")
        for column in ("product", "type", "stage", "attributes / quarantine reasons"):
            table.add_column(column, overflow="fold")
        for request_id in ids:
            table.add_row(*_row(client, statuses[request_id]))
    console.print(table)
