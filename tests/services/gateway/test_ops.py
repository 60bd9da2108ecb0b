"""Stream inspection and one request's story, through the API and the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis as sync_redis
from typer.testing import CliRunner

from attrgen.cli import app
from tests.fixtures.pipeline import Pipeline, pipeline
from tests.services.gateway.replay_cases import (
    learn_haldi,
    quarantined,
    wait_record,
    wait_stage,
)

__all__ = ["pipeline"]

# A consumer that takes three entries, has each delivered 4 times in all (one short
# of the poison limit of 5), then hangs until it is SIGKILLed with them pending.
_DOOMED = """
import sys, time, redis
r = redis.Redis.from_url(sys.argv[1], decode_responses=True)
stream, group = sys.argv[2], sys.argv[3]
r.xgroup_create(stream, group, id="0", mkstream=True)
for n in range(3):
    data = {"request_id": f"req-{n}", "product": {"product_id": f"prod-{n}"}}
    r.xadd(stream, {"data": __import__("json").dumps(data)})
ids = [i for i, _ in r.xreadgroup(group, "doomed", {stream: ">"}, count=3)[0][1]]
for _ in range(3):
    r.xclaim(stream, group, "doomed", 0, ids)
print("ready", flush=True)
time.sleep(600)
"""


@pytest.fixture
def dead_consumer(redis_url: str) -> Iterator[tuple[str, str]]:
    stream, group = f"attrgen.test-ops-{uuid.uuid4().hex[:6]}", "attrgen.test-ops"
    process = subprocess.Popen(
        [sys.executable, "-c", _DOOMED, redis_url, stream, group],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    yield stream, group
    client = sync_redis.Redis.from_url(redis_url)
    client.delete(stream)
    client.close()


def _cli(pipeline: Pipeline, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--url", pipeline.url])
    return result.exit_code, result.stdout, result.stderr


def _cli_json(pipeline: Pipeline, *args: str) -> Any:
    code, out, err = _cli(pipeline, *args, "--json")
    assert code == 0, out + err
    return json.loads(out)


def test_streams_show_a_dead_consumers_pending_messages(
    pipeline: Pipeline, dead_consumer: tuple[str, str], redis_url: str
) -> None:
    """After a SIGKILL the consumer is flagged dead with its 3 pending messages, all
    near the poison limit; the figures are redis-cli's."""
    stream, group = dead_consumer
    time.sleep(0.5)
    body = _cli_json(pipeline, "streams", "--dead-after-ms", "300")
    (found,) = [s for s in body["streams"] if s["stream"] == stream]
    (described,) = found["groups"]
    client = sync_redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        (xinfo,) = client.xinfo_groups(stream)
        requests = {g["name"]: g for g in client.xinfo_groups("attrgen.requests")}
    finally:
        client.close()
    assert found["length"] == 3
    assert described["pending"] == xinfo["pending"] == 3
    assert described["lag"] == xinfo["lag"] == 0
    assert described["last_delivered_id"] == xinfo["last-delivered-id"]
    assert described["dead_consumers"] == ["doomed"]
    assert described["consumers"][0]["pending"] == 3
    assert described["near_poison"] == 3
    (generator,) = next(s for s in body["streams"] if s["stream"] == "attrgen.requests")["groups"]
    assert generator["lag"] == requests["attrgen.generator"]["lag"]

    pending = _cli_json(pipeline, "streams", "pending", stream, group)
    assert [i["deliveries"] for i in pending["items"]] == [4, 4, 4]
    assert [i["consumer"] for i in pending["items"]] == ["doomed"] * 3
    assert [i["product_id"] for i in pending["items"]] == ["prod-0", "prod-1", "prod-2"]
    code, out, _ = _cli(pipeline, "streams", "--dead-after-ms", "300")
    assert code == 0
    assert "DEAD" in out


def test_pending_of_an_unknown_group_is_404(pipeline: Pipeline) -> None:
    """No such stream or group: a 404 body, exit code 2 on the command line."""
    with pipeline.client() as client:
        response = client.get("/v1/ops/streams/attrgen.nope/groups/nope/pending")
    assert response.status_code == 404
    code, _, err = _cli(pipeline, "streams", "pending", "attrgen.nope", "nope")
    assert code == 2
    assert "not found" in err


def test_request_story_from_quarantine_to_replayed_and_stored(pipeline: Pipeline) -> None:
    """Keyed by quarantine id, request id or product id, the story links the
    quarantined request, its replay and the stored attributes."""
    with pipeline.client() as client:
        (quarantine_id,) = quarantined(client, "STORY", 1)
        learn_haldi(client)
        reply = client.post(f"/v1/quarantine/{quarantine_id}:replay").json()
        replay_id = reply["items"][0]["request_id"]
        assert wait_stage(client, replay_id)["stage"] == "stored"
        deadline = time.monotonic() + 10
        while wait_record(client, quarantine_id)["replays"][0]["outcome"] != "stored":
            assert time.monotonic() < deadline
            time.sleep(0.1)
    original = _cli_json(pipeline, "requests", "show", quarantine_id)
    assert original["stage"] == "quarantined"
    assert [s["stage"] for s in original["timeline"]] == ["accepted", "generated", "quarantined"]
    assert original["quarantine"]["reasons"] == ["unknown_value"]
    assert original["replays"][0]["request_id"] == replay_id
    assert original["stored"]["request_id"] == replay_id

    replayed = _cli_json(pipeline, "requests", "show", original["product_id"])
    assert replayed["request_id"] == replay_id
    assert replayed["source"] == "replay"
    assert replayed["replay_of"] == quarantine_id
    assert replayed["stored"]["from_this_request"] is True
    assert replayed["stored"]["replay_of"] == quarantine_id
    assert replayed["stored"]["attributes"]["primary_color"] == "mustard"

    code, out, _ = _cli(pipeline, "requests", "show", replay_id)
    assert code == 0
    assert "replay of quarantine record" in out
    assert "mustard" in out


def test_story_of_an_unknown_key_is_404(pipeline: Pipeline) -> None:
    """Neither a request, a quarantine record nor a product: 404, exit code 2."""
    with pipeline.client() as client:
        response = client.get("/v1/ops/requests/nothing-like-it")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    code, _, err = _cli(pipeline, "requests", "show", "nothing-like-it")
    assert code == 2
    assert "not found" in err
