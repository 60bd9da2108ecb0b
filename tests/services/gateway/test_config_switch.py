"""Activations while traffic flows, and activations racing each other."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from shared.configs.announce import announced
from shared.mongo import Document
from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS
from shared.redis_client import connect_redis
from tests.fixtures.configs import activate, edit_value, push
from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]


def _kurta(tag: str) -> dict[str, Any]:
    return {
        "product_id": f"{tag}-{uuid.uuid4().hex[:10]}",
        "product_type": "kurta",
        "title": "Women Straight Kurta (Mustard)",
        "vendor_specs": {"Fabric": "100% Cotton", "Colour": "Mustard"},
    }


def _renamed(value: dict[str, Any]) -> None:
    # A new code for "100% cotton": the old version cannot validate the new code, nor
    # the new version the old one, so a message checked by the wrong half quarantines.
    value["code"] = "pure_cotton_v2"


def _active(client: httpx.Client) -> str:
    version: str = client.get("/v1/configs/active").json()["version"]
    return version


async def _documents(mongo_uri: str, db: str, prefix: str) -> tuple[list[Document], int]:
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    try:
        query = {"_id": {"$regex": f"^{prefix}-"}}
        stored = [d async for d in mongo[db][PRODUCT_ATTRIBUTES].find(query)]
        quarantined = await mongo[db][QUARANTINE_RECORDS].count_documents(
            {"product_id": {"$regex": f"^{prefix}-"}}
        )
    finally:
        await mongo.close()
    return stored, quarantined


def _traffic(url: str, prefix: str, stop: threading.Event, sent: list[str]) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        while not stop.is_set():
            products = [_kurta(prefix) for _ in range(5)]
            response = client.post("/v1/products:batch", json={"products": products})
            assert response.status_code == 202, response.text
            sent.extend(p["product_id"] for p in products)
            time.sleep(0.02)


def _switch_during_traffic(pipeline: Pipeline, prefix: str) -> tuple[str, str, list[str]]:
    """Activate two versions in turn while a thread submits; what was sent."""
    with pipeline.client() as client:
        original = _active(client)
        renamed = push(client, edit_value(client, "fabric", "pure_cotton", _renamed))["version"]
        stop, sent = threading.Event(), []
        sender = threading.Thread(target=_traffic, args=(pipeline.url, prefix, stop, sent))
        sender.start()
        try:
            for version in (renamed, original, renamed, original, renamed):
                time.sleep(0.4)
                activate(client, version)
            time.sleep(0.4)
        finally:
            stop.set()
            sender.join()
        activate(client, original)
    return original, renamed, sent


async def test_workers_switch_under_traffic_with_no_mixed_versions(
    pipeline: Pipeline, mongo_uri: str
) -> None:
    """Switching back and forth mid-traffic: each product validated by its own version."""
    prefix = f"SW{uuid.uuid4().hex[:4]}"
    original, renamed, sent = await asyncio.to_thread(_switch_during_traffic, pipeline, prefix)
    deadline = asyncio.get_running_loop().time() + 60
    while True:
        stored, quarantined = await _documents(mongo_uri, pipeline.mongo_db, prefix)
        if len(stored) + quarantined >= len(sent) or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.2)
    assert quarantined == 0
    assert len(stored) == len(sent)
    fabric = {original: "pure_cotton", renamed: "pure_cotton_v2"}
    for document in stored:
        assert document["attributes"]["fabric"]["value"] == fabric[document["config_version"]]
    assert {d["config_version"] for d in stored} == {original, renamed}


async def test_concurrent_activations_leave_one_active_version(
    pipeline: Pipeline, redis_url: str
) -> None:
    """Racing activations: each 200 or 409, and MongoDB and Redis agree on the winner."""
    with pipeline.client() as client:
        original = _active(client)
        versions = [
            push(
                client,
                edit_value(
                    client, "fabric", "cotton", lambda v, n=n: v.update(aliases=[f"cotton {n}"])
                ),
            )["version"]
            for n in range(4)
        ]
    async with httpx.AsyncClient(base_url=pipeline.url, timeout=10) as client:
        responses = await asyncio.gather(
            *(client.post(f"/v1/configs/{v}:activate") for v in versions)
        )
        active = (await client.get("/v1/configs/active")).json()
        history = (await client.get("/v1/configs/history")).json()["items"]
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 409}, [r.text for r in responses]
    winners = [r.json() for r in responses if r.status_code == 200]
    assert winners
    last = max(winners, key=lambda w: w["epoch"])
    assert active["version"] == last["version"]
    assert history[0]["version"] == last["version"]
    assert history[0]["epoch"] == active["epoch"]
    redis = connect_redis(redis_url)
    try:
        mirror = await announced(redis, pipeline.mongo_db)
    finally:
        await redis.aclose()
    assert mirror is not None
    assert (mirror.version, mirror.epoch) == (active["version"], active["epoch"])
    with pipeline.client() as sync_client:
        activate(sync_client, original)
