"""Top-ups: adding funds from the account's bank account, offered when Stripe carries its losses.

A top-up is booked at once as a `topup` entry whose funds are pending until the expected
availability date (3 business days), when the top-up succeeds and the funds become available.
In test mode, a top-up pulled from a bank account whose number is a failing test number fails
on that date instead: a `topup_reversal` entry takes the pending funds back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from balances_app.db.models import ConnectedAccount, ExternalAccount, Topup
from balances_app.domain import due_work, events, ledger
from balances_app.domain.errors import StripeError, invalid, no_such
from balances_app.domain.external_accounts import destination_for
from balances_app.domain.ids import new_id
from balances_app.domain.objects import topup_object
from balances_app.domain.payout_rules import minimum_payout, too_small
from balances_app.domain.payouts import FAILURE_MESSAGES
from balances_app.domain.schedule import add_business_days, local_day, start_of_day

AVAILABILITY_BUSINESS_DAYS = 3
NOT_OFFERED = "Adding funds is only available when the payments provider covers this account's negative balances."


@dataclass(frozen=True)
class TopupRequest:
    amount: int
    currency: str
    description: str | None = None
    statement_descriptor: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def refusal(account: ConnectedAccount) -> str | None:
    return None if account.losses_payments == "stripe" else NOT_OFFERED


def create(session: Session, account: ConnectedAccount, request: TopupRequest, now: int) -> Topup:
    ledger.lock_account(session, account.id)
    if reason := refusal(account):
        raise StripeError(reason, code="topups_not_allowed")
    currency = request.currency.lower()
    if request.amount < minimum_payout(currency):
        raise too_small("Top-ups", currency)
    if request.statement_descriptor and len(request.statement_descriptor) > 15:
        raise invalid("statement_descriptor", "statement_descriptor may be at most 15 characters.")
    source = destination_for(session, account, currency, None)
    available_on = start_of_day(
        add_business_days(local_day(now, account.country), AVAILABILITY_BUSINESS_DAYS), account.country
    )
    topup = Topup(
        id=new_id("tu"),
        account_id=account.id,
        amount=request.amount,
        currency=currency,
        expected_availability_date=available_on,
        source=source.id,
        description=request.description,
        statement_descriptor=request.statement_descriptor,
        metadata_=dict(request.metadata),
        created=now,
    )
    txn = ledger.post(
        session,
        ledger.Entry(
            account.id,
            "topup",
            request.amount,
            currency,
            available_on,
            source=topup.id,
            source_type="bank_account",
            description=request.description or "Top-up",
            instant_available_on=available_on,
        ),
        now,
    )
    topup.balance_transaction = txn.id
    session.add(topup)
    session.flush()
    due_work.schedule(session, account.platform_id, account.id, "topup", topup.id, available_on)
    events.emit(session, account.id, "topup.created", topup_object(topup), now=now)
    return topup


def get(session: Session, account: ConnectedAccount, topup_id: str) -> Topup:
    topup = session.get(Topup, topup_id)
    if topup is None or topup.account_id != account.id:
        raise no_such("topup", topup_id)
    return topup


def advance(session: Session, account: ConnectedAccount, topup: Topup, now: int) -> None:
    """A pending top-up settles on its expected availability date: it succeeds, or fails when its bank does."""
    if topup.status == "pending" and now >= topup.expected_availability_date:
        source = session.get(ExternalAccount, topup.source) if topup.source else None
        if source is not None and source.test_failure_code:
            _fail(session, topup, source.test_failure_code, now)
        else:
            topup.status = "succeeded"
        session.add(topup)
        events.emit(session, topup.account_id, f"topup.{topup.status}", topup_object(topup), now=now)
    due_at = topup.expected_availability_date if topup.status == "pending" else None
    due_work.schedule(session, account.platform_id, account.id, "topup", topup.id, due_at)


def _fail(session: Session, topup: Topup, code: str, now: int) -> None:
    when = topup.expected_availability_date
    entry = ledger.Entry(
        topup.account_id,
        "topup_reversal",
        -topup.amount,
        topup.currency,
        when,
        source=topup.id,
        source_type="bank_account",
        description="Top-up failed",
        instant_available_on=when,
    )
    ledger.post(session, entry, now)
    topup.status, topup.failure_code = "failed", code
    topup.failure_message = FAILURE_MESSAGES.get(code, FAILURE_MESSAGES["could_not_process"])
