"""Replaying quarantine records through the API, on the whole pipeline."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
import pytest
import redis as sync_redis

from tests.fixtures.pipeline import Pipeline, pipeline
from tests.services.gateway.replay_cases import (
    learn_haldi,
    quarantined,
    wait_record,
    wait_stage,
)

__all__ = ["pipeline"]


@pytest.fixture(scope="module")
def fixed(pipeline: Pipeline) -> dict[str, Any]:
    """Records quarantined under the original config, then the fixing version active."""
    with pipeline.client() as client:
        ids = quarantined(client, "RP", 8)
        before = client.post(
            "/v1/quarantine:replay", json={"filter": {"ids": ids[:1]}, "dry_run": True}
        ).json()
        version = learn_haldi(client)
    return {"ids": ids, "before": before, "version": version}


def _replay(client: httpx.Client, quarantine_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"/v1/quarantine/{quarantine_id}:replay", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_dry_run_before_the_fix_says_would_quarantine(fixed: dict[str, Any]) -> None:
    """Under the old config a dry run reports would_quarantine with the reason code."""
    (item,) = fixed["before"]["items"]
    assert item["outcome"] == "would_quarantine"
    assert "unknown_value" in item["reasons"]


def test_dry_run_after_the_fix_says_would_store_and_publishes_nothing(
    pipeline: Pipeline, fixed: dict[str, Any]
) -> None:
    """After the alias is active a dry run says would_store, with the colour gained."""
    with pipeline.client() as client:
        result = _replay(client, fixed["ids"][1], dry_run=True)
        record = client.get(f"/v1/quarantine/{fixed['ids'][1]}").json()
    (item,) = result["items"]
    assert item["outcome"] == "would_store"
    assert item["changes"]["primary_color"] == {"before": None, "after": "mustard"}
    assert result["would_store"] == 1
    assert result["published"] == 0
    assert record["replays"] == []


def test_replay_stores_with_lineage_both_ways(pipeline: Pipeline, fixed: dict[str, Any]) -> None:
    """A replay is stored; the record lists it, the request and document name the record."""
    quarantine_id = fixed["ids"][2]
    with pipeline.client() as client:
        (item,) = _replay(client, quarantine_id)["items"]
        assert item["outcome"] == "published"
        status = wait_stage(client, item["request_id"])
        deadline = time.monotonic() + 10
        while (record := wait_record(client, quarantine_id))["replays"][0]["outcome"] != "stored":
            assert time.monotonic() < deadline, record
            time.sleep(0.1)
        stored = client.get(f"/v1/products/{record['product_id']}/attributes").json()
        listed = client.get("/v1/quarantine", params={"replay": "stored", "limit": 500}).json()
    assert status["stage"] == "stored"
    (replay,) = record["replays"]
    assert replay["request_id"] == item["request_id"]
    assert replay["config_version"] == fixed["version"]
    assert stored["request_id"] == item["request_id"]
    assert stored["attributes"]["primary_color"]["value"] == "mustard"
    assert quarantine_id in [r["quarantine_id"] for r in listed["items"]]


def test_replaying_twice_publishes_once(pipeline: Pipeline, fixed: dict[str, Any]) -> None:
    """The same record under the same version gives the first request id back; force
    publishes anew."""
    quarantine_id = fixed["ids"][3]
    with pipeline.client() as client:
        (first,) = _replay(client, quarantine_id)["items"]
        (second,) = _replay(client, quarantine_id)["items"]
        (forced,) = _replay(client, quarantine_id, force=True)["items"]
    assert first["outcome"] == "published"
    assert second == {**first, "outcome": "already_replayed"}
    assert forced["outcome"] == "published"
    assert forced["request_id"] != first["request_id"]


def test_concurrent_replays_of_one_filter_publish_each_record_once(
    pipeline: Pipeline, fixed: dict[str, Any]
) -> None:
    """Two operators replaying the same filter at once: every record published once."""
    ids = fixed["ids"][4:]
    results: list[dict[str, Any]] = []

    def operator() -> None:
        with httpx.Client(base_url=pipeline.url, timeout=30) as client:
            body = {"filter": {"ids": ids}, "rate": 1000}
            results.append(client.post("/v1/quarantine:replay", json=body).json())

    threads = [threading.Thread(target=operator) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = [i for r in results for i in r["items"] if i["outcome"] == "published"]
    assert sorted(i["quarantine_id"] for i in published) == sorted(ids)
    ids_by_record = {i["quarantine_id"]: i["request_id"] for r in results for i in r["items"]}
    assert len(set(ids_by_record.values())) == len(ids)


def test_replay_filter_needs_a_criterion(pipeline: Pipeline) -> None:
    """An empty filter is a 422 naming the filter, not a replay of everything."""
    with pipeline.client() as client:
        response = client.post("/v1/quarantine:replay", json={"filter": {}})
        bad = client.post("/v1/quarantine:replay", json={"filter": {"reason": "nope"}})
    assert response.status_code == 422
    assert response.json()["field"] == "filter"
    assert bad.status_code == 422
    assert bad.json()["field"] == "filter.reason"


def _published_at_ms(redis_url: str, request_ids: set[str]) -> list[int]:
    """When each request reached attrgen.requests, read from its stream entry id."""
    client = sync_redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        entries = client.xrange("attrgen.requests")
    finally:
        client.close()
    stamps = []
    for entry_id, fields in entries:
        data = json.loads(fields["data"])
        # Other modules share this Redis: skip what is not a request.
        if isinstance(data, dict) and data.get("request_id") in request_ids:
            stamps.append(int(entry_id.split("-")[0]))
    return sorted(stamps)


def test_replay_rate_is_honoured(pipeline: Pipeline, redis_url: str) -> None:
    """At rate 4/s no second-long span holds more than 4 of 12 replays (measured on
    the stream's entry ids); they end quarantined again, with lineage."""
    with httpx.Client(base_url=pipeline.url, timeout=60) as client:
        ids = quarantined(client, "RR", 12, colour="Zafrani")
        result = client.post(
            "/v1/quarantine:replay", json={"filter": {"ids": ids}, "rate": 4}
        ).json()
        request_ids = {i["request_id"] for i in result["items"]}
        for request_id in request_ids:
            assert wait_stage(client, request_id)["stage"] == "quarantined"
        record = wait_record(client, ids[0])
        deadline = time.monotonic() + 10
        while record["replays"][0]["outcome"] != "quarantined":
            assert time.monotonic() < deadline, record
            time.sleep(0.1)
            record = wait_record(client, ids[0])
        again = wait_record(client, record["replays"][0]["quarantine_id"])
    assert result["published"] == 12
    stamps = _published_at_ms(redis_url, request_ids)
    assert len(stamps) == 12
    # Any 5 consecutive publications span about a second. The pace grants permits on
    # Redis's clock and the XADD follows a moment later, so on a loaded 2-core machine
    # two grants can land up to a few hundred ms closer: 300 ms of slack (unpaced, 12
    # replays take a few ms).
    assert (
        min(later - first for first, later in zip(stamps, stamps[4:], strict=False)) >= 1_000 - 300
    )
    assert stamps[-1] - stamps[0] >= 2_000 - 300
    assert again["replay_of"] == ids[0]
