"""``attrgen bench`` end to end at toy sizes: every figure is there (no timings judged)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ATTRGEN = Path(sys.executable).with_name("attrgen")


def test_bench_json_has_every_figure() -> None:
    """A tiny run prints JSON with each measurement the README table quotes."""
    # Its own servers: the benchmark flushes the Redis it uses between runs.
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGO_URI")}
    args = ["--products", "200", "--rate", "50", "--seconds", "1", "--slice", "100"]
    args += ["--hop-messages", "30", "--engine-products", "10", "--generators", "1,2"]
    done = subprocess.run(
        [str(ATTRGEN), "bench", "--json", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    ceiling = figures["redis_ceiling"]
    assert ceiling["cycles_per_s"] > 0
    assert ceiling["redis_bound_cycles_per_s"] > 0
    assert figures["engine"]["products_per_s"] > 0
    assert figures["engine"]["shared_texts_per_s"] > 0
    assert "ratio_to_ceiling" in figures["engine"]
    assert len(figures["hops"]["runtime_us"]) == len(figures["hops"]["hand_us"]) == 3
    assert [row["generators"] for row in figures["to_validated"]] == [1, 2]
    assert all(row["products_per_s"] > 0 for row in figures["to_validated"])
    assert figures["to_mongo"]["products_per_s"] > 0
    if Path("/proc/self/stat").exists():  # CPU per process is read from Linux's /proc
        used = figures["to_mongo_cpu"]
        assert {"mongodb", "redis", "gateway", "generator", "validator", "store"} <= set(used)
        assert all(u["ms_per_item"] >= 0 and u["cores"] >= 0 for u in used.values())
        assert sum(u["ms_per_item"] for u in used.values()) > 0
        assert {"generator", "generator-2", "validator"} <= set(figures["to_validated"][1]["cpu"])
    assert "ratio_to_ceiling" in figures["to_mongo"]
    assert figures["commands"]["per_product"] > 0
    latency = figures["latency"]
    assert latency["products"] == 50
    assert {"p50_ms", "p95_ms", "p99_ms"} <= set(latency)
    # The second paced run, at half the rate the whole pipeline was just measured at.
    sustained = figures["latency_sustained"]
    assert sustained["rate"] == max(1, round(figures["to_mongo"]["products_per_s"] * 0.5))
    assert sustained["products"] == sustained["submitted"] > 0
    assert {"p50_ms", "p95_ms", "p99_ms"} <= set(sustained)
    assert len(figures["store"]["ms_per_product"]) == 2
    assert "last_over_first" in figures["store"]
