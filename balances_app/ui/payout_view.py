"""One payout as the details overlay shows it: plain strings, read for the claimed account only.

A payout ID that is not the account's reads as None, the same as one that does not exist,
so the overlay can say nothing about other accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout
from balances_app.domain import payout_reports, reconciliation
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.errors import StripeError
from balances_app.domain.money import format_day, format_money
from balances_app.domain.payout_rules import in_transit_at
from balances_app.domain.schedule import local_day, zone_for
from balances_app.ui.messages import N_, say, say_code
from balances_app.ui.wording import bank_name, failure

ITEM_PAGE = 25


TYPE_LABELS = {
    "charge": N_("Charge"),
    "refund": N_("Refund"),
    "adjustment": N_("Adjustment"),
    "payout": N_("Payout"),
    "payout_fee": N_("Payout fee"),
    "payout_failure": N_("Failed payout returned"),
    "payout_cancel": N_("Canceled payout returned"),
    "topup": N_("Top-up"),
    "topup_reversal": N_("Top-up reversal"),
    "stripe_fee": N_("Fee"),
    "application_fee": N_("Platform fee"),
}


def type_label(locale: str, kind: str) -> str:
    """A balance transaction's type as the itemized list shows it."""
    return say_code(locale, TYPE_LABELS, kind)


GROUP_LABELS = {
    "charge": N_("Charges"),
    "refund": N_("Refunds"),
    "fee": N_("Fees"),
    "platform_earning": N_("Platform fees"),
    "other_adjustment": N_("Adjustments"),
    "topup": N_("Top-ups"),
    "topup_reversal": N_("Top-up reversals"),
    "payout": N_("Instant and manual payouts"),
    "payout_reversal": N_("Earlier payouts returned"),
}


def group_label(locale: str, category: str, fallback: str) -> str:
    """A reconciliation group's name (domain/reconciliation.py: GROUPS) in the locale's language."""
    return say_code(locale, GROUP_LABELS, category, fallback)


@dataclass
class Step:
    label: str
    when: str
    state: str  # done | failed | upcoming


@dataclass
class GroupLine:
    label: str
    count: int
    gross: str
    fee: str
    net: str


@dataclass
class ItemLine:
    id: str
    kind: str
    description: str
    gross: str
    fee: str
    net: str


@dataclass
class PayoutView:
    id: str
    amount: str
    status: str
    method: str
    fee: str
    arrival: str
    destination: str
    statement_descriptor: str
    failure: str
    automatic: bool
    steps: list[Step] = field(default_factory=list)
    groups: list[GroupLine] = field(default_factory=list)
    total_gross: str = ""
    total_fee: str = ""
    total_net: str = ""
    items: list[ItemLine] = field(default_factory=list)
    next_item_seq: int = 0  # keyset cursor of the next page of items, 0 when none


def _find(session: Session, claimed: ClaimedSession, payout_id: str) -> tuple[Payout, ConnectedAccount] | None:
    payout = session.get(Payout, payout_id) if payout_id.startswith("po_") else None
    if payout is None or payout.account_id != claimed.account_id:
        return None
    account = session.get(ConnectedAccount, claimed.account_id)
    assert account is not None
    return payout, account


def _steps(payout: Payout, account: ConnectedAccount, now: int, locale: str) -> list[Step]:
    def day(moment: int) -> str:
        return format_day(local_day(moment, account.country), locale)

    leaves = in_transit_at(account, payout.method, payout.created)
    steps = [Step(say(locale, "Created"), day(payout.created), "done")]
    if payout.status == "canceled":
        return [*steps, Step(say(locale, "Canceled"), "", "failed")]
    steps.append(Step(say(locale, "In transit"), day(leaves), "done" if payout.status != "pending" else "upcoming"))
    if payout.status == "failed":
        reason = failure(locale, payout.failure_code)
        steps.append(Step(say(locale, "Failed: {reason}", reason=reason), day(payout.arrival_date), "failed"))
    else:
        steps.append(
            Step(
                say(locale, "Paid") if payout.status == "paid" else say(locale, "Expected"),
                day(payout.arrival_date),
                "done" if payout.status == "paid" else "upcoming",
            )
        )
    return steps


def items_page(session: Session, payout: Payout, after_seq: int, locale: str) -> tuple[list[ItemLine], int]:
    entries = reconciliation.items(session, payout, after_seq, ITEM_PAGE + 1)
    more = len(entries) > ITEM_PAGE
    entries = entries[:ITEM_PAGE]
    lines = [
        ItemLine(
            e.id,
            type_label(locale, e.type),
            e.description or "",
            format_money(e.amount, e.currency, locale),
            format_money(e.fee, e.currency, locale),
            format_money(e.net, e.currency, locale),
        )
        for e in entries
    ]
    return lines, (entries[-1].seq or 0) if more and entries else 0


def read(claimed: ClaimedSession, payout_id: str, now: int, locale: str) -> PayoutView | None:
    def work(session: Session) -> PayoutView | None:
        found = _find(session, claimed, payout_id)
        if found is None:
            return None
        payout, account = found
        bank = session.get(ExternalAccount, payout.destination) if payout.destination else None
        money = lambda amount: format_money(amount, payout.currency, locale)  # noqa: E731
        view = PayoutView(
            id=payout.id,
            amount=money(payout.amount),
            status=payout.status,
            method=say(locale, "Instant")
            if payout.method == "instant"
            else say(locale, "Standard")
            if not payout.automatic
            else say(locale, "Standard · automatic"),
            fee=money(payout.fee),
            arrival=format_day(local_day(payout.arrival_date, account.country), locale),
            destination=bank_name(locale, bank.bank_name or "", bank.last4) if bank else "",
            statement_descriptor=payout.statement_descriptor or "",
            failure=failure(locale, payout.failure_code) if payout.status == "failed" else "",
            automatic=payout.automatic,
            steps=_steps(payout, account, now, locale),
        )
        if payout.automatic:
            totals = reconciliation.totals(session, payout)
            view.groups = [
                GroupLine(
                    group_label(locale, g.reporting_category, g.label),
                    g.count,
                    money(g.gross),
                    money(g.fee),
                    money(g.net),
                )
                for g in totals.groups
            ]
            view.total_gross, view.total_fee, view.total_net = money(totals.gross), money(totals.fee), money(totals.net)
            view.items, view.next_item_seq = items_page(session, payout, 0, locale)
        return view

    return run_transaction(work)


def more_items(claimed: ClaimedSession, payout_id: str, after_seq: int, locale: str) -> tuple[list[ItemLine], int]:
    def work(session: Session) -> tuple[list[ItemLine], int]:
        found = _find(session, claimed, payout_id)
        if found is None:
            raise StripeError("This payout is not available.", reason="payout_unavailable")
        return items_page(session, found[0], after_seq, locale)

    return run_transaction(work)


def export(claimed: ClaimedSession, payout_id: str) -> tuple[str, str]:
    """The payout's itemized reconciliation as (file name, CSV text), read in keyset chunks."""

    def work(session: Session) -> tuple[str, str]:
        found = _find(session, claimed, payout_id)
        if found is None:
            raise StripeError("This payout is not available.", reason="payout_unavailable")
        payout, account = found
        entries, after = [], 0
        while chunk := reconciliation.items(session, payout, after, 1000):
            entries += chunk
            after = chunk[-1].seq or 0
        zone = zone_for(account.country)
        return payout_reports.file_name(f"payout_reconciliation_{payout.id}", zone), payout_reports.itemized_csv(
            payout, entries, zone
        )

    return run_transaction(work)
