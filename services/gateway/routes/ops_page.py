"""``/ops``: one self-contained page that shows the pipeline at a glance.

It polls the JSON APIs (``/v1/ops/streams``, ``/v1/quarantine/summary``,
``/v1/configs/active``) from the browser; no build step, no library.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["ops"])


@router.get("/ops", include_in_schema=False)
async def ops_page() -> HTMLResponse:
    page = resources.files("services.gateway").joinpath("static/ops.html").read_text()
    return HTMLResponse(page)
