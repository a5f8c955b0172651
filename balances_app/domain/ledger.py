"""The ledger: append-only balance transactions and the running totals derived from them.

Invariants, stated and enforced here, whoever calls `post_many` (the one write path):
1. Entries are only ever inserted; `net == amount - fee`, `fee >= 0`, and each type has its
   sign (credits positive, debits negative). The database refuses the same (migration 0004:
   CHECK constraints, and triggers that refuse any UPDATE or DELETE of an entry).
2. Every entry updates its running-total bucket in the same transaction, under the account's
   lock, so for each account, currency and source type, sum(bucket.amount) == sum(entry.net).
3. A floor per entry type, as pgledger's transfer checks an account's balance: a debit the
   account asks for (a payout and its fee) never takes the available balance below zero, at
   the moment it takes effect or at any later moment already booked. Refunds and disputes may.
4. Buckets whose availability has passed fold into one settled bucket (times 0), so a
   balance read costs the same at 10 entries and at 1,000,000.
`verify()` recomputes every balance from the entries and reports any drift.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, event, func
from sqlmodel import Session, col, select

from balances_app.db.engine import RawReader, add_to_row, hold_write_lock, locked_row
from balances_app.db.models import CREDIT_TYPES, DEBIT_TYPES, BalanceBucket, BalanceTransaction, ConnectedAccount
from balances_app.db.rows import insert_many, new_row
from balances_app.domain.balances import Bucket, CurrencyBalance, lowest_available, summarize
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
FLOORED_TYPES = frozenset({"payout", "payout_fee", "topup_reversal"})  # may not overdraw the available balance
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


@event.listens_for(Session, "after_transaction_end")
def _locks_end_with_their_transaction(session: Session, _transaction: object) -> None:
    """A savepoint rolled back can release the locks taken inside it: forget them all, to be safe."""
    session.info.pop("locked_accounts", None)
    session.info.pop("buckets", None)


def lock_account(
    session: Session, account_id: str, skip_locked: bool = False, required: bool = True
) -> ConnectedAccount | None:
    """Serialize money movement per account: a row lock on PostgreSQL, the single writer's lock on SQLite.

    With `skip_locked`, an account another transaction holds is skipped (None) instead of awaited;
    an account that does not exist is None when not `required`.
    """
    held: dict[str, ConnectedAccount] = session.info.setdefault("locked_accounts", {})
    if account_id in held:  # this transaction holds it already: locks last until it ends
        return held[account_id]
    hold_write_lock(session)
    account = locked_row(session, ConnectedAccount, account_id, skip_locked)
    if account is None and required and not skip_locked:
        raise StripeError(f"No such account: '{account_id}'", code="account_invalid", status=404)
    if account is not None:
        held[account_id] = account
    return account


def post(session: Session, entry: Entry, now: int) -> BalanceTransaction:
    """Book one entry and its running total, in the caller's transaction."""
    return post_many(session, [entry], now)[0]


def post_many(session: Session, entries: Sequence[Entry], now: int) -> list[BalanceTransaction]:
    """The ledger's one write path: lock, check every rule, then book entries and their running totals.

    Runs in the caller's transaction; anything refused raises before a row is written.
    """
    txns = [_transaction(entry, now) for entry in entries]
    for account_id in sorted({txn.account_id for txn in txns}):
        lock_account(session, account_id)
    _check_floors(session, txns, now)
    known = dict(session.info.get("buckets", {}))  # read under the lock in this transaction, before the adds below
    insert_many(session, txns)
    deltas: dict[tuple[str, str, str, int, int], int] = defaultdict(int)
    for txn in txns:
        matured = txn.available_on <= now and txn.instant_available_on <= now
        times = (SETTLED, SETTLED) if matured else (txn.available_on, txn.instant_available_on)
        deltas[(txn.account_id, txn.currency, txn.source_type, *times)] += txn.net
    for key, amount in deltas.items():
        _add_to_bucket(session, *key, amount)
    for account_id, currency in sorted({(txn.account_id, txn.currency) for txn in txns}):
        if account_id not in known or _has_matured(known[account_id], currency, now):
            _fold_matured(session, account_id, currency, now)
    return txns


def _transaction(entry: Entry, now: int) -> BalanceTransaction:
    if entry.type not in REPORTING_CATEGORIES:
        raise ValueError(f"unknown balance transaction type {entry.type!r}")
    if not isinstance(entry.amount, int) or not isinstance(entry.fee, int):
        raise TypeError("ledger amounts are integer minor units")
    if not (len(entry.currency) == 3 and entry.currency.isalpha()):
        raise ValueError(f"{entry.currency!r} is not an ISO currency code")
    if entry.amount == 0 or entry.fee < 0:
        raise ValueError(f"a {entry.type} entry moves a non-zero amount with a fee of zero or more")
    if (entry.type in CREDIT_TYPES and entry.amount < 0) or (entry.type in DEBIT_TYPES and entry.amount > 0):
        raise ValueError(f"a {entry.type} entry must be a {'credit' if entry.type in CREDIT_TYPES else 'debit'}")
    instant_on = entry.instant_available_on
    if instant_on is None:
        instant_on = min(entry.available_on, now + INSTANT_DELAY_SECONDS) if entry.amount > 0 else now
    return new_row(
        BalanceTransaction,
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


def _check_floors(session: Session, txns: Sequence[BalanceTransaction], now: int) -> None:
    """Refuse debits that would overdraw the available balance, when they take effect or at any later booked moment."""
    floored = [t for t in txns if t.type in FLOORED_TYPES and t.net < 0]
    for account_id, currency in sorted({(t.account_id, t.currency) for t in floored}):
        mine = [t for t in txns if (t.account_id, t.currency) == (account_id, currency)]
        after = buckets(session, account_id) + [
            Bucket(t.currency, t.source_type, t.available_on, t.instant_available_on, t.net) for t in mine
        ]
        start = min(max(t.available_on, now) for t in floored if (t.account_id, t.currency) == (account_id, currency))
        if lowest_available(after, currency, start) < 0:
            raise StripeError(
                "Your balance is too low for this payout: it would take the available balance below zero.",
                code="balance_insufficient",
                reason="balance_would_go_negative",
                params={"currency": currency},
            )


# The write path's statements, in SQLAlchemy Core: compiled once, run on the transaction's DBAPI cursor.
_BUCKETS_TABLE = BalanceBucket.__table__  # type: ignore[attr-defined]
_FOLD_MATURED = (
    delete(_BUCKETS_TABLE)
    .where(
        _BUCKETS_TABLE.c.account_id == bindparam("account_id"),
        _BUCKETS_TABLE.c.currency == bindparam("currency"),
        _BUCKETS_TABLE.c.available_on > SETTLED,
        _BUCKETS_TABLE.c.available_on <= bindparam("now"),
        _BUCKETS_TABLE.c.instant_available_on <= bindparam("now"),
    )
    .returning(_BUCKETS_TABLE.c.source_type, _BUCKETS_TABLE.c.amount)
)
_BUCKETS = select(
    _BUCKETS_TABLE.c.currency,
    _BUCKETS_TABLE.c.source_type,
    _BUCKETS_TABLE.c.available_on,
    _BUCKETS_TABLE.c.instant_available_on,
    _BUCKETS_TABLE.c.amount,
).where(_BUCKETS_TABLE.c.account_id == bindparam("account_id"))


def _add_to_bucket(
    session: Session, account_id: str, currency: str, source_type: str, available_on: int, instant_on: int, amount: int
) -> None:
    session.info.get("buckets", {}).pop(account_id, None)
    values = {
        "account_id": account_id,
        "currency": currency,
        "source_type": source_type,
        "available_on": available_on,
        "instant_available_on": instant_on,
        "amount": amount,
    }
    add_to_row(session, _BUCKETS_TABLE, values, "amount")


def _has_matured(buckets: list[Bucket], currency: str, now: int) -> bool:
    """Whether any of these running totals waits to be folded (the entries just booked never do)."""
    return any(
        b.currency == currency and SETTLED < b.available_on <= now and b.instant_available_on <= now for b in buckets
    )


def _fold_matured(session: Session, account_id: str, currency: str, now: int) -> None:
    """Buckets whose times have passed move into the settled bucket: one statement when none has."""
    matured = RawReader.within(session).rows(_FOLD_MATURED, account_id=account_id, currency=currency, now=now)
    folded: dict[str, int] = defaultdict(int)
    for source_type, amount in matured:
        folded[source_type] += amount
    for source_type, amount in sorted(folded.items()):
        _add_to_bucket(session, account_id, currency, source_type, SETTLED, SETTLED, amount)


def buckets(session: Session, account_id: str) -> list[Bucket]:
    """The account's running totals; read once per transaction while it holds the account's lock."""
    cached: dict[str, list[Bucket]] = session.info.setdefault("buckets", {})
    if account_id in cached:
        return list(cached[account_id])
    rows = RawReader.within(session).rows(_BUCKETS, account_id=account_id)
    result = [Bucket(*row) for row in rows]
    if account_id in session.info.get("locked_accounts", {}):  # nobody else can change them until we end
        cached[account_id] = result
    return list(result)


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
