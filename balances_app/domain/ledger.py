"""The ledger: append-only balance transactions and the running totals derived from them.

Invariants, stated and enforced here and nowhere else:
1. Entries are only ever inserted; `net == amount - fee` for every entry.
2. Every entry updates its running-total bucket in the same transaction, so for each
   account, currency and source type, sum(bucket.amount) == sum(entry.net) at all times.
3. Buckets whose availability has passed fold into one settled bucket (times 0), so a
   balance read costs the same at 10 entries and at 1,000,000.
`verify()` recomputes every balance from the entries and reports any drift.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from balances_app.db.models import BalanceBucket, BalanceTransaction, ConnectedAccount
from balances_app.domain.balances import Bucket, CurrencyBalance, summarize
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import new_id

REPORTING_CATEGORIES = {
    "charge": "charge",
    "refund": "refund",
    "payout": "payout",
    "payout_cancel": "payout_reversal",
    "payout_failure": "payout_reversal",
    "topup": "topup",
    "topup_reversal": "topup_reversal",
    "adjustment": "other_adjustment",
    "application_fee": "platform_earning",
    "stripe_fee": "fee",
    "payout_fee": "fee",
}
SETTLED = 0
INSTANT_DELAY_SECONDS = 24 * 3600  # card funds can be paid out instantly about a day after the charge


@dataclass(frozen=True)
class Entry:
    """A movement of money that a caller asks the ledger to book."""

    account_id: str
    type: str
    amount: int
    currency: str
    available_on: int
    fee: int = 0
    fee_details: Sequence[dict[str, Any]] = field(default_factory=tuple)
    description: str | None = None
    source: str | None = None
    source_type: str = "card"
    instant_available_on: int | None = None


def lock_account(session: Session, account_id: str) -> ConnectedAccount:
    """Serialize money movement per account: a row lock on PostgreSQL; SQLite's writer lock is already held."""
    account = session.exec(select(ConnectedAccount).where(ConnectedAccount.id == account_id).with_for_update()).first()
    if account is None:
        raise StripeError(f"No such account: '{account_id}'", code="account_invalid", status=404)
    return account


def post(session: Session, entry: Entry, now: int) -> BalanceTransaction:
    """Book one entry and its running total, in the caller's transaction."""
    return post_many(session, [entry], now)[0]


def post_many(session: Session, entries: Sequence[Entry], now: int) -> list[BalanceTransaction]:
    """Book entries and their running totals in the caller's transaction, one update per bucket."""
    txns = [_transaction(entry, now) for entry in entries]
    session.execute(insert(BalanceTransaction), [txn.model_dump(exclude={"seq"}) for txn in txns])
    deltas: dict[tuple[str, str, str, int, int], int] = defaultdict(int)
    for txn in txns:
        matured = txn.available_on <= now and txn.instant_available_on <= now
        times = (SETTLED, SETTLED) if matured else (txn.available_on, txn.instant_available_on)
        deltas[(txn.account_id, txn.currency, txn.source_type, *times)] += txn.net
    for key, amount in deltas.items():
        _add_to_bucket(session, *key, amount)
    for account_id, currency in sorted({(txn.account_id, txn.currency) for txn in txns}):
        _fold_matured(session, account_id, currency, now)
    return txns


def _transaction(entry: Entry, now: int) -> BalanceTransaction:
    if entry.type not in REPORTING_CATEGORIES:
        raise ValueError(f"unknown balance transaction type {entry.type!r}")
    if not isinstance(entry.amount, int) or not isinstance(entry.fee, int):
        raise TypeError("ledger amounts are integer minor units")
    instant_on = entry.instant_available_on
    if instant_on is None:
        instant_on = min(entry.available_on, now + INSTANT_DELAY_SECONDS) if entry.amount > 0 else now
    return BalanceTransaction(
        id=new_id("txn"),
        account_id=entry.account_id,
        type=entry.type,
        amount=entry.amount,
        fee=entry.fee,
        net=entry.amount - entry.fee,
        currency=entry.currency.lower(),
        source_type=entry.source_type,
        available_on=entry.available_on,
        instant_available_on=instant_on,
        created=now,
        description=entry.description,
        source=entry.source,
        reporting_category=REPORTING_CATEGORIES[entry.type],
        fee_details=list(entry.fee_details),
    )


def _add_to_bucket(
    session: Session, account_id: str, currency: str, source_type: str, available_on: int, instant_on: int, amount: int
) -> None:
    key = (account_id, currency, source_type, available_on, instant_on)
    bucket = session.get(BalanceBucket, key)
    if bucket is None:
        session.add(
            BalanceBucket(
                account_id=account_id,
                currency=currency,
                source_type=source_type,
                available_on=available_on,
                instant_available_on=instant_on,
                amount=amount,
            )
        )
    else:
        bucket.amount += amount
    session.flush()


def _fold_matured(session: Session, account_id: str, currency: str, now: int) -> None:
    matured = session.exec(
        select(BalanceBucket).where(
            BalanceBucket.account_id == account_id,
            BalanceBucket.currency == currency,
            BalanceBucket.available_on > SETTLED,
            BalanceBucket.available_on <= now,
            BalanceBucket.instant_available_on <= now,
        )
    ).all()
    for bucket in matured:
        amount, source_type = bucket.amount, bucket.source_type
        session.delete(bucket)
        session.flush()
        _add_to_bucket(session, account_id, currency, source_type, SETTLED, SETTLED, amount)


def buckets(session: Session, account_id: str) -> list[Bucket]:
    rows = session.exec(
        select(
            BalanceBucket.currency,
            BalanceBucket.source_type,
            BalanceBucket.available_on,
            BalanceBucket.instant_available_on,
            BalanceBucket.amount,
        ).where(BalanceBucket.account_id == account_id)
    ).all()
    return [Bucket(*row) for row in rows]


def balance(session: Session, account_id: str, now: int) -> dict[str, CurrencyBalance]:
    """The account's balance per currency, read from running totals only."""
    return summarize(buckets(session, account_id), now)


def balance_from_entries(session: Session, account_id: str, now: int) -> dict[str, CurrencyBalance]:
    """The same balance recomputed by scanning every entry: the slow reference."""
    rows = session.exec(
        select(
            BalanceTransaction.currency,
            BalanceTransaction.source_type,
            BalanceTransaction.available_on,
            BalanceTransaction.instant_available_on,
            func.sum(BalanceTransaction.net),
        )
        .where(BalanceTransaction.account_id == account_id)
        .group_by(
            col(BalanceTransaction.currency),
            col(BalanceTransaction.source_type),
            col(BalanceTransaction.available_on),
            col(BalanceTransaction.instant_available_on),
        )
    ).all()
    return summarize((Bucket(*row) for row in rows), now)


def verify(session: Session, now: int, account_ids: Sequence[str] | None = None) -> list[str]:
    """Recompute balances from entries; return one line per drift found (empty when sound)."""
    ids = account_ids or session.exec(select(ConnectedAccount.id)).all()
    problems = []
    for account_id in ids:
        fast, slow = balance(session, account_id, now), balance_from_entries(session, account_id, now)
        for currency in sorted(set(fast) | set(slow)):
            got, want = _figures(fast.get(currency)), _figures(slow.get(currency))
            if got != want:
                problems.append(f"{account_id} {currency}: totals {got} != entries {want}")
    return problems


def _figures(balance: CurrencyBalance | None) -> tuple[int, int, int]:
    if balance is None:
        return (0, 0, 0)
    return (balance.available_total, balance.pending_total, balance.instant_available)
