from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import WorkerSettings


class GeneratorSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRGEN_GENERATOR_", extra="ignore")
