"""Each hostile input the fuzzer of issue #8 found answers Stripe's 400 (or 405/413/414), never a 500."""

from __future__ import annotations

import pytest

from balances_app.api import limits
from tests.api.conftest import World
from tests.factories import bank_account, charge, set_schedule

ACCOUNT = "Stripe-Account"


def _error(response, status: int = 400) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["error"]


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("²", "parameter_invalid_integer"),
        ("\u0661\u0662\u0663", "parameter_invalid_integer"),
        ("1_000", "parameter_invalid_integer"),
        (str(2**63), "parameter_invalid_integer"),
        (str(limits.MAX_AMOUNT + 1), "amount_too_large"),
    ],
)
def test_amounts_must_be_ascii_integers_within_limits(world: World, amount: str, code: str) -> None:
    response = world.post(
        "/v1/charges", {"amount": amount, "currency": "usd", "source": "tok_visa"}, **{ACCOUNT: world.account.id}
    )
    error = _error(response)
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, "amount")


@pytest.mark.parametrize("code", ["zzz", "dem", "xts", "xau", "us"])
def test_unknown_currencies_are_refused_and_move_no_money(world: World, code: str) -> None:
    """Made-up, withdrawn (Deutsche Mark), ISO test and metal codes are not money anyone holds."""
    response = world.post(
        "/v1/charges",
        {"amount": "1000", "currency": code, "source": "tok_bypassPending"},
        **{ACCOUNT: world.account.id},
    )
    error = _error(response)
    assert (error["type"], error["param"]) == ("invalid_request_error", "currency")
    assert code in error["message"]
    balance = world.get("/v1/balance", **{ACCOUNT: world.account.id}).json()
    assert [entry["currency"] for entry in balance["available"]] == ["usd"]


def test_any_currency_in_use_is_accepted_not_only_those_of_our_bank_tables(world: World) -> None:
    response = world.post(
        "/v1/charges",
        {"amount": "25000", "currency": "mxn", "source": "tok_bypassPending"},
        **{ACCOUNT: world.account.id},
    )
    assert response.status_code == 200, response.text
    balance = world.get("/v1/balance", **{ACCOUNT: world.account.id}).json()
    assert "mxn" in [entry["currency"] for entry in balance["available"]]


@pytest.mark.parametrize(
    ("method", "path", "data", "param"),
    [
        ("GET", "/v1/accounts", {"starting_after[]": "acct_1"}, "starting_after"),
        ("GET", "/v1/payouts", {"ending_before[x]": "po_1"}, "ending_before"),
        ("GET", "/v1/payouts", {"created[gte]": str(2**64)}, "created[gte]"),
        ("POST", "/v1/account_sessions", {"account[x]": "acct_1", "components[balances][enabled]": "true"}, "account"),
        ("POST", "/v1/payouts", {"amount": "100", "currency[]": "usd"}, "currency"),
        (
            "POST",
            "/v1/accounts/{acct}/external_accounts",
            {"external_account[country][x]": "US"},
            "external_account[country]",
        ),
        (
            "POST",
            "/v1/accounts/{acct}",
            {"settings[payouts][schedule][interval][x]": "daily"},
            "settings[payouts][schedule][interval]",
        ),
        (
            "POST",
            "/v1/accounts/{acct}",
            {"settings[payouts][schedule][monthly_anchor]": "²"},
            "settings[payouts][schedule][monthly_anchor]",
        ),
        ("POST", "/v1/account_sessions", {"expand[][x]": "a"}, "expand[][x]"),
    ],
)
def test_hashes_and_lists_where_a_string_belongs_are_a_400(
    world: World, method: str, path: str, data: dict[str, str], param: str
) -> None:
    path = path.format(acct=world.account.id)
    headers = {ACCOUNT: world.account.id}
    response = world.get(path, data, **headers) if method == "GET" else world.post(path, data, **headers)
    error = _error(response)
    assert (error["type"], error["param"]) == ("invalid_request_error", param)


@pytest.mark.parametrize(("levels", "says"), [(600, "up to 500 characters"), (100, "nest at most 10 levels")])
def test_deep_nesting_is_a_400_without_a_traceback(
    world: World, caplog: pytest.LogCaptureFixture, levels: int, says: str
) -> None:
    body = "account=" + world.account.id + "&components" + "[a]" * levels + "=1"
    response = world.client.post(
        "/v1/account_sessions",
        content=body,
        auth=(world.secret_key, ""),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert says in _error(response)["message"]
    assert not caplog.records


def test_a_body_that_is_not_utf8_is_a_400(world: World) -> None:
    response = world.client.post(
        "/embedded/logout",
        content=b"client_secret=\xff\xfe",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert "UTF-8" in _error(response)["message"]
    assert _error(world.client.post("/embedded/logout", data={"client_secret[]": "x"}))["param"] == "client_secret"


def test_oversized_bodies_and_queries_get_413_and_414_in_stripes_shape(world: World) -> None:
    big = {"description": "x" * 4000, **{f"metadata[k{i}]": "v" * 400 for i in range(700)}}
    assert _error(world.post("/v1/charges", big), 413)["type"] == "invalid_request_error"
    long_query = "&".join(f"created[gte]={i}" for i in range(3000))
    assert _error(world.get(f"/v1/payouts?{long_query}"), 414)["type"] == "invalid_request_error"


def test_wrong_methods_are_405_and_unknown_paths_404_in_stripes_shape(world: World) -> None:
    for method, path in [("PUT", "/v1/payouts"), ("PATCH", "/v1/balance"), ("GET", "/embedded/logout")]:
        assert "Unrecognized request URL" in _error(world.client.request(method, path), 405)["message"]
    for method, path in [("PUT", "/v1/nothing"), ("GET", "/embedded/nothing")]:
        assert "Unrecognized request URL" in _error(world.client.request(method, path), 404)["message"]


def test_valid_requests_still_work_after_hardening(world: World) -> None:
    set_schedule(world.engine, world.account, "manual")
    bank_account(world.engine, world.account)
    charge(world.engine, world.account.id, 10_000, world.clock.now(), available_in_days=0)
    created = world.post(
        "/v1/payouts",
        {"amount": "1000", "currency": "USD", "metadata[order]": "42", "expand[]": "destination"},
        **{ACCOUNT: world.account.id},
    )
    assert created.status_code == 200, created.text
    listed = world.get("/v1/payouts", {"created[gte]": "0", "limit": "3"}, **{ACCOUNT: world.account.id})
    assert [p["id"] for p in listed.json()["data"]] == [created.json()["id"]]


def test_long_paths_headers_and_keys_are_refused_without_being_echoed(world: World) -> None:
    assert _error(world.get("/v1/payouts/po_" + "x" * 3000), 414)["type"] == "invalid_request_error"
    error = _error(world.get("/v1/balance", **{ACCOUNT: "acct_" + "x" * 5000}))
    assert error["param"] == "Stripe-Account" and len(error["message"]) < 200
    error = _error(world.client.get("/v1/balance", headers={"Authorization": "Bearer sk_" + "x" * 50_000}), 401)
    assert len(error["message"]) < 200
