"""Payout reconciliation: which balance transactions an automatic payout paid out, and their totals.

The rule, as Stripe's: an automatic payout pays out every entry of its currency that became
available at or before its moment and that no earlier automatic payout paid out (charges,
refunds, fees, adjustments, instant payouts, earlier failures coming back), the automatic
payout debits themselves excepted. Since each automatic payout is the whole available balance
at its moment, the nets of its items add up to its amount. The link is recorded once, at
creation (`record`); reading it back (`items`, `totals`) touches only the payout's own rows.
Manual payouts are not linked to transactions: their reconciliation is the payout itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, insert, not_, or_
from sqlmodel import Session, col, select

from balances_app.db.models import BalanceTransaction, Payout
from balances_app.db.payout_items import PayoutItem

# How the reconciliation groups entries, in this order, with a plain-words label.
GROUPS: dict[str, str] = {
    "charge": "Charges",
    "refund": "Refunds",
    "fee": "Fees",
    "platform_earning": "Platform fees",
    "other_adjustment": "Adjustments",
    "topup": "Top-ups",
    "topup_reversal": "Top-up reversals",
    "payout": "Instant and manual payouts",
    "payout_reversal": "Earlier payouts returned",
}


@dataclass(frozen=True)
class GroupTotal:
    reporting_category: str
    label: str
    count: int
    gross: int
    fee: int
    net: int


@dataclass(frozen=True)
class Totals:
    groups: list[GroupTotal]
    count: int
    gross: int
    fee: int
    net: int


def _is_automatic_debit(account_id: str) -> object:
    """Entries that are automatic payouts themselves: never swept into another payout."""
    automatic = select(Payout.id).where(Payout.account_id == account_id, col(Payout.automatic).is_(True))
    return and_(BalanceTransaction.type == "payout", col(BalanceTransaction.source).in_(automatic))


def record(session: Session, payout: Payout) -> int:
    """Link an automatic payout, just booked, to the entries it pays out; returns how many."""
    if not payout.automatic:
        return 0
    moment = payout.created
    previous = session.exec(
        select(Payout.created, BalanceTransaction.seq)
        .join(BalanceTransaction, col(BalanceTransaction.id) == col(Payout.balance_transaction))
        .where(
            Payout.account_id == payout.account_id,
            Payout.currency == payout.currency,
            col(Payout.automatic).is_(True),
            Payout.id != payout.id,
        )
        .order_by(col(Payout.created).desc(), col(BalanceTransaction.seq).desc())
        .limit(1)
    ).first()

    def unpaid(*conditions: object, by_seq: bool = False) -> set[int]:
        # By seq: the account test is an expression, so the primary key range drives the read.
        account = func.coalesce(BalanceTransaction.account_id, "") if by_seq else BalanceTransaction.account_id
        query = select(BalanceTransaction.seq).where(
            account == payout.account_id,
            BalanceTransaction.currency == payout.currency,
            BalanceTransaction.available_on <= moment,
            not_(_is_automatic_debit(payout.account_id)),
            ~exists().where(PayoutItem.balance_transaction_seq == BalanceTransaction.seq),
            *conditions,
        )
        return set(session.exec(query).all())

    if previous is None:
        seqs = sorted(unpaid())
    else:
        # Everything available by the previous automatic payout and booked before it was paid out by it:
        # what is left became available since (one index range), or was booked since (a seq range).
        previous_moment, previous_seq = previous
        late = unpaid(BalanceTransaction.available_on > previous_moment)
        seqs = sorted(late | unpaid(col(BalanceTransaction.seq) > previous_seq, by_seq=True))
    if seqs:
        session.execute(insert(PayoutItem), [{"payout_id": payout.id, "balance_transaction_seq": s} for s in seqs])
    return len(seqs)


def contents_filter(payout: Payout) -> object:
    """The balance transactions `?payout=po_...` lists: what it paid out, and the payout's own debit."""
    own = BalanceTransaction.id == payout.balance_transaction
    if not payout.automatic:
        return BalanceTransaction.source == payout.id
    linked = select(PayoutItem.balance_transaction_seq).where(PayoutItem.payout_id == payout.id)
    return or_(col(BalanceTransaction.seq).in_(linked), own)


def items(session: Session, payout: Payout, after_seq: int = 0, limit: int = 100) -> list[BalanceTransaction]:
    """One page of what an automatic payout paid out, oldest first, from `after_seq` (keyset)."""
    return list(
        session.exec(
            select(BalanceTransaction)
            .join(PayoutItem, col(PayoutItem.balance_transaction_seq) == col(BalanceTransaction.seq))
            .where(PayoutItem.payout_id == payout.id, col(PayoutItem.balance_transaction_seq) > after_seq)
            .order_by(col(PayoutItem.balance_transaction_seq))
            .limit(limit)
        ).all()
    )


def totals(session: Session, payout: Payout) -> Totals:
    """Count, gross, fee and net per reporting category; their sums equal the payout's amount."""
    rows = session.exec(
        select(
            BalanceTransaction.reporting_category,
            func.count(),
            func.sum(BalanceTransaction.amount),
            func.sum(BalanceTransaction.fee),
            func.sum(BalanceTransaction.net),
        )
        .join(PayoutItem, col(PayoutItem.balance_transaction_seq) == col(BalanceTransaction.seq))
        .where(PayoutItem.payout_id == payout.id)
        .group_by(col(BalanceTransaction.reporting_category))
    ).all()
    order = list(GROUPS)
    groups = sorted(
        (
            GroupTotal(cat, GROUPS.get(cat, cat.replace("_", " ").capitalize()), n, int(g), int(f), int(t))
            for cat, n, g, f, t in rows
        ),
        key=lambda group: order.index(group.reporting_category) if group.reporting_category in order else len(order),
    )
    return Totals(
        groups,
        sum(g.count for g in groups),
        sum(g.gross for g in groups),
        sum(g.fee for g in groups),
        sum(g.net for g in groups),
    )
