"""What the engine produced, per product type (Prometheus; bounded labels)."""

from __future__ import annotations

from prometheus_client import Counter

from shared.catalog.results import Generation

VALUES = Counter(
    "attrgen_engine_values_total",
    "Attribute values generated, by how they were found (exact, alias, fuzzy, phrase ...)",
    ["product_type", "method"],
)
ISSUES = Counter(
    "attrgen_engine_issues_total",
    "Values the engine abstained from or doubted, by reason code",
    ["product_type", "reason"],
)


def count_generation(generation: Generation) -> None:
    product_type = generation.product_type or "unknown"
    for value in generation.attributes.values():
        VALUES.labels(product_type, value.method).inc()
    for issue in generation.issues:
        ISSUES.labels(product_type, issue.reason).inc()
