"""The engine's tallies (services/generator/metrics.py), as a Prometheus scrape reads them."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from services.generator.metrics import EngineTallies
from shared.catalog.results import Generation
from shared.messages import AttributeIssue, AttributeValue

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _samples(registry: CollectorRegistry) -> Samples:
    text = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_values_and_issues_are_counted_by_type_and_method_or_reason() -> None:
    registry = CollectorRegistry()
    tallies = EngineTallies()
    registry.register(tallies)
    phrase = AttributeValue(value="red", source="title", method="phrase", score=85.0)
    exact = AttributeValue(value="silk", source="vendor_spec", method="exact", score=100.0)
    issue = AttributeIssue(attribute="fabric", reason="ambiguous_match", detail="two fabrics")
    for _ in range(2):
        tallies.count(
            Generation(
                product_type="saree",
                attributes={"primary_color": phrase, "fabric": exact},
                issues=[issue],
                config_version="v1",
            )
        )
    tallies.count(Generation(product_type=None, attributes={}, issues=[issue], config_version="v1"))
    samples = _samples(registry)
    values, issues = "attrgen_engine_values_total", "attrgen_engine_issues_total"
    assert samples[(values, (("method", "phrase"), ("product_type", "saree")))] == 2
    assert samples[(values, (("method", "exact"), ("product_type", "saree")))] == 2
    assert samples[(issues, (("product_type", "saree"), ("reason", "ambiguous_match")))] == 2
    assert samples[(issues, (("product_type", "unknown"), ("reason", "ambiguous_match")))] == 1
