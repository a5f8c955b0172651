"""Every limit on what a caller may send, in one place, and the middleware that applies the outer ones.

Stripe does not publish its exact numbers; ours are generous for every real request (the
deepest real parameter, `components[balances][features][instant_payouts]`, nests 4 levels;
`metadata` holds 50 keys) and small enough that no request can make the host slow, deep in
recursion or large in memory. Requests over a limit get a 4xx in Stripe's error shape from
our code, before the server's own (non-JSON) limits are reached: granian answers a request
head over ~400 KB itself, so the query limit sits far below that.

`InputLimits` wraps the whole host (the API and the Reflex app mounted inside it): an
oversized query or declared body is refused before any route runs, and a 4xx that is not
JSON (a 405 from Reflex's own routes, anything under /v1 or /embedded) is answered in
Stripe's shape instead. The body's size is checked again while it is read (`requests.body_of`),
the parameters' shape in `forms.parse_form`, the integers and amounts in `requests`.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from balances_app.domain.errors import StripeError

MAX_BODY_BYTES = 256 * 1024  # a form body; 413 above
MAX_QUERY_BYTES = 16 * 1024  # a URL's query string; 414 above
MAX_PATH_BYTES = 2048  # a URL's path; 414 above
MAX_PARAMS = 1000  # key=value pairs in one body or query
MAX_DEPTH = 10  # bracket levels in one parameter name: a[b][c] is 3
MAX_KEY_LENGTH = 500  # characters in one parameter name
MAX_VALUE_LENGTH = 5000  # characters in one value (Stripe's longest strings)
MAX_LIST_INDEX = MAX_PARAMS  # a[999]=x is a list of at most this many items
MAX_INTEGER_DIGITS = 18  # every integer parameter fits in a signed 64-bit column
MAX_AMOUNT = 999_999_999_999  # minor units: large payouts pass, and sums of many stay within 64 bits
MAX_ID_LENGTH = 255  # object ids, cursors, publishable keys

# Caches keyed by what callers send (today: the CSP policy per publishable key).
CACHE_ENTRIES = 1024
CACHE_SECONDS = 10.0

API_PREFIXES = ("/v1/", "/embedded/")


def too_large(kind: str, limit: int) -> StripeError:
    """413: a body over MAX_BODY_BYTES."""
    return StripeError(f"The request {kind} is too large: the limit is {limit} bytes.", status=413)


def uri_too_long() -> StripeError:
    return StripeError(
        f"The request URL is too long: its path may be up to {MAX_PATH_BYTES} bytes and its query {MAX_QUERY_BYTES}.",
        status=414,
    )


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() and len(value) < 20 else 0
    return 0


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Client error"


def error_body(error: StripeError) -> bytes:
    return json.dumps(error.to_dict(), separators=(",", ":")).encode()


async def send_error(send: Send, error: StripeError, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = error_body(error)
    kept = [(k, v) for k, v in headers or [] if k.lower() not in (b"content-type", b"content-length")]
    start = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *kept]
    await send({"type": "http.response.start", "status": error.status or 400, "headers": start})
    await send({"type": "http.response.body", "body": body})


class InputLimits:
    """Oversized requests refused, and every API 4xx and every 405 in Stripe's error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (
            len(scope.get("query_string", b"")) > MAX_QUERY_BYTES
            or len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES
        ):
            await send_error(send, uri_too_long())
            return
        if _declared_length(scope) > MAX_BODY_BYTES:
            await send_error(send, too_large("body", MAX_BODY_BYTES))
            return
        ours = scope["path"].startswith(API_PREFIXES)
        if ours and "\x00" in scope["path"]:  # an id in the path with %00: PostgreSQL's text cannot hold it
            await send_error(send, StripeError("The URL may not contain NUL characters (%00).", status=400))
            return
        replaced = False

        async def shaped(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
                is_json = any(k.lower() == b"content-type" and b"json" in v for k, v in headers)
                if not is_json and (status == 405 or (ours and 400 <= status < 500)):
                    replaced = True
                    text = f"{_phrase(status)}: {scope['method']} {scope['path'][:200]}"
                    await send_error(send, StripeError(text, status=status), headers)
                    return
            if not replaced:
                await send(message)

        await self.app(scope, receive, shaped)
