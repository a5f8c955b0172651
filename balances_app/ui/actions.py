"""Which money actions a component offers for a currency, and doing one once per dialog.

The session's features decide whether an action appears at all; the domain's rules decide
whether it is enabled. The server applies the same checks again when the action is confirmed,
through the API's own idempotency protocol (`domain/idempotency.py`): the dialog's key runs
the payout or top-up once, and what is stored and replayed is a code and its parameters
(`Outcome`, or a refusal's rule and figures), put into words in the viewer's language only when
shown (ui/phrases.py), so a replayed answer reads in the language of whoever sees it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Literal

from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.domain import idempotency, payout_rules, payouts, topups
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.errors import StripeError
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.summaries import CurrencySummary
from balances_app.domain.topups import TopupRequest
from balances_app.ui.phrases import Phrase
from balances_app.ui.snapshot import Snapshot, load

COMPONENT = "balances"


@dataclass(frozen=True)
class Offer:
    shown: bool
    reason: Phrase | None = None  # why the action is disabled, said in the viewer's language; None when enabled

    @property
    def enabled(self) -> bool:
        return self.shown and self.reason is None


def standard_payout(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT, "standard_payouts"):
        return Offer(False)
    if refusal := payout_rules.standard_refusal(snapshot.account):
        return Offer(True, Phrase.of(refusal))
    return Offer(True, _payable(snapshot, summary, summary.available))


def instant_payout(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT, "instant_payouts"):
        return Offer(False)
    if refusal := payout_rules.instant_refusal(snapshot.platform, snapshot.account):
        return Offer(True, Phrase.of(refusal))
    if summary.currency != snapshot.account.default_currency:
        return Offer(True, Phrase("instant_payouts_currency_disabled", {"currency": snapshot.account.default_currency}))
    if not any(payout_rules.can_receive_instant(e) for e in snapshot.destinations(summary.currency)):
        return Offer(True, Phrase("offer_no_instant_destination"))
    room = payout_rules.Headroom(
        snapshot.platform, "instant", summary.currency, summary.instant_available, snapshot.instant_used_today
    )
    largest, _binding = payout_rules.largest_payout(room)  # the dialog's prefill: every rule the server applies
    if largest == 0 and (refusal := payout_rules.amount_refusal(room, payout_rules.minimum_payout(summary.currency))):
        return Offer(True, Phrase.of(refusal))  # the daily limit, or the balance, says why
    return Offer(True, _payable(snapshot, summary, largest))


def add_funds(snapshot: Snapshot, claimed: ClaimedSession, summary: CurrencySummary) -> Offer:
    if not claimed.allows(COMPONENT) or topups.refusal(snapshot.account):
        return Offer(False)
    if not snapshot.destinations(summary.currency):
        return Offer(True, Phrase("offer_no_topup_source", {"currency": summary.currency}))
    return Offer(True)


def _payable(snapshot: Snapshot, summary: CurrencySummary, amount: int) -> Phrase | None:
    if not snapshot.destinations(summary.currency):
        return Phrase("offer_no_destination", {"currency": summary.currency})
    if amount < payout_rules.minimum_payout(summary.currency):
        return Phrase("offer_balance_too_low")
    return None


@dataclass(frozen=True)
class Outcome:
    """What a confirmed dialog did: stored under its idempotency key and replayed as it is."""

    code: Literal["payout_created", "topup_created"]
    object_id: str
    amount: int
    currency: str


def notice(outcome: Outcome) -> Phrase:
    """What a confirmed dialog did, to be said in the viewer's language (ui/phrases.py: SENTENCES)."""
    return Phrase(outcome.code, {"amount": outcome.amount, "currency": outcome.currency})


def _refusal_body(error: StripeError) -> bytes:
    """A refusal as the component stores it under its key: Stripe's error, plus the rule and its figures."""
    body = error.to_dict()
    body["error"] = {**body["error"], "rule": error.rule, "params": error.params}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def execute(claimed: ClaimedSession, kind: str, currency: str, amount: int, destination: str, key: str) -> Outcome:
    """Book the payout or top-up once per dialog key, in one transaction with its idempotency record."""
    fingerprint = hashlib.sha256(f"{kind}|{currency}|{amount}|{destination}".encode()).hexdigest()
    scope = f"component:{claimed.account_id}"

    def work(session: Session) -> idempotency.Result:
        platform, account, now = load(session, claimed)

        def move_money() -> tuple[int, bytes]:
            if kind == "topup":
                made = topups.create(session, account, TopupRequest(amount, currency), now).id
            else:
                request = PayoutRequest(amount, currency, method=kind, destination=destination or None)
                made = payouts.create(session, platform, account, request, now).id
            code = "topup_created" if kind == "topup" else "payout_created"
            return 200, json.dumps(asdict(Outcome(code, made, amount, currency))).encode()

        return idempotency.run(session, platform.id, scope, key, fingerprint, now, move_money, _refusal_body)

    result = run_transaction(work, write=True)
    stored = json.loads(result.body)
    if result.status != 200:
        refusal = stored["error"]
        raise StripeError(
            refusal["message"],
            refusal["type"],
            refusal.get("code"),
            refusal.get("param"),
            result.status,
            refusal.get("rule") or None,
            refusal.get("params") or {},
        )
    return Outcome(**stored)
