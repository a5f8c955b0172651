"""The component host's HTTP surface beside Reflex: the /v1 API and the embed helpers."""

from __future__ import annotations

from starlette._utils import get_route_path
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from balances_app.api.forms import parse_form
from balances_app.api.limits import InputLimits
from balances_app.api.requests import body_of, string_param
from balances_app.api.routes import (
    account_sessions,
    accounts,
    balance,
    balance_transactions,
    charges,
    events,
    payouts,
    test_helpers,
    topups,
    webhook_endpoints,
)
from balances_app.db.engine import get_engine, transaction
from balances_app.domain import account_sessions as session_rules
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.errors import StripeError, missing
from balances_app.domain.events import caused_by
from balances_app.domain.ids import random_token
from balances_app.settings import settings

EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


async def stripe_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StripeError)
    return JSONResponse(exc.to_dict(), status_code=exc.status or 400)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return await stripe_error(request, _unrecognized(request, exc.status_code))


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug of ours: Stripe's `api_error` shape; the traceback goes to the log (it is a server error)."""
    return JSONResponse(StripeError("Something went wrong on our end.", type="api_error").to_dict(), status_code=500)


def _unrecognized(request: Request, status: int) -> StripeError:
    return StripeError(
        f"Unrecognized request URL ({request.method}: {request.url.path[:200]}). "
        "Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
        status=status,
    )


async def unknown_url(request: Request) -> Response:
    """Any method on a path under /v1 or /embedded that no route serves: 405 if another method would, else 404."""
    allowed = {
        method
        for route in request.app.routes
        if isinstance(route, Route) and route.path_regex.match(request.url.path) and route.endpoint is not unknown_url
        for method in route.methods or ()
    }
    raise _unrecognized(request, 405 if allowed else 404)


async def embedded_logout(request: Request) -> Response:
    """connect.js `logout()`: ends the session named by its client secret, for every element."""
    secret = string_param(parse_form(await body_of(request)), "client_secret")
    if not secret:
        raise missing("client_secret")

    def work() -> None:
        with transaction(request.app.state.engine, write=True) as session:
            session_rules.end(session, secret, request.app.state.clock, settings.session_key)

    await run_in_threadpool(work)
    return Response(status_code=204)


class ExactRouter(Router):
    """Starlette's router, with routes that take no path parameters found by one dict lookup.

    Starlette tries every route's regex in turn; with a dozen routes before the hot ones, that
    walk cost as much as a balance read's own lookups. A path with a route of its own and an
    allowed method goes straight to it; anything else (path parameters, a method the route does
    not take, the catch-alls) walks the list as before, so 404s and 405s are unchanged.
    """

    def __init__(self, routes: list[BaseRoute]) -> None:
        super().__init__(routes=routes)
        self.exact: dict[str, Route] = {}

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            route = self._exact_routes().get(get_route_path(scope))
            if route is not None and route.methods is not None and scope["method"] in route.methods:
                scope.setdefault("router", self)
                scope.update(route=route, endpoint=route.endpoint, path_params={})
                await route.handle(scope, receive, send)
                return
        await super().app(scope, receive, send)

    def _exact_routes(self) -> dict[str, Route]:
        if not self.exact:  # built on the first request: routes may still be added before it
            self.exact = {
                route.path: route
                for route in reversed(self.routes)  # the first route of a path wins, as in the walk
                if isinstance(route, Route) and not route.param_convertors
            }
        return self.exact


class RequestIdMiddleware:
    """Every /v1 response carries a `Request-Id`, as Stripe's do."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req_{random_token(14)}".encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"request-id", request_id)]
            await send(message)

        key = next((value.decode() for name, value in scope["headers"] if name == b"idempotency-key"), None)
        with caused_by(request_id.decode(), key):  # events emitted by this request name it
            await self.app(scope, receive, send_with_id)


def create_api(clock: Clock = system_clock, engine: object | None = None) -> Starlette:
    """The Starlette app that owns /v1 and /embedded; everything else falls through to Reflex.

    An unsafe configuration (see `settings.check`) stops the host here, before it serves anything.
    """
    settings.check()
    routes = [
        *account_sessions.routes,
        *accounts.routes,
        *balance.routes,
        *payouts.routes,
        *balance_transactions.routes,
        *topups.routes,
        *charges.routes,
        *test_helpers.routes,
        *webhook_endpoints.routes,
        *events.routes,
        Route("/embedded/logout", embedded_logout, methods=["POST"]),
        Route("/v1/{path:path}", unknown_url, methods=EVERY_METHOD),
        Route("/embedded/{path:path}", unknown_url, methods=EVERY_METHOD),
    ]
    handlers = {StripeError: stripe_error, HTTPException: http_error, Exception: server_error}
    api = Starlette(exception_handlers=handlers)  # type: ignore[arg-type]
    api.router = ExactRouter(routes)
    api.add_middleware(InputLimits)
    api.add_middleware(RequestIdMiddleware)
    api.state.clock = clock
    api.state.engine = engine or get_engine()
    return api
