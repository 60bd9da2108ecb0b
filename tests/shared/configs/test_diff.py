"""Diffs between bundles: product types, attributes, values and aliases."""

from __future__ import annotations

from shared.configs.bundle import load, merge, read_directory
from shared.configs.diff import diff_configs
from tests.fixtures.configs import FILES

SEED = read_directory()


def test_identical_bundles_have_an_empty_diff() -> None:
    """The same files give no changes."""
    assert diff_configs(load(SEED), load(dict(SEED))).empty


def test_new_product_type_is_added() -> None:
    """A new product-type file shows as one added type, nothing else."""
    files = merge(SEED, {"stole.yaml": (FILES / "stole.yaml").read_text()}, [])
    diff = diff_configs(load(SEED), load(files))
    assert diff.product_types_added == ["stole"]
    assert not diff.product_types_changed


def test_changed_type_field_shows_old_and_new() -> None:
    """A changed product-type label shows as [old, new] under that type only."""
    kurta = SEED["kurta.yaml"].replace("label: Kurta\n", "label: Kurta Top\n", 1)
    diff = diff_configs(load(SEED), load({**SEED, "kurta.yaml": kurta}))
    (change,) = diff.product_types_changed
    assert change.product_type == "kurta"
    assert change.changed["label"] == ["Kurta", "Kurta Top"]


def test_removed_alias_shows_under_every_including_type() -> None:
    """An alias dropped from the shared group shows under each type that includes it."""
    shared = SEED["shared_attributes.yaml"].replace("artificial silk, ", "", 1)
    diff = diff_configs(load(SEED), load({**SEED, "shared_attributes.yaml": shared}))
    assert {c.product_type for c in diff.product_types_changed} == {
        "dupatta",
        "kurta",
        "saree",
        "saree_blouse",
    }
    fabric = next(
        a for a in diff.product_types_changed[0].attributes_changed if a.attribute == "fabric"
    )
    assert fabric.values_changed[0].removed == {"aliases": ["artificial silk"]}
