"""`balance.available`: said once when funds have become available since it was last said.

Funds become available as time passes (a charge's delay ends, a top-up lands, a canceled or
failed payout comes back) or at once (`tok_bypassPending`, which says so itself: `force`).
Time passing is watched by the delivery worker (`arrivals`, per platform clock, so a test clock
that jumps is covered), independently of whatever runs payouts' lifecycles. The last
`balance.available` event of an account marks how far it has been told; entries whose
`available_on` falls after it and by `now`, payouts aside, are what became available.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from balances_app.db.event_tables import Event
from balances_app.db.models import BalanceTransaction, ConnectedAccount
from balances_app.domain import events, ledger
from balances_app.domain.objects import balance_object

SPENDING = ("payout", "payout_fee")  # debits land on their own schedule; they make nothing available


def arrivals(session: Session, platform_id: str, after: int, now: int) -> list[str]:
    """Accounts of the platform with funds whose `available_on` is in (after, now]."""
    return list(
        session.exec(
            select(BalanceTransaction.account_id)
            .distinct()
            .join(ConnectedAccount, col(ConnectedAccount.id) == col(BalanceTransaction.account_id))
            .where(
                ConnectedAccount.platform_id == platform_id,
                col(BalanceTransaction.available_on) > after,
                col(BalanceTransaction.available_on) <= now,
                col(BalanceTransaction.net) > 0,
                col(BalanceTransaction.type).not_in(SPENDING),
            )
        ).all()
    )


def announce(session: Session, account_id: str, now: int, force: bool = False) -> None:
    """Emit `balance.available` if money became available since the last one (`force`: it just did)."""
    if force:
        _emit(session, account_id, now)
        return
    ledger.lock_account(session, account_id)  # two workers on one account: the second sees the first's event
    marker = session.exec(
        select(func.max(Event.created)).where(Event.account_id == account_id, Event.type == "balance.available")
    ).one()
    arrived = session.exec(
        select(func.coalesce(func.sum(BalanceTransaction.net), 0)).where(
            BalanceTransaction.account_id == account_id,
            BalanceTransaction.available_on > (marker if marker is not None else -1),
            BalanceTransaction.available_on <= now,
            col(BalanceTransaction.type).not_in(SPENDING),
        )
    ).one()
    if arrived > 0:
        _emit(session, account_id, now)


def _emit(session: Session, account_id: str, now: int) -> None:
    balances = ledger.balance(session, account_id, now)
    events.emit(session, account_id, "balance.available", balance_object(balances), now=now)
