"""The API as the benchmarks serve it: our routes, plus a bare Starlette endpoint as the ceiling."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from balances_app.api.app import create_api


async def bare(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


def app() -> Starlette:
    api = create_api()
    api.router.routes.insert(0, Route("/bench/bare", bare, methods=["GET", "POST"]))
    return api
