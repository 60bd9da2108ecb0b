"""Typed, versioned messages carried by the streams.

Every stream entry holds one field, ``data``, with one of these models as JSON. Each
model carries ``schema_version`` so a consumer can refuse (quarantine) what it does
not understand instead of guessing.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

# NUL and the other C0/C1 controls (tab, line feed and carriage return aside) break
# what stores and logs the text later (MongoDB refuses a NUL in a key): refused here.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Product ids are path segments of the API (/v1/products/{id}/attributes): no "/",
# no spaces, nothing a proxy or client would re-encode.
PRODUCT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:~@+=-]{0,255}$"
_URL_SCHEMES = ("http://", "https://")


def _no_controls(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters (NUL and others) are not allowed")
    return value


def _web_url(value: str) -> str:
    if not value.lower().startswith(_URL_SCHEMES):
        raise ValueError("only http:// and https:// URLs are allowed")
    return value


# Checked by _no_controls (for its message); declared in the schema for clients.
_CLEAN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_Clean = AfterValidator(_no_controls)
_Doc = Field(json_schema_extra={"pattern": _CLEAN})
ProductId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=PRODUCT_ID_PATTERN),
    Field(description="letters, digits and . _ : ~ @ + = - (up to 256; no / or spaces)"),
]
ProductType = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64), _Clean, _Doc]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000), _Clean, _Doc
]
Description = Annotated[str, StringConstraints(max_length=50_000), _Clean, _Doc]
Brand = Annotated[str, StringConstraints(max_length=512), _Clean, _Doc]
CategoryPart = Annotated[str, StringConstraints(max_length=256), _Clean, _Doc]
# Spec values are short by nature ("Pure Silk", "5.5 m"); 2,000 leaves room for a
# pasted paragraph and keeps one value from costing a generator seconds.
SpecKey = Annotated[str, StringConstraints(max_length=128), _Clean, _Doc]
SpecValue = Annotated[str, StringConstraints(max_length=2_000), _Clean, _Doc]


def _category_schema(schema: dict[str, Any]) -> None:
    # "Women > Ethnic > Sarees" is accepted as well as a list (_split_category_path).
    listed = {k: v for k, v in schema.items() if k not in ("title", "default")}
    for key in listed:
        del schema[key]
    path = {"type": "string", "pattern": _CLEAN, "description": "parts split on > / |"}
    schema["anyOf"] = [listed, path]


def _spec_keys_schema(schema: dict[str, Any]) -> None:
    # pydantic files a key's pattern under patternProperties, which leaves other keys
    # unconstrained; the keys' rule belongs in propertyNames.
    # Numbers, booleans and lists of them are accepted too (see _stringify_spec_values).
    values = schema.pop("patternProperties", None)
    if values:
        text = next(iter(values.values()))
        scalar: list[dict[str, Any]] = [text, {"type": "number"}, {"type": "boolean"}]
        listed = {"type": "array", "items": {"anyOf": scalar}}
        schema["additionalProperties"] = {"anyOf": [*scalar, listed]}
        schema["propertyNames"] = {**schema.get("propertyNames", {}), "pattern": _CLEAN}


ImageUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_048),
    _Clean,
    AfterValidator(_web_url),
    Field(json_schema_extra={"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x1f\x7f-\x9f]*$"}),
]
AttributeScalar = str | float | bool
AttributeData = AttributeScalar | list[str]
Source = Literal["vendor_spec", "title", "description", "brand", "category", "derived"]
Method = Literal["exact", "alias", "fuzzy", "phrase", "number", "derived"]
Stage = Literal["accepted", "generated", "validated", "stored", "quarantined"]
ReasonCode = Literal[
    "missing_required",
    "unknown_value",
    "ambiguous_match",
    "low_confidence",
    "out_of_range",
    "conflict",
    "unknown_product_type",
    "malformed_message",
    "max_deliveries_exceeded",
    "unknown_config_version",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Message(BaseModel):
    """Base of every wire model: strict about unknown fields, frozen once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RawProduct(Message):
    """A product as a catalog system sends it, before any interpretation.

    What the pipeline carries; the gateway admits products through the stricter
    :class:`SubmittedProduct`, so messages already in streams (or from backfills made
    before a limit existed) still decode.
    """

    product_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)
    ]
    product_type: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = (
        None
    )
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]
    description: Annotated[str, StringConstraints(max_length=50_000)] | None = None
    brand: Annotated[str, StringConstraints(max_length=512)] | None = None
    category_path: list[str] = Field(default_factory=list, max_length=20)
    vendor_specs: dict[str, str] = Field(default_factory=dict, max_length=500)
    image_urls: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("category_path", mode="before")
    @classmethod
    def _split_category_path(cls, value: object) -> object:
        # Catalogs send "Women > Ethnic > Sarees" as often as a list.
        if isinstance(value, str):
            return [part.strip() for part in re.split(r"[>/|]", value) if part.strip()]
        return value

    @field_validator("vendor_specs", mode="before")
    @classmethod
    def _stringify_spec_values(cls, value: object) -> object:
        # Vendors send 5.5 for "Sari Length" and ["Casual", "Party"] for "Occasion";
        # the engine reads text, so keep what they meant instead of rejecting it.
        if not isinstance(value, dict):
            return value
        # Every hop decodes the product again: text-only specs (what the gateway and
        # every hop after it hand on) need no new dict.
        if all(type(item) is str for item in value.values()):
            return value
        return {key: _spec_text(item) for key, item in value.items()}

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the product: same content, same hash."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def _spec_text(value: object) -> object:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return value


class SubmittedProduct(RawProduct):
    """A product as the gateway admits it: every string bounded and free of control
    characters, a path-safe id, http(s) image URLs (the edge limits of issue 11)."""

    product_id: ProductId
    product_type: ProductType | None = None
    title: Title
    description: Description | None = None
    brand: Brand | None = None
    category_path: list[CategoryPart] = Field(
        default_factory=list, max_length=20, json_schema_extra=_category_schema
    )
    vendor_specs: dict[SpecKey, SpecValue] = Field(
        default_factory=dict, max_length=500, json_schema_extra=_spec_keys_schema
    )
    image_urls: list[ImageUrl] = Field(default_factory=list, max_length=50)


class GenerationRequest(Message):
    """attrgen.requests: one product to generate attributes for."""

    schema_version: Literal[1] = 1
    request_id: str
    idempotency_key: str
    product: RawProduct
    source: Literal["api", "backfill", "replay"] = "api"
    submitted_at: datetime = Field(default_factory=utcnow)
    # The config version active where the request was accepted: the generator uses it,
    # so a product accepted after an activation is made with the new version even if
    # the generator has not seen the announcement yet. None: the generator's active one.
    config_version: str | None = None
    # The quarantine record this request replays (source "replay"): lineage, so the
    # stored document and a new quarantine record can name where they came from.
    replay_of: str | None = None


class AttributeValue(Message):
    """One generated attribute value with where it came from and how sure we are."""

    value: AttributeData
    source: Source
    method: Method
    score: float = Field(ge=0, le=100)
    matched_text: str | None = None
    vendor_key: str | None = None
    conflicts: list[str] = Field(default_factory=list)


class AttributeIssue(Message):
    """Something about one attribute that the engine could not trust."""

    attribute: str
    reason: ReasonCode
    detail: str
    value: str | None = None


class AttributeSet(Message):
    """What every stage after generation carries: one request's attributes."""

    schema_version: Literal[1] = 1
    request: GenerationRequest
    product_type: str
    config_version: str
    attributes: dict[str, AttributeValue]


class GeneratedAttributes(AttributeSet):
    """attrgen.generated: the generator's output for one request."""

    issues: list[AttributeIssue] = Field(default_factory=list)
    generated_at: datetime = Field(default_factory=utcnow)


class ValidatedAttributes(AttributeSet):
    """attrgen.validated: attributes that passed validation, ready to store."""

    corrections: list[AttributeIssue] = Field(default_factory=list)
    # What was doubtful but did not block: e.g. an unknown value of an optional attribute.
    warnings: list[AttributeIssue] = Field(default_factory=list)
    # Recommended attributes the record lacks, and the share of required + recommended
    # attributes it has (None on messages from before completeness was measured).
    missing: list[str] = Field(default_factory=list)
    completeness: float | None = Field(default=None, ge=0, le=1)
    generated_at: datetime
    validated_at: datetime = Field(default_factory=utcnow)


class Attempt(Message):
    """One failed delivery of a message to a handler."""

    at: datetime
    consumer: str
    error: str


class QuarantineRecord(Message):
    """attrgen.quarantine: a message the pipeline could not or would not process."""

    schema_version: Literal[1] = 1
    quarantine_id: str
    stage: str  # the service that gave up: generator, validator, store ...
    source_stream: str
    source_message_id: str
    reasons: list[ReasonCode]
    detail: str = ""
    errors: list[AttributeIssue] = Field(default_factory=list)
    request: GenerationRequest | None = None
    raw: dict[str, Any] | None = None
    product_type: str | None = None
    attempts: list[Attempt] = Field(default_factory=list)
    quarantined_at: datetime = Field(default_factory=utcnow)


def request_of(message: BaseModel) -> GenerationRequest | None:
    """The generation request a message is about, whatever stage it comes from."""
    if isinstance(message, GenerationRequest):
        return message
    request = getattr(message, "request", None)
    return request if isinstance(request, GenerationRequest) else None
