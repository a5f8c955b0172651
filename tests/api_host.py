"""The API alone, as a host process serves it, for tests that kill that process.

`granian --interface asgi --factory tests.api_host:app`
"""

from __future__ import annotations

from starlette.applications import Starlette

from balances_app.api.app import create_api


def app() -> Starlette:
    return create_api()
