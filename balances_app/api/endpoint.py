"""The one way a route runs: authenticate, parse, work in a transaction off the event loop, reply.

Writes go through `engine.run_write`: on SQLite, the process's one writer thread commits several
requests together and answers each after its commit.

Money-moving routes are declared `idempotent=True`: with an `Idempotency-Key` header the
request runs once, and later requests with the same key get the first response byte for byte.
Hot read routes are declared `hot=True`: they get plain references instead of ORM rows, read
through `db.reads` in one read-only snapshot, and run on the event loop (a few indexed lookups
cost less than the hop to a thread).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from balances_app.api.requests import account_id_of, body_of, connected_account_of, params_of, secret_key_of
from balances_app.db import reads
from balances_app.db.engine import RawReader, read_snapshot, run_transaction, run_write
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import idempotency
from balances_app.domain.accounts import unknown_account
from balances_app.domain.clock import Clock
from balances_app.domain.errors import StripeError, invalid
from balances_app.domain.ids import hash_secret
from balances_app.domain.platforms import authenticate, clock_for, key_refused


class _Answered:
    """What every handler asks of its request the same way, whether it reads through the ORM or not."""

    params: dict[str, Any]
    clock: Clock

    @property
    def now(self) -> int:
        return self.clock.now()

    def reject_unknown(self, *allowed: str, nested: tuple[str, ...] = ()) -> None:
        reject_unknown(self.params, allowed, nested)


@dataclass
class Call(_Answered):
    """Everything a handler needs about one API request."""

    request: Request
    session: Session
    platform: Platform
    params: dict[str, Any]
    clock: Clock
    account: ConnectedAccount | None = None

    @property
    def connected_account(self) -> ConnectedAccount:
        assert self.account is not None, "route declared without connected=True"
        return self.account


@dataclass
class ReadCall(_Answered):
    """A hot read request: plain references to the platform and account, and a raw reader."""

    request: Request
    reader: RawReader
    platform: reads.PlatformRef
    params: dict[str, Any]
    clock: Clock
    account: reads.AccountRef | None = None

    @property
    def connected_account(self) -> reads.AccountRef:
        assert self.account is not None, "route declared without connected=True"
        return self.account


def reject_unknown(params: dict[str, Any], allowed: tuple[str, ...], nested: tuple[str, ...] = ()) -> None:
    """Refuse parameters the route does not take, and hashes or lists where a string is expected.

    `allowed` names take a string; `nested` names may also be a hash or a list (their route
    checks the inside). `expand[]` is always accepted as a list of strings.
    """
    for name, value in params.items():
        if name == "expand":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise invalid("expand", "Invalid array: expand must be a list of strings (expand[]=...).")
        elif name not in allowed and name not in nested:
            raise StripeError(f"Received unknown parameter: {name}", code="parameter_unknown", param=name)
        elif name not in nested and not isinstance(value, str):
            raise invalid(name, f"Invalid string: {name} must be a string, not a hash or a list.")


Handler = Callable[[Call], Any]
ReadHandler = Callable[[ReadCall], Any]


def render(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(status: int, body: bytes, replayed: bool = False) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@dataclass
class _Run:
    request: Request
    body: bytes
    handler: Handler | ReadHandler
    write: bool
    connected: bool

    @property
    def engine(self) -> Engine:
        return self.request.app.state.engine

    def in_transaction(self, session: Session, platform: Platform | None = None) -> tuple[int, bytes]:
        platform = platform or authenticate(session, secret_key_of(self.request))
        params = params_of(self.request, self.body)
        clock = clock_for(platform, self.request.app.state.clock)
        account = connected_account_of(self.request, session, platform, lock=self.write) if self.connected else None
        result = self.handler(Call(self.request, session, platform, params, clock, account))
        payload, status = result if isinstance(result, tuple) else (result, 200)
        return status, render(payload)

    def hot(self) -> Response:
        with read_snapshot(self.engine) as reader:
            return json_response(*self.answer(reader))

    def answer(self, reader: RawReader) -> tuple[int, bytes]:
        """A hot route's work: authentication, account and handler through compiled Core statements."""
        secret_key = secret_key_of(self.request)
        platform = reads.platform_by_key_hash(reader, hash_secret(secret_key)) if secret_key else None
        if platform is None:
            raise key_refused(secret_key)
        params = params_of(self.request, self.body)
        account = None
        if self.connected:
            account_id = account_id_of(self.request)
            account = reads.account(reader, account_id)
            if account is None or account.platform_id != platform.id:
                raise unknown_account(account_id, "Stripe-Account")
        clock = clock_for(platform, self.request.app.state.clock)
        result = self.handler(ReadCall(self.request, reader, platform, params, clock, account))  # type: ignore[arg-type]
        payload, status = result if isinstance(result, tuple) else (result, 200)
        return status, render(payload)

    async def plain(self) -> Response:
        if self.write:
            return json_response(*await run_write(self.in_transaction, self.engine))
        return json_response(*await run_in_threadpool(run_transaction, self.in_transaction, self.engine))

    async def once(self, key: str) -> Response:
        """The one idempotency protocol (domain/idempotency.py), in one transaction with the work."""
        scope = self.request.headers.get("stripe-account", "")
        fingerprint = hashlib.sha256(
            b"\n".join([self.request.method.encode(), self.request.url.path.encode(), scope.encode(), self.body])
        ).hexdigest()
        now = self.request.app.state.clock.now()

        def work(session: Session) -> idempotency.Result:
            platform = authenticate(session, secret_key_of(self.request))  # once: the work below reuses it
            return idempotency.run(
                session, platform.id, scope, key, fingerprint, now, lambda: self.in_transaction(session, platform)
            )

        result = await run_write(work, self.engine)
        return json_response(result.status, result.body, replayed=result.replayed)


def endpoint(
    *, write: bool = False, connected: bool = False, idempotent: bool = False, hot: bool = False
) -> Callable[[Handler], Callable[..., Awaitable[Any]]]:
    """Wrap a sync handler `fn(call) -> body | (body, status)` as a Starlette route."""
    assert not (hot and (idempotent or write)), "hot routes only read, and take no idempotency keys"

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def route(request: Request) -> Response:
            run = _Run(request, await body_of(request), handler, write or idempotent, connected)
            if hot:
                return run.hot()
            key = request.headers.get("idempotency-key") if idempotent else None
            return await run.once(key) if key is not None else await run.plain()

        route.__name__ = handler.__name__
        return route

    return wrap
