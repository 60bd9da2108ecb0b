"""``attrgen bench``: every throughput figure in one run, against this Redis's ceiling.

Starts its own redis-server (AOF, as ``attrgen up``) and MongoDB stand-in on free
ports (``REDIS_URL``/``MONGO_URI`` replace them; the Redis is flushed between runs, so
never point it at one that matters) and runs the real services as processes.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)


def bench_command(
    products: Annotated[int, typer.Option(min=10, help="synthetic catalog size")] = 20_000,
    rate: Annotated[int, typer.Option(min=1, help="paced run: products per second")] = 500,
    seconds: Annotated[float, typer.Option(min=0.1, help="each paced run: how long")] = 20.0,
    sustained_share: Annotated[
        float,
        typer.Option(
            min=0, max=1, help="second paced run: this share of the pipeline's rate (0: none)"
        ),
    ] = 0.5,
    slice_size: Annotated[
        int, typer.Option("--slice", min=1, help="store figure: products per slice")
    ] = 2_000,
    hop_messages: Annotated[int, typer.Option(min=10, help="per-hop CPU: messages")] = 3_000,
    generators: Annotated[
        str, typer.Option(help="pipeline to validated: generator counts, comma-separated")
    ] = "1,2",
    engine_products: Annotated[int, typer.Option(min=1, help="engine: products")] = 2_000,
    as_json: Annotated[bool, typer.Option("--json", help="print the figures as JSON")] = False,
) -> None:
    """Measure the Redis ceiling, the engine, each hop's CPU, the pipeline to the
    validated stream and to MongoDB, paced latency and the store's cost per slice."""
    from bench.servers import local_servers
    from bench.suite import Options, run
    from shared.logs import configure_logging

    try:
        counts = tuple(int(n) for n in generators.split(",") if n.strip())
    except ValueError as exc:
        raise typer.BadParameter("--generators takes numbers like 1,2") from exc
    if not counts or min(counts) < 1:
        raise typer.BadParameter("--generators takes numbers like 1,2")
    options = Options(
        products=products,
        rate=rate,
        seconds=seconds,
        sustained_share=sustained_share,
        slice=min(slice_size, products),
        hop_messages=hop_messages,
        generators=counts,
        engine_products=engine_products,
    )
    # Stop the servers and services on SIGTERM too (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # The store's handler runs in this process for the slice figure: its INFO lines
    # would bury the progress.
    configure_logging("WARNING")
    with local_servers() as servers:
        results = run(servers, options, lambda step: console.log(step))
    figures = results.as_dict()
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
    else:
        # Piped or in CI, rich would wrap the table at 80 columns: give it room.
        out = Console()
        Console(width=None if out.is_terminal else 160).print(render(figures))


def render(figures: dict[str, Any]) -> Table:
    """The figures as one table: value, ratio to the Redis ceiling, what bounds it."""
    ceiling = figures["redis_ceiling"]
    table = Table(title="attrgen bench", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("vs Redis ceiling", justify="right")
    table.add_column("bound by")

    def ratio(key: dict[str, Any]) -> str:
        return f"{key['ratio_to_ceiling']:.1%}"

    table.add_row(
        "Redis ceiling (XADD+XREADGROUP+XACK)",
        f"{ceiling['redis_bound_cycles_per_s']:,.0f} cycles/s",
        "100%",
        f"Redis CPU, {ceiling['redis_cpu_us_per_cycle']:.1f} us/cycle "
        f"(one redis-py client: {ceiling['cycles_per_s']:,.0f}/s)",
    )
    engine = figures["engine"]
    table.add_row(
        "engine, generate + validate, unique texts",
        f"{engine['products_per_s']:,.0f} products/s/core",
        ratio(engine),
        f"CPU, {engine['ms_per_product']:.2f} ms/product (generate "
        f"{engine['generate_per_s']:,.0f}/s, validate {engine['validate_per_s']:,.0f}/s); "
        f"{engine['shared_texts_per_s']:,.0f}/s where variants share texts",
    )
    hops = figures["hops"]
    table.add_row(
        "runtime CPU per hop",
        " / ".join(f"{us:.0f}" for us in hops["runtime_us"]) + " us",
        "",
        f"{hops['ratio']:.2f}x hand-written redis-py ("
        + " / ".join(f"{us:.0f}" for us in hops["hand_us"])
        + " us)",
    )
    for row in figures["to_validated"]:
        table.add_row(
            f"pipeline to attrgen.validated, {row['generators']} generator(s)",
            f"{row['products_per_s']:,.0f} products/s",
            ratio(row),
            busiest(row.get("cpu", {})),
        )
    mongo = figures["to_mongo"]
    table.add_row(
        f"whole pipeline to MongoDB, {mongo['products']:,.0f} products",
        f"{mongo['products_per_s']:,.0f} products/s",
        ratio(mongo),
        busiest(figures.get("to_mongo_cpu", {})) + f" (submit: {mongo['submit_per_s']:,.0f}/s)",
    )
    commands = figures["commands"]
    table.add_row(
        "Redis commands per product",
        f"{commands['per_product']:.2f}",
        "",
        f"{commands['sent_by_clients_per_product']:.2f} sent by clients; the rest run "
        "inside the submission script",
    )
    lat = figures["latency"]
    # Offered past what the whole pipeline sustains, the figure is a queue's growth.
    over = " (above the pipeline's rate: a queue)" if lat["rate"] > mongo["products_per_s"] else ""
    table.add_row(
        f"submit -> stored at {lat['rate']:,.0f}/s",
        f"p50 {lat['p50_ms']:,.0f} / p95 {lat['p95_ms']:,.0f} / p99 {lat['p99_ms']:,.0f} ms",
        "",
        f"{lat['products']:,.0f} products, offered {lat['offered_per_s']:,.0f}/s{over}",
    )
    sustained = figures["latency_sustained"]
    if sustained:
        table.add_row(
            f"submit -> stored at {sustained['rate']:,.0f}/s",
            f"p50 {sustained['p50_ms']:,.0f} / p95 {sustained['p95_ms']:,.0f} / "
            f"p99 {sustained['p99_ms']:,.0f} ms",
            "",
            f"{sustained['products']:,.0f} products, offered {sustained['offered_per_s']:,.0f}/s "
            f"({sustained['rate'] / mongo['products_per_s']:.0%} of the pipeline's rate)",
        )
    store = figures["store"]
    slices = store["ms_per_product"]
    table.add_row(
        f"store ms/product per {store['slice']:,} slice",
        f"{slices[0]:.2f} -> {slices[-1]:.2f}",
        "",
        f"last/first {store['last_over_first']:.2f}: " + " ".join(f"{ms:.2f}" for ms in slices),
    )
    return table


def busiest(cpu: dict[str, dict[str, float]]) -> str:
    """Which process a run kept busiest, measured: a single-threaded one near 1.00
    cores, or all of them near the machine's cores, is what bounds the figure."""
    if not cpu:
        return "CPU per process not measured here (no /proc)"
    (name, top), *rest = cpu.items()
    others = ", ".join(f"{other} {used['ms_per_item']:.2f}" for other, used in rest)
    cores = sum(used["cores"] for used in cpu.values())
    return (
        f"busiest {name}: {top['ms_per_item']:.2f} ms CPU/product, {top['cores']:.2f} cores"
        + (f" (then {others})" if others else "")
        + f"; all {cores:.2f} of {os.cpu_count()} cores"
    )
