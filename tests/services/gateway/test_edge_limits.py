"""Hostile input is refused at the gateway, in the API's error body, before it costs."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]


def _product(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product_id": f"E-{uuid.uuid4().hex[:10]}",
        "product_type": "kurta",
        "title": "Women Cotton Straight Kurta (Mustard)",
        "vendor_specs": {"Fabric": "100% Cotton", "Colour": "Mustard"},
    }
    body.update(overrides)
    return body


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _refused(response: httpx.Response, status: int, field: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= {"error", "detail", "field"}
    assert body["field"] == field, body
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"vendor_specs": {"Fabric": "x" * 1_000_000}}, "vendor_specs.Fabric"),
        ({"vendor_specs": {"k" * 200: "Cotton"}}, "vendor_specs.{key}.[key]"),
        ({"vendor_specs": {"Fab\x00ric": "Cotton"}}, "vendor_specs.Fab\x00ric.[key]"),
        ({"title": "Kurta\x00"}, "title"),
        ({"description": "bell \x07 here"}, "description"),
        ({"image_urls": ["javascript:alert(1)"]}, "image_urls[0]"),
        ({"image_urls": ["file:///etc/passwd"]}, "image_urls[0]"),
        ({"image_urls": ["data:image/png;base64,AAAA"]}, "image_urls[0]"),
        ({"image_urls": ["https://x.example/" + "a" * 3_000]}, "image_urls[0]"),
        ({"product_id": "a/b"}, "product_id"),
        ({"product_id": "has space"}, "product_id"),
    ],
)
def test_hostile_fields_are_422_naming_the_field(
    pipeline: Pipeline, overrides: dict[str, Any], field: str
) -> None:
    """Over-long strings, control characters, bad schemes and unsafe ids: 422 + field."""
    with pipeline.client() as client:
        response = client.post("/v1/products", json=_product(**overrides))
    expected = field.replace("{key}", "k" * 200)
    _refused(response, 422, expected)


def test_a_body_over_the_cap_is_413_before_it_is_read(pipeline: Pipeline) -> None:
    """A declared 50 MB body is refused without reading it."""
    host, port = pipeline.url.removeprefix("http://").split(":")
    head = (
        f"POST /v1/products HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {50 << 20}\r\n\r\n{{"
    )
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head.encode())
        # The gateway answers and closes: read until it does (the body may come later).
        chunks = []
        while chunk := conn.recv(65_536):
            chunks.append(chunk)
        answer = b"".join(chunks).decode()
    status_line, _, rest = answer.partition("\r\n")
    assert " 413 " in status_line, answer
    assert '"field":"body"' in rest.replace(" ", "")


def test_a_streamed_50mb_body_is_413_without_the_gateway_growing(pipeline: Pipeline) -> None:
    """A chunked body is counted as it arrives: the gateway's memory stays put."""
    pid = pipeline.processes["gateway"].pid
    before = _rss_kb(pid)

    def chunks() -> Iterator[bytes]:
        yield b'{"product_id": "BIG", "title": "'
        for _ in range(50):
            yield b"a" * (1 << 20)
        yield b'"}'

    with pipeline.client() as client:
        try:
            response = client.post(
                "/v1/products", content=chunks(), headers={"content-type": "application/json"}
            )
        except httpx.TransportError:
            response = None  # the server may close before the client finished sending
    if response is not None:
        _refused(response, 413, "body")
    # 50 MB read whole would add at least 50 MB; the cap is 8 MiB.
    assert _rss_kb(pid) - before < 20_000


def test_a_batch_over_the_limit_is_refused_before_validation(pipeline: Pipeline) -> None:
    """1,001 products (the limit is 1,000) are refused on the count, naming products."""
    products = [{"product_id": f"B{i}", "title": "x"} for i in range(1_001)]
    with pipeline.client() as client:
        response = client.post("/v1/products:batch", json={"products": products})
    _refused(response, 422, "products")


@pytest.mark.parametrize("path", ["/v1/quarantine", "/v1/products"])
def test_huge_offsets_are_422_not_500(pipeline: Pipeline, path: str) -> None:
    """offset=2**31 and beyond are refused as out of range."""
    with pipeline.client() as client:
        for offset in (2_147_483_648, 10**30):
            _refused(client.get(path, params={"offset": offset}), 422, "query.offset")
