"""What the balances component shows: per currency, the balance and the next payout."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from balances_app.db.models import ConnectedAccount, ExternalAccount
from balances_app.domain import ledger
from balances_app.domain.accounts import schedule_of
from balances_app.domain.balances import CurrencyBalance, available_at, summarize
from balances_app.domain.schedule import local_day, start_of_day, upcoming_payout_days


@dataclass(frozen=True)
class Incoming:
    available_on: date
    amount: int


@dataclass(frozen=True)
class NextPayout:
    day: date
    amount: int


@dataclass(frozen=True)
class CurrencySummary:
    currency: str
    total: int
    available: int
    pending: int
    instant_available: int
    incoming: tuple[Incoming, ...]
    next_payout: NextPayout | None  # None: manual schedule, no bank account, or nothing to pay out


def account_summary(session: Session, account: ConnectedAccount, now: int) -> list[CurrencySummary]:
    """Balances per currency (the account's default currency first) with the schedule's next payout."""
    all_buckets = ledger.buckets(session, account.id)
    schedule = schedule_of(account)
    next_days = upcoming_payout_days(schedule, local_day(now, account.country))
    payable = set(
        session.exec(
            select(ExternalAccount.currency).where(
                ExternalAccount.account_id == account.id,
                ExternalAccount.default_for_currency,
                col(ExternalAccount.deleted_at).is_(None),
            )
        ).all()
    )
    summaries = []
    for currency, balance in summarize(all_buckets, now).items():
        next_payout = None
        if next_days and currency in payable:
            amount = available_at(all_buckets, currency, start_of_day(next_days[0], account.country))
            next_payout = NextPayout(next_days[0], amount) if amount > 0 else None
        summaries.append(
            CurrencySummary(
                currency=currency,
                total=balance.total,
                available=balance.available_total,
                pending=balance.pending_total,
                instant_available=balance.instant_available,
                incoming=_incoming_by_day(balance, account.country),
                next_payout=next_payout,
            )
        )
    summaries.sort(key=lambda s: (s.currency != account.default_currency, s.currency))
    return summaries


def _incoming_by_day(balance: CurrencyBalance, country: str) -> tuple[Incoming, ...]:
    """Pending funds by the day they become available; debits still pending (instant payouts
    that spent them) are taken from the earliest days first, so no day shows a negative amount."""
    by_day: dict[date, int] = defaultdict(int)
    for moment, amount in sorted(balance.incoming.items()):
        by_day[local_day(moment, country)] += amount
    days = sorted(by_day)
    owed = -sum(amount for amount in by_day.values() if amount < 0)
    result = []
    for day in days:
        amount = max(by_day[day], 0)
        taken = min(amount, owed)
        owed -= taken
        if amount - taken:
            result.append(Incoming(day, amount - taken))
    return tuple(result)
