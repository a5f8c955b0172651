import pytest

from balances_app.api.forms import parse_form
from balances_app.domain.errors import StripeError


def test_bracket_nesting_follows_stripe() -> None:
    body = (
        "account=acct_1&components%5Bbalances%5D%5Benabled%5D=true"
        "&components[balances][features][instant_payouts]=false&expand[]=a&expand[]=b&metadata[order]=42"
    )
    assert parse_form(body) == {
        "account": "acct_1",
        "components": {"balances": {"enabled": "true", "features": {"instant_payouts": "false"}}},
        "expand": ["a", "b"],
        "metadata": {"order": "42"},
    }


def test_indexed_lists() -> None:
    assert parse_form("items[1][x]=b&items[0][x]=a") == {"items": [{"x": "a"}, {"x": "b"}]}


@pytest.mark.parametrize("body", ["a=1&a[b]=2", "a[b]=1&a=2", "a[]=1&a[b]=2", "a]b=1"])
def test_conflicting_or_malformed_keys_are_refused(body: str) -> None:
    with pytest.raises(StripeError):
        parse_form(body)
