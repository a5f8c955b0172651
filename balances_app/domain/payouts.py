"""Payouts: creating them within the rules, canceling them, and moving them through their lifecycle.

Money leaves the balance when a payout is created (a `payout` entry, and a `payout_fee`
entry for instant payouts) and comes back only through `payout_cancel` or `payout_failure`
entries. Every change happens under the account's lock, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from balances_app.db.models import BalanceTransaction, ConnectedAccount, ExternalAccount, Payout, Platform
from balances_app.db.rows import insert_now, new_row
from balances_app.domain import due_work, events, ledger
from balances_app.domain import payout_rules as rules
from balances_app.domain.balances import covered_from
from balances_app.domain.errors import StripeError, invalid, no_such
from balances_app.domain.external_accounts import destination_for, mark_errored
from balances_app.domain.ids import new_id
from balances_app.domain.objects import payout_object
from balances_app.domain.payout_room import headroom_of
from balances_app.domain.platforms import lock_shared_limits

FAILURE_MESSAGES = {
    "no_account": "The bank account details on file probably belong to no account.",
    "account_closed": "The bank account has been closed.",
    "insufficient_funds": "The bank account has insufficient funds to receive the payout reversal.",
    "debit_not_authorized": "Debit transactions are not approved on the bank account.",
    "invalid_currency": "The bank was unable to process this payout because of its currency.",
    "invalid_account_number": "The routing number seems correct, but the account number is invalid.",
    "could_not_process": "The bank could not process this payout.",
}


@dataclass(frozen=True)
class PayoutRequest:
    amount: int
    currency: str
    method: str = "standard"
    destination: str | None = None
    description: str | None = None
    statement_descriptor: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def create(
    session: Session,
    platform: Platform,
    account: ConnectedAccount,
    request: PayoutRequest,
    now: int,
    automatic: bool = False,
) -> Payout:
    """Create a payout if the rules allow it, debiting the balance in the same transaction."""
    ledger.lock_account(session, account.id)
    currency = request.currency.lower()
    _check_shape(request, currency)
    if request.method == "standard" and not automatic and (refusal := rules.standard_refusal(account)):
        raise StripeError(
            f"You cannot create manual payouts while automatic payouts are enabled. {refusal.message}",
            code="payouts_not_allowed",
            reason=refusal.reason,
        )
    if request.method == "instant":
        _check_instant_account(platform, account, currency)
    destination = destination_for(session, account, currency, request.destination)
    if request.method == "instant":
        _check_instant_destination(destination)
        lock_shared_limits(session, platform.id)  # the daily instant limit: other accounts' payouts count too
    buckets = ledger.buckets(session, account.id)
    # One set of amount rules (minimum, daily instant limit, balance), shared with the component's preview.
    if refusal := rules.amount_refusal(
        headroom_of(session, platform, buckets, request.method, currency, now), request.amount
    ):
        raise refusal
    fee = rules.instant_fee(platform, request.amount, currency) if request.method == "instant" else 0
    # Instant payouts spend funds that are still pending: the debit lands as they become available.
    debit_on = covered_from(buckets, currency, request.amount + fee, now) if request.method == "instant" else now
    return _book(session, account, destination, request, currency, fee, now, debit_on, automatic)


def _check_shape(request: PayoutRequest, currency: str) -> None:
    if request.method not in ("standard", "instant"):
        raise invalid("method", "method must be standard or instant.")
    if request.amount < rules.minimum_payout(currency):
        raise rules.too_small("Payouts", currency)
    if request.statement_descriptor and len(request.statement_descriptor) > 22:
        raise invalid("statement_descriptor", "statement_descriptor may be at most 22 characters.")


def _check_instant_account(platform: Platform, account: ConnectedAccount, currency: str) -> None:
    if refusal := rules.instant_refusal(platform, account):
        raise refusal
    if currency != account.default_currency:
        raise StripeError(
            f"Instant payouts are only available in {account.default_currency.upper()}.",
            code="instant_payouts_currency_disabled",
            param="currency",
            params={"currency": account.default_currency},
        )


def _check_instant_destination(destination: ExternalAccount) -> None:
    if not rules.can_receive_instant(destination):
        raise StripeError(
            "This bank account cannot receive instant payouts. Choose a debit card or an "
            "instant-eligible bank account.",
            code="instant_payouts_unsupported",
            param="destination",
            reason="instant_destination_unsupported",
        )


def _book(
    session: Session,
    account: ConnectedAccount,
    destination: ExternalAccount,
    request: PayoutRequest,
    currency: str,
    fee: int,
    now: int,
    debit_on: int,
    automatic: bool,
) -> Payout:
    payout = new_row(
        Payout,
        id=new_id("po"),
        account_id=account.id,
        amount=request.amount,
        currency=currency,
        arrival_date=rules.arrival_date(account, request.method, now),
        automatic=automatic,
        method=request.method,
        status="in_transit" if request.method == "instant" else "pending",
        type="card" if destination.object == "card" else "bank_account",
        destination=destination.id,
        description=request.description,
        statement_descriptor=request.statement_descriptor,
        metadata_=dict(request.metadata),
        created=now,
        fee=fee,
    )
    entries = [
        ledger.Entry(
            account.id,
            "payout",
            -request.amount,
            currency,
            debit_on,
            source=payout.id,
            description=request.description or "STRIPE PAYOUT",
        )
    ]
    if fee:
        entries.append(
            ledger.Entry(
                account.id, "payout_fee", -fee, currency, debit_on, source=payout.id, description="Instant payout fee"
            )
        )
    txns = ledger.post_many(session, entries, now)
    payout.balance_transaction = txns[0].id
    payout.fee_balance_transaction = txns[1].id if fee else None
    insert_now(session, payout)
    _schedule(session, account, payout, new=True)
    events.emit(session, account.id, "payout.created", payout_object(payout), now=now)
    return payout


def _schedule(session: Session, account: ConnectedAccount, payout: Payout, new: bool = False) -> None:
    """The payout's next lifecycle step falls due when it leaves (pending) or arrives (in transit)."""
    due_at = None
    if payout.status == "pending":
        due_at = rules.in_transit_at(account, payout.method, payout.created)
    elif payout.status == "in_transit":
        due_at = payout.arrival_date
    due_work.schedule(session, account.platform_id, account.id, "payout", payout.id, due_at, new=new)


def get(session: Session, account: ConnectedAccount, payout_id: str) -> Payout:
    payout = session.get(Payout, payout_id)
    if payout is None or payout.account_id != account.id:
        raise no_such("payout", payout_id)
    return payout


def cancel(session: Session, account: ConnectedAccount, payout_id: str, now: int) -> Payout:
    """Cancel a pending manual payout: the amount (and any fee) comes back to the balance."""
    ledger.lock_account(session, account.id)
    payout = get(session, account, payout_id)
    if payout.automatic:
        raise StripeError(
            "Automatic payouts cannot be canceled.",
            code="payout_not_cancelable",
            reason="automatic_payout_not_cancelable",
        )
    status = payout.status
    if status == "pending" and now >= rules.in_transit_at(account, payout.method, payout.created):
        status = "in_transit"  # left at the bank cut-off, whether or not the due-work runner has caught up yet
    if status != "pending":
        raise StripeError(
            f"Only pending payouts can be canceled; this one is {status.replace('_', ' ')}.",
            code="payout_not_cancelable",
            params={"status": status},
        )
    _reverse(session, payout, "payout_cancel", now)
    payout.status = "canceled"
    session.add(payout)
    _schedule(session, account, payout)
    events.emit(session, account.id, "payout.canceled", payout_object(payout), now=now)
    return payout


def _reverse(session: Session, payout: Payout, kind: str, now: int) -> str:
    """Give back a payout's amount (and fee), available when its debit was: never earlier."""
    debit = session.exec(select(BalanceTransaction).where(BalanceTransaction.id == payout.balance_transaction)).one()
    available_on = max(debit.available_on, now)
    entries = [
        ledger.Entry(
            payout.account_id,
            kind,
            payout.amount,
            payout.currency,
            available_on,
            source=payout.id,
            description="Payout canceled" if kind == "payout_cancel" else "Payout failed",
        )
    ]
    if payout.fee:
        entries.append(
            ledger.Entry(
                payout.account_id,
                "payout_fee",
                payout.fee,
                payout.currency,
                available_on,
                source=payout.id,
                description="Instant payout fee refund",
            )
        )
    return ledger.post_many(session, entries, now)[0].id


def advance(session: Session, payout: Payout, account: ConnectedAccount, now: int) -> None:
    """Move one payout along its lifecycle as far as `now` allows."""
    if payout.status == "pending" and now >= rules.in_transit_at(account, payout.method, payout.created):
        payout.status = "in_transit"
        events.emit(
            session, account.id, "payout.updated", payout_object(payout), now=now, previous={"status": "pending"}
        )
    if payout.status == "in_transit" and now >= payout.arrival_date:
        destination = session.get(ExternalAccount, payout.destination) if payout.destination else None
        failure = destination.test_failure_code if destination else None
        if failure and destination:
            payout.failure_balance_transaction = _reverse(session, payout, "payout_failure", now)
            payout.status, payout.failure_code = "failed", failure
            payout.failure_message = FAILURE_MESSAGES.get(failure, FAILURE_MESSAGES["could_not_process"])
            events.emit(session, account.id, "payout.failed", payout_object(payout), now=now)
            mark_errored(session, destination, now)
        else:
            payout.status = "paid"
            events.emit(session, account.id, "payout.paid", payout_object(payout), now=now)
    session.add(payout)
    _schedule(session, account, payout)
