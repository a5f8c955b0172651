"""One consistent read of everything an embedded component shows.

A read only reads: what falls due runs in the due-work runner, never here, and every query
is bounded by what the component shows (the newest payouts and top-ups through the
(account, created) indexes), not by the account's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from balances_app.db.engine import run_transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout, Platform, Topup
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.clock import system_clock
from balances_app.domain.external_accounts import of_account
from balances_app.domain.payout_room import instant_volume_today
from balances_app.domain.platforms import clock_for
from balances_app.domain.summaries import CurrencySummary, account_summary

RECENT_PAYOUTS = 10


@dataclass(frozen=True)
class Snapshot:
    now: int
    platform: Platform
    account: ConnectedAccount
    summaries: list[CurrencySummary]
    external_accounts: list[ExternalAccount]
    payouts: list[Payout]
    topups: list[Topup]
    instant_used_today: int = 0  # the platform's instant volume today in the account's default currency

    def destinations(self, currency: str) -> list[ExternalAccount]:
        return [e for e in self.external_accounts if e.currency == currency]

    def external(self, external_id: str | None) -> ExternalAccount | None:
        return next((e for e in self.external_accounts if e.id == external_id), None)


def load(session: Session, claimed: ClaimedSession) -> tuple[Platform, ConnectedAccount, int]:
    """The claimed session's platform and account, and "now" on the platform's clock."""
    platform = session.get(Platform, claimed.platform_id)
    account = session.get(ConnectedAccount, claimed.account_id)
    assert platform is not None and account is not None
    return platform, account, clock_for(platform, system_clock).now()


def read(claimed: ClaimedSession) -> Snapshot:
    def work(session: Session) -> Snapshot:
        platform, account, now = load(session, claimed)
        return _gather(session, platform, account, now)

    return run_transaction(work)


def _gather(session: Session, platform: Platform, account: ConnectedAccount, now: int) -> Snapshot:
    externals = of_account(session, account.id)
    payouts = session.exec(
        select(Payout)
        .where(Payout.account_id == account.id)
        .order_by(col(Payout.created).desc(), col(Payout.id).desc())
        .limit(RECENT_PAYOUTS)
    ).all()
    topups = session.exec(
        select(Topup).where(Topup.account_id == account.id).order_by(col(Topup.created).desc()).limit(5)
    ).all()
    used = instant_volume_today(session, platform, account.default_currency, now)
    summaries = account_summary(session, account, now)
    return Snapshot(now, platform, account, summaries, list(externals), list(payouts), list(topups), used)
