"""The figures a payout's amount is checked against, read from the database at one moment.

The rules themselves are in `payout_rules`; this module only gathers their inputs (the balance
and the platform's instant volume today), so the server's check when a payout is booked and the
component's prefill and preview read the same things the same way.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from balances_app.db.models import ConnectedAccount, Payout, Platform
from balances_app.domain import ledger
from balances_app.domain.balances import Bucket, lowest_available, summarize
from balances_app.domain.payout_rules import Headroom
from balances_app.domain.schedule import local_day, start_of_day


def instant_volume_today(session: Session, platform: Platform, currency: str, now: int) -> int:
    """What the platform's accounts paid out instantly today in `currency` (failed and canceled ones excluded)."""
    day_start = start_of_day(local_day(now, platform.country), platform.country)
    return session.exec(
        select(func.coalesce(func.sum(Payout.amount), 0))
        .join(ConnectedAccount, col(ConnectedAccount.id) == col(Payout.account_id))
        .where(
            ConnectedAccount.platform_id == platform.id,
            Payout.method == "instant",
            Payout.currency == currency,
            Payout.created >= day_start,
            col(Payout.status).not_in(("canceled", "failed")),
        )
    ).one()


def headroom_of(
    session: Session, platform: Platform, buckets: list[Bucket], method: str, currency: str, now: int
) -> Headroom:
    """The headroom for a payout, from running totals already read (under the account's lock, by the server).

    A standard payout may take what stays available at every booked moment from now on
    (`lowest_available`): an earlier instant payout's debit may still land on funds arriving later.
    """
    if method == "instant":
        balance = summarize(buckets, now).get(currency)
        room = balance.instant_available if balance else 0
        return Headroom(platform, method, currency, room, instant_volume_today(session, platform, currency, now))
    return Headroom(platform, method, currency, lowest_available(buckets, currency, now))


def read_headroom(
    session: Session, platform: Platform, account: ConnectedAccount, method: str, currency: str, now: int
) -> Headroom:
    """The headroom as it is now (for the component's prefill and preview)."""
    return headroom_of(session, platform, ledger.buckets(session, account.id), method, currency, now)
