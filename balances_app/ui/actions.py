"""Which money actions a component offers for a currency, and why one is unavailable.

The session's features decide whether an action appears at all; the domain's rules decide
whether it is enabled. The server applies the same checks again when the action is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from balances_app.domain import payout_rules, topups
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.summaries import CurrencySummary
from balances_app.ui.snapshot import Snapshot

COMPONENT = "balances"


@dataclass(frozen=True)
class Offer:
    shown: bool
    reason: str = ""  # empty when the action is enabled

    @property
    def enabled(self) -> bool:
        return self.shown and not self.reason


def standard_payout(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT, "standard_payouts"):
        return Offer(False)
    if reason := payout_rules.standard_refusal(snapshot.account):
        return Offer(True, reason)
    return Offer(True, _payable(snapshot, summary, summary.available))


def instant_payout(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT, "instant_payouts"):
        return Offer(False)
    if reason := payout_rules.instant_refusal(snapshot.platform, snapshot.account):
        return Offer(True, reason)
    if summary.currency != snapshot.account.default_currency:
        return Offer(True, f"Instant payouts are only available in {snapshot.account.default_currency.upper()}.")
    if not any(payout_rules.can_receive_instant(e) for e in snapshot.destinations(summary.currency)):
        return Offer(True, "Add a debit card or an instant-eligible bank account to pay out instantly.")
    room = payout_rules.max_instant_amount(snapshot.platform, summary.instant_available, summary.currency)
    return Offer(True, _payable(snapshot, summary, room))


def add_funds(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT) or topups.refusal(snapshot.account):
        return Offer(False)
    if not snapshot.destinations(summary.currency):
        return Offer(True, f"Add a {summary.currency.upper()} bank account to add funds from it.")
    return Offer(True)


def _payable(snapshot: Snapshot, summary: CurrencySummary, amount: int) -> str:
    if not snapshot.destinations(summary.currency):
        return f"Add a {summary.currency.upper()} bank account to receive payouts."
    if amount < payout_rules.minimum_payout(summary.currency):
        return "There is not enough available balance to pay out yet."
    return ""
