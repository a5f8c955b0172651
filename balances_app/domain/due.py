"""Everything that falls due with time: payout lifecycles, top-ups, and automatic payouts.

Each row of the due-work queue is done at the moment it fell due, one at a time, earliest
first, under the account's lock, so a long clock jump happens in the right order (a failed
payout's money is back before the next automatic payout). Callers choose the transaction:
the runner does a small batch per transaction, off the request path; the seed does it inline.
Nothing here runs when someone only reads.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from balances_app.db.models import ConnectedAccount, DueWork, Payout, Platform, Topup
from balances_app.domain import due_work, ledger, payouts, reconciliation, topups
from balances_app.domain.accounts import schedule_next_payout_day, schedule_of
from balances_app.domain.balances import lowest_available
from balances_app.domain.external_accounts import default_for
from balances_app.domain.payout_rules import minimum_payout
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.schedule import is_payout_day, local_day, start_of_day

BATCH = 50


def run_account(
    session: Session,
    platform: Platform,
    account_id: str,
    now: int,
    limit: int | None = BATCH,
    skip_locked: bool = False,
) -> int | None:
    """Do up to `limit` of an account's due work, earliest first; None when another worker holds the account."""
    account = ledger.lock_account(session, account_id, skip_locked=skip_locked)
    if account is None:
        return None
    done = 0
    while (limit is None or done < limit) and (row := due_work.earliest(session, account_id, now)) is not None:
        _do(session, platform, account, row, now)
        session.flush()
        done += 1
    return done


def _do(session: Session, platform: Platform, account: ConnectedAccount, row: DueWork, now: int) -> None:
    moment = row.due_at
    if row.kind == "payout":
        payout = session.get(Payout, row.subject_id)
        if payout is None:
            session.delete(row)
        else:
            payouts.advance(session, payout, account, moment)
    elif row.kind == "topup":
        topup = session.get(Topup, row.subject_id)
        if topup is None:
            session.delete(row)
        else:
            topups.advance(session, account, topup, moment)
    else:
        _payout_day(session, platform, account, now)


def _payout_day(session: Session, platform: Platform, account: ConnectedAccount, now: int) -> None:
    """The start of the account's next day: its automatic payouts if the schedule says so."""
    country = account.country
    if not account.payouts_processed_through:
        account.payouts_processed_through = start_of_day(local_day(now, country), country)
    else:
        day = local_day(account.payouts_processed_through, country) + timedelta(days=1)
        moment = start_of_day(day, country)
        if moment <= now:
            if is_payout_day(day, schedule_of(account)):
                _automatic_payouts(session, platform, account, moment)
            account.payouts_processed_through = moment
    session.add(account)
    schedule_next_payout_day(session, account)


def _automatic_payouts(session: Session, platform: Platform, account: ConnectedAccount, moment: int) -> None:
    """Pay out what is available at the start of a payout day, to each currency's default bank account."""
    all_buckets = ledger.buckets(session, account.id)
    for currency in sorted({bucket.currency for bucket in all_buckets}):
        amount = lowest_available(all_buckets, currency, moment)
        destination = default_for(session, account.id, currency)
        if destination is None or destination.status == "errored" or amount < minimum_payout(currency):
            continue
        request = PayoutRequest(amount=amount, currency=currency, destination=destination.id)
        payout = payouts.create(session, platform, account, request, moment, automatic=True)
        reconciliation.record(session, payout)  # which entries it paid out, for its reconciliation
