"""Settings shared by every entry point; each service extends them with its own prefix.

Built in the entry point and passed down: nothing here reads the environment at import.
``REDIS_URL`` and ``MONGO_URI`` are read without a prefix because every process, test
and tool points at the same two servers.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# How long Redis remembers a request: its live status, its idempotency key and the
# error history of its deliveries. MongoDB keeps the outcome for good.
REDIS_RETENTION_S = 7 * 24 * 3600


def _env(name: str, field: str) -> AliasChoices:
    # An explicit alias keeps the shared name when a service sets its own env_prefix:
    # ATTRGEN_MONGO_DB means the same to every service.
    return AliasChoices(name, field)


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_", extra="ignore")

    redis_url: str = Field(
        "redis://127.0.0.1:6379/0", validation_alias=_env("REDIS_URL", "redis_url")
    )
    mongo_uri: str = Field(
        "mongodb://127.0.0.1:27017/?directConnection=true",
        validation_alias=_env("MONGO_URI", "mongo_uri"),
    )
    mongo_db: str = Field("attrgen", validation_alias=_env("ATTRGEN_MONGO_DB", "mongo_db"))
    config_dir: Path | None = Field(None, validation_alias=_env("ATTRGEN_CONFIG_DIR", "config_dir"))
    log_level: str = Field("INFO", validation_alias=_env("ATTRGEN_LOG_LEVEL", "log_level"))
    log_json: bool | None = Field(None, validation_alias=_env("ATTRGEN_LOG_JSON", "log_json"))
    # How often a process checks Redis for a newly activated config version.
    config_poll_ms: int = Field(
        500, ge=10, validation_alias=_env("ATTRGEN_CONFIG_POLL_MS", "config_poll_ms")
    )


class StreamSettings(BaseSettings):
    """How a worker reads its streams; the defaults suit production, tests shrink them."""

    model_config = SettingsConfigDict(env_prefix="ATTRGEN_STREAM_", extra="ignore")

    batch_size: int = Field(64, ge=1, le=1_000)
    block_ms: int = Field(1_000, ge=1, le=60_000)
    # A message pending this long with no ack belongs to a dead or stuck consumer.
    claim_idle_ms: int = Field(30_000, ge=1)
    claim_interval_ms: int = Field(5_000, ge=1)
    max_deliveries: int = Field(5, ge=1)
    attempts_ttl_s: int = Field(REDIS_RETENTION_S, ge=60)
    consumer_name: str | None = None
    # Processed (acked by every group) entries stay this long for inspection, then are
    # trimmed; unprocessed ones are never trimmed. Dropped to 0 while Redis uses more
    # than ``retention_memory_share`` of its maxmemory.
    retention_s: int = Field(300, ge=0)
    retention_memory_share: float = Field(0.5, gt=0, le=1)
    trim_interval_ms: int = Field(5_000, ge=10)
    # Consumers idle this long that own nothing are removed from their group (the
    # names of killed workers; 1 h is far past any claim time).
    consumer_reap_idle_ms: int = Field(3_600_000, ge=1)


class WorkerSettings(CommonSettings):
    stream: StreamSettings = Field(default_factory=StreamSettings)
    # Prometheus metrics on http://HOST:PORT/metrics; unset: no metrics server (tests).
    metrics_port: int | None = Field(
        None, ge=0, le=65_535, validation_alias=_env("ATTRGEN_METRICS_PORT", "metrics_port")
    )
    metrics_host: str = Field(
        "127.0.0.1", validation_alias=_env("ATTRGEN_METRICS_HOST", "metrics_host")
    )
