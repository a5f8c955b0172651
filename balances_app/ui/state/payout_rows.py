"""The payouts list as the component shows it: one plain row per recent or upcoming payout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.money import format_day, format_money
from balances_app.domain.schedule import local_day
from balances_app.ui.messages import N_
from balances_app.ui.snapshot import Snapshot
from balances_app.ui.wording import bank_name, failure, method_label, status_label

# The statuses' msgids (English), for the list's filter (components read them through T); rows
# say them in the session's language through ui/wording.py:status_label, which marks the same msgids.
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
                status_label=status_label(locale, payout.status),
                method=method_label(locale, payout.method, payout.automatic, manual_word="manual"),
                created=format_day(day_of(payout.created, snapshot), locale),
                arrival=format_day(day_of(payout.arrival_date, snapshot), locale),
                destination=bank_name(locale, external.bank_name or "", external.last4) if external else "",
                failure=failure(locale, payout.failure_code) if payout.status == "failed" else "",
                cancelable=may_cancel and payout.status == "pending" and not payout.automatic,
            )
        )
    return rows


def day_of(moment: int, snapshot: Snapshot) -> date:
    return local_day(moment, snapshot.account.country)
