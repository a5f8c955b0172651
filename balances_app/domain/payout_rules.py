"""Payout rules that need no database: fees, eligibility, minimums, arrival dates.

Choices (documented in the README):
- Standard payouts arrive after a number of business days by country (weekends skipped,
  bank holidays not modelled): 2 in most countries, 1 in GB, 4 in JP and HK.
- Instant payouts arrive 30 minutes after creation, any day.
- The smallest payout is 1.00 of the currency's major unit (100 for zero-decimal currencies).
- The instant fee is a platform setting: `instant_fee_bps` of the amount (default 1%), at
  least `instant_fee_minimum` major units (default 0.50, rounded up to whole minor units).
- Instant payouts of all of a platform's accounts share `instant_daily_limit` major units per
  currency per day (from midnight in the platform's country).

The amount rules (minimum, daily limit, balance) live in `amount_refusal` and `largest_payout`:
the server calls the first when it books a payout, and the component's prefill and live preview
call both, so what the dialog offers is what the server accepts, and it says which rule binds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Literal, Protocol

from balances_app.db.models import ConnectedAccount, ExternalAccount, Platform
from balances_app.domain.errors import StripeError
from balances_app.domain.money import exponent, format_money
from balances_app.domain.schedule import add_business_days, local_day, start_of_day

EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()  # noqa: SIM905
)
INSTANT_COUNTRIES = EU_COUNTRIES | {"AE", "AU", "CA", "DK", "GB", "HK", "MY", "NO", "NZ", "SE", "SG", "US"}
STANDARD_ARRIVAL_BUSINESS_DAYS = {"GB": 1, "JP": 4, "HK": 4}
INSTANT_ARRIVAL_SECONDS = 30 * 60
MANUAL_ONLY_MESSAGE = "Switch your payout schedule to manual to pay out now."


def minimum_payout(currency: str) -> int:
    return max(100, 10 ** exponent(currency))


class FeeTerms(Protocol):
    instant_fee_bps: int
    instant_fee_minimum: str


class InstantTerms(FeeTerms, Protocol):
    instant_daily_limit: int


def instant_fee(platform: FeeTerms, amount: int, currency: str) -> int:
    minimum = math.ceil(Decimal(platform.instant_fee_minimum).scaleb(exponent(currency)))
    return max(-(-amount * platform.instant_fee_bps // 10_000), minimum)  # integer ceiling: exact at any size


def max_instant_amount(platform: FeeTerms, instant_available: int, currency: str) -> int:
    """The largest amount whose fee still fits in `instant_available` (0 if none does).

    The fee is the larger of a share and a minimum, so the amount must leave room for both:
    a + ceil(a * bps / 10000) <= available  <=>  a <= available * 10000 // (10000 + bps).
    """
    by_share = instant_available * 10_000 // (10_000 + platform.instant_fee_bps)
    by_minimum = instant_available - instant_fee(platform, 0, currency)
    return max(min(by_share, by_minimum), 0)


def instant_refusal(platform: Platform, account: ConnectedAccount) -> StripeError | None:
    """Why this account cannot pay out instantly at all, or None."""
    if account.losses_payments == "application":
        if platform.country not in INSTANT_COUNTRIES:
            return _unsupported(
                f"Instant payouts are not available for platforms in {platform.country}.",
                "instant_platform_country",
                country=platform.country,
            )
        if account.country != platform.country:
            return _unsupported(
                "Instant payouts are only available to accounts in the platform's country.",
                "instant_account_country",
                country=platform.country,
            )
        return None
    if not account.instant_payouts_eligible:
        return _unsupported("This account is not eligible for instant payouts yet.", "instant_account_not_eligible")
    return None


def _unsupported(message: str, reason: str, **params: str) -> StripeError:
    return StripeError(message, code="instant_payouts_unsupported", reason=reason, params=params)


def can_receive_instant(destination: ExternalAccount) -> bool:
    return "instant" in destination.available_payout_methods


def standard_refusal(account: ConnectedAccount) -> StripeError | None:
    """Why this account cannot pay out on demand (its schedule is automatic), or None."""
    if account.payout_interval == "manual":
        return None
    return StripeError(MANUAL_ONLY_MESSAGE, code="payouts_not_allowed", reason="manual_schedule_required")


def arrival_date(account: ConnectedAccount | str, method: str, now: int) -> int:
    """When a payout made `now` arrives; `account` may be the account or just its country."""
    if method == "instant":
        return now + INSTANT_ARRIVAL_SECONDS
    country = account if isinstance(account, str) else account.country
    days = STANDARD_ARRIVAL_BUSINESS_DAYS.get(country, 2)
    return start_of_day(add_business_days(local_day(now, country), days), country)


def in_transit_at(account: ConnectedAccount, method: str, created: int) -> int:
    """Instant payouts leave at once; standard ones at the next day's bank cut-off, until then cancelable."""
    if method == "instant":
        return created
    return start_of_day(local_day(created, account.country) + timedelta(days=1), account.country)


def instant_daily_limit(platform: InstantTerms, currency: str) -> int:
    return platform.instant_daily_limit * 10 ** exponent(currency)


Binding = Literal["minimum", "daily_limit", "balance"]


@dataclass(frozen=True)
class Headroom:
    """The figures a payout is checked against at one moment, read under the account's lock by the server."""

    platform: InstantTerms
    method: str  # standard | instant
    currency: str
    balance: int  # available (standard) or instantly available (instant), fees come out of it too
    used_today: int = 0  # the platform's instant volume today in this currency (instant only)

    def fee(self, amount: int) -> int:
        return instant_fee(self.platform, amount, self.currency) if self.method == "instant" else 0

    @property
    def limit_left(self) -> int | None:
        if self.method != "instant":
            return None
        return max(instant_daily_limit(self.platform, self.currency) - self.used_today, 0)


def largest_payout(room: Headroom) -> tuple[int, Binding]:
    """The largest amount every rule allows now, and the rule that sets it (0 if below the minimum)."""
    if room.method == "instant":
        amount, binding = max_instant_amount(room.platform, room.balance, room.currency), "balance"
    else:
        amount, binding = max(room.balance, 0), "balance"
    left = room.limit_left
    if left is not None and left <= amount:  # on a tie the limit is named, as the refusal names it first
        amount, binding = left, "daily_limit"
    if amount < minimum_payout(room.currency):
        return 0, binding
    return amount, binding


def amount_refusal(room: Headroom, amount: int) -> StripeError | None:
    """Why this amount cannot be paid out now (naming the rule), or None; the same for the server and preview."""
    currency = room.currency
    if amount < minimum_payout(currency):
        return too_small("Payouts", currency)
    left = room.limit_left
    if left is not None and amount > left:
        if left < minimum_payout(currency):
            return StripeError(
                "This platform has reached today's instant payout limit. Try a standard payout.",
                code="instant_payouts_limit_exceeded",
                reason="instant_daily_limit_reached",
                params={"currency": currency},
            )
        return StripeError(
            f"That is more than this platform's daily instant payout limit allows: at most "
            f"{format_money(left, currency)} more today. Choose a smaller amount or a standard payout.",
            code="instant_payouts_limit_exceeded",
            params={"left": left, "currency": currency},
        )
    fee = room.fee(amount)
    if amount + fee > room.balance:
        shown = format_money(max(room.balance, 0), currency)
        return StripeError(
            f"Your balance is too low for this payout: {shown} is available"
            + (" for instant payouts (fee included)." if room.method == "instant" else "."),
            code="balance_insufficient",
            reason="instant_balance_insufficient" if room.method == "instant" else None,
            params={"available": max(room.balance, 0), "currency": currency},
        )
    return None


def too_small(what: Literal["Payouts", "Top-ups"], currency: str) -> StripeError:
    """The minimum amount's refusal (payouts and top-ups share it): the API's words, and the figures."""
    shown = format_money(minimum_payout(currency), currency)
    return StripeError(
        f"{what} must be at least {shown}.",
        code="amount_too_small",
        param="amount",
        reason="topup_amount_too_small" if what == "Top-ups" else None,
        params={"minimum": minimum_payout(currency), "currency": currency},
    )
