"""POST /v1/account_sessions: a read, since the client secret carries the session (domain/account_sessions.py)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from balances_app.api.endpoint import ReadCall, endpoint
from balances_app.api.objects import account_session_object
from balances_app.domain import account_sessions
from balances_app.settings import settings


@endpoint(hot=True)
def create_account_session(call: ReadCall) -> dict[str, Any]:
    call.reject_unknown("account", nested=("components",))
    record, secret = account_sessions.create_raw(
        call.reader,
        call.platform.id,
        call.params.get("account"),
        call.params.get("components"),
        call.now,
        settings.session_lifetime_seconds,
        settings.session_key,
    )
    return account_session_object(record, secret)


routes = [Route("/v1/account_sessions", create_account_session, methods=["POST"])]
