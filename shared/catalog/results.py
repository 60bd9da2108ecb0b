"""What the catalog hands back: a generation and a validation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.messages import AttributeIssue, AttributeValue


class Generation(BaseModel):
    """Attributes generated for one product, with the issues met on the way."""

    model_config = ConfigDict(frozen=True)

    product_type: str | None
    attributes: dict[str, AttributeValue]
    issues: list[AttributeIssue] = Field(default_factory=list)
    config_version: str


class Validation(BaseModel):
    """Attributes after validation: corrections made, errors that block the record.

    ``warnings`` are issues that do not make the record untrustworthy (an optional
    attribute whose vendor value was not understood and was left out). ``missing``
    lists the recommended attributes the record lacks (a missing required one is an
    error); ``completeness`` is the share of required + recommended attributes present.
    """

    model_config = ConfigDict(frozen=True)

    attributes: dict[str, AttributeValue]
    corrections: list[AttributeIssue] = Field(default_factory=list)
    errors: list[AttributeIssue] = Field(default_factory=list)
    warnings: list[AttributeIssue] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    completeness: float = Field(default=1.0, ge=0, le=1)

    @property
    def ok(self) -> bool:
        return not self.errors
