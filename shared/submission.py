"""Publishing generation requests, exactly once per idempotency key.

Written for every producer of requests (the gateway now; backfills and quarantine
replay publish through it too, with their own ``source``). One Lua script checks and
sets the keys and XADDs, so two concurrent submissions of the same content cannot both
publish, and a crash cannot leave a key with no message:

- with a client ``Idempotency-Key``: the same key and body is a duplicate; the same
  key with another body is a conflict (``IdempotencyConflictError``, nothing sent);
- without one: a product is new work when its content differs from the content last
  accepted *for that product* (so going back to an earlier content is processed again).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from redis.asyncio import Redis

from shared.errors import IdempotencyConflictError
from shared.messages import GenerationRequest, RawProduct
from shared.names import REQUESTS, idempotency_key, last_content_key, request_status_key
from shared.settings import REDIS_RETENTION_S
from shared.status import accepted_fields, encode_status
from shared.streams.codec import FIELD, encode

# KEYS: client idempotency key ('' when none), the product's last accepted content,
#       requests stream, request status
# ARGV: request id, key ttl, entry field name, message json, status ttl, content hash,
#       status json
# Returns {1, new id} published; {0, earlier id} duplicate; {2, earlier id} the client
# key was used for other content (a conflict, nothing published).
_SUBMIT = """
local hash = ARGV[6]
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then
    local space = string.find(existing, ' ', 1, true)
    local earlier = string.sub(existing, 1, space - 1)
    if string.sub(existing, space + 1) == hash then
      return {0, earlier}
    end
    return {2, earlier}
  end
  redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. hash, 'EX', ARGV[2])
  redis.call('SET', KEYS[2], hash .. ' ' .. ARGV[1], 'EX', ARGV[2])
else
  -- New content is the common case: one SET ... GET instead of GET then SET. A
  -- duplicate puts the earlier value back (and so keeps its content remembered
  -- another retention period from now).
  local last = redis.call('SET', KEYS[2], hash .. ' ' .. ARGV[1], 'EX', ARGV[2], 'GET')
  if last then
    local space = string.find(last, ' ', 1, true)
    if string.sub(last, 1, space - 1) == hash then
      redis.call('SET', KEYS[2], last, 'EX', ARGV[2])
      return {0, string.sub(last, space + 1)}
    end
  end
end
redis.call('XADD', KEYS[3], '*', ARGV[3], ARGV[4])
redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[5])
return {1, ARGV[1]}
"""


@dataclass(frozen=True)
class Submitted:
    request_id: str
    product_id: str
    idempotency_key: str
    duplicate: bool


def derive_idempotency_key(
    product: RawProduct, client_key: str | None = None, content_hash: str | None = None
) -> str:
    """The client's key when given, else product id + a hash of the product content."""
    if client_key:
        return f"client:{client_key}"
    return f"content:{product.product_id}:{content_hash or product.content_hash()}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def client_key_name(client_key: str) -> str:
    """The Redis key that remembers a client idempotency key (exists once published)."""
    return idempotency_key(_digest(f"client:{client_key}"))


async def submit(
    redis: Redis,
    products: Sequence[RawProduct],
    *,
    source: Literal["api", "backfill", "replay"] = "api",
    client_keys: Sequence[str | None] | None = None,
    config_version: str | None = None,
    replay_of: Sequence[str | None] | None = None,
) -> list[Submitted]:
    """Publish one request per product (one round trip), skipping known content.

    Raises ``IdempotencyConflictError`` (for the first such product) when a client key
    was used before for other content; the other products of the call are published.
    """
    keys = client_keys or [None] * len(products)
    replays = replay_of or [None] * len(products)
    script = redis.register_script(_SUBMIT)
    hashes = [product.content_hash() for product in products]
    requests = [
        GenerationRequest(
            request_id=uuid.uuid4().hex,
            idempotency_key=derive_idempotency_key(product, key, content_hash),
            product=product,
            source=source,
            config_version=config_version,
            replay_of=replayed,
        )
        for product, key, content_hash, replayed in zip(
            products, keys, hashes, replays, strict=True
        )
    ]
    async with redis.pipeline(transaction=False) as pipe:
        for request, key, content_hash in zip(requests, keys, hashes, strict=True):
            await script(
                keys=[
                    idempotency_key(_digest(request.idempotency_key)) if key else "",
                    last_content_key(request.product.product_id),
                    REQUESTS,
                    request_status_key(request.request_id),
                ],
                args=[
                    request.request_id,
                    REDIS_RETENTION_S,
                    FIELD,
                    encode(request)[FIELD],
                    REDIS_RETENTION_S,
                    content_hash,
                    encode_status(accepted_fields(request)),
                ],
                client=pipe,
            )
        results: list[Any] = await pipe.execute()
    submitted = []
    for request, key, (outcome, request_id) in zip(requests, keys, results, strict=True):
        if int(outcome) == _CONFLICT:
            raise IdempotencyConflictError(str(key), str(request_id))
        submitted.append(
            Submitted(
                request_id=str(request_id),
                product_id=request.product.product_id,
                idempotency_key=request.idempotency_key,
                duplicate=int(outcome) == _DUPLICATE,
            )
        )
    return submitted


_DUPLICATE, _CONFLICT = 0, 2
