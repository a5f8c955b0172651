"""A NUL in a parameter or a path (PostgreSQL's text cannot hold one): a 400 in Stripe's shape, never a 500."""

from __future__ import annotations

import pytest

from tests.api.conftest import World


@pytest.mark.parametrize(
    ("method", "path", "form"),
    [
        ("POST", "/v1/account_sessions", {"account": "acct_\x00", "components[balances][enabled]": "true"}),
        ("GET", "/v1/accounts/acct_%00", None),
        ("GET", "/v1/payouts/po_%00", None),
        ("POST", "/embedded/logout", {"client_secret": "accs_secret__\x00.\x00"}),
    ],
)
def test_a_nul_in_an_id_is_refused_before_the_database(world: World, method: str, path: str, form) -> None:
    if method == "POST":
        response = world.post(path, form)
    else:
        response = world.get(path, **({"Stripe-Account": world.account.id} if "payouts" in path else {}))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "NUL" in response.json()["error"]["message"]


def test_a_nul_in_any_parameter_names_it(world: World) -> None:
    response = world.post("/v1/webhook_endpoints", {"url": "https://\x00/", "enabled_events[]": "*"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", "parameter_invalid", "url")
    assert world.get("/v1/webhook_endpoints").json()["data"] == []
