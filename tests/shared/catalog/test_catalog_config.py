"""Loading configuration: errors name file, line and key; new types need no code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from shared.catalog import Catalog, ConfigError
from shared.messages import RawProduct
from tests.shared.catalog.conftest import DUPATTA_YAML, GROUP_YAML

WriteConfig = Callable[[dict[str, str]], Path]
VOCABULARY = Path(__file__).resolve().parents[4] / "shared" / "spec" / "vocabulary.yaml"


def test_new_product_type_from_config_alone(write_config: WriteConfig) -> None:
    """A dupatta type declared in YAML is detected and generated with no code change."""
    catalog = Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": DUPATTA_YAML}))
    product = RawProduct(
        product_id="d1", title="Red Cotton Stole", vendor_specs={"Length": "2.5 m"}
    )
    generation = catalog.generate(product)
    assert generation.product_type == "dupatta"
    found = {code: value.value for code, value in generation.attributes.items()}
    assert found == {"primary_color": "red", "fabric": "cotton", "length_m": 2.5}


def test_json_config_is_accepted(write_config: WriteConfig) -> None:
    """A product type written as JSON loads like YAML."""
    as_json = json.dumps(yaml.safe_load(DUPATTA_YAML))
    catalog = Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.json": as_json}))
    assert catalog.product_types == ("dupatta",)


def test_error_names_file_line_and_key(write_config: WriteConfig) -> None:
    """A bad kind is reported as dupatta.yaml:9 at attributes[0].kind."""
    bad = DUPATTA_YAML.replace("kind: number", "kind: numeric")
    with pytest.raises(ConfigError) as caught:
        Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": bad}))
    error = caught.value
    assert (error.file, error.line, error.key) == ("dupatta.yaml", 9, "attributes[0].kind")
    assert str(error).startswith("dupatta.yaml:9 at 'attributes[0].kind': ")


def test_number_without_range_is_rejected(write_config: WriteConfig) -> None:
    """A number attribute without a range is rejected at the attribute's line."""
    bad = DUPATTA_YAML.replace("    range: [1.5, 3.0]\n", "")
    with pytest.raises(ConfigError, match=r"dupatta\.yaml:7 .*needs a unit and a range"):
        Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": bad}))


def test_alias_on_two_values_is_rejected(write_config: WriteConfig) -> None:
    """An alias naming two values is ambiguous and rejected."""
    bad = GROUP_YAML.replace(
        "{code: blue, label: Blue}", "{code: blue, label: Blue, aliases: [red]}"
    )
    with pytest.raises(ConfigError, match=r"basics\.yaml:\d+ .*names both"):
        Catalog.load(write_config({"basics.yaml": bad, "dupatta.yaml": DUPATTA_YAML}))


def test_unknown_include_is_rejected(write_config: WriteConfig) -> None:
    """Including a group no file declares names the include line."""
    bad = DUPATTA_YAML.replace("include: [basics]", "include: [basix]")
    with pytest.raises(ConfigError) as caught:
        Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": bad}))
    assert (caught.value.line, caught.value.key) == (5, "include[0]")


def test_yaml_syntax_error_has_a_line(write_config: WriteConfig) -> None:
    """Broken YAML is a ConfigError with the line of the problem."""
    with pytest.raises(ConfigError) as caught:
        Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": "a: [1, 2\nb: 3\n"}))
    assert caught.value.file == "dupatta.yaml"
    assert caught.value.line is not None


def test_duplicate_key_is_rejected(write_config: WriteConfig) -> None:
    """A key given twice in one mapping is an error, not a silent overwrite."""
    bad = DUPATTA_YAML.replace("label: Dupatta\n", "label: Dupatta\nlabel: Stole\n")
    with pytest.raises(ConfigError, match=r"dupatta\.yaml:3 at 'label': duplicate key"):
        Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": bad}))


def test_version_follows_content(write_config: WriteConfig, tmp_path: Path) -> None:
    """The config version changes when the content does, and only then."""
    folder = write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": DUPATTA_YAML})
    first = Catalog.load(folder).version
    assert Catalog.load(folder).version == first
    (folder / "dupatta.yaml").write_text(DUPATTA_YAML.replace("3.0", "3.5"))
    assert Catalog.load(folder).version != first


@pytest.mark.needs_eval_data
@pytest.mark.skipif(not VOCABULARY.exists(), reason="../shared/spec not present")
def test_packaged_config_keeps_the_vocabulary(catalog: Catalog) -> None:
    """Every code in the shared vocabulary is still a code of the packaged config."""
    spec = yaml.safe_load(VOCABULARY.read_text())
    for name, product in spec["product_types"].items():
        model = catalog.model(name)
        attributes = {**spec["shared_attributes"], **product["attributes"]}
        for code, attribute in attributes.items():
            assert code in model.model_fields, f"{name}.{code}"
            values = attribute.get("values")
            if isinstance(values, list):
                known = str(model.model_fields[code].annotation)
                missing = [v for v in values if f"'{v}'" not in known]
                assert not missing, f"{name}.{code} lost {missing}"


@pytest.mark.needs_eval_data
@pytest.mark.skipif(not VOCABULARY.exists(), reason="../shared/spec not present")
def test_required_and_recommended_follow_the_vocabulary(catalog: Catalog) -> None:
    """A vocabulary attribute marked required has no default; recommended ones do."""
    spec = yaml.safe_load(VOCABULARY.read_text())
    for name, product in spec["product_types"].items():
        model = catalog.model(name)
        attributes = {**spec["shared_attributes"], **product["attributes"]}
        for code, attribute in attributes.items():
            required = model.model_fields[code].is_required()
            assert required == bool(attribute.get("required")), f"{name}.{code}"


def test_recommended_listed_by_a_product_type(write_config: WriteConfig) -> None:
    """A product type may mark an included attribute recommended: missing, not an error."""
    folder = write_config(
        {
            "basics.yaml": GROUP_YAML.replace(
                "    required: true\n    vendor_keys: [Fabric]", "    vendor_keys: [Fabric]"
            ),
            "dupatta.yaml": DUPATTA_YAML.replace(
                "include: [basics]", "include: [basics]\nrecommended: [length_m]"
            ),
        }
    )
    catalog = Catalog.load(folder)
    generation = catalog.generate(RawProduct(product_id="d1", title="Red Stole"))
    validation = catalog.validate("dupatta", generation.attributes, generation.issues)
    assert validation.ok
    assert validation.missing == ["length_m"]
    assert validation.completeness == 0.5


def test_not_applicable_must_be_a_value(write_config: WriteConfig) -> None:
    """ "not_applicable: none" on an attribute without a none value is rejected."""
    bad = GROUP_YAML.replace(
        "    vendor_keys: [Color]", "    vendor_keys: [Color]\n    not_applicable: none"
    )
    with pytest.raises(ConfigError, match="names unknown values: none"):
        Catalog.load(write_config({"basics.yaml": bad, "dupatta.yaml": DUPATTA_YAML}))


def test_parts_are_config(write_config: WriteConfig) -> None:
    """A type's own part word feeds its attributes ("Main Colour" reads as "Colour")."""
    with_parts = DUPATTA_YAML.replace(
        "include: [basics]", "include: [basics]\nparts:\n  own: [main]\n  others:\n    tassel: []"
    )
    catalog = Catalog.load(write_config({"basics.yaml": GROUP_YAML, "dupatta.yaml": with_parts}))
    product = RawProduct(
        product_id="d1",
        title="Stole",
        vendor_specs={"Main Color": "Blue", "Tassel Color": "Red"},
    )
    values = {c: v.value for c, v in catalog.generate(product).attributes.items()}
    assert values == {"primary_color": "blue"}
