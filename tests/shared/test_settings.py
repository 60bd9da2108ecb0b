from __future__ import annotations

import pytest

from services.gateway.settings import GatewaySettings
from services.store.settings import StoreSettings


def test_shared_settings_keep_their_names_under_service_prefixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ATTRGEN_MONGO_DB reaches every service, whatever the service's own prefix."""
    monkeypatch.setenv("ATTRGEN_MONGO_DB", "catalog_x")
    monkeypatch.setenv("MONGO_URI", "mongodb://db.example:27017")
    monkeypatch.setenv("ATTRGEN_GATEWAY_PORT", "9001")
    gateway, store = GatewaySettings(), StoreSettings()
    assert (gateway.mongo_db, store.mongo_db) == ("catalog_x", "catalog_x")
    assert store.mongo_uri == "mongodb://db.example:27017"
    assert gateway.port == 9001
