"""Unauthenticated junk cannot grow the host: 20,000 requests with random keys, ids and `pk` leave memory flat.

The host's HTTP stack (CSP wrapper, limits, request ids, API routes) is driven in process over
ASGI, as granian drives it, 32 requests in flight. After a warm-up, the count of live Python
objects (`sys.getallocatedblocks`, exact and free to read) and the process's resident memory
must stay flat.
Once the CSP cache kept every `pk` it saw: ~2.4 KB per request, for ever.
"""

from __future__ import annotations

import asyncio
import gc
import secrets
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from balances_app.api import limits
from balances_app.api.app import create_api
from balances_app.api.csp import NOBODY, FrameAncestors, PolicyCache
from tests.api.conftest import World

REQUESTS = 30_000  # 20,000 measured after the warm-up
WARM_UP = 10_000  # pools, thread pools and statement caches fill up here; a leak keeps growing after
IN_FLIGHT = 32
BLOCKS_LIMIT = 10_000  # objects still alive after 20,000 requests: half an object a request (the old leak: ~4 per pk)
RSS_LIMIT = 8 * 1024 * 1024  # the old leak: ~48 MB per 20,000 requests in a real server


def _junk(world: World, n: int) -> tuple[str, bytes, list[tuple[bytes, bytes]]]:
    """Request n: a random pk on an embed page, a random secret key, a random id and parameter, or account."""
    token = secrets.token_hex(12)
    kind = n % 4
    if kind == 0:
        return "/embed/balances", f"pk=pk_test_{token}".encode(), []
    if kind == 1:
        return f"/v1/payouts/po_{token}", b"", [(b"authorization", f"Bearer sk_test_{token}".encode())]
    headers = [(b"authorization", f"Bearer {world.secret_key}".encode()), (b"stripe-account", f"acct_{token}".encode())]
    if kind == 3:  # a hot read: what it finds is remembered (db/read_memo.py), what it does not find never is
        return "/v1/balance", b"", headers
    return f"/v1/topups/tu_{token}", f"{token}=1".encode(), headers


def _client(app: Callable[..., Awaitable[None]]) -> Callable[[str, bytes, list[tuple[bytes, bytes]]], Awaitable[int]]:
    async def get(path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query,
            "root_path": "",
            "headers": [(b"host", b"localhost"), *headers],
            "client": ("127.0.0.1", 1),
            "server": ("localhost", 80),
        }
        status = 0

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])  # type: ignore[call-overload]

        await app(scope, receive, send)
        return status

    return get


def _rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_random_keys_ids_and_pks_leave_memory_flat(world: World) -> None:
    host = FrameAncestors(create_api(world.clock, world.engine), world.engine)
    get = _client(host)

    async def run(start: int, stop: int) -> set[int]:
        """32 requests in flight, as a busy server has them."""
        numbers, statuses = iter(range(start, stop)), set()

        async def worker() -> None:
            for n in numbers:
                statuses.add(await get(*_junk(world, n)))

        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        return statuses

    statuses = asyncio.run(run(0, WARM_UP))
    gc.collect()
    blocks, rss = sys.getallocatedblocks(), _rss()
    statuses |= asyncio.run(run(WARM_UP, REQUESTS))
    gc.collect()
    kept_blocks, grown_rss = sys.getallocatedblocks() - blocks, _rss() - rss
    assert statuses == {400, 401, 404}, statuses
    assert kept_blocks < BLOCKS_LIMIT, f"{kept_blocks} Python objects kept after {REQUESTS} junk requests"
    assert grown_rss < RSS_LIMIT, f"the process grew by {grown_rss} bytes"
    assert len(host.policies) == 0  # no unknown pk was remembered


def test_the_policy_cache_keeps_only_existing_keys_and_is_bounded_in_size_and_age() -> None:
    now = [0.0]
    looked_up: list[str] = []

    def lookup(key: str) -> str | None:
        looked_up.append(key)
        return f"frame-ancestors https://{key[-4:]}.example" if key.startswith("pk_test_real") else None

    cache = PolicyCache(lookup, entries=3, seconds=10, clock=lambda: now[0])
    assert cache.policy("not a key") == NOBODY and looked_up == []  # never reaches the database
    assert cache.policy("pk_test_unknown0001") == NOBODY and len(cache) == 0
    keys = [f"pk_test_real{i:04d}" for i in range(5)]
    for key in keys:
        assert cache.policy(key) == f"frame-ancestors https://{key[-4:]}.example"
    assert len(cache) == 3  # the two oldest were evicted
    looked_up.clear()
    cache.policy(keys[-1])
    assert looked_up == []  # a hit
    now[0] = 11.0
    cache.policy(keys[-1])
    assert looked_up == [keys[-1]]  # expired, looked up again
    assert limits.CACHE_ENTRIES <= 10_000 and limits.CACHE_SECONDS <= 60
