"""Reading a run's products: JSON Lines, CSV, a MongoDB collection, or what is stored.

Every reader yields :class:`Row` in a stable order with a ``position`` to resume after,
so a publishing step that stops (pressure, a retried task) carries on where it was
instead of starting over. A row that is not a valid product is yielded with its error
and its line number: counted and reported, never silently dropped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pymongo.asynchronous.database import AsyncDatabase

from shared.backfill.params import (
    PRODUCT_FIELDS,
    CsvSource,
    JsonLinesSource,
    MongoSource,
    Selection,
    Source,
)
from shared.errors import InvalidInputError
from shared.messages import RawProduct, SubmittedProduct
from shared.mongo import Document
from shared.names import PRODUCT_ATTRIBUTES, QUARANTINE_RECORDS

# Position: where a reader resumes; JSON-able so the run document can keep it.
# Files: the number of the last line read. MongoDB: [phase, last _id].
Position = Any


@dataclass(frozen=True)
class Row:
    number: int  # the line in a file (1-based); the ordinal in a collection
    position: Position
    product: RawProduct | None
    error: str | None = None


def describe(error: ValidationError) -> str:
    """``title: Field required; vendor_specs.Colour: ...`` (the fields at fault)."""
    parts = []
    for item in error.errors(include_url=False):
        where = ".".join(str(p) for p in item["loc"]) or "row"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def admit(data: Any, number: int, position: Position) -> Row:
    """A row as the gateway would admit it (the same edge limits)."""
    if not isinstance(data, dict):
        return Row(number, position, None, f"row: expected an object, got {type(data).__name__}")
    try:
        return Row(number, position, SubmittedProduct.model_validate(data))
    except ValidationError as exc:
        return Row(number, position, None, describe(exc))


def _open(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError("source.path", f"no such file: {path}")
    return file


def jsonl_rows(source: JsonLinesSource, after: int = 0) -> Iterator[Row]:
    with _open(source.path).open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            # Skipped lines are not parsed: resuming a 200,000-line file costs a scan.
            if number <= after or not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except ValueError as exc:
                yield Row(number, number, None, f"row: not JSON ({exc})")
                continue
            yield admit(data, number, number)


def csv_rows(source: CsvSource, after: int = 0) -> Iterator[Row]:
    with _open(source.path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        header = next(reader, None)
        if header is None:
            return
        mapping = _column_mapping(source, header)
        specs = _spec_columns(source, header, mapping)
        start = reader.line_num + 1
        for record in reader:
            # A quoted field may span lines: the row is numbered by its first line.
            number, start = start, reader.line_num + 1
            if number <= after or not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                yield Row(
                    number, number, None, f"row: {len(record)} cells, the header has {len(header)}"
                )
                continue
            yield admit(_csv_product(record, header, mapping, specs), number, number)


def _column_mapping(source: CsvSource, header: list[str]) -> dict[str, int]:
    index = {name: i for i, name in enumerate(header)}
    missing = [column for column in source.columns.values() if column not in index]
    if missing:
        raise InvalidInputError("source.columns", f"not in the CSV header: {', '.join(missing)}")
    mapping = {field: index[column] for field, column in source.columns.items()}
    for field in PRODUCT_FIELDS:
        if field not in mapping and field in index:
            mapping[field] = index[field]
    return mapping


def _spec_columns(source: CsvSource, header: list[str], mapping: dict[str, int]) -> list[int]:
    if source.spec_columns is not None:
        index = {name: i for i, name in enumerate(header)}
        missing = [c for c in source.spec_columns if c not in index]
        if missing:
            raise InvalidInputError(
                "source.spec_columns", f"not in the CSV header: {', '.join(missing)}"
            )
        return [index[c] for c in source.spec_columns]
    used = set(mapping.values())
    return [i for i in range(len(header)) if i not in used]


def _csv_product(
    record: list[str], header: list[str], mapping: dict[str, int], specs: list[int]
) -> dict[str, Any]:
    product: dict[str, Any] = {}
    for field, i in mapping.items():
        cell = record[i].strip()
        if not cell:
            continue
        # Several image URLs share one cell, split by spaces, commas or "|".
        product[field] = (
            cell.replace("|", " ").replace(",", " ").split() if field == "image_urls" else cell
        )
    product["vendor_specs"] = {header[i]: record[i].strip() for i in specs if record[i].strip()}
    return product


_MONGO_FIELDS = {*PRODUCT_FIELDS, "vendor_specs"}


async def mongo_rows(
    db: AsyncDatabase[Document], source: MongoSource, after: Position = None
) -> AsyncIterator[Row]:
    query: dict[str, Any] = dict(source.filter)
    if after is not None:
        query = (
            {"$and": [query, {"_id": {"$gt": after[1]}}]} if query else {"_id": {"$gt": after[1]}}
        )
    number = after[0] if after is not None else 0
    async for document in db[source.collection].find(query).sort("_id", 1):
        number += 1
        key = document["_id"]
        # A raw collection carries its own bookkeeping (seller, timestamps ...): only
        # the product's fields are read; its id is the document's when it has none.
        product = {k: v for k, v in document.items() if k in _MONGO_FIELDS}
        product.setdefault("product_id", str(key))
        yield admit(product, number, [number, key])


async def stored_rows(
    db: AsyncDatabase[Document], selection: Selection, active: str, after: Position = None
) -> AsyncIterator[Row]:
    """Stored products (then quarantined ones, if asked), with the input they came from.

    Position is ``[ordinal, phase, last _id]``: phase 0 reads the stored products,
    phase 1 the quarantine records, each by ``_id`` so products regenerated meanwhile
    (their config version changed) do not shift what is left to read.
    """
    number, phase, last = after if after is not None else (0, 0, None)
    phases = [(PRODUCT_ATTRIBUTES, _stored_filter(selection, active))]
    if selection.quarantine_reason:
        phases.append((QUARANTINE_RECORDS, _quarantine_filter(selection, active)))
    for index in range(phase, len(phases)):
        collection, query = phases[index]
        if index == phase and last is not None:
            query = {"$and": [query, {"_id": {"$gt": last}}]}
        async for document in db[collection].find(query).sort("_id", 1):
            number += 1
            raw = (
                document.get("product")
                if index == 0
                else (document.get("request") or {}).get("product")
            )
            position = [number, index, document["_id"]]
            try:
                product = RawProduct.model_validate(raw)
            except ValidationError as exc:
                yield Row(
                    number, position, None, f"stored input of {document['_id']}: {describe(exc)}"
                )
                continue
            yield Row(number, position, product)


def _window(selection: Selection, field: str) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    if selection.since:
        bounds["$gte"] = selection.since
    if selection.until:
        bounds["$lt"] = selection.until
    return {field: bounds} if bounds else {}


def _stored_filter(selection: Selection, active: str) -> dict[str, Any]:
    query: dict[str, Any] = {"product": {"$exists": True}, **_window(selection, "updated_at")}
    if selection.older_than_active:
        query["config_version"] = {"$ne": active}
    if selection.product_type:
        query["product_type"] = selection.product_type
    return query


def _quarantine_filter(selection: Selection, active: str) -> dict[str, Any]:
    query: dict[str, Any] = {
        "reasons": selection.quarantine_reason,
        "request.product": {"$exists": True},
        **_window(selection, "quarantined_at"),
    }
    if selection.older_than_active:
        query["request.config_version"] = {"$ne": active}
    if selection.product_type:
        query["product_type"] = selection.product_type
    return query


async def rows(
    db: AsyncDatabase[Document], source: Source, after: Position = None
) -> AsyncIterator[Row]:
    """The rows of a backfill source after ``position``, whatever its kind."""
    if isinstance(source, MongoSource):
        async for row in mongo_rows(db, source, after):
            yield row
        return
    reader = jsonl_rows if isinstance(source, JsonLinesSource) else csv_rows
    for row in reader(source, int(after or 0)):  # type: ignore[arg-type]
        yield row
