"""The demo's second account page, built the way most platforms build it: React and the official packages.

The page is the platform's own bundle (`demo/react/dist/demo.js`, from `@stripe/connect-js` and
`@stripe/react-connect-js`, unchanged) with one addition: the component host's `connect.js`
in a script tag before it. That tag is the whole switch from Stripe's hosted components.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from balances_app.demo.bundle import DIST

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Rocket Rides · Balances (React)</title>
  <link rel="stylesheet" href="/static/demo.css">
  <script src="/demo-config.js"></script>
  <script src="{host}/connect.js"></script>
</head>
<body>
  <header><a href="/">🚀 Rocket Rides</a><span class="tag">demo platform · React</span>
    <a class="muted" href="/accounts/{account}">plain page</a></header>
  <div id="root"></div>
  <script src="/react-static/demo.js"></script>
</body>
</html>
"""


def routes(host: str) -> list[BaseRoute]:
    async def page(request: Request) -> HTMLResponse:
        account = html.escape(request.path_params["account_id"])
        return HTMLResponse(PAGE.format(host=html.escape(host), account=account))

    return [
        Route("/react/accounts/{account_id}", page),
        Mount("/react-static", StaticFiles(directory=DIST, check_dir=False)),
    ]
