"""Keeping Redis bounded: trim what every group has acked, forget consumers long gone.

Both run as Lua scripts, so the check and the change are one atomic step: a group
cannot read or a consumer cannot take a message between them.
"""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

# KEYS[1]: stream. ARGV[1]: the oldest id retention wants to keep ("<ms>-0"), then the
# groups that must exist before anything is trimmed.
# Trims below the lowest of: that id, every group's last-delivered id, every group's
# oldest pending id. So no entry that some group has not read, or has read and not
# acked, is ever removed. Returns entries removed, or -1 when an expected group is
# missing (its consumer never started: everything still waits for it).
_TRIM = """
local function before(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  if am ~= bm then return am < bm end
  return as < bs
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
local seen = {}
local floor = ARGV[1]
for _, g in ipairs(groups) do
  local name, last
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] end
    if g[i] == 'last-delivered-id' then last = g[i + 1] end
  end
  seen[name] = true
  if before(last, floor) then floor = last end
  local pending = redis.call('XPENDING', KEYS[1], name)
  if pending[1] > 0 and before(pending[2], floor) then floor = pending[2] end
end
for i = 2, #ARGV do
  if not seen[ARGV[i]] then return -1 end
end
if #groups == 0 then return -1 end
return redis.call('XTRIM', KEYS[1], 'MINID', floor)
"""

# KEYS[1]: stream. ARGV: group, idle ms, consumer to keep (the caller).
# Deletes consumers idle longer than that which own no pending entry; checked and
# deleted in one step because DELCONSUMER drops whatever the consumer still owns.
_REAP = """
local removed = {}
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local name, pending, idle
  for i = 1, #c, 2 do
    if c[i] == 'name' then name = c[i + 1] end
    if c[i] == 'pending' then pending = c[i + 1] end
    if c[i] == 'idle' then idle = c[i + 1] end
  end
  if pending == 0 and idle > tonumber(ARGV[2]) and name ~= ARGV[3] then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
    table.insert(removed, name)
  end
end
return removed
"""


async def trim_acked(
    redis: Redis, stream: str, *, keep_after_ms: int, groups: Sequence[str]
) -> int:
    """Remove entries older than ``keep_after_ms`` (epoch ms) that every group has acked.

    Returns how many were removed; -1 when a group in ``groups`` does not exist yet.
    """
    script = redis.register_script(_TRIM)
    result = await script(keys=[stream], args=[f"{max(keep_after_ms, 0)}-0", *groups])
    return int(result)


async def reap_consumers(
    redis: Redis, stream: str, group: str, *, idle_ms: int, keep: str
) -> list[str]:
    """Delete the group's consumers idle past ``idle_ms`` that own nothing."""
    script = redis.register_script(_REAP)
    removed = await script(keys=[stream], args=[group, idle_ms, keep])
    return [str(name) for name in removed]
