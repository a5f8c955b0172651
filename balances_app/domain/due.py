"""Everything that falls due with time: payout lifecycles, top-ups, and automatic payouts.

Run when a platform's clock moves (the test helper), periodically by the host, and before the
component shows an account, so what people see is always up to date.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from balances_app.db.models import ConnectedAccount, Payout, Platform, Topup
from balances_app.domain import ledger, payouts, reconciliation, topups
from balances_app.domain.accounts import schedule_of
from balances_app.domain.external_accounts import default_for
from balances_app.domain.payout_rules import minimum_payout
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.schedule import is_payout_day, local_day, start_of_day


def run_for_platform(session: Session, platform: Platform, now: int) -> None:
    accounts = session.exec(  # always in id order, so concurrent runs take row locks in the same order
        select(ConnectedAccount).where(ConnectedAccount.platform_id == platform.id).order_by(col(ConnectedAccount.id))
    ).all()
    for account in accounts:
        run_for_account(session, platform, account, now)


def run_for_account(session: Session, platform: Platform, account: ConnectedAccount, now: int) -> None:
    """Catch one account up to `now`, day by day, so a long clock jump happens in the right order."""
    ledger.lock_account(session, account.id)
    today = local_day(now, account.country)
    day = local_day(account.payouts_processed_through, account.country) if account.payouts_processed_through else today
    while day < today:
        day += timedelta(days=1)
        moment = start_of_day(day, account.country)
        _advance_lifecycles(session, account, moment)
        if is_payout_day(day, schedule_of(account)):
            _automatic_payouts(session, platform, account, moment)
    account.payouts_processed_through = start_of_day(today, account.country)
    session.add(account)
    _advance_lifecycles(session, account, now)


def _advance_lifecycles(session: Session, account: ConnectedAccount, now: int) -> None:
    open_payouts = session.exec(
        select(Payout).where(Payout.account_id == account.id, col(Payout.status).in_(("pending", "in_transit")))
    ).all()
    for payout in open_payouts:
        payouts.advance(session, payout, account, now)
    for topup in session.exec(select(Topup).where(Topup.account_id == account.id, Topup.status == "pending")).all():
        topups.advance(session, topup, now)


def _automatic_payouts(session: Session, platform: Platform, account: ConnectedAccount, moment: int) -> None:
    """Pay out what is available at the start of a payout day, to each currency's default bank account."""
    for currency, balance in ledger.balance(session, account.id, moment).items():
        destination = default_for(session, account.id, currency)
        if destination is None or destination.status == "errored" or balance.available_total < minimum_payout(currency):
            continue
        request = PayoutRequest(amount=balance.available_total, currency=currency, destination=destination.id)
        payout = payouts.create(session, platform, account, request, moment, automatic=True)
        reconciliation.record(session, payout)  # which entries it paid out, for its reconciliation
