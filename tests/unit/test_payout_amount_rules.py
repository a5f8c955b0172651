"""The payout amount rules the server and the component share: the prefill is always payable."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from balances_app.domain.payout_rules import Headroom, amount_refusal, largest_payout, minimum_payout


@dataclass
class Terms:
    instant_fee_bps: int
    instant_fee_minimum: str
    instant_daily_limit: int


terms = st.builds(
    Terms,
    st.integers(min_value=0, max_value=500),
    st.sampled_from(["0", "0.25", "0.50", "2"]),
    st.integers(min_value=0, max_value=1_000_000),
)
rooms = st.builds(
    Headroom,
    terms,
    st.sampled_from(["standard", "instant"]),
    st.sampled_from(["usd", "jpy", "kwd"]),
    st.integers(min_value=-10_000, max_value=10**12),
    st.integers(min_value=0, max_value=10**11),
)


@settings(max_examples=2000, deadline=None)
@given(rooms)
def test_the_largest_payout_is_payable_and_one_more_unit_is_not(room: Headroom) -> None:
    amount, binding = largest_payout(room)
    if amount == 0:
        assert amount_refusal(room, minimum_payout(room.currency)) is not None
        return
    assert amount_refusal(room, amount) is None
    refusal = amount_refusal(room, amount + 1)
    assert refusal is not None
    assert refusal.code == ("instant_payouts_limit_exceeded" if binding == "daily_limit" else "balance_insufficient")


def test_the_refusal_names_the_rule_that_binds() -> None:
    limited = Headroom(Terms(100, "0.50", 150), "instant", "usd", balance=100_000, used_today=4_000)
    assert largest_payout(limited) == (11_000, "daily_limit")
    refusal = amount_refusal(limited, 9_999_999_900)
    assert refusal is not None and refusal.code == "instant_payouts_limit_exceeded"
    assert "at most $110.00 more today" in refusal.message
    spent = Headroom(Terms(100, "0.50", 150), "instant", "usd", balance=100_000, used_today=15_000)
    assert largest_payout(spent)[0] == 0
    assert "reached today's instant payout limit" in amount_refusal(spent, 100).message  # type: ignore[union-attr]
    low = Headroom(Terms(100, "0.50", 100_000), "instant", "usd", balance=5_000)
    assert largest_payout(low) == (4_950, "balance")
    assert amount_refusal(low, 4_951).code == "balance_insufficient"  # type: ignore[union-attr]
    assert amount_refusal(low, 99).code == "amount_too_small"  # type: ignore[union-attr]
