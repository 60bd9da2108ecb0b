"""What the engine produced, per product type (Prometheus; bounded labels)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from shared.catalog.results import Generation


class EngineTallies(Collector):
    """Values and issues counted in plain dicts, turned into counters when scraped.

    A prometheus ``Counter`` child costs ~1.5 us per ``labels().inc()`` (label checks,
    a lock), six or seven times per product: 15 us of the generator's ~300 per product.
    A dict increment is ~0.1 us. Only the event loop's thread writes; the scrape
    thread copies the dicts with ``list()``, one C call under the GIL.
    """

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], int] = {}
        self.issues: dict[tuple[str, str], int] = {}

    def count(self, generation: Generation) -> None:
        product_type = generation.product_type or "unknown"
        values, issues = self.values, self.issues
        for value in generation.attributes.values():
            key = (product_type, value.method)
            values[key] = values.get(key, 0) + 1
        for issue in generation.issues:
            reason = (product_type, issue.reason)
            issues[reason] = issues.get(reason, 0) + 1

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield _family(
            "attrgen_engine_values",
            "Attribute values generated, by how they were found (exact, alias, fuzzy, phrase ...)",
            "method",
            self.values,
        )
        yield _family(
            "attrgen_engine_issues",
            "Values the engine abstained from or doubted, by reason code",
            "reason",
            self.issues,
        )


def _family(
    name: str, documentation: str, label: str, counts: dict[tuple[str, str], int]
) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation, labels=["product_type", label])
    for labels, count in list(counts.items()):
        family.add_metric(labels, count)
    return family


# Registered at import, as prometheus_client's own metrics are.
TALLIES = EngineTallies()
REGISTRY.register(TALLIES)
