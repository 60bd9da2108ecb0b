"""Connection strings are printed and saved without their credentials."""

from __future__ import annotations

import pytest

from shared.secrets import redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:s3cret@redis:6379/0", "redis://***@redis:6379/0"),
        ("rediss://user:p%40ss@cache.example:6380", "rediss://***@cache.example:6380"),
        (
            "mongodb://app:hunter2@m1:27017,m2:27017/?replicaSet=rs0",
            "mongodb://***@m1:27017,m2:27017/?replicaSet=rs0",
        ),
        (
            "mongodb://m1/?tlsCertificateKeyFilePassword=abc&appName=x",
            "mongodb://m1/?tlsCertificateKeyFilePassword=***&appName=x",
        ),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ],
)
def test_credentials_are_masked(url: str, shown: str) -> None:
    """User, password and secret query values are masked; host, port and db stay."""
    assert redact_url(url) == shown
