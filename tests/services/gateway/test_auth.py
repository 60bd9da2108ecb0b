"""API keys with scopes on a gateway configured with keys, as compose runs it."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from tests.fixtures.pipeline import PUBLIC_URL, Pipeline, keyed_pipeline

__all__ = ["keyed_pipeline"]


def _as(pipeline: Pipeline, key: str | None) -> httpx.Client:
    client = pipeline.client()
    if key is not None:
        client.headers["X-API-Key"] = key
    return client


def _kurta() -> dict[str, Any]:
    return {
        "product_id": f"K-{uuid.uuid4().hex[:10]}",
        "product_type": "kurta",
        "title": "Women Cotton Straight Kurta (Mustard)",
        "vendor_specs": {"Fabric": "100% Cotton", "Colour": "Mustard"},
    }


@pytest.mark.parametrize("key", [None, "not-a-key"])
def test_no_or_unknown_key_is_401_in_the_error_body(
    keyed_pipeline: Pipeline, key: str | None
) -> None:
    """Every /v1 route refuses a missing or unknown key with 401 and WWW-Authenticate."""
    with _as(keyed_pipeline, key) as client:
        for method, path in [("GET", "/v1/quarantine"), ("POST", "/v1/products")]:
            response = client.request(method, path, json=_kurta())
            assert response.status_code == 401, response.text
            assert response.json()["error"] == "unauthorized"
            assert response.headers["www-authenticate"] == "ApiKey"


def test_health_needs_no_key(keyed_pipeline: Pipeline) -> None:
    """Probes stay open: orchestrators carry no keys."""
    with _as(keyed_pipeline, None) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_a_read_key_cannot_submit_replay_or_change_configs(keyed_pipeline: Pipeline) -> None:
    """read reads; submitting, pushing, activating and rolling back are 403."""
    with _as(keyed_pipeline, "reader") as client:
        assert client.get("/v1/configs/active").status_code == 200
        assert client.get("/v1/quarantine").status_code == 200
        refused = [
            client.post("/v1/products", json=_kurta()),
            client.post("/v1/configs", json={"files": []}),
            client.post("/v1/configs/abc:activate"),
            client.post("/v1/configs:rollback"),
            client.post("/v1/configs/abc:dry-run", json={}),
            client.post("/v1/quarantine:replay", json={"filter": {"reason": "unknown_value"}}),
            client.post("/v1/quarantine/attrgen.generated:1-0:replay", json={}),
            client.get("/v1/ops/streams"),
        ]
    for response in refused:
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "forbidden"


def test_a_submit_key_cannot_read(keyed_pipeline: Pipeline) -> None:
    """Scopes do not imply each other: submit is not read."""
    with _as(keyed_pipeline, "submitter") as client:
        accepted = client.post("/v1/products", json=_kurta())
        assert accepted.status_code == 202, accepted.text
        status = client.get(f"/v1/requests/{accepted.json()['request_id']}")
    assert status.status_code == 403


def test_an_operate_key_reaches_config_changes(keyed_pipeline: Pipeline) -> None:
    """operate passes the scope check (the request then fails on its merits, not 403)."""
    with _as(keyed_pipeline, "operator") as client:
        response = client.post("/v1/configs/no-such-version:activate")
        streams = client.get("/v1/ops/streams")
        replay = client.post("/v1/quarantine/no-such-record:replay", json={})
    assert response.status_code == 404, response.text
    assert streams.status_code == 200, streams.text
    assert replay.status_code == 404, replay.text


def test_status_url_comes_from_the_public_url_not_the_host_header(keyed_pipeline: Pipeline) -> None:
    """A forged Host header does not change where status_url points."""
    with _as(keyed_pipeline, "submitter") as client:
        response = client.post("/v1/products", json=_kurta(), headers={"Host": "evil.example"})
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status_url"] == f"{PUBLIC_URL}/v1/requests/{body['request_id']}"


def test_openapi_declares_the_key_scheme_and_the_error_body(keyed_pipeline: Pipeline) -> None:
    """The document names the ApiKey scheme and our error shape, not FastAPI's 422."""
    with _as(keyed_pipeline, None) as client:
        document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    submit = document["paths"]["/v1/products"]["post"]
    assert submit["security"] == [{"ApiKey": []}]
    for code in ("401", "403", "409", "413", "422", "429", "503"):
        ref = submit["responses"][code]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorBody")
    assert "Retry-After" in submit["responses"]["429"]["headers"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_quarantine_records_do_not_hand_back_idempotency_keys(keyed_pipeline: Pipeline) -> None:
    """A quarantined request's client key is redacted in the record and in the list."""
    body = {**_kurta(), "title": "Women Kurta", "vendor_specs": {"Fabric": "Silk"}}
    secret = f"client-secret-{uuid.uuid4().hex}"
    with _as(keyed_pipeline, "submitter") as client:
        accepted = client.post("/v1/products", json=body, headers={"Idempotency-Key": secret})
    assert accepted.status_code == 202, accepted.text
    with _as(keyed_pipeline, "reader") as client:
        deadline = time.monotonic() + 30
        while (status := client.get(f"/v1/requests/{accepted.json()['request_id']}").json())[
            "stage"
        ] != "quarantined":
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
        path = f"/v1/quarantine/{status['quarantine_id']}"
        while (record := client.get(path)).status_code == 404:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        listed = client.get("/v1/quarantine")
    assert record.json()["request"]["idempotency_key"] == "[redacted]"
    assert secret not in record.text
    assert secret not in listed.text
