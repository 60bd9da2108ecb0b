from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import WorkerSettings


class StoreSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_STORE_", extra="ignore")
