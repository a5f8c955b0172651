"""Editing an account's payout schedule, with Stripe's rules, and saying it in words.

`change` is the write path (API and component alike): it applies `update` and emits `account.updated`.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from balances_app.db.models import ConnectedAccount
from balances_app.domain import events
from balances_app.domain.accounts import minimum_delay_days, schedule_of
from balances_app.domain.errors import StripeError, invalid
from balances_app.domain.objects import account_with_externals
from balances_app.domain.schedule import INTERVALS, WEEKDAYS, PayoutSchedule, local_day, upcoming_payout_days

PARAM = "settings[payouts][schedule][{}]"
MAX_DELAY_DAYS = 365


def update(
    account: ConnectedAccount,
    *,
    interval: str | None = None,
    delay_days: str | int | None = None,
    weekly_anchor: str | None = None,
    monthly_anchor: str | int | None = None,
) -> PayoutSchedule:
    """Validate and apply a schedule change; nothing changes when anything is wrong."""
    current = schedule_of(account)
    interval = interval or current.interval
    if interval not in INTERVALS:
        raise invalid(
            PARAM.format("interval"),
            f"Invalid interval: must be one of {', '.join(INTERVALS)}.",
            reason="interval_invalid",
        )
    weekly = (weekly_anchor or current.weekly_anchor or "").lower() or None
    monthly = _monthly(monthly_anchor, current.monthly_anchor)
    if interval == "weekly" and weekly not in WEEKDAYS:
        raise StripeError(
            "A weekly schedule needs a weekly_anchor: a day from monday to sunday.",
            code="parameter_missing" if weekly is None else "parameter_invalid",
            param=PARAM.format("weekly_anchor"),
            reason="weekly_anchor_invalid",
        )
    if interval == "monthly" and monthly is None:
        raise StripeError(
            "A monthly schedule needs a monthly_anchor: a day of the month from 1 to 31.",
            code="parameter_missing",
            param=PARAM.format("monthly_anchor"),
            reason="monthly_anchor_invalid",
        )
    delay = _delay(delay_days, current.delay_days, account.country)
    account.payout_interval, account.payout_delay_days = interval, delay
    account.payout_weekly_anchor = weekly if weekly in WEEKDAYS else None
    account.payout_monthly_anchor = monthly
    return schedule_of(account)


def change(session: Session, account: ConnectedAccount, now: int | None = None, **fields: str) -> PayoutSchedule:
    """Change the schedule and say so in an `account.updated` event, in the caller's transaction."""
    before = account_with_externals(session, account)
    schedule = update(account, **fields)
    session.add(account)
    after = account_with_externals(session, account)
    if previous := events.previous_attributes(before, after):
        events.emit(session, account.id, "account.updated", after, now=now, previous=previous)
    return schedule


def _monthly(given: str | int | None, current: int | None) -> int | None:
    if given is None or given == "":
        return current
    if not (str(given).isascii() and str(given).isdigit()) or not 1 <= int(given) <= 31:
        raise invalid(
            PARAM.format("monthly_anchor"),
            "monthly_anchor must be a day of the month from 1 to 31.",
            reason="monthly_anchor_invalid",
        )
    return int(given)


def _delay(given: str | int | None, current: int, country: str) -> int:
    minimum = minimum_delay_days(country)
    if given is None or given == "":
        return max(current, minimum)
    if given == "minimum":
        return minimum
    if not (str(given).isascii() and str(given).isdigit()):
        raise invalid(
            PARAM.format("delay_days"),
            'delay_days must be a number of days or "minimum".',
            reason="delay_days_invalid",
            minimum=minimum,
            maximum=MAX_DELAY_DAYS,
        )
    if not minimum <= int(given) <= MAX_DELAY_DAYS:
        raise invalid(
            PARAM.format("delay_days"),
            f"delay_days must be between {minimum} (the minimum in {country}) and {MAX_DELAY_DAYS}.",
            reason="delay_days_invalid",
            minimum=minimum,
            maximum=MAX_DELAY_DAYS,
        )
    return int(given)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def describe(schedule: PayoutSchedule) -> str:
    """'Every Monday, for funds available 2 days earlier'."""
    if schedule.interval == "manual":
        return "Manual: you choose when to pay out"
    days = f"{schedule.delay_days} day{'s' if schedule.delay_days != 1 else ''}"
    if schedule.interval == "weekly":
        when = f"Every {(schedule.weekly_anchor or 'monday').capitalize()}"
    elif schedule.interval == "monthly":
        anchor = schedule.monthly_anchor or 1
        when = f"Monthly on the {_ordinal(anchor)}" + (" (or the month's last day)" if anchor > 28 else "")
    else:
        when = "Daily"
    return f"{when}, for funds available {days} earlier"


def next_days(account: ConnectedAccount, now: int, count: int = 3) -> list[date]:
    return upcoming_payout_days(schedule_of(account), local_day(now, account.country), count)
