"""The component host: Reflex pages for the embedded components, with our API beside them.

Every embedded component comes from ui/registry.py: one page per unit, at its route. granian
serves `host()`: Reflex's app, with the API's own requests (/v1/...) handed to the API directly.
"""

from __future__ import annotations

import reflex as rx
from starlette.types import ASGIApp, Receive, Scope, Send

from balances_app import webhook_worker
from balances_app.api.app import create_api
from balances_app.api.csp import frame_ancestors
from balances_app.due_runner import run_forever
from balances_app.ui import registry
from balances_app.ui.first_paint import PATH as FIRST_PAINT_PATH
from balances_app.ui.first_paint import first_paint_app
from balances_app.ui.manifest import manifest_app
from balances_app.ui.pages import home
from balances_app.ui.state.session import SessionState

API_PATH = "/v1/"

api = create_api()
app = rx.App(
    head_components=[
        rx.el.script(src="/fresh_token.js"),
        rx.el.script(src="/embed.js"),
        rx.el.script(src=FIRST_PAINT_PATH),  # the platform's appearance before the first paint
        rx.el.script(src="/dialogs.js"),  # focus in, trapped, Escape, and back to the opener
        rx.el.link(rel="stylesheet", href="/a11y.css"),  # visible focus
    ],
    api_transformer=[api, manifest_app, first_paint_app, frame_ancestors],  # later ones answer first
    # Reflex's toaster and connection toasts speak English only ("Notifications", "Cannot connect
    # to server"): the frame says a lost connection itself, translated (ui/components/frame.py).
    toaster=None,
)
app.app_wraps.pop((5, "Overlay"), None)
app.register_lifespan_task(webhook_worker.run_in_host)  # webhook delivery, in every host process
for unit in registry.COMPONENTS:
    app.add_page(registry.page_function(unit), route=unit.route, title=unit.title, on_load=SessionState.announce)
app.add_page(home.home_page, route=home.ROUTE, title="Balances component host")
app.register_lifespan_task(run_forever)  # due work runs here, off the request path


def host() -> ASGIApp:
    """What granian serves (`--factory`): Reflex's ASGI app, with /v1 requests sent straight to the API.

    Reflex wraps its app in a Starlette of its own, and each Starlette transformer above adds
    another (error pages, CORS, exception handling, routing): an API request crossed four such
    stacks, a third of a balance read's time, for nothing it uses. It still gets what every
    response gets: the API's own middleware, and `frame-ancestors 'none'`.
    """
    pages = app()
    direct = frame_ancestors(api)

    async def front_door(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PATH):
            await direct(scope, receive, send)
        else:
            await pages(scope, receive, send)

    return front_door
