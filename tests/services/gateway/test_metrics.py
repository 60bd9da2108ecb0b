"""Every process exports Prometheus metrics; the gateway adds the broker's view."""

from __future__ import annotations

import time
import uuid

import httpx
from prometheus_client.parser import text_string_to_metric_families

from shared.names import GENERATED, GENERATOR_GROUP, REQUESTS, VALIDATED
from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def _stored(client: httpx.Client) -> str:
    """Submit a kurta and wait until it is stored; its product id."""
    body = {
        "product_id": f"M-{uuid.uuid4().hex[:8]}",
        "product_type": "kurta",
        "title": "Women Cotton Straight Kurta (Mustard)",
        "vendor_specs": {"Fabric": "Cotton", "Colour": "Mustard"},
    }
    request_id = client.post("/v1/products", json=body).json()["request_id"]
    deadline = time.monotonic() + 30
    while client.get(f"/v1/requests/{request_id}").json()["stage"] != "stored":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return str(body["product_id"])


def test_every_stage_counts_what_it_handled(pipeline: Pipeline) -> None:
    """After a product is stored, each worker's /metrics shows acks on its stream."""
    with pipeline.client() as client:
        _stored(client)
    expected = {
        "generator": (REQUESTS, GENERATOR_GROUP),
        "validator": (GENERATED, "attrgen.validator"),
        "store": (VALIDATED, "attrgen.store"),
    }
    for worker, (stream, group) in expected.items():
        samples = _samples(httpx.get(pipeline.metrics[worker], timeout=5).text)
        acked = _value(
            samples, "attrgen_stream_messages_total", stream=stream, group=group, outcome="acked"
        )
        assert acked >= 1, worker
        assert _value(samples, "attrgen_stream_commit_seconds_count", stream=stream, group=group)
    generator = _samples(httpx.get(pipeline.metrics["generator"], timeout=5).text)
    assert any(
        name == "attrgen_engine_values_total" and value > 0
        for (name, _), value in generator.items()
    )


def test_gateway_exports_requests_and_the_broker_view(pipeline: Pipeline) -> None:
    """The gateway's /metrics has its requests, the streams' lag and pending, config info."""
    with pipeline.client() as client:
        product_id = _stored(client)
        text = client.get("/metrics").text
    samples = _samples(text)
    assert _value(samples, "attrgen_http_requests_total", route="/v1/products", status="202") >= 1
    assert _value(samples, "attrgen_gateway_products_total", outcome="accepted") >= 1
    lag = ("attrgen_group_lag", (("group", GENERATOR_GROUP), ("stream", REQUESTS)))
    assert lag in samples
    assert ("attrgen_group_pending", (("group", GENERATOR_GROUP), ("stream", REQUESTS))) in samples
    assert any(name == "attrgen_config_info" for name, _ in samples)
    # Bounded labels: no request or product id anywhere in the exposition.
    assert product_id not in text
