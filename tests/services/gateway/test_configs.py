"""Config versions through the API, on the whole pipeline running as real processes."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
import yaml

from tests.fixtures.configs import FILES, activate, edit_value, fixture_file, push
from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]
TERMINAL = {"stored", "quarantined"}


def _kurta(fabric: str = "100% Cotton", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product_id": f"C-{uuid.uuid4().hex[:10]}",
        "product_type": "kurta",
        "title": "Women Straight Kurta (Mustard)",
        "description": "Straight kurta with mandarin collar.",
        "vendor_specs": {"Fabric": fabric, "Colour": "Mustard", "Sleeve": "3/4 Sleeve"},
    }
    body.update(overrides)
    return body


def _stole() -> dict[str, Any]:
    return {
        "product_id": f"S-{uuid.uuid4().hex[:10]}",
        "product_type": "stole",
        "title": "Women Cotton Stole (Red)",
        "vendor_specs": {"Fabric": "Cotton", "Colour": "Red", "Length": "Long"},
    }


def _wait(client: httpx.Client, request_id: str, timeout_s: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/v1/requests/{request_id}").json()
        if status["stage"] in TERMINAL:
            return status
        time.sleep(0.05)
    raise AssertionError(f"request {request_id} not finished: {status}")


def _submit(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    accepted = client.post("/v1/products", json=body)
    assert accepted.status_code == 202, accepted.text
    return _wait(client, accepted.json()["request_id"])


def _stored(client: httpx.Client, product_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while (response := client.get(f"/v1/products/{product_id}/attributes")).status_code == 404:
        assert time.monotonic() < deadline, f"{product_id} not stored"
        time.sleep(0.05)
    body: dict[str, Any] = response.json()
    return body


def _active(client: httpx.Client) -> str:
    version: str = client.get("/v1/configs/active").json()["version"]
    return version


def _reshmi(value: dict[str, Any]) -> None:
    # "Reshmi" (Hindi for silk) as sellers spell it: unknown to the packaged configs.
    value["aliases"] = [*value.get("aliases", []), "reshmi"]


def test_bad_config_is_422_naming_file_line_and_key(pipeline: Pipeline) -> None:
    """A product-type file that fails its checks is refused with file, line and key."""
    with pipeline.client() as client:
        before = client.get("/v1/configs").json()["items"]
        response = client.post("/v1/configs", json={"files": [fixture_file("bad_stole.yaml")]})
        after = client.get("/v1/configs").json()["items"]
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_config"
    assert (body["file"], body["line"], body["field"]) == ("bad_stole.yaml", 7, "attributes[0]")
    assert "bad_stole.yaml:7" in body["detail"]
    assert len(after) == len(before)  # nothing stored


def test_bad_file_name_and_bad_yaml_are_422(pipeline: Pipeline) -> None:
    """A path as a file name, or text that is not YAML, is a 422 naming what is wrong."""
    with pipeline.client() as client:
        named = client.post(
            "/v1/configs", json={"files": [{"name": "../x.yaml", "content": "a: 1"}]}
        )
        broken = client.post(
            "/v1/configs", json={"files": [{"name": "x.yaml", "content": "a: [1,\n"}]}
        )
    assert named.status_code == 422
    assert named.json()["field"] == "files[0].name"
    assert broken.status_code == 422
    assert broken.json()["file"] == "x.yaml"
    assert broken.json()["line"] is not None


def test_unknown_version_is_404(pipeline: Pipeline) -> None:
    """Activating or dry-running a version nobody pushed is a 404."""
    with pipeline.client() as client:
        activated = client.post("/v1/configs/000000000000:activate")
        tried = client.post("/v1/configs/000000000000:dry-run", json={"products": [_kurta()]})
    assert activated.status_code == 404
    assert tried.status_code == 404


def test_alias_push_dry_run_activate_rollback(pipeline: Pipeline) -> None:
    """Push an alias, see its effect in the diff and dry-run, activate it, roll it back."""
    with pipeline.client() as client:
        original = _active(client)
        # Fabric is recommended: an unknown one is stored without a fabric, with a warning.
        before = _kurta(fabric="Reshmi")
        assert _submit(client, before)["stage"] == "stored"
        assert "fabric" not in _stored(client, before["product_id"])["attributes"]
        kept = _kurta()
        assert _submit(client, kept)["stage"] == "stored"

        pushed = push(client, edit_value(client, "fabric", "pure_silk", _reshmi), author="test")
        version = pushed["version"]
        assert pushed["parent"] == original
        kurta = next(
            t for t in pushed["diff"]["product_types_changed"] if t["product_type"] == "kurta"
        )
        fabric = next(a for a in kurta["attributes_changed"] if a["attribute"] == "fabric")
        assert fabric["values_changed"][0]["value"] == "pure_silk"
        assert fabric["values_changed"][0]["added"] == {"aliases": ["reshmi"]}

        report = client.post(f"/v1/configs/{version}:dry-run", json={"products": [before, kept]})
        assert report.status_code == 200, report.text
        dry = report.json()
        assert (dry["base"], dry["target"], dry["unchanged"]) == (original, version, 1)
        assert dry["leaving_quarantine"]["count"] == 0
        assert dry["attributes"]["fabric"]["gained"] == 1
        assert dry["attributes"]["fabric"]["examples"][0]["after"] == "pure_silk"
        sampled = client.post(f"/v1/configs/{version}:dry-run", json={"sample": "stored"})
        assert sampled.json()["attributes"]["fabric"]["gained"] >= 1

        assert activate(client, version)["version"] == version
        after = _kurta(fabric="Reshmi")
        assert _submit(client, after)["stage"] == "stored"
        stored = _stored(client, after["product_id"])
        assert stored["config_version"] == version
        assert stored["attributes"]["fabric"]["value"] == "pure_silk"
        assert _stored(client, kept["product_id"])["config_version"] == original
        older = client.get("/v1/products", params={"config_version_ne": version}).json()
        older_ids = {item["product_id"] for item in older["items"]}
        assert kept["product_id"] in older_ids
        assert after["product_id"] not in older_ids

        rolled = client.post("/v1/configs:rollback", json={"by": "test"})
        assert rolled.status_code == 200, rolled.text
        assert rolled.json()["version"] == original
        again = _kurta(fabric="Reshmi")
        assert _submit(client, again)["stage"] == "stored"
        assert "fabric" not in _stored(client, again["product_id"])["attributes"]
        history = client.get("/v1/configs/history").json()["items"]
    assert [h["action"] for h in history[:2]] == ["rollback", "activate"]


def test_new_product_type_end_to_end(pipeline: Pipeline) -> None:
    """A product type pushed through the API is accepted, generated, validated, stored."""
    with pipeline.client() as client:
        original = _active(client)
        refused = client.post("/v1/products", json=_stole())
        assert refused.status_code == 422
        pushed = push(client, fixture_file("stole.yaml"), comment="stoles")
        assert pushed["diff"]["product_types_added"] == ["stole"]
        activate(client, pushed["version"])
        stole = _stole()
        assert _submit(client, stole)["stage"] == "stored"
        stored = _stored(client, stole["product_id"])
        assert stored["product_type"] == "stole"
        assert stored["attributes"]["stole_length"]["value"] == "long"
        assert stored["config_version"] == pushed["version"]
        activate(client, original)
        assert client.post("/v1/products", json=_stole()).status_code == 422


def test_json_product_type_file_is_accepted(pipeline: Pipeline) -> None:
    """A product-type file in JSON goes through the same checks as YAML."""
    data = yaml.safe_load((FILES / "stole.yaml").read_text())
    data["label"] = "Stole (JSON)"
    with pipeline.client() as client:
        pushed = push(client, {"name": "stole.json", "content": json.dumps(data)})
        broken = client.post(
            "/v1/configs", json={"files": [{"name": "stole.json", "content": '{"label": 1'}]}
        )
    assert pushed["diff"]["product_types_added"] == ["stole"]
    assert broken.status_code == 422
    assert broken.json()["file"] == "stole.json"
