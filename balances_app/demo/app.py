"""The demo platform, "Rocket Rides": a separate web app on port 4242 that embeds the component.

It does what a platform's own backend does: it keeps the secret key on the server, creates
account sessions by calling the component host's API with httpx, and hands the page only
the client secret.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from balances_app.demo import react_page
from balances_app.demo.seed import PUBLISHABLE_KEY, SECRET_KEY
from balances_app.demo.webhooks import Inbox
from balances_app.domain.components import PAYOUT_FEATURES
from balances_app.settings import settings

STATIC = Path(__file__).resolve().parent / "static"
# The session features the demo's pages offer, in the domain's order: /demo-config.js draws them as
# checkboxes (`DEMO.fillFeatures`) on every page that embeds a component with features.
FEATURE_LABELS = {
    "instant_payouts": "Instant payouts",
    "standard_payouts": "Standard payouts",
    "edit_payout_schedule": "Edit payout schedule",
    "external_account_collection": "Bank accounts",
}
FEATURES = tuple(name for name in PAYOUT_FEATURES if name in FEATURE_LABELS)
# The languages the demo pages offer; /demo-config.js fills each page's `<select id="locale">` with them.
LOCALES = (
    ("en-US", "English (US)"),
    ("en-GB", "English (UK)"),
    ("de-DE", "Deutsch"),
    ("fr-FR", "Français"),
    ("es-ES", "Español"),
    ("it-IT", "Italiano"),
    ("nl-NL", "Nederlands"),
    ("pt-BR", "Português (Brasil)"),
    ("sv-SE", "Svenska"),
    ("pl-PL", "Polski"),
    ("ja-JP", "日本語"),
    ("zh-Hans", "简体中文"),
    ("ko-KR", "한국어"),
    ("ar-SA", "العربية"),
    ("he-IL", "עברית"),
)
FILL_LOCALES = (
    "document.addEventListener('DOMContentLoaded', () => { const box = document.getElementById('locale');"
    " if (box) for (const [tag, name] of window.DEMO.locales) box.add(new Option(name, tag)); });"
)
FILL_FEATURES = (
    "window.DEMO.fillFeatures = (box) => { for (const [name, text] of window.DEMO.features) {"
    " const label = document.createElement('label'); const input = document.createElement('input');"
    " Object.assign(input, {type: 'checkbox', name: 'feature', value: name, checked: true});"
    " label.append(input, ' ' + text); box.append(label); } };"
)
# payouts-family: the components the demo's pages embed; the session checkboxes apply to those with features.
COMPONENTS = {"balances": FEATURES, "payouts": FEATURES, "payouts_list": (), "payout_details": ()}


class Platform:
    """The platform's server-side view of the component host's API."""

    def __init__(self, api_url: str, secret_key: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.client = httpx.AsyncClient(base_url=api_url, auth=(secret_key, ""), transport=transport, timeout=10)

    async def call(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, Any]:
        response = await self.client.request(method, path, data=data)
        return response.status_code, response.json()


def create_demo(api_url: str | None = None, transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    platform = Platform(
        api_url or os.environ.get("BALANCES_API_URL", settings.public_url),
        os.environ.get("DEMO_SECRET_KEY", SECRET_KEY),
        transport,
    )

    async def config(_request: Request) -> Response:
        features = [(name, FEATURE_LABELS[name]) for name in FEATURES]
        demo = {"host": settings.public_url, "publishableKey": PUBLISHABLE_KEY, "locales": LOCALES}
        demo["features"] = features
        body = f"window.DEMO = {json.dumps(demo)};\n{FILL_LOCALES}\n{FILL_FEATURES}"
        return Response(body, media_type="application/javascript")

    async def accounts(_request: Request) -> JSONResponse:
        status, body = await platform.call("GET", "/v1/accounts?limit=100")
        return JSONResponse(body, status_code=status)

    async def account_session(request: Request) -> JSONResponse:
        payload = await request.json()
        component = str(payload.get("component") or "balances")
        if component not in COMPONENTS:
            return JSONResponse({"error": {"message": f"The demo does not embed {component!r}."}}, status_code=400)
        form = {"account": str(payload.get("account", "")), f"components[{component}][enabled]": "true"}
        for name in COMPONENTS[component]:
            if name in (payload.get("features") or {}):
                form[f"components[{component}][features][{name}]"] = "true" if payload["features"][name] else "false"
        status, body = await platform.call("POST", "/v1/account_sessions", form)
        if status != 200:
            return JSONResponse(body, status_code=status)
        return JSONResponse({"client_secret": body["client_secret"]})

    async def advance_clock(request: Request) -> JSONResponse:
        """Test mode: move the platform's clock so payouts, top-ups and schedules fall due now."""
        days = int((await request.json()).get("days", 1))
        status, body = await platform.call("POST", "/v1/test_helpers/clock/advance", {"seconds": str(days * 86400)})
        return JSONResponse(body, status_code=status)

    inbox = Inbox(platform)  # the platform's webhook endpoint, registered at start-up

    async def account_payouts(request: Request) -> JSONResponse:
        """payouts-family: the platform's own payouts list (its backend calls GET /v1/payouts)."""
        account = request.query_params.get("account", "")
        query = {"limit": "20"} | ({"starting_after": a} if (a := request.query_params.get("starting_after")) else {})
        response = await platform.client.get("/v1/payouts", params=query, headers={"Stripe-Account": account})
        return JSONResponse(response.json(), status_code=response.status_code)

    notifications: list[dict[str, Any]] = []

    async def receive_notification(request: Request) -> JSONResponse:
        """Where the component host delivers one-time codes: a platform would email or text them."""
        message = await request.json()
        notifications.append({key: str(message.get(key, "")) for key in ("account", "email", "code", "purpose")})
        del notifications[:-50]
        return JSONResponse({"received": True})

    async def list_notifications(request: Request) -> JSONResponse:
        account = request.query_params.get("account", "")
        return JSONResponse([n for n in notifications if n["account"] == account])

    def page(name: str) -> Any:
        async def serve(_request: Request) -> FileResponse:
            return FileResponse(STATIC / name)

        return serve

    return Starlette(
        routes=[
            Route("/", page("index.html")),
            Route("/accounts/{account_id}", page("account.html")),
            Route("/accounts/{account_id}/payouts", page("payouts.html")),
            Route("/accounts/{account_id}/payouts-list", page("payouts.html")),
            Route("/accounts/{account_id}/custom-payouts", page("custom_payouts.html")),
            Route("/api/payouts", account_payouts),
            Route("/demo-config.js", config),
            Route("/api/accounts", accounts),
            Route("/api/account_session", account_session, methods=["POST"]),
            Route("/api/advance_clock", advance_clock, methods=["POST"]),
            Route("/api/notifications", receive_notification, methods=["POST"]),
            Route("/api/notifications", list_notifications, methods=["GET"]),
            *inbox.routes,
            Mount("/static", StaticFiles(directory=STATIC)),
            *react_page.routes(settings.public_url),
        ],
        lifespan=inbox.lifespan,
    )


app = create_demo()
