"""`GET /embedded/components`: the component list connect.js reads, from the registry.

Public (no secret, no account): each connect.js name, its page path, and the parameters its
setters send. Any origin may read it, as any page may load connect.js.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from balances_app.ui import registry

PATH = "/embedded/components"


async def components(_request: Request) -> JSONResponse:
    return JSONResponse(
        registry.manifest(),
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"},
    )


manifest_app = Starlette(routes=[Route(PATH, components, methods=["GET"])])
