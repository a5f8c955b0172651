"""`Content-Security-Policy: frame-ancestors` for every page the host serves (and font-src for embeds).

Embed pages (/embed/...) may be framed only by the origins the platform allowed; the
platform is known from the publishable key in the iframe's URL (public, unlike the client
secret). Every other page may not be framed at all.

Anyone can send any `pk`, so the cache of policies is bounded in size and age and holds only
keys that belong to a platform: a value that is not shaped like a publishable key is never
looked up, and an unknown key is looked up but never remembered.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import parse_qs

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from balances_app.api import limits
from balances_app.db.engine import transaction
from balances_app.domain.platforms import by_publishable_key

EMBED_PREFIX = "/embed/"
NOBODY = "frame-ancestors 'none'"
# What a component page may load besides its own code: the platform's fonts (Stripe's `fonts`
# option, https only; their @font-face rules are read by ui/first_paint.js, never applied as a
# stylesheet, so style-src needs nothing more), and no plugins or foreign <base>.
EMBED_DIRECTIVES = "font-src 'self' https:; object-src 'none'; base-uri 'self'"
PUBLISHABLE_KEY = re.compile(r"^pk_(test|live)_[A-Za-z0-9]{8,200}$")


class PolicyCache:
    """The policy of each publishable key that exists: at most `entries`, each for `seconds`."""

    def __init__(
        self,
        lookup: Callable[[str], str | None],
        entries: int = limits.CACHE_ENTRIES,
        seconds: float = limits.CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup, self._entries, self._seconds, self._clock = lookup, entries, seconds, clock
        self._policies: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._policies)

    def policy(self, publishable_key: str) -> str:
        if not PUBLISHABLE_KEY.match(publishable_key):
            return NOBODY
        now = self._clock()
        with self._lock:
            cached = self._policies.get(publishable_key)
            if cached and cached[0] > now:
                self._policies.move_to_end(publishable_key)
                return cached[1]
        found = self._lookup(publishable_key)
        if found is None:
            return NOBODY
        with self._lock:
            self._policies.pop(publishable_key, None)
            self._policies[publishable_key] = (now + self._seconds, found)
            while len(self._policies) > self._entries:
                self._policies.popitem(last=False)
        return found


def policy_from_database(engine: Engine | None = None) -> Callable[[str], str | None]:
    def lookup(publishable_key: str) -> str | None:
        with transaction(engine) as session:
            platform = by_publishable_key(session, publishable_key)
            if platform is None:
                return None
            origins = " ".join(platform.allowed_origins) if platform.allowed_origins else "'none'"
            return f"frame-ancestors {origins}"

    return lookup


class FrameAncestors:
    """The ASGI wrapper: every response gets its `frame-ancestors` policy."""

    def __init__(self, app: ASGIApp, engine: Engine | None = None) -> None:
        self.app = app
        self.policies = PolicyCache(policy_from_database(engine))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = NOBODY
        if scope["path"].startswith(EMBED_PREFIX):
            query = scope.get("query_string", b"")[: limits.MAX_QUERY_BYTES].decode("latin-1")
            key = parse_qs(query).get("pk", [""])[0]
            policy = await run_in_threadpool(self.policies.policy, key) if key else policy
            policy = f"{policy}; {EMBED_DIRECTIVES}"

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", policy.encode())]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def frame_ancestors(app: ASGIApp) -> ASGIApp:
    """Reflex's `api_transformer`: wrap the host's ASGI app."""
    return FrameAncestors(app)
