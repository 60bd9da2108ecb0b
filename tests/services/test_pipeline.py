"""End to end over HTTP: gateway -> generator -> validator -> store, real servers."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from attrgen.demo import sample_catalog
from attrgen.eval_command import predict
from shared.catalog import Catalog
from shared.messages import GenerationRequest, RawProduct
from shared.mongo import Document
from shared.names import PRODUCT_ATTRIBUTES, REQUESTS
from shared.redis_client import connect_redis
from shared.streams import encode
from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]
TERMINAL = {"stored", "quarantined"}


def _kurta(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product_id": f"T-{uuid.uuid4().hex[:8]}",
        "product_type": "kurta",
        "title": "Women Cotton Straight Kurta (Mustard)",
        "description": "Straight cotton kurta with mandarin collar and 3/4 sleeves.",
        "brand": "Aangan",
        "category_path": ["Women", "Kurtas"],
        "vendor_specs": {"Fabric": "100% Cotton", "Colour": "Mustard", "Sleeve": "3/4 Sleeve"},
        "image_urls": [],
    }
    body.update(overrides)
    return body


def _wait(client: httpx.Client, request_id: str, timeout_s: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/v1/requests/{request_id}").json()
        if status["stage"] in TERMINAL:
            return status
        time.sleep(0.1)
    raise AssertionError(f"request {request_id} not finished: {status}")


def _get_eventually(client: httpx.Client, path: str, timeout_s: float = 10) -> httpx.Response:
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get(path)
        if response.status_code != 404 or time.monotonic() > deadline:
            return response
        time.sleep(0.1)


def test_submitted_product_is_stored_with_its_attributes(pipeline: Pipeline) -> None:
    """A kurta POSTed to the gateway ends up in MongoDB with canonical attributes."""
    body = _kurta()
    with pipeline.client() as client:
        accepted = client.post("/v1/products", json=body)
        assert accepted.status_code == 202, accepted.text
        status = _wait(client, accepted.json()["request_id"])
        assert status["stage"] == "stored", status
        assert set(status["stages"]) >= {"accepted", "generated", "validated", "stored"}
        stored = client.get(f"/v1/products/{body['product_id']}/attributes")
    assert stored.status_code == 200
    attributes = stored.json()["attributes"]
    assert attributes["fabric"]["value"] == "pure_cotton"  # "100% Cotton"
    assert attributes["fabric"]["source"] == "vendor_spec"
    assert attributes["primary_color"]["value"] == "mustard"
    assert attributes["sleeve_length"]["value"] == "three_quarter_sleeves"


async def test_same_content_twice_gives_one_request_and_one_document(
    pipeline: Pipeline, mongo_uri: str
) -> None:
    """Resubmitting identical content returns the original request id; one document."""
    body = _kurta()
    with pipeline.client() as client:
        first = client.post("/v1/products", json=body).json()
        second = client.post("/v1/products", json=body).json()
        assert second["request_id"] == first["request_id"]
        assert second["duplicate"] is True
        assert _wait(client, first["request_id"])["stage"] == "stored"
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri)
    try:
        count = await mongo[pipeline.mongo_db][PRODUCT_ATTRIBUTES].count_documents(
            {"_id": body["product_id"]}
        )
    finally:
        await mongo.close()
    assert count == 1


def test_missing_required_attribute_is_quarantined_and_visible(pipeline: Pipeline) -> None:
    """A kurta with no colour anywhere lands in quarantine with missing_required."""
    body = _kurta(title="Women Kurta", description="Simple kurta.", vendor_specs={"Fabric": "Silk"})
    with pipeline.client() as client:
        accepted = client.post("/v1/products", json=body).json()
        status = _wait(client, accepted["request_id"])
        assert status["stage"] == "quarantined"
        record = _get_eventually(client, f"/v1/quarantine/{status['quarantine_id']}").json()
        listed = client.get("/v1/quarantine", params={"reason": "missing_required"}).json()
    assert "missing_required" in record["reasons"]
    assert {"attribute": "primary_color", "reason": "missing_required"}.items() <= next(
        e for e in record["errors"] if e["attribute"] == "primary_color"
    ).items()
    assert record["request"]["product"]["product_id"] == body["product_id"]
    assert status["quarantine_id"] in [item["quarantine_id"] for item in listed["items"]]


def test_missing_recommended_attribute_is_stored_with_completeness(pipeline: Pipeline) -> None:
    """A kurta with no fabric (recommended) is stored; the API lists it as missing."""
    body = _kurta(
        title="Women Kurta (Black)", description="Simple kurta.", vendor_specs={"Colour": "Black"}
    )
    with pipeline.client() as client:
        accepted = client.post("/v1/products", json=body).json()
        assert _wait(client, accepted["request_id"])["stage"] == "stored"
        stored = _get_eventually(client, f"/v1/products/{body['product_id']}/attributes").json()
    assert stored["missing"] == ["fabric"]
    assert stored["completeness"] == 0.5


def test_batch_returns_a_request_id_per_product(pipeline: Pipeline) -> None:
    """POST /v1/products:batch accepts many products and answers one id each."""
    products = [_kurta() for _ in range(5)]
    with pipeline.client() as client:
        response = client.post("/v1/products:batch", json={"products": products})
        assert response.status_code == 202
        body = response.json()
        assert body["accepted"] == 5
        ids = [item["request_id"] for item in body["requests"]]
        assert len(set(ids)) == 5
        assert {_wait(client, request_id)["stage"] for request_id in ids} == {"stored"}


def test_malformed_json_is_422_naming_the_body(pipeline: Pipeline) -> None:
    """A body that is not JSON gets 422 with a JSON error, not a 500."""
    with pipeline.client() as client:
        response = client.post(
            "/v1/products", content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    assert response.json()["field"] == "body"


def test_wrong_type_is_422_naming_the_field(pipeline: Pipeline) -> None:
    """vendor_specs as a string is rejected with the field named."""
    with pipeline.client() as client:
        response = client.post("/v1/products", json=_kurta(vendor_specs="Fabric: Cotton"))
        batch = client.post("/v1/products:batch", json={"products": [_kurta(), {"title": 3}]})
    assert response.status_code == 422
    assert response.json()["field"] == "vendor_specs"
    assert batch.status_code == 422
    assert batch.json()["field"].startswith("products[1].")


def test_unknown_product_type_is_422(pipeline: Pipeline) -> None:
    """A product_type the configs do not define is refused up front, naming the field."""
    with pipeline.client() as client:
        response = client.post("/v1/products", json=_kurta(product_type="lehenga"))
    assert response.status_code == 422
    assert response.json()["field"] == "product_type"
    assert "lehenga" in response.json()["detail"]


def test_unknown_ids_are_404(pipeline: Pipeline) -> None:
    """Reading what does not exist is a 404 with a JSON body."""
    with pipeline.client() as client:
        assert client.get("/v1/requests/nope").status_code == 404
        assert client.get("/v1/products/nope/attributes").json()["error"] == "not_found"
        assert client.get("/v1/quarantine/nope").status_code == 404


def test_readyz_reports_both_dependencies(pipeline: Pipeline) -> None:
    """/readyz answers 200 with Redis and MongoDB ok; /healthz is up."""
    with pipeline.client() as client:
        ready = client.get("/readyz").json()
        assert client.get("/healthz").status_code == 200
    assert ready == {"ready": True, "redis": "ok", "mongo": "ok"}


def test_pipeline_stores_what_eval_predicts(pipeline: Pipeline) -> None:
    """For the sample catalog, stored attributes equal `attrgen eval`'s predictions."""
    products = sample_catalog()["products"]
    catalog = Catalog.load()
    with pipeline.client() as client:
        accepted = client.post("/v1/products:batch", json={"products": products}).json()
        statuses = [_wait(client, item["request_id"]) for item in accepted["requests"]]
        stored = {
            s["product_id"]: client.get(f"/v1/products/{s['product_id']}/attributes").json()
            for s in statuses
            if s["stage"] == "stored"
        }
    assert len(stored) >= 3
    for product in products:
        if product["product_id"] not in stored:
            continue
        row = {
            "id": product["product_id"],
            "product_type": product.get("product_type"),
            "input": product,
        }
        expected = predict(catalog, row, "normalize")
        got = {code: v["value"] for code, v in stored[product["product_id"]]["attributes"].items()}
        assert got == expected, product["product_id"]


def test_routing_errors_use_the_error_body(pipeline: Pipeline) -> None:
    """An unknown path or method answers in the same JSON shape as other errors."""
    with pipeline.client() as client:
        missing = client.get("/v1/nothing-here")
        wrong_method = client.delete("/v1/products")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"


def test_batch_over_the_limit_is_422(pipeline: Pipeline) -> None:
    """More than 1,000 products in one batch is refused, naming the field."""
    products = [{"product_id": str(i), "title": "Kurta"} for i in range(1001)]
    with pipeline.client() as client:
        response = client.post("/v1/products:batch", json={"products": products})
    assert response.status_code == 422
    assert response.json()["field"] == "products"


def test_product_type_spelling_is_normalised_like_the_engine(pipeline: Pipeline) -> None:
    """'Saree Blouse' is the saree_blouse type at the gateway too, not a 422."""
    body = _kurta(
        product_type="Saree Blouse",
        title="Cotton Saree Blouse (White)",
        vendor_specs={"Fabric": "Cotton", "Neck": "Boat Neck"},
    )
    with pipeline.client() as client:
        accepted = client.post("/v1/products", json=body)
        assert accepted.status_code == 202, accepted.text
        status = _wait(client, accepted.json()["request_id"])
        stored = client.get(f"/v1/products/{body['product_id']}/attributes").json()
    assert status["stage"] == "stored", status
    assert stored["product_type"] == "saree_blouse"


async def test_request_published_without_the_gateway_reads_back(
    pipeline: Pipeline, redis_url: str
) -> None:
    """A request XADDed by another producer (a backfill, a replay) has a readable status."""
    request = GenerationRequest(
        request_id=uuid.uuid4().hex,
        idempotency_key="direct",
        product=RawProduct.model_validate(_kurta()),
        source="backfill",
    )
    redis = connect_redis(redis_url)
    try:
        await redis.xadd(REQUESTS, encode(request))  # type: ignore[arg-type]
    finally:
        await redis.aclose()
    with pipeline.client() as client:
        status = _wait(client, request.request_id)
    assert status["stage"] == "stored"
    assert status["product_id"] == request.product.product_id


def test_idempotency_key_reused_with_another_body_is_409(pipeline: Pipeline) -> None:
    """The same Idempotency-Key with a different product is refused, naming the first."""
    key = {"Idempotency-Key": uuid.uuid4().hex}
    with pipeline.client() as client:
        first = client.post("/v1/products", json=_kurta(), headers=key)
        again = client.post("/v1/products", json=_kurta(), headers=key)
    assert first.status_code == 202
    assert again.status_code == 409, again.text
    body = again.json()
    assert (body["error"], body["field"]) == ("idempotency_conflict", "Idempotency-Key")
    assert body["request_id"] == first.json()["request_id"]


def test_logs_carry_no_payloads_or_client_keys(pipeline: Pipeline) -> None:
    """A planted secret in a key, a spec value and a description never reaches a log line."""
    planted = f"sk_live_{uuid.uuid4().hex}"
    key = {"Idempotency-Key": f"key-{planted}"}
    stored = _kurta(description=f"Cotton kurta {planted}")
    quarantined = _kurta(vendor_specs={"Colour": f"Notacolour {planted}"})
    with pipeline.client() as client:
        for body, headers in ((stored, key), (quarantined, {})):
            accepted = client.post("/v1/products", json=body, headers=headers)
            assert accepted.status_code == 202, accepted.text
            _wait(client, accepted.json()["request_id"])
    logs = {path.name: path.read_text() for path in pipeline.logs.glob("*.log")}
    assert logs, "no logs written"
    leaking = [name for name, text in logs.items() if planted in text]
    assert not leaking, f"{planted} found in {leaking}"
