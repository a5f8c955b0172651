"""The hot read paths' queries, as Core statements run by `engine.RawReader` without the ORM.

Every API request authenticates and most name a connected account; GET /v1/balance then reads
the account's running-total buckets (POST /v1/account_sessions reads the same, then inserts).
Each is one indexed lookup, and here each costs what the
database charges for it, not what the ORM does (see the README's benchmark section).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select

from balances_app.db.engine import RawReader
from balances_app.db.models import BalanceBucket, ConnectedAccount, Platform
from balances_app.domain.balances import Bucket


class PlatformRef(NamedTuple):
    id: str
    clock_offset: int


class AccountRef(NamedTuple):
    id: str
    platform_id: str
    default_currency: str
    losses_payments: str


_PLATFORM = select(Platform.id, Platform.clock_offset).where(Platform.secret_key_hash == bindparam("key_hash"))
_ACCOUNT = select(
    ConnectedAccount.id,
    ConnectedAccount.platform_id,
    ConnectedAccount.default_currency,
    ConnectedAccount.losses_payments,
).where(ConnectedAccount.id == bindparam("account_id"))
_BUCKETS = select(
    BalanceBucket.currency,
    BalanceBucket.source_type,
    BalanceBucket.available_on,
    BalanceBucket.instant_available_on,
    BalanceBucket.amount,
).where(BalanceBucket.account_id == bindparam("account_id"))


def platform_by_key_hash(reader: RawReader, key_hash: str) -> PlatformRef | None:
    rows = reader.rows(_PLATFORM, key_hash=key_hash)
    return PlatformRef(*rows[0]) if rows else None


def account(reader: RawReader, account_id: str) -> AccountRef | None:
    rows = reader.rows(_ACCOUNT, account_id=account_id)
    return AccountRef(*rows[0]) if rows else None


def buckets(reader: RawReader, account_id: str) -> list[Bucket]:
    return [Bucket(*row) for row in reader.rows(_BUCKETS, account_id=account_id)]
