"""Request and response bodies of the v1 API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.messages import AttributeValue, SubmittedProduct


class ProductBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    products: list[SubmittedProduct] = Field(min_length=1)


class Accepted(BaseModel):
    request_id: str
    product_id: str
    idempotency_key: str
    duplicate: bool = Field(description="true when this content was already submitted")
    status_url: str


class BatchAccepted(BaseModel):
    accepted: int
    duplicates: int
    requests: list[Accepted]


class RequestStatus(BaseModel):
    request_id: str
    product_id: str
    stage: str
    stages: dict[str, datetime]
    quarantine_id: str | None = None


class ProductAttributes(BaseModel):
    product_id: str
    product_type: str
    config_version: str
    request_id: str
    updated_at: datetime
    # Typed, so what the store leaves out as a default comes back in the response.
    attributes: dict[str, AttributeValue]
    corrections: list[dict[str, Any]] = Field(default_factory=list)
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    # Recommended attributes not found, and the share of required + recommended present.
    missing: list[str] = Field(default_factory=list)
    completeness: float | None = None


class QuarantinePage(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ConfigFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="file name ending in .yaml, .yml or .json")
    content: str = Field(description="the file's YAML or JSON text")


class ConfigPush(BaseModel):
    """A new version: files merged into a base version, or a whole bundle."""

    model_config = ConfigDict(extra="forbid")

    files: list[ConfigFile] = Field(default_factory=list, max_length=200)
    remove: list[str] = Field(default_factory=list, description="file names to drop")
    replace: bool = Field(False, description="files are the whole bundle, not changes")
    base: str | None = Field(None, description="version to change (default: the active one)")
    author: str | None = Field(None, max_length=128)
    comment: str | None = Field(None, max_length=2_000)


class Actor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: str | None = Field(None, max_length=128)


class DryRunRequest(BaseModel):
    """Products to try a version on: given ones, or the last N stored or quarantined."""

    model_config = ConfigDict(extra="forbid")

    products: list[SubmittedProduct] = Field(default_factory=list, max_length=1_000)
    sample: Literal["stored", "quarantined"] | None = None
    limit: int = Field(100, ge=1, le=1_000)
    examples: int = Field(5, ge=0, le=50)


class Pushed(BaseModel):
    version: str
    created: bool = Field(description="false when the same content was stored already")
    parent: str | None
    validation: dict[str, Any]
    diff: dict[str, Any]
