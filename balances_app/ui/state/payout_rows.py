"""The payouts list as the component shows it: one plain row per recent or upcoming payout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.external_accounts import describe
from balances_app.domain.money import format_day, format_money
from balances_app.domain.schedule import local_day
from balances_app.ui.messages import N_
from balances_app.ui.snapshot import Snapshot

STATUS_LABELS = {
    "pending": N_("Pending"),
    "in_transit": N_("In transit"),
    "paid": N_("Paid"),
    "failed": N_("Failed"),
    "canceled": N_("Canceled"),
}


@dataclass
class PayoutRow:
    id: str
    amount: str
    status: str
    status_label: str
    method: str
    created: str
    arrival: str
    destination: str
    failure: str
    cancelable: bool


def payout_rows(snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> list[PayoutRow]:
    may_cancel = claimed.allows("balances", "standard_payouts")
    rows = []
    for payout in snapshot.payouts:
        external = snapshot.external(payout.destination)
        rows.append(
            PayoutRow(
                id=payout.id,
                amount=format_money(payout.amount, payout.currency, locale),
                status=payout.status,
                status_label=STATUS_LABELS.get(payout.status, payout.status),
                method="Instant" if payout.method == "instant" else ("Automatic" if payout.automatic else "Manual"),
                created=format_day(day_of(payout.created, snapshot), locale),
                arrival=format_day(day_of(payout.arrival_date, snapshot), locale),
                destination=describe(external) if external else "",
                failure=payout.failure_message or "",
                cancelable=may_cancel and payout.status == "pending" and not payout.automatic,
            )
        )
    return rows


def day_of(moment: int, snapshot: Snapshot) -> date:
    return local_day(moment, snapshot.account.country)
