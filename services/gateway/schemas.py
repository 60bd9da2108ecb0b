"""Request and response bodies of the v1 API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.messages import RawProduct


class ProductBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    products: list[RawProduct] = Field(min_length=1)


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
    attributes: dict[str, dict[str, Any]]
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
