from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65_535)
    max_batch: int = Field(1_000, ge=1)
    # Short on purpose: the store invalidates on write, the TTL bounds a rare race
    # where a read re-caches a document the store replaced a moment before.
    attributes_cache_ttl_s: int = Field(60, ge=0)
