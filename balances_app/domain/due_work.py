"""The due-work queue: when each payout, top-up and account next falls due, kept beside the rows.

Writers say when their subject next falls due (`schedule`, None when nothing will); the
runner (`domain/due.py`, driven by `balances_app/due_runner.py`) finds the earliest rows
through the (platform, due time) and (account, due time) indexes, so the work a tick does is
bounded by what has fallen due, never by an account's history.
"""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session, col, select

from balances_app.db.models import DueWork
from balances_app.db.rows import insert_now, new_row

Kind = Literal["payout", "topup", "payout_day"]


def schedule(
    session: Session,
    platform_id: str,
    account_id: str,
    kind: Kind,
    subject_id: str,
    due_at: int | None,
    new: bool = False,
) -> None:
    """Set when `subject_id` next falls due, or forget it (None); `new` subjects have no row to look up."""
    if new and due_at is not None:  # a new subject: one INSERT, nothing to look up
        values = {"platform_id": platform_id, "account_id": account_id, "subject_id": subject_id, "due_at": due_at}
        insert_now(session, new_row(DueWork, kind=kind, **values))
        return
    query = select(DueWork).where(DueWork.kind == kind, DueWork.subject_id == subject_id)
    row = None if new else session.exec(query).first()
    if due_at is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = DueWork(platform_id=platform_id, account_id=account_id, kind=kind, subject_id=subject_id, due_at=due_at)
    row.due_at = due_at
    session.add(row)


def accounts_due(session: Session, platform_id: str, now: int, limit: int = 20) -> list[str]:
    """Accounts of a platform with work due by `now`, the earliest due first."""
    rows = session.exec(
        select(DueWork.account_id)
        .where(DueWork.platform_id == platform_id, DueWork.due_at <= now)
        .order_by(col(DueWork.due_at))
        .limit(limit * 5)
    ).all()
    return list(dict.fromkeys(rows))[:limit]


def earliest(session: Session, account_id: str, now: int) -> DueWork | None:
    """The account's earliest row due by `now` (lifecycle steps before a payout day at the same moment)."""
    return session.exec(
        select(DueWork)
        .where(DueWork.account_id == account_id, DueWork.due_at <= now)
        .order_by(col(DueWork.due_at), col(DueWork.kind))
        .limit(1)
    ).first()
