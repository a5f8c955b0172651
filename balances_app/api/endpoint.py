"""The one way a route runs: authenticate, parse, work in a transaction off the event loop, reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from balances_app.api.requests import connected_account_of, params_of, secret_key_of
from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.clock import Clock
from balances_app.domain.errors import StripeError
from balances_app.domain.platforms import authenticate, clock_for


@dataclass
class Call:
    """Everything a handler needs about one API request."""

    request: Request
    session: Session
    platform: Platform
    params: dict[str, Any]
    clock: Clock
    account: ConnectedAccount | None = None

    @property
    def now(self) -> int:
        return self.clock.now()

    @property
    def connected_account(self) -> ConnectedAccount:
        assert self.account is not None, "route declared without connected=True"
        return self.account

    def reject_unknown(self, *allowed: str) -> None:
        for name in self.params:
            if name not in allowed and name != "expand":
                raise StripeError(f"Received unknown parameter: {name}", code="parameter_unknown", param=name)


Handler = Callable[[Call], Any]


def endpoint(*, write: bool = False, connected: bool = False) -> Callable[[Handler], Callable[..., Awaitable[Any]]]:
    """Wrap a sync handler `fn(call) -> body | (body, status)` as a Starlette route."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[JSONResponse]]:
        async def route(request: Request) -> JSONResponse:
            body = await request.body()

            def work() -> Any:
                with transaction(request.app.state.engine, write=write) as session:
                    platform = authenticate(session, secret_key_of(request))
                    params = params_of(request, body)
                    clock = clock_for(platform, request.app.state.clock)
                    account = connected_account_of(request, session, platform) if connected else None
                    return handler(Call(request, session, platform, params, clock, account))

            result = await run_in_threadpool(work)
            payload, status = result if isinstance(result, tuple) else (result, 200)
            return JSONResponse(payload, status_code=status)

        route.__name__ = handler.__name__
        return route

    return wrap
