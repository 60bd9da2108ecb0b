"""Dry-run: what a config version would do to a sample of products, before it is live.

Both catalogs run the whole engine (generate, then validate) on every product, as
the pipeline would; nothing is published or stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from shared.catalog import Catalog
from shared.messages import AttributeData, RawProduct


class Outcome(BaseModel):
    stage: str  # "stored" or "quarantined", as the pipeline would end
    product_type: str | None
    reasons: list[str] = Field(default_factory=list)
    attributes: dict[str, AttributeData] = Field(default_factory=dict)


class Example(BaseModel):
    product_id: str
    before: Any = None
    after: Any = None


class AttributeEffect(BaseModel):
    gained: int = 0
    lost: int = 0
    changed: int = 0
    examples: list[Example] = Field(default_factory=list)


class QuarantineMove(BaseModel):
    count: int = 0
    examples: list[Example] = Field(default_factory=list)


class DryRunReport(BaseModel):
    base: str
    target: str
    products: int
    unchanged: int = 0
    attributes: dict[str, AttributeEffect] = Field(default_factory=dict)
    entering_quarantine: QuarantineMove = Field(default_factory=QuarantineMove)
    leaving_quarantine: QuarantineMove = Field(default_factory=QuarantineMove)


def outcome(catalog: Catalog, product: RawProduct) -> Outcome:
    """Where one product would end with ``catalog``, and with which attributes."""
    generation = catalog.generate(product)
    if generation.product_type is None:
        reasons = sorted({issue.reason for issue in generation.issues})
        return Outcome(stage="quarantined", product_type=None, reasons=reasons)
    validation = catalog.validate(generation.product_type, generation.attributes, generation.issues)
    values = {code: value.value for code, value in validation.attributes.items()}
    if validation.errors:
        reasons = sorted({error.reason for error in validation.errors})
        return Outcome(
            stage="quarantined",
            product_type=generation.product_type,
            reasons=reasons,
            attributes=values,
        )
    return Outcome(stage="stored", product_type=generation.product_type, attributes=values)


def dry_run(
    base: Catalog, target: Catalog, products: Sequence[RawProduct], examples: int = 5
) -> DryRunReport:
    """Compare ``base`` and ``target`` on ``products``: attributes and quarantine moves."""
    report = DryRunReport(base=base.version, target=target.version, products=len(products))
    for product in products:
        before, after = outcome(base, product), outcome(target, product)
        if before == after:
            report.unchanged += 1
            continue
        _attributes(report, product.product_id, before, after, examples)
        _quarantine(report, product.product_id, before, after, examples)
    return report


def _attributes(
    report: DryRunReport, product_id: str, before: Outcome, after: Outcome, examples: int
) -> None:
    for code in sorted(set(before.attributes) | set(after.attributes)):
        old, new = before.attributes.get(code), after.attributes.get(code)
        if old == new:
            continue
        effect = report.attributes.setdefault(code, AttributeEffect())
        if old is None:
            effect.gained += 1
        elif new is None:
            effect.lost += 1
        else:
            effect.changed += 1
        if len(effect.examples) < examples:
            effect.examples.append(Example(product_id=product_id, before=old, after=new))


def _quarantine(
    report: DryRunReport, product_id: str, before: Outcome, after: Outcome, examples: int
) -> None:
    if before.stage == after.stage:
        return
    move = report.entering_quarantine if after.stage == "quarantined" else report.leaving_quarantine
    move.count += 1
    if len(move.examples) < examples:
        move.examples.append(
            Example(product_id=product_id, before=before.reasons, after=after.reasons)
        )
