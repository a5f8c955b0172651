from types import SimpleNamespace

import pytest

from balances_app.domain.charges import card_fee


@pytest.mark.parametrize(
    ("country", "currency", "amount", "fee"),
    [
        ("US", "usd", 10_000, 290 + 30),  # 2.9% + 30 cents
        ("US", "jpy", 10_000, 290),  # yen have no cents: no fixed fee, not 30 yen
        ("US", "bhd", 10_000, 290 + 300),  # three decimals: 0.30 is 300 fils, not 30
        ("JP", "jpy", 10_000, 360),
        ("JP", "usd", 10_000, 360),  # Japan's pricing has no fixed fee in any currency
        ("GB", "gbp", 10_000, 150 + 20),
    ],
)
def test_the_fixed_fee_is_in_the_charges_currency(country: str, currency: str, amount: int, fee: int) -> None:
    account = SimpleNamespace(country=country, default_currency="usd")
    assert card_fee(account, amount, currency) == fee  # type: ignore[arg-type]
