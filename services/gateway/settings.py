from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings, StreamSettings


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65_535)
    max_batch: int = Field(1_000, ge=1)
    # Bodies past this are refused (413) while they stream in. 8 MiB holds a full batch
    # of ordinary products (~2-5 KB each) with room to spare.
    max_body_bytes: int = Field(8 << 20, ge=1_024)
    # Short on purpose: the store invalidates on write, the TTL bounds a rare race
    # where a read re-caches a document the store replaced a moment before.
    attributes_cache_ttl_s: int = Field(60, ge=0)
    # Backpressure: answer 429 while this many requests wait for the generator (about
    # a minute of work for a few generator replicas) ...
    max_lag: int = Field(20_000, ge=1)
    # ... or while Redis uses more than this (MB; 0: 80% of Redis's own maxmemory).
    max_redis_memory_mb: int = Field(0, ge=0)
    # Redis calls that take longer than this fail as an outage (503), not a hang.
    redis_timeout_s: float = Field(5.0, gt=0)
    # The workers' stream settings (same ATTRGEN_STREAM_* variables): what the stream
    # inspection compares idle times and delivery counts with.
    stream: StreamSettings = Field(default_factory=StreamSettings)
    # API keys as SHA-256 hex -> scopes (submit, read, operate); empty: no checks (the
    # local stack, bound to 127.0.0.1). See services/gateway/auth.py.
    api_keys: dict[str, list[Literal["submit", "read", "operate"]]] = Field(default_factory=dict)
    # Where clients reach the gateway (behind a proxy: its URL); status_url is built on
    # it, never on the request's Host header. Default: http://{host}:{port}.
    public_url: str | None = None
    # With API keys on: products one key may submit per second (0: no per-key limit).
    client_rate_per_s: int = Field(2_000, ge=0)

    @field_validator("api_keys")
    @classmethod
    def _hashes_only(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for digest in value:
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                raise ValueError("api_keys are keyed by sha256 hex digests (attrgen hash-key)")
        return value

    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
