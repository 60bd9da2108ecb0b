"""Connection strings fit to print: credentials replaced, the rest kept for debugging."""

from __future__ import annotations

import re

# redis://user:pass@host, mongodb://user:pass@h1,h2/...: everything between :// and @.
_USERINFO = re.compile(r"(?<=://)[^/?#@]*@")
# ...?password=x&tlsCertificateKeyFilePassword=y&token=z
_SECRET_PARAM = re.compile(r"(?i)([?&][^=&#]*(?:password|secret|token)[^=&#]*=)[^&#]*")
MASK = "***"


def redact_url(url: str) -> str:
    """``url`` with user, password and secret-looking query values masked."""
    return _SECRET_PARAM.sub(rf"\g<1>{MASK}", _USERINFO.sub(f"{MASK}@", url))
