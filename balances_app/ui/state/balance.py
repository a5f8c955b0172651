"""The balance state: the summary per currency, formatted for the session's locale, with its offers."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.money import format_day, format_money
from balances_app.domain.summaries import CurrencySummary
from balances_app.ui import actions
from balances_app.ui.messages import say
from balances_app.ui.phrases import render
from balances_app.ui.snapshot import Snapshot


@dataclass
class IncomingRow:
    day: str
    amount: str


@dataclass
class CurrencyRow:
    currency: str  # upper case, as shown
    code: str  # lower case, as the API and the domain use it
    total: str
    available: str
    pending: str
    next_payout_amount: str
    next_payout_day: str
    negative: bool
    standard_shown: bool = False
    standard_reason: str = ""
    instant_shown: bool = False
    instant_reason: str = ""
    topup_shown: bool = False
    topup_reason: str = ""
    incoming: list[IncomingRow] = field(default_factory=list)


def _reason(offer: actions.Offer, locale: str) -> str:
    """Why an action is disabled, in the viewer's language ("" when it is enabled)."""
    return render(offer.reason, locale) if offer.reason is not None else ""


def _row(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary, locale: str) -> CurrencyRow:
    def money(amount: int) -> str:
        return format_money(amount, summary.currency, locale)

    payout = summary.next_payout
    standard = actions.standard_payout(snapshot, claimed, summary)
    instant = actions.instant_payout(snapshot, claimed, summary)
    topup = actions.add_funds(snapshot, claimed, summary)
    return CurrencyRow(
        currency=summary.currency.upper(),
        code=summary.currency,
        total=money(summary.total),
        available=money(summary.available),
        pending=money(summary.pending),
        next_payout_amount=money(payout.amount) if payout else "",
        next_payout_day=format_day(payout.day, locale) if payout else "",
        negative=summary.total < 0,
        standard_shown=standard.shown,
        standard_reason=_reason(standard, locale),
        instant_shown=instant.shown,
        instant_reason=_reason(instant, locale),
        topup_shown=topup.shown,
        topup_reason=_reason(topup, locale),
        incoming=[IncomingRow(format_day(i.available_on, locale), money(i.amount)) for i in summary.incoming],
    )


class BalanceState(rx.State):
    rows: list[CurrencyRow] = []
    payouts_manual: bool = False
    can_edit_schedule: bool = False
    negative_note: str = ""

    def _show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        self.rows = [_row(snapshot, claimed, summary, locale) for summary in snapshot.summaries]
        self.payouts_manual = snapshot.account.payout_interval == "manual"
        self.can_edit_schedule = claimed.allows(actions.COMPONENT, "edit_payout_schedule")
        if not any(row.negative for row in self.rows):
            self.negative_note = ""
        elif snapshot.account.losses_payments == "application":
            self.negative_note = say(
                locale,
                "{platform} covers negative balances on this account. "
                "The amount will be recovered from your future earnings.",
                platform=snapshot.platform.name,
            )
        else:
            self.negative_note = say(
                locale,
                "Your payments provider covers this negative balance for now and will recover it from "
                "your future earnings or by debiting your bank account. Add funds to bring it back to zero.",
            )
