"""The payouts family's reads at 1,000 and at 1,000,000 ledger entries: `make bench`.

One account on a daily schedule: fifty days of charges, each day swept by an automatic payout
(which records the entries it paid out), then a last day of 100 charges and its payout. We time
what the components read: the first page of the payouts list, a deeper page (keyset cursor),
the latest payout's first page of reconciliation items and its per-category totals, and
recording which 100 entries that payout paid out (the write the automatic payout run adds).
Each should cost the same at both sizes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, col, select

from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout, Platform
from balances_app.db.payout_items import PayoutItem
from balances_app.domain import due, ledger, payout_queries, reconciliation
from balances_app.domain.clock import FrozenClock
from balances_app.domain.payout_queries import Cursor, PayoutFilter
from bench.seller import us_seller

DAY = 86400
DAYS = 50
LAST_DAY = 100
READS = 300


def _setup(engine, clock: FrozenClock) -> tuple[str, str]:
    with transaction(engine, write=True) as session:
        platform, account = us_seller(session, clock.now())
        account.payout_interval = "daily"
        session.add(
            ExternalAccount(
                id=f"ba_bench{account.id[-8:]}",
                account_id=account.id,
                country="US",
                currency="usd",
                bank_name="BENCH BANK",
                last4="6789",
                fingerprint=f"fp_{account.id}",
                default_for_currency=True,
                status="new",
                created=clock.now(),
            )
        )
        return platform.id, account.id


def _day(engine, platform_id: str, account_id: str, clock: FrozenClock, charges: int) -> None:
    """Book a day of charges, move to the next day, and run the automatic payout (which links them)."""
    for start in range(0, charges, 50_000):
        entries = [
            ledger.Entry(account_id, "charge", 1_000 + i % 500, "usd", clock.now(), fee=59)
            for i in range(start, min(charges, start + 50_000))
        ]
        with transaction(engine, write=True) as session:
            ledger.post_many(session, entries, clock.now())
    clock.advance(DAY)
    with transaction(engine, write=True) as session:
        platform, account = session.get(Platform, platform_id), session.get(ConnectedAccount, account_id)
        assert platform is not None and account is not None
        due.run_account(session, platform, account.id, clock.now(), limit=None)


def _timed(engine, work: Callable[[Session], object]) -> tuple[float, float]:
    samples = []
    with transaction(engine) as session:
        for _ in range(READS):
            started = time.perf_counter()
            work(session)
            samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def _relink(engine, payout: Payout) -> tuple[float, float]:
    """Time `reconciliation.record` for the latest payout again (its links removed first, then rolled back)."""
    samples = []
    for _ in range(READS // 10):
        with Session(engine) as session, session.begin():
            session.exec(delete(PayoutItem).where(col(PayoutItem.payout_id) == payout.id))  # type: ignore[call-overload]
            started = time.perf_counter()
            assert reconciliation.record(session, payout) == LAST_DAY
            samples.append((time.perf_counter() - started) * 1e6)
            session.rollback()
    samples.sort()
    return statistics.median(samples), samples[-1]


def measure(size: int) -> dict[str, tuple[float, float]]:
    folder = Path(tempfile.mkdtemp(prefix="balances-bench-family-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    clock = FrozenClock(1_795_000_000)
    platform_id, account_id = _setup(engine, clock)
    per_day = max(1, (size - LAST_DAY) // DAYS)
    for _ in range(DAYS):
        _day(engine, platform_id, account_id, clock, per_day)
    _day(engine, platform_id, account_id, clock, LAST_DAY)
    with transaction(engine) as session:
        latest = session.exec(
            select(Payout).where(Payout.account_id == account_id).order_by(col(Payout.created).desc())
        ).first()
        middle = session.exec(select(Payout).where(Payout.account_id == account_id).offset(DAYS // 2)).first()
        assert latest is not None and middle is not None
        assert reconciliation.totals(session, latest).net == latest.amount
    cursor = Cursor(middle.created, middle.id)
    results = {
        "payouts list, first page": _timed(engine, lambda s: payout_queries.page(s, account_id, PayoutFilter())),
        "payouts list, a deep page": _timed(
            engine, lambda s: payout_queries.page(s, account_id, PayoutFilter(), cursor)
        ),
        "reconciliation, first 25 items": _timed(engine, lambda s: reconciliation.items(s, latest, 0, 25)),
        "reconciliation, totals": _timed(engine, lambda s: reconciliation.totals(s, latest)),
    }
    results["recording a payout's 100 entries"] = _relink(engine, latest)
    engine.dispose()
    return results


def main(largest: int = 1_000_000) -> None:
    small, large = measure(1_000), measure(largest)
    print(f"{'':38} {'1,000 p50':>10} {f'{largest:,} p50':>14} {'ratio':>6}   (SQLite, µs, {READS} reads each)")
    for name, (p50, _) in small.items():
        big = large[name][0]
        print(f"{name:38} {p50:>10.1f} {big:>14.1f} {big / p50:>6.2f}")
    print("the latest payout's items add up to it at both sizes: OK")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
