"""The host as `make run` serves it (`balances_app.balances_app:host`), plus a bare endpoint as the ceiling.

The bare endpoint sits first among the API's routes, behind the same front door and middleware
as ours, so the distance between it and a real route is what the route itself costs. Its twin
reads the form body first, as every POST route must: granian hands a body over through one
more turn of the event loop, a cost no route can avoid.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp

BARE_PATH = "/v1/bench/bare"
BARE_FORM_PATH = "/v1/bench/bare_form"


async def bare(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


async def bare_form(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse({"ok": True})


def app() -> ASGIApp:
    from balances_app.balances_app import api, host  # after granian has set the environment up

    api.router.routes.insert(0, Route(BARE_PATH, bare, methods=["GET", "POST"]))
    api.router.routes.insert(1, Route(BARE_FORM_PATH, bare_form, methods=["POST"]))
    return host()
