"""Reading an account's payouts page by page, with the payouts list's filters.

Keyset pagination, newest first by (created, id): a page reads only the rows it shows,
through the (account_id, created, id) index, at any depth of history. The cursor is the
last row's (created, id), plain values that survive a trip through the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from balances_app.db.models import Payout

PayoutStatus = Literal["pending", "in_transit", "paid", "failed", "canceled"]
STATUSES: tuple[PayoutStatus, ...] = ("pending", "in_transit", "paid", "failed", "canceled")
METHODS = ("standard", "instant")


@dataclass(frozen=True)
class PayoutFilter:
    """What the list shows; None means any. Dates are unix seconds, amounts minor units."""

    status: str | None = None
    method: str | None = None
    arrival_from: int | None = None  # inclusive
    arrival_until: int | None = None  # exclusive
    amount_min: int | None = None
    amount_max: int | None = None


@dataclass(frozen=True)
class Cursor:
    created: int
    id: str


def _filtered(account_id: str, where: PayoutFilter):
    query = select(Payout).where(Payout.account_id == account_id)
    if where.status in STATUSES:
        query = query.where(Payout.status == where.status)
    if where.method in METHODS:
        query = query.where(Payout.method == where.method)
    if where.arrival_from is not None:
        query = query.where(Payout.arrival_date >= where.arrival_from)
    if where.arrival_until is not None:
        query = query.where(Payout.arrival_date < where.arrival_until)
    if where.amount_min is not None:
        query = query.where(Payout.amount >= where.amount_min)
    if where.amount_max is not None:
        query = query.where(Payout.amount <= where.amount_max)
    return query


def page(
    session: Session, account_id: str, where: PayoutFilter, after: Cursor | None = None, limit: int = 10
) -> tuple[list[Payout], Cursor | None]:
    """One page newest first, after `after`; the second value is the cursor of the next page, if any."""
    query = _filtered(account_id, where)
    created, ident = col(Payout.created), col(Payout.id)
    if after is not None:
        query = query.where(or_(created < after.created, and_(created == after.created, ident < after.id)))
    rows = list(session.exec(query.order_by(created.desc(), ident.desc()).limit(limit + 1)).all())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, Cursor(rows[-1].created, rows[-1].id)


def all_matching(session: Session, account_id: str, where: PayoutFilter, chunk: int = 500) -> list[Payout]:
    """Every payout the filter matches, newest first, read in keyset chunks (for exports)."""
    result: list[Payout] = []
    cursor: Cursor | None = None
    while True:
        rows, cursor = page(session, account_id, where, cursor, chunk)
        result.extend(rows)
        if cursor is None:
            return result
