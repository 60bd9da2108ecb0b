from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import WorkerSettings


class ValidatorSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_VALIDATOR_", extra="ignore")
