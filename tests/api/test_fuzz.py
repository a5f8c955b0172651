"""Hostile input against every endpoint: never a 5xx, always Stripe's error shape, no bypass, nothing broken.

Hypothesis builds requests from each endpoint's real parameters, bent the ways a fuzzer bends
them: brackets nested hundreds deep, `[]` in the middle of a name, hashes and lists where a
string belongs, digits outside ASCII, integers past 64 bits, unknown currencies, bodies that
are not UTF-8, missing or foreign keys and accounts, reused idempotency keys. Derandomized, so
CI runs the same requests every time; locally BALANCES_FUZZ_EXAMPLES=5000 BALANCES_FUZZ_EXPLORE=1
looks further.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from balances_app.api.app import create_api
from balances_app.db.engine import transaction
from balances_app.domain import ledger
from tests.api.conftest import World
from tests.factories import bank_account, charge, set_schedule

EXAMPLES = int(os.environ.get("BALANCES_FUZZ_EXAMPLES", "700"))
EXPLORE = os.environ.get("BALANCES_FUZZ_EXPLORE") == "1"  # new random requests each run, to look for more
ERROR_TYPES = {"invalid_request_error", "authentication_error", "idempotency_error", "permission_error", "card_error"}
ERROR_KEYS = {"type", "code", "message", "param", "doc_url"}

CONNECTED = ("/v1/balance", "/v1/payouts", "/v1/topups", "/v1/charges")  # act for the Stripe-Account
SCHEDULE = "settings[payouts][schedule]"
BANK = "external_account"
LIST = ("limit", "starting_after", "ending_before")
# (method, path with {placeholders}, the endpoint's own parameter names)
ENDPOINTS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "POST",
        "/v1/account_sessions",
        (
            "account",
            "components[balances][enabled]",
            "components[balances][features][instant_payouts]",
            "components[payouts][enabled]",
            "expand[]",
        ),
    ),
    ("GET", "/v1/accounts", LIST),
    ("GET", "/v1/accounts/{acct}", ()),
    (
        "POST",
        "/v1/accounts/{acct}",
        tuple(f"{SCHEDULE}[{n}]" for n in ("interval", "delay_days", "weekly_anchor", "monthly_anchor")),
    ),
    (
        "POST",
        "/v1/accounts/{acct}/external_accounts",
        (
            *(
                f"{BANK}[{n}]"
                for n in ("object", "country", "currency", "account_number", "routing_number", "account_holder_name")
            ),
            "default_for_currency",
            "metadata[k]",
        ),
    ),
    ("GET", "/v1/accounts/{acct}/external_accounts", (*LIST, "object")),
    ("GET", "/v1/accounts/{acct}/external_accounts/{ba}", ()),
    (
        "POST",
        "/v1/accounts/{acct}/external_accounts/{ba}",
        ("default_for_currency", "account_holder_name", "account_holder_type", "metadata[k]"),
    ),
    ("DELETE", "/v1/accounts/{acct}/external_accounts/{ba}", ()),
    ("GET", "/v1/balance", ()),
    (
        "POST",
        "/v1/payouts",
        ("amount", "currency", "method", "destination", "description", "statement_descriptor", "metadata[k]"),
    ),
    ("GET", "/v1/payouts", (*LIST, "status", "destination", "arrival_date[gte]", "created[lt]", "created")),
    ("GET", "/v1/payouts/{po}", ()),
    ("POST", "/v1/payouts/{po}/cancel", ()),
    ("GET", "/v1/balance_transactions", (*LIST, "type", "payout", "source", "currency", "created[gte]")),
    ("GET", "/v1/balance_transactions/{txn}", ()),
    ("POST", "/v1/topups", ("amount", "currency", "description", "statement_descriptor", "metadata[k]")),
    ("GET", "/v1/topups", (*LIST, "status", "created[gt]", "amount[lte]")),
    ("GET", "/v1/topups/{tu}", ()),
    ("POST", "/v1/charges", ("amount", "currency", "source", "description", "metadata[k]")),
    ("POST", "/v1/test_helpers/clock/advance", ("seconds",)),
    ("POST", "/embedded/logout", ("client_secret",)),
    ("PUT", "/v1/payouts", ("amount",)),
    ("PATCH", "/v1/{acct}", ()),
    ("GET", "/embedded/{po}", ()),
]

GOOD_VALUES = [
    "1000", "100", "usd", "gbp", "jpy", "true", "false", "standard", "instant", "manual", "weekly", "monthly",
    "daily", "friday", "minimum", "3", "15", "US", "DE", "110000000", "000123456789", "DE89370400440532013000",
    "tok_bypassPending", "tok_visa", "bank_account", "individual", "pending", "payout", "charge", "60",
]  # fmt: skip
HOSTILE_VALUES = [
    "", "²", "\u0661\u0662\u0663", "1_000", " 12", "12 ", "-1", "0", "1e3", "0x10", str(2**63), str(2**64), "9" * 40,
    "zzz", "USD", "u\u0073d", "null", "[]", "{}", "a" * 6000, "%", "\x00", "\u2019", "accs_secret__nope", "acct_",
]  # fmt: skip
SUFFIXES = ["", "", "", "[]", "[x]", "[0]", "[][x]", "[²]", "[0][0]", "[a][b][c]", "[99999]"]


@st.composite
def bodies(draw: st.DrawFn, names: tuple[str, ...], ids: dict[str, str]) -> bytes:
    """A form body (or query) from the endpoint's names, bent, with good and hostile values."""
    pairs: list[bytes] = []
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(names) if names and draw(st.booleans()) else st.text(min_size=1, max_size=12))
        if draw(st.integers(0, 15)) == 0:
            name += "[a]" * draw(st.sampled_from([8, 11, 494, 600]))
        else:
            name += draw(st.sampled_from(SUFFIXES))
        value = draw(
            st.one_of(
                st.sampled_from(GOOD_VALUES),
                st.sampled_from(HOSTILE_VALUES),
                st.sampled_from(sorted(ids.values())),
                st.text(max_size=20),
            )
        )
        pairs.append(f"{quote(name, safe='[]')}={quote(value)}".encode())
    if draw(st.integers(0, 12)) == 0:
        pairs.append(draw(st.sampled_from([b"a=\xff\xfe", b"\xc3=1", b"a=%FF", b"&&&", b"=x", b"amount=%C2%B2"])))
    return b"&".join(pairs)


@st.composite
def requests(draw: st.DrawFn, world: World, ids: dict[str, str]) -> tuple[str, str, bytes, dict[str, str]]:
    method, template, names = draw(st.sampled_from(ENDPOINTS))
    path_ids = {
        key: draw(st.sampled_from([value, value, "x", "%C2%B2", "a" * 300, world.foreign_account.id]))
        for key, value in ids.items()
    }
    path = template.format(**path_ids)
    headers: dict[str, str] = {}
    auth = draw(st.sampled_from(["good", "good", "good", "good", "bad", "none"]))
    if auth != "none":
        headers["Authorization"] = f"Bearer {world.secret_key if auth == 'good' else 'sk_test_' + 'x' * 24}"
    account = draw(
        st.sampled_from(
            [world.account.id, world.account.id, world.platform_account.id, world.foreign_account.id, "acct_nope", None]
        )
    )
    if account:
        headers["Stripe-Account"] = account
    if draw(st.integers(0, 3)) == 0:
        headers["Idempotency-Key"] = draw(st.sampled_from(["k1", "k2", "k" * 300]))
    body = draw(bodies(names, ids))
    if method in ("GET", "DELETE"):
        return method, f"{path}?{body.decode('latin-1')}" if body else path, b"", headers
    headers["Content-Type"] = draw(st.sampled_from(["application/x-www-form-urlencoded"] * 5 + ["application/json"]))
    return method, path, body, headers


@pytest.fixture
def fuzz_world(world: World) -> Iterator[tuple[World, dict[str, str]]]:
    """The world with money and objects in it, so fuzzed ids and movements reach real rows."""
    set_schedule(world.engine, world.account, "manual", eligible=True)
    bank = bank_account(world.engine, world.account, instant=True)
    charge(world.engine, world.account.id, 500_000, world.clock.now(), available_in_days=0)
    payout = world.post("/v1/payouts", {"amount": "1000", "currency": "usd"}, **{"Stripe-Account": world.account.id})
    topup = world.post("/v1/topups", {"amount": "1000", "currency": "usd"}, **{"Stripe-Account": world.account.id})
    assert payout.status_code == topup.status_code == 200, (payout.text, topup.text)
    ids = {
        "acct": world.account.id,
        "ba": bank.id,
        "po": payout.json()["id"],
        "tu": topup.json()["id"],
        "txn": payout.json()["balance_transaction"],
    }
    yield world, ids


def test_hostile_requests_get_a_clear_4xx_and_break_nothing(
    fuzz_world: tuple[World, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    world, ids = fuzz_world
    client = TestClient(create_api(world.clock, world.engine), raise_server_exceptions=False)
    seen: dict[int, int] = {}
    faulthandler.dump_traceback_later(max(120, EXAMPLES // 5), exit=True)  # a hang fails the run instead of stalling CI

    @settings(
        max_examples=EXAMPLES,
        derandomize=not EXPLORE,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=requests(world, ids))
    def one(request: tuple[str, str, bytes, dict[str, str]]) -> None:
        method, url, body, headers = request
        started = time.monotonic()
        response = client.request(method, url, content=body or None, headers=headers)
        assert time.monotonic() - started < 10, f"{method} {url} took too long"
        assert response.status_code < 500, f"{method} {url} {body[:200]!r} -> {response.status_code} {response.text}"
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        if response.status_code < 400:  # no authorization bypass: the platform's own key, its own accounts
            assert headers.get("Authorization") == f"Bearer {world.secret_key}", (method, url, headers)
            assert world.foreign_account.id not in url + response.text, (method, url, response.text)
            if url.startswith(CONNECTED):
                assert headers.get("Stripe-Account") in (world.account.id, world.platform_account.id), (url, headers)
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/json"), (url, response.text)
            error = response.json()["error"]
            assert set(error) <= ERROR_KEYS and error["type"] in ERROR_TYPES, error
            assert isinstance(error["message"], str) and 0 < len(error["message"]) < 2000, error

    with caplog.at_level(logging.WARNING):
        try:
            one()
        finally:
            faulthandler.cancel_dump_traceback_later()
            client.close()
    assert {200, 400, 401, 404, 405} <= set(seen), seen  # the fuzzer reached past auth and validation
    with transaction(world.engine) as session:
        assert ledger.verify(session, world.clock.now()) == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not [record for record in caplog.records if record.exc_info], "a client error logged a traceback"
    assert len(logged) < 20_000, logged[:2000]
