"""A bounded least-recently-used memo for per-value work that lives with a config.

Sellers repeat themselves: on the dev rows 5,744 vendor (key, value) pairs are 2,221
distinct ones, and a catalog feed repeats "Fabric: Cotton" thousands of times. Work
that depends only on the value and the config (reading a vendor value, matching a
spelling) is remembered here, per compiled config, so a new config starts empty.
Bounded by entries, oldest use evicted first: a long-running generator seeing ever
new values keeps the recent ones instead of freezing on the first N it met.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """``get(key, compute)``: the remembered value, or ``compute()`` remembered."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        values = self._values
        try:
            # Re-inserting moves the key to the end: dicts keep insertion order.
            value = values[key] = values.pop(key)
        except KeyError:
            value = compute()
            if len(values) >= self.limit:
                del values[next(iter(values))]
            values[key] = value
        return value
