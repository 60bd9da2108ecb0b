"""Dry run of a replay: what the current engine would do to one quarantined record."""

from __future__ import annotations

from typing import Any

from shared.catalog import Catalog
from shared.configs.dryrun import outcome
from shared.messages import RawProduct


def preview(current: Catalog, before: Catalog | None, product: RawProduct) -> dict[str, Any]:
    """Would store / would quarantine (with reasons), and the attribute values that
    change against the version the record was quarantined under (when still known)."""
    after = outcome(current, product)
    changes: dict[str, dict[str, Any]] = {}
    if before is not None:
        old = outcome(before, product)
        for code in sorted(set(old.attributes) | set(after.attributes)):
            was, now = old.attributes.get(code), after.attributes.get(code)
            if was != now:
                changes[code] = {"before": was, "after": now}
    return {
        "outcome": "would_store" if after.stage == "stored" else "would_quarantine",
        "reasons": after.reasons,
        "product_type": after.product_type,
        "changes": changes,
        "config_version": current.version,
    }
