"""What a backfill or regeneration run is asked to do: validated params, named fields.

The DAGs take these as their params (the Airflow form and ``--conf``) and the CLI as
options; both build the same model, so a bad value is refused with the field's name
before anything is read or published.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.messages import ReasonCode

# Fields of a product a CSV column can fill (vendor specs come from the other columns).
PRODUCT_FIELDS = (
    "product_id",
    "product_type",
    "title",
    "description",
    "brand",
    "category_path",
    "image_urls",
)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JsonLinesSource(Params):
    """One product per line, shaped like a ``POST /v1/products`` body."""

    kind: Literal["jsonl"] = "jsonl"
    path: str = Field(min_length=1, description="path of the .jsonl file, as the worker sees it")


class CsvSource(Params):
    """A CSV file with a header row.

    ``columns`` maps product fields to column names (a field not named is read from
    the column of the same name, when there is one); every other non-empty column is
    a vendor spec, under its header, unless ``spec_columns`` lists which ones are.
    """

    kind: Literal["csv"] = "csv"
    path: str = Field(min_length=1)
    columns: dict[str, str] = Field(default_factory=dict)
    spec_columns: list[str] | None = None
    delimiter: str = Field(",", min_length=1, max_length=1)

    @model_validator(mode="after")
    def _known_fields(self) -> CsvSource:
        unknown = sorted(set(self.columns) - set(PRODUCT_FIELDS))
        if unknown:
            raise ValueError(
                f"columns: {', '.join(unknown)} are not product fields "
                f"(known: {', '.join(PRODUCT_FIELDS)})"
            )
        return self


class MongoSource(Params):
    """Raw products in a MongoDB collection (of the attrgen database), one per document."""

    kind: Literal["mongo"] = "mongo"
    collection: str = Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_.-]+$")
    filter: dict[str, Any] = Field(default_factory=dict)


Source = Annotated[JsonLinesSource | CsvSource | MongoSource, Field(discriminator="kind")]


class Throttle(Params):
    chunk_size: int = Field(500, ge=1, le=10_000, description="products per published chunk")
    max_rate: float = Field(
        1_000.0, gt=0, le=100_000, description="products per second at most, across the run"
    )
    max_lag: int = Field(
        5_000,
        ge=1,
        description="publish a chunk only while the generator group's lag is at most this",
    )
    max_memory_share: float = Field(
        0.5, gt=0, le=1, description="... and Redis uses at most this share of its maxmemory"
    )
    completion_timeout_s: float = Field(
        3_600, gt=0, description="how long to wait for every request to be stored or quarantined"
    )


class BackfillParams(Throttle):
    source: Source
    dry_run: bool = Field(False, description="read, validate and count; publish nothing")


class Selection(Params):
    """Which stored products (and quarantine records) to generate again."""

    older_than_active: bool = Field(
        True, description="only products made with a config version other than the active one"
    )
    product_type: str | None = Field(None, max_length=64)
    quarantine_reason: ReasonCode | None = Field(
        None, description="also regenerate quarantined products with this reason"
    )
    since: datetime | None = Field(None, description="stored or quarantined at or after")
    until: datetime | None = Field(None, description="... and before")

    @model_validator(mode="after")
    def _range(self) -> Selection:
        if self.since and self.until and self.since >= self.until:
            raise ValueError("since must be before until")
        return self


class RegenerateParams(Throttle):
    selection: Selection = Field(default_factory=Selection)
    dry_run: bool = False


RunParams = BackfillParams | RegenerateParams


# -- flat params (the Airflow trigger form) -> the models above ------------------------

THROTTLE_FIELDS = tuple(Throttle.model_fields)


def backfill_conf(flat: dict[str, Any]) -> dict[str, Any]:
    """A ``backfill_catalog`` DAG run's flat params as :class:`BackfillParams` data."""
    kind = flat.get("source_kind", "jsonl")
    source: dict[str, Any] = {"kind": kind}
    if kind == "mongo":
        source.update(collection=flat.get("collection"), filter=flat.get("filter") or {})
    else:
        source["path"] = flat.get("path")
    if kind == "csv":
        source["columns"] = flat.get("columns") or {}
        if flat.get("spec_columns") is not None:
            source["spec_columns"] = flat["spec_columns"]
        if flat.get("delimiter"):
            source["delimiter"] = flat["delimiter"]
    return {"source": source, **_throttle(flat), "dry_run": bool(flat.get("dry_run", False))}


def regenerate_conf(flat: dict[str, Any]) -> dict[str, Any]:
    """A ``regenerate_products`` DAG run's flat params as :class:`RegenerateParams` data."""
    selection = {
        name: flat[name] for name in Selection.model_fields if flat.get(name) not in (None, "")
    }
    return {"selection": selection, **_throttle(flat), "dry_run": bool(flat.get("dry_run", False))}


def _throttle(flat: dict[str, Any]) -> dict[str, Any]:
    return {name: flat[name] for name in THROTTLE_FIELDS if flat.get(name) is not None}
