"""`Content-Security-Policy: frame-ancestors` for every page the host serves.

Embed pages (/embed/...) may be framed only by the origins the platform allowed; the
platform is known from the publishable key in the iframe's URL (public, unlike the client
secret). Every other page may not be framed at all.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from balances_app.db.engine import transaction
from balances_app.domain.platforms import by_publishable_key

EMBED_PREFIX = "/embed/"
CACHE_SECONDS = 10.0
_cache: dict[str, tuple[float, str]] = {}


def _policy_for_key(publishable_key: str) -> str:
    cached = _cache.get(publishable_key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    with transaction() as session:
        platform = by_publishable_key(session, publishable_key)
        origins = " ".join(platform.allowed_origins) if platform and platform.allowed_origins else "'none'"
    _cache[publishable_key] = (time.monotonic() + CACHE_SECONDS, f"frame-ancestors {origins}")
    return _cache[publishable_key][1]


def frame_ancestors(app: ASGIApp) -> ASGIApp:
    async def with_policy(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        policy = "frame-ancestors 'none'"
        if scope["path"].startswith(EMBED_PREFIX):
            key = parse_qs(scope.get("query_string", b"").decode()).get("pk", [""])[0]
            policy = await run_in_threadpool(_policy_for_key, key) if key else policy

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", policy.encode())]
            await send(message)

        await app(scope, receive, send_with_policy)

    return with_policy
