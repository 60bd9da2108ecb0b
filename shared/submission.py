"""Publishing generation requests, exactly once per idempotency key.

Written for every producer of requests (the gateway now; backfills and quarantine
replay publish through it too, with their own ``source``). One Lua script
does SET NX on the key and XADD on the stream, so two concurrent submissions of the
same content cannot both publish, and a crash cannot leave a key with no message.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from redis.asyncio import Redis

from shared.messages import GenerationRequest, RawProduct
from shared.names import REQUESTS, idempotency_key, request_status_key
from shared.settings import REDIS_RETENTION_S
from shared.status import accepted_fields
from shared.streams.codec import FIELD, encode

# KEYS: idempotency key, requests stream, status hash
# ARGV: request id, key ttl, entry field name, message json, status ttl, then status
#       field/value pairs
_SUBMIT = """
local existing = redis.call('GET', KEYS[1])
if existing then
  return {0, existing}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('XADD', KEYS[2], '*', ARGV[3], ARGV[4])
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[3], ARGV[5])
return {1, ARGV[1]}
"""


@dataclass(frozen=True)
class Submitted:
    request_id: str
    product_id: str
    idempotency_key: str
    duplicate: bool


def derive_idempotency_key(product: RawProduct, client_key: str | None = None) -> str:
    """The client's key when given, else product id + a hash of the product content."""
    if client_key:
        return f"client:{client_key}"
    return f"content:{product.product_id}:{product.content_hash()}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def submit(
    redis: Redis,
    products: Sequence[RawProduct],
    *,
    source: Literal["api", "backfill", "replay"] = "api",
    client_keys: Sequence[str | None] | None = None,
    config_version: str | None = None,
) -> list[Submitted]:
    """Publish one request per product (one round trip), skipping known content."""
    keys = client_keys or [None] * len(products)
    script = redis.register_script(_SUBMIT)
    requests = [
        GenerationRequest(
            request_id=uuid.uuid4().hex,
            idempotency_key=derive_idempotency_key(product, key),
            product=product,
            source=source,
            config_version=config_version,
        )
        for product, key in zip(products, keys, strict=True)
    ]
    async with redis.pipeline(transaction=False) as pipe:
        for request in requests:
            status = [item for pair in accepted_fields(request).items() for item in pair]
            await script(
                keys=[
                    idempotency_key(_digest(request.idempotency_key)),
                    REQUESTS,
                    request_status_key(request.request_id),
                ],
                args=[
                    request.request_id,
                    REDIS_RETENTION_S,
                    FIELD,
                    encode(request)[FIELD],
                    REDIS_RETENTION_S,
                    *status,
                ],
                client=pipe,
            )
        results: list[Any] = await pipe.execute()
    return [
        Submitted(
            request_id=str(request_id),
            product_id=request.product.product_id,
            idempotency_key=request.idempotency_key,
            duplicate=not int(created),
        )
        for request, (created, request_id) in zip(requests, results, strict=True)
    ]
