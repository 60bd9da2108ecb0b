"""What responses must not hand back: clients' idempotency keys."""

from __future__ import annotations

from typing import Any

REDACTED = "[redacted]"
_SECRET_FIELDS = frozenset({"idempotency_key"})


def redact_idempotency_keys(value: Any) -> Any:
    """``value`` with every ``idempotency_key`` at any depth replaced by ``[redacted]``.

    Quarantine records and request details hold whole original requests; a key that
    can be read can be replayed to learn or shadow another client's submissions.
    """
    if isinstance(value, dict):
        return {
            k: REDACTED if k in _SECRET_FIELDS and v is not None else redact_idempotency_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_idempotency_keys(v) for v in value]
    return value
