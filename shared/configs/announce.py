"""Announcing the active config version on Redis, where every process looks for it.

MongoDB's pointer is the truth; Redis carries a copy (a hash per database) that
workers poll between batches, plus an ``attrgen.config`` stream entry per change for
ops. The copy only moves forward (a higher epoch), so two activations announced out
of order still leave Redis agreeing with MongoDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from redis.asyncio import Redis

from shared.names import CONFIG_EVENTS, config_active_key

# KEYS: active hash, events stream; ARGV: version, epoch, database
_ANNOUNCE = """
local current = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if tonumber(ARGV[2]) <= current then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'epoch', ARGV[2])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 1000, '*',
  'version', ARGV[1], 'epoch', ARGV[2], 'db', ARGV[3])
return 1
"""


@dataclass(frozen=True)
class Announced:
    version: str
    epoch: int


async def announce(redis: Redis, mongo_db: str, version: str, epoch: int) -> bool:
    """Publish an activation; False when Redis already knows a later one."""
    script = redis.register_script(_ANNOUNCE)
    keys = [config_active_key(mongo_db), CONFIG_EVENTS]
    result: Any = await script(keys=keys, args=[version, epoch, mongo_db])
    return bool(int(result))


async def announced(redis: Redis, mongo_db: str) -> Announced | None:
    """The active version Redis knows of, if any (None after a flush)."""
    # decode_responses=True: str values, which redis-py's stubs cannot know.
    fields = cast(dict[str, str], await redis.hgetall(config_active_key(mongo_db)))
    if "version" not in fields:
        return None
    return Announced(fields["version"], int(fields["epoch"]))
