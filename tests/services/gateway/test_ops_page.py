"""The ops page, in a real headless Chromium, shows what the JSON APIs say."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis import Redis

from tests.fixtures.pipeline import Pipeline, pipeline

__all__ = ["pipeline"]
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
# A stream of the test's own with a fixed state: 5 entries, 2 held by a silent consumer.
STREAM, GROUP = "attrgen.ops-page-test", "attrgen.ops-page-group"


def _quarantine_one(client: httpx.Client) -> None:
    body = {
        "product_id": f"Q-{uuid.uuid4().hex[:8]}",
        "product_type": "kurta",
        "title": "Kurta",
        "vendor_specs": {"Fabric": "Cotton"},
    }  # no colour: quarantined
    request_id = client.post("/v1/products", json=body).json()["request_id"]
    deadline = time.monotonic() + 30
    while client.get(f"/v1/requests/{request_id}").json()["stage"] != "quarantined":
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_quarantine_summary_counts_by_reason_and_type(pipeline: Pipeline) -> None:
    """The summary the page shows counts records by reason code and product type."""
    with pipeline.client() as client:
        _quarantine_one(client)
        deadline = time.monotonic() + 10
        while (summary := client.get("/v1/quarantine/summary").json())["total"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    assert summary["by_reason"].get("missing_required", 0) >= 1
    assert summary["by_product_type"].get("kurta", 0) >= 1


@pytest.fixture
def fixed_stream(redis_url: str) -> Iterator[None]:
    with Redis.from_url(redis_url) as redis:
        redis.delete(STREAM)
        for i in range(5):
            redis.xadd(STREAM, {"n": str(i)})
        redis.xgroup_create(STREAM, GROUP, id="0")
        redis.xreadgroup(GROUP, "silent-1", {STREAM: ">"}, count=2)
        yield
        redis.delete(STREAM)


@pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
    "chromium-driver; .ci/run does it)",
)
def test_ops_page_shows_what_the_api_says(
    pipeline: Pipeline, fixed_stream: None, tmp_path: Path
) -> None:
    """/ops in headless Chromium shows the same lag and pending as /v1/ops/streams."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with pipeline.client() as client:
        _quarantine_one(client)
        api: dict[str, Any] = client.get("/v1/ops/streams").json()
    (stream,) = [s for s in api["streams"] if s["stream"] == STREAM]
    (group,) = stream["groups"]
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(f"{pipeline.url}/ops")
        WebDriverWait(driver, 20).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "true"
        )

        def shown(field: str) -> str:
            selector = f'td[data-field="{field}"][data-stream="{STREAM}"][data-group="{GROUP}"]'
            return str(driver.find_element(By.CSS_SELECTOR, selector).text)

        assert shown("lag") == str(group["lag"]) == "3"
        assert shown("pending") == str(group["pending"]) == "2"
        assert shown("length") == str(stream["length"]) == "5"
        assert "silent-1: 2 pending" in driver.page_source
        reason = driver.find_element(By.CSS_SELECTOR, 'td[data-field="reason:missing_required"]')
        assert int(reason.text) >= 1
        artifacts = Path(os.environ.get("ATTRGEN_ARTIFACTS", tmp_path))
        artifacts.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(artifacts / "ops-page.png"))
    finally:
        driver.quit()
