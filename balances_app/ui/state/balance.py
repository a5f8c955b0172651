"""The balance state: the summary per currency, formatted for the session's locale."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import reflex as rx

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.clock import system_clock
from balances_app.domain.money import format_day, format_money
from balances_app.domain.platforms import clock_for
from balances_app.domain.summaries import CurrencySummary, account_summary


@dataclass
class IncomingRow:
    day: str
    amount: str


@dataclass
class CurrencyRow:
    currency: str
    total: str
    available: str
    pending: str
    next_payout_amount: str
    next_payout_day: str
    negative: bool
    incoming: list[IncomingRow] = field(default_factory=list)


@dataclass
class AccountView:
    summaries: list[CurrencySummary]
    losses_payments: str
    platform_name: str
    manual: bool


def _read(claimed: ClaimedSession) -> AccountView:
    with transaction() as session:
        account = session.get(ConnectedAccount, claimed.account_id)
        platform = session.get(Platform, claimed.platform_id)
        assert account is not None and platform is not None
        now = clock_for(platform, system_clock).now()
        return AccountView(
            account_summary(session, account, now),
            account.losses_payments,
            platform.name,
            account.payout_interval == "manual",
        )


def _row(summary: CurrencySummary, locale: str) -> CurrencyRow:
    def money(amount: int) -> str:
        return format_money(amount, summary.currency, locale)

    payout = summary.next_payout
    return CurrencyRow(
        currency=summary.currency.upper(),
        total=money(summary.total),
        available=money(summary.available),
        pending=money(summary.pending),
        next_payout_amount=money(payout.amount) if payout else "",
        next_payout_day=format_day(payout.day, locale) if payout else "",
        negative=summary.total < 0,
        incoming=[IncomingRow(format_day(i.available_on, locale), money(i.amount)) for i in summary.incoming],
    )


class BalanceState(rx.State):
    rows: list[CurrencyRow] = []
    payouts_manual: bool = False
    negative_note: str = ""

    async def load(self, claimed: ClaimedSession, locale: str) -> None:
        view = await asyncio.to_thread(_read, claimed)
        self.rows = [_row(summary, locale) for summary in view.summaries]
        self.payouts_manual = view.manual
        if not any(row.negative for row in self.rows):
            self.negative_note = ""
        elif view.losses_payments == "application":
            self.negative_note = (
                f"{view.platform_name} covers negative balances on this account. "
                "The amount will be recovered from your future earnings."
            )
        else:
            self.negative_note = (
                "Your payments provider covers this negative balance for now and will recover it from "
                "your future earnings or by debiting your bank account. Add funds to bring it back to zero."
            )
