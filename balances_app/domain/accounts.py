"""Connected accounts of a platform."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from balances_app.db import rows
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain import due_work, ledger
from balances_app.domain.errors import StripeError, missing, no_such
from balances_app.domain.ids import new_id
from balances_app.domain.schedule import PayoutSchedule, local_day, start_of_day

LOSS_PAYERS = ("stripe", "application")
# Minimum payout delay in days by country (Stripe's standard timing); 2 elsewhere.
MINIMUM_DELAY_DAYS = {"US": 2, "CA": 2, "GB": 3, "AU": 2, "JP": 4, "SG": 2, "HK": 4, "NZ": 4, "BR": 30}
EU_MINIMUM_DELAY_DAYS = 3


def minimum_delay_days(country: str) -> int:
    return MINIMUM_DELAY_DAYS.get(country.upper(), EU_MINIMUM_DELAY_DAYS)


def create_account(
    session: Session,
    platform: Platform,
    *,
    business_name: str,
    email: str,
    country: str,
    default_currency: str,
    losses_payments: str,
    now: int,
    schedule: PayoutSchedule | None = None,
    instant_payouts_eligible: bool = False,
    account_id: str | None = None,
) -> ConnectedAccount:
    if losses_payments not in LOSS_PAYERS:
        raise StripeError(
            "controller[losses][payments] must be stripe or application.", param="controller[losses][payments]"
        )
    schedule = schedule or PayoutSchedule(delay_days=minimum_delay_days(country))
    account = ConnectedAccount(
        id=account_id or new_id("acct"),
        platform_id=platform.id,
        business_name=business_name,
        email=email,
        country=country.upper(),
        default_currency=default_currency.lower(),
        losses_payments=losses_payments,
        payout_interval=schedule.interval,
        payout_delay_days=schedule.delay_days,
        payout_weekly_anchor=schedule.weekly_anchor,
        payout_monthly_anchor=schedule.monthly_anchor,
        instant_payouts_eligible=instant_payouts_eligible,
        payouts_processed_through=start_of_day(local_day(now, country), country),
        created=now,
    )
    session.add(account)
    session.flush()
    schedule_next_payout_day(session, account)
    return account


def schedule_next_payout_day(session: Session, account: ConnectedAccount) -> None:
    """An account's next payout day falls due at the start of the day after the last one done."""
    next_day = local_day(account.payouts_processed_through, account.country) + timedelta(days=1)
    due_at = start_of_day(next_day, account.country)
    due_work.schedule(session, account.platform_id, account.id, "payout_day", account.id, due_at)


def get_account(
    session: Session, platform: Platform, account_id: str | None, param: str | None = "account", lock: bool = False
) -> ConnectedAccount:
    """The platform's own account; another platform's account is as unknown as a made-up id.

    Named by a parameter (`param`), a bad id is a 400 `account_invalid`; named in the path
    (`param=None`), it is a 404 `resource_missing`, as in Stripe. With `lock`, read under the
    account's lock (`ledger.lock_account`), which a write would take next: one read instead of two.
    """
    if not account_id:
        raise missing(param or "account")
    if lock:
        account = ledger.lock_account(session, account_id, required=False)
    else:
        account = rows.get(session, ConnectedAccount, account_id)
    if account is None or account.platform_id != platform.id:
        raise unknown_account(account_id, param)
    return account


def unknown_account(account_id: str, param: str | None) -> StripeError:
    """An id in the path is a 404; named by a parameter or header, a 400 `account_invalid`."""
    if param is None:
        return no_such("account", account_id)
    return StripeError(f"No such account: '{account_id}'", code="account_invalid", param=param)


def schedule_of(account: ConnectedAccount) -> PayoutSchedule:
    return PayoutSchedule(
        interval=account.payout_interval,
        delay_days=account.payout_delay_days,
        weekly_anchor=account.payout_weekly_anchor,
        monthly_anchor=account.payout_monthly_anchor,
    )
