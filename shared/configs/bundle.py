"""A bundle: the config files of one version, as file name -> text.

Files are kept as text, not parsed data, so a stored version shows exactly what its
author wrote (comments included) and errors point at the lines they uploaded.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path

from shared.catalog import Catalog
from shared.catalog.loader import PACKAGED_CONFIG, LoadedConfig, load_files
from shared.configs.errors import BadFileError

Files = dict[str, str]
# A plain file name: it becomes part of error messages and of the stored document.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\.(yaml|yml|json)$")
MAX_FILE_BYTES = 512 * 1024


def check_names(files: Mapping[str, str], field: str = "files") -> None:
    """Refuse names that are not plain .yaml/.yml/.json file names, and huge files."""
    for index, (name, text) in enumerate(files.items()):
        if not _NAME.match(name):
            raise BadFileError(
                f"{field}[{index}].name",
                f"{name!r} is not a plain .yaml/.yml/.json file name",
            )
        if len(text.encode()) > MAX_FILE_BYTES:
            raise BadFileError(f"{field}[{index}].content", f"{name} is over 512 KiB")


def load(files: Mapping[str, str]) -> LoadedConfig:
    """Check and resolve a bundle; raises ConfigError naming file, line and key."""
    return load_files(files)


def compile_bundle(files: Mapping[str, str], version: str | None = None) -> Catalog:
    """The catalog of a bundle, compiled (~0.3 s for the packaged three types).

    ``version`` pins the id the catalog stamps on messages to the stored version's,
    so messages name a stored bundle even if the engine's hashing changes later.
    """
    loaded = load_files(files)
    if version is not None:
        loaded = LoadedConfig(version=version, product_types=loaded.product_types)
    return Catalog(loaded)


def content_hash(files: Mapping[str, str]) -> str:
    """SHA-256 of the files' exact text: changes with comments, unlike the version id."""
    canonical = json.dumps(sorted(files.items()), separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_directory(directory: Path | None = None) -> Files:
    """The config files of a directory (default: the packaged ones) as a bundle."""
    folder = directory or PACKAGED_CONFIG
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(folder.iterdir())
        if path.suffix in (".yaml", ".yml", ".json")
    }


def merge(base: Mapping[str, str], changed: Mapping[str, str], removed: list[str]) -> Files:
    """``base`` with files replaced or added by name, and ``removed`` ones dropped."""
    missing = [name for name in removed if name not in base]
    if missing:
        raise BadFileError("remove", f"no file {missing[0]!r} in the base version")
    merged = {name: text for name, text in base.items() if name not in removed}
    merged.update(changed)
    return merged
