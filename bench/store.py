"""The store's cost per product as its collections grow.

    .venv/bin/python -m bench.store [--products 20000] [--slice 2000]

Calls the store's real batch handler (``services.store.handlers``) on batches of 64
validated messages, as the worker would, against the MongoDB stand-in (or
``MONGO_URI``), and prints milliseconds per product for each slice of 2,000: flat
means each write costs the same however many documents are stored.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from dataclasses import dataclass

from bench.hops import ATTRIBUTES
from bench.pipeline import synthetic_products
from bench.servers import local_servers
from services.store.handlers import build_router
from shared.logs import configure_logging
from shared.messages import GenerationRequest, RawProduct, ValidatedAttributes, utcnow
from shared.mongo import connect_mongo, ensure_indexes
from shared.names import VALIDATED
from shared.redis_client import connect_redis
from shared.streams import Delivery

BATCH = 64


@dataclass(frozen=True)
class StoreFigures:
    slice_size: int
    ms_per_product: list[float]  # one per slice, in order

    @property
    def last_over_first(self) -> float:
        return self.ms_per_product[-1] / self.ms_per_product[0]


def _messages(n: int) -> list[ValidatedAttributes]:
    now = utcnow()
    return [
        ValidatedAttributes(
            request=GenerationRequest(
                request_id=uuid.uuid4().hex,
                idempotency_key=f"bench:{i}",
                product=RawProduct.model_validate(product),
            ),
            product_type="saree",
            config_version="bench",
            attributes=ATTRIBUTES,
            completeness=1.0,
            generated_at=now,
        )
        for i, product in enumerate(synthetic_products(n))
    ]


async def measure(redis_url: str, mongo_uri: str, n: int, slice_size: int) -> StoreFigures:
    """Store ``n`` new products in batches of 64; ms per product of each slice."""
    mongo = connect_mongo(mongo_uri)
    redis = connect_redis(redis_url)
    try:
        db = mongo[f"attrgen_bench_store_{uuid.uuid4().hex[:6]}"]
        await ensure_indexes(db)
        (store, *_) = build_router(db, redis).subscribers
        assert store.batch_handler is not None
        messages = _messages(n)
        slices = []
        for start in range(0, n, slice_size):
            chunk = messages[start : start + slice_size]
            began = time.perf_counter()
            for i in range(0, len(chunk), BATCH):
                batch = [
                    Delivery(VALIDATED, f"{start + i + j}-0", m, 1)
                    for j, m in enumerate(chunk[i : i + BATCH])
                ]
                await store.batch_handler(batch)
            slices.append((time.perf_counter() - began) / len(chunk) * 1e3)
        await mongo.drop_database(db.name)
        return StoreFigures(slice_size, slices)
    finally:
        await redis.aclose()
        await mongo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--slice", type=int, default=2_000)
    args = parser.parse_args()
    configure_logging("WARNING", json=True)  # the handler logs a line per batch at INFO
    with local_servers() as servers:
        figures = asyncio.run(
            measure(servers.redis_url, servers.mongo_uri, args.products, args.slice)
        )
    for index, ms in enumerate(figures.ms_per_product):
        first = index * args.slice
        print(f"products {first:>6}-{first + args.slice:<6} {ms:6.2f} ms/product")
    print(f"last slice / first slice: {figures.last_over_first:.2f}")


if __name__ == "__main__":
    main()
