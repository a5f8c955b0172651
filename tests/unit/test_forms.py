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


@pytest.mark.parametrize(
    "body",
    [
        "a" + "[a]" * 494 + "=1",  # deep nesting: once a RecursionError
        "expand[][x]=1",  # [] in the middle of a name
        b"a=\xff\xfe",  # not UTF-8
        "a=%FF",  # percent-encoded, not UTF-8
        "&".join(f"m[{i}]=x" for i in range(1001)),  # too many parameters
        "k" * 501 + "=1",  # name too long
        "a=" + "v" * 5001,  # value too long
        "a[5000]=x",  # a list index past the limit
    ],
)
def test_hostile_forms_are_a_400_not_a_crash(body: str | bytes) -> None:
    with pytest.raises(StripeError) as caught:
        parse_form(body)
    assert caught.value.status == 400


def test_non_ascii_digits_are_names_not_indexes_and_top_level_digits_stay_a_hash() -> None:
    assert parse_form("a[²]=1&a[\u0661]=2") == {"a": {"²": "1", "\u0661": "2"}}
    assert parse_form("0=x&1=y") == {"0": "x", "1": "y"}
