"""Remembered per-value work: bounded, least recently used first out, same answers."""

from __future__ import annotations

from collections.abc import Hashable

from shared.catalog import Catalog
from shared.catalog.candidates import Candidate
from shared.catalog.compiled import compile_type
from shared.catalog.extract import read_text
from shared.catalog.loader import load_config
from shared.catalog.memo import Memo
from shared.catalog.normalize import read_key, read_specs
from shared.catalog.resolve import Resolved, resolve
from shared.messages import RawProduct


def test_memo_computes_once_per_key() -> None:
    """A remembered key is not computed again."""
    memo: Memo[str, int] = Memo(4)
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    assert memo.get("silk", lambda: compute("silk")) == 4
    assert memo.get("silk", lambda: compute("silk")) == 4
    assert calls == ["silk"]


def test_memo_evicts_the_least_recently_used() -> None:
    """At the limit, the key used longest ago goes; a recent hit keeps its key."""
    memo: Memo[str, str] = Memo(2)
    memo.get("a", lambda: "A")
    memo.get("b", lambda: "B")
    memo.get("a", lambda: "stale")  # a is now the most recent
    memo.get("c", lambda: "C")  # evicts b
    assert len(memo) == 2
    assert memo.get("a", lambda: "recomputed") == "A"
    assert memo.get("b", lambda: "recomputed") == "recomputed"


def test_remembered_vendor_readings_equal_fresh_ones() -> None:
    """Reading the same specs twice (second time from the memo) gives equal results."""
    compiled = compile_type(load_config().product_types["saree"])
    specs = {
        "Fabric": "Art Silk",
        "Fabric Purity": "Pure",
        "Color": "Navy Bleu",
        "Occasion": "Wedding, Casual, Party & Festive",
        "Blouse Fabric": "Banglori Silk",
        "Pattern": "Woven, Zari Wrok",
        "Sari Length": "5.5m",
        "Blouse Piece": "Unstitched",
    }
    first = read_specs(specs, compiled)
    assert len(compiled.key_readings) == len(specs)
    assert read_specs(specs, compiled) == first
    fresh = compile_type(load_config().product_types["saree"])
    assert read_specs(specs, fresh) == first


def test_a_long_value_is_read_but_not_remembered() -> None:
    """Seller prose under a key is read each time and does not fill the memo."""
    compiled = compile_type(load_config().product_types["saree"])
    prose = "Saree WeddingSaree NetSaree " * 20
    assert read_specs({"Other Details": prose}, compiled) == read_specs({}, compiled)
    assert len(compiled.key_readings) == 0
    assert read_key("Fabric", "Net", compiled).candidates[0].value == "net"


def test_each_catalog_starts_with_empty_memos() -> None:
    """A new catalog (a new config version) remembers nothing of the last one."""
    config = load_config()
    first, second = Catalog(config), Catalog(config)
    assert first._types["saree"].key_readings is not second._types["saree"].key_readings


def _listing(title: str, description: str | None = None) -> RawProduct:
    return RawProduct(
        product_id="MEMO-1",
        product_type="saree",
        title=title,
        description=description,
        brand="Sutrakala",
    )


def test_remembered_text_readings_equal_fresh_ones() -> None:
    """A title and description read twice (second time from the memo) give equal
    candidates, and equal to a fresh catalog's; a variant with other specs hits it."""
    compiled = compile_type(load_config().product_types["saree"])
    product = _listing(
        "Sutrakala Kanjeevaram Pure Silk Saree with Zari Border (Maroon)",
        "Handwoven silk saree in deep maroon. Blouse: unstitched, navy blue. "
        "Not for machine wash; dry clean only. Dupatta: chiffon, printed",
    )
    first = read_text(product, compiled)
    assert len(compiled.text_readings) == 2
    assert read_text(product, compiled) == first
    fresh = compile_type(load_config().product_types["saree"])
    assert read_text(product, fresh) == first
    variant = product.model_copy(update={"product_id": "MEMO-2", "vendor_specs": {"Color": "Red"}})
    assert read_text(variant, compiled) == first
    assert len(compiled.text_readings) == 2


def test_a_long_text_is_read_but_not_remembered() -> None:
    """Prose longer than the memo's limit is read each time and does not fill it."""
    compiled = compile_type(load_config().product_types["saree"])
    prose = "Handwoven silk saree in deep maroon with a gold zari border. " * 40
    found = read_text(_listing("Silk Saree", prose), compiled)
    assert {c.value for c in found if c.attribute == "fabric"} == {"silk"}
    assert [source for source, _ in compiled.text_readings._values] == ["title"]


def test_remembered_resolutions_equal_fresh_ones() -> None:
    """Candidates resolved twice (second time from the memo) give equal values and
    issues, equal to resolving without a memo."""
    compiled = compile_type(load_config().product_types["saree"])
    product = _listing("Kanjeevaram Pure Silk Saree", "Handwoven silk saree in deep maroon.")
    specs = {"Fabric": "Cotton", "Saree Fabric": "Pure Silk", "Occasion": "Wedding, Festive"}
    from_specs, _ = read_specs(specs, compiled)
    candidates = from_specs + read_text(product, compiled)
    multi, refines = compiled.multi_codes, compiled.refines
    fresh = resolve(candidates, multi, refines)
    assert resolve(candidates, multi, refines, compiled.resolved) == fresh
    assert len(compiled.resolved) == len(fresh[0])
    assert resolve(candidates, multi, refines, compiled.resolved) == fresh
    assert len(compiled.resolved) == len(fresh[0])


def test_resolution_memo_tells_values_of_other_types_apart() -> None:
    """True and 1.0 (equal in Python), and a list and its one code, are other keys."""
    memo: Memo[Hashable, Resolved] = Memo(16)
    values = [True, 1.0, ["silk"], "silk"]
    for value in values:
        candidate = Candidate("x", value, "title", "phrase", 85.0, "silk")
        values_found, _ = resolve([candidate], frozenset(), memo=memo)
        assert type(values_found["x"].value) is type(value)
        assert values_found["x"].value == value
    assert len(memo) == len(values)
