"""Reading configuration files into checked, resolved product types.

Every file is composed with PyYAML (JSON parses as YAML too) so that each pydantic
error location can be walked back to the node, and so to the line, it came from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from shared.catalog.config_schema import (
    AttributeSpec,
    Detection,
    GroupFile,
    Parts,
    ProductTypeFile,
    Rule,
)
from shared.catalog.errors import ConfigError

PACKAGED_CONFIG = Path(__file__).parent / "config"
_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class ProductType:
    """A product type with its included groups merged and references resolved."""

    name: str
    label: str
    detection: Detection
    attributes: dict[str, AttributeSpec]
    rules: tuple[Rule, ...]
    parts: Parts = field(default_factory=Parts)


@dataclass(frozen=True)
class LoadedConfig:
    version: str
    product_types: dict[str, ProductType]


@dataclass(frozen=True)
class _Source:
    file: str
    node: yaml.Node
    data: Any


def load_config(directory: Path | None = None) -> LoadedConfig:
    """Load, check and resolve every config file in ``directory`` (default: packaged)."""
    folder = directory or PACKAGED_CONFIG
    paths = sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES) if folder.is_dir() else []
    if not paths:
        raise ConfigError(str(folder), None, None, "no .yaml/.yml/.json config files found")
    return load_files({path.name: path.read_text(encoding="utf-8") for path in paths})


def load_files(files: Mapping[str, str]) -> LoadedConfig:
    """Load, check and resolve config files given as file name -> text (stored versions)."""
    if not files:
        raise ConfigError("bundle", None, None, "no .yaml/.yml/.json config files given")
    sources = [_read(name, files[name]) for name in sorted(files)]
    groups: dict[str, tuple[_Source, GroupFile]] = {}
    types: list[tuple[_Source, ProductTypeFile]] = []
    for source in sources:
        parsed = _parse(source)
        if isinstance(parsed, GroupFile):
            if parsed.group in groups:
                _fail(source, ("group",), f"group '{parsed.group}' is declared twice")
            groups[parsed.group] = (source, parsed)
        else:
            types.append((source, parsed))
    resolved: dict[str, ProductType] = {}
    for source, product_file in types:
        if product_file.product_type in resolved:
            _fail(source, ("product_type",), f"'{product_file.product_type}' is declared twice")
        resolved[product_file.product_type] = _resolve(source, product_file, groups)
    canonical = json.dumps([[s.file, s.data] for s in sources], sort_keys=True, default=str)
    version = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    return LoadedConfig(version=version, product_types=resolved)


def _read(name: str, text: str) -> _Source:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(name, line, None, f"not valid YAML/JSON: {exc}") from exc
    if node is None or not isinstance(data, dict):
        raise ConfigError(name, 1, None, "expected a mapping at the top of the file")
    _check_duplicate_keys(name, node)
    return _Source(file=name, node=node, data=data)


def _check_duplicate_keys(file: str, node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                raise ConfigError(file, key.start_mark.line + 1, key.value, "duplicate key")
            seen.add(key.value)
            _check_duplicate_keys(file, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(file, item)


def _parse(source: _Source) -> GroupFile | ProductTypeFile:
    model: type[GroupFile] | type[ProductTypeFile]
    if "group" in source.data:
        model = GroupFile
    elif "product_type" in source.data:
        model = ProductTypeFile
    else:
        _fail(source, (), "a config file needs a 'group' or a 'product_type' key")
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(source, first["loc"], first["msg"])


def _fail(source: _Source, loc: Sequence[int | str], message: str) -> NoReturn:
    line, key = locate(source.node, loc)
    raise ConfigError(source.file, line, key or None, message)


def locate(node: yaml.Node, loc: Sequence[int | str]) -> tuple[int, str]:
    """The line of the deepest node ``loc`` reaches, and ``loc`` as a readable key."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return line, key


def _resolve(
    source: _Source, product: ProductTypeFile, groups: dict[str, tuple[_Source, GroupFile]]
) -> ProductType:
    attributes: dict[str, AttributeSpec] = {}
    for index, name in enumerate(product.include):
        if name not in groups:
            _fail(source, ("include", index), f"no config file declares group '{name}'")
        attributes.update({a.code: a for a in groups[name][1].attributes})
    for index, attribute in enumerate(product.attributes):
        if attribute.code in attributes:
            _fail(source, ("attributes", index), f"'{attribute.code}' is already included")
        attributes[attribute.code] = attribute
    for index, code in enumerate(product.required):
        if code not in attributes:
            _fail(source, ("required", index), f"no attribute '{code}' to require")
        attributes[code] = attributes[code].model_copy(update={"required": True})
    for index, code in enumerate(product.recommended):
        if code not in attributes:
            _fail(source, ("recommended", index), f"no attribute '{code}' to recommend")
        attributes[code] = attributes[code].model_copy(update={"recommended": True})
    attributes = {code: _expand(source, spec, attributes) for code, spec in attributes.items()}
    for index, rule in enumerate(product.rules):
        for code in [rule.when.attribute, *rule.forbid]:
            if code not in attributes:
                _fail(source, ("rules", index), f"rule names unknown attribute '{code}'")
    return ProductType(
        name=product.product_type,
        label=product.label,
        detection=product.detection,
        attributes=attributes,
        rules=tuple(product.rules),
        parts=product.parts,
    )


def _expand(source: _Source, spec: AttributeSpec, known: dict[str, AttributeSpec]) -> AttributeSpec:
    for other in [*spec.yields_to, *([spec.spill_to] if spec.spill_to else [])]:
        if other not in known:
            _fail(source, ("attributes",), f"'{spec.code}' refers to unknown attribute '{other}'")
    if spec.values_from is None:
        return spec
    base = known.get(spec.values_from)
    if base is None or base.values_from is not None:
        _fail(source, ("attributes",), f"'{spec.code}': bad values_from '{spec.values_from}'")
    own = {value.code for value in spec.values}
    merged = [v for v in base.values if v.code not in own] + list(spec.values)
    update: dict[str, Any] = {"values": merged, "values_from": None}
    if not spec.modifiers:
        update["modifiers"] = base.modifiers
    merged_spec = spec.model_copy(update=update)
    try:
        # Re-check: merged values may now clash (an own alias naming a base value).
        return AttributeSpec.model_validate(merged_spec.model_dump(by_alias=True))
    except ValidationError as exc:
        _fail(source, ("attributes",), f"'{spec.code}': {exc.errors()[0]['msg']}")
