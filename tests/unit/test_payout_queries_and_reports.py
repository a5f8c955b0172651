"""Keyset pages of payouts with filters, and the CSV exports' columns and amounts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from balances_app.db.engine import transaction
from balances_app.db.models import BalanceTransaction, Payout
from balances_app.domain import payout_queries, payout_reports
from balances_app.domain.clock import FrozenClock
from balances_app.domain.ids import new_id
from balances_app.domain.payout_queries import PayoutFilter
from tests.factories import DAY, make_account, make_platform


def seed_payouts(engine: Engine, now: int, count: int) -> str:
    platform, _ = make_platform(engine, now)
    account = make_account(engine, platform, now)
    with transaction(engine, write=True) as session:
        for i in range(count):
            session.add(
                Payout(
                    id=f"po_{i:04d}",
                    account_id=account.id,
                    amount=1_000 * (i + 1),
                    currency="usd",
                    arrival_date=now + i * DAY,
                    automatic=True,
                    method="instant" if i % 5 == 0 else "standard",
                    status="failed" if i % 4 == 0 else "paid",
                    created=now + (i // 2) * 60,  # pairs share a creation second: the id breaks ties
                )
            )
    return account.id


def test_pages_walk_all_history_newest_first_without_gaps(engine: Engine, clock: FrozenClock) -> None:
    account_id = seed_payouts(engine, clock.now(), 23)
    seen: list[str] = []
    cursor = None
    with transaction(engine) as session:
        while True:
            rows, cursor = payout_queries.page(session, account_id, PayoutFilter(), cursor, limit=5)
            seen += [p.id for p in rows]
            if cursor is None:
                break
    assert seen == [f"po_{i:04d}" for i in reversed(range(23))]


def test_filters_combine(engine: Engine, clock: FrozenClock) -> None:
    now = clock.now()
    account_id = seed_payouts(engine, now, 20)
    where = PayoutFilter(
        status="paid", method="standard", amount_min=3_000, amount_max=12_000, arrival_until=now + 9 * DAY
    )
    with transaction(engine) as session:
        rows, cursor = payout_queries.page(session, account_id, where, limit=50)
        everything = payout_queries.all_matching(session, account_id, where, chunk=2)
    expected = [f"po_{i:04d}" for i in reversed(range(20)) if i % 4 and i % 5 and 2 <= i <= 8]
    assert [p.id for p in rows] == expected == [p.id for p in everything] and cursor is None
    with transaction(engine) as session:
        bogus = payout_queries.page(session, account_id, PayoutFilter(status="' OR 1=1 --"), limit=50)[0]
    assert len(bogus) == 20  # an unknown status is no filter, never SQL


def test_itemized_csv_names_stripes_columns_and_sums_to_the_payout(clock: FrozenClock) -> None:
    now = clock.now()
    payout = Payout(
        id="po_1", account_id="acct_1", amount=30_934, currency="usd", arrival_date=now, automatic=True, created=now
    )
    entries = [
        BalanceTransaction(
            id=new_id("txn"),
            account_id="acct_1",
            type=t,
            amount=a,
            fee=f,
            net=a - f,
            currency="usd",
            available_on=now,
            instant_available_on=now,
            created=now - DAY,
            reporting_category=c,
            source="ch_1",
            description='Ride, "airport"',
        )
        for t, a, f, c in (
            ("charge", 31_435, 942, "charge"),
            ("charge", 1_000, 59, "charge"),
            ("refund", -500, 0, "refund"),
        )
    ]
    text = payout_reports.itemized_csv(payout, entries, ZoneInfo("America/New_York"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:9] == [
        "balance_transaction_id",
        "created_utc",
        "created",
        "available_on_utc",
        "available_on",
        "currency",
        "gross",
        "fee",
        "net",
    ]
    assert rows[0]["gross"] == "314.35" and rows[0]["description"] == 'Ride, "airport"'
    assert sum(Decimal(r["net"]) for r in rows) == Decimal("309.34")
    assert rows[0]["created_utc"] == "2026-11-17 11:06:40" and rows[0]["created"] == "2026-11-17 06:06:40"
    assert payout_reports.file_name("payout_po_1", ZoneInfo("America/New_York")) == "payout_po_1_America-New_York.csv"


def test_payouts_csv_uses_major_units_of_each_currency(clock: FrozenClock) -> None:
    now = clock.now()
    yen = Payout(id="po_y", account_id="a", amount=1235, currency="jpy", arrival_date=now, automatic=False, created=now)
    dinar = Payout(
        id="po_k", account_id="a", amount=1235, currency="kwd", arrival_date=now, automatic=True, created=now
    )
    rows = list(csv.DictReader(io.StringIO(payout_reports.payouts_csv([yen, dinar], {}, ZoneInfo("Asia/Tokyo")))))
    assert [(r["payout_id"], r["amount"], r["automatic"]) for r in rows] == [
        ("po_y", "1235", "false"),
        ("po_k", "1.235", "true"),
    ]
