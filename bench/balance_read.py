"""Balance read time at 10 and at 1,000,000 ledger entries for one account: `make bench`.

Reads go through running totals, so their cost should not grow with the ledger; the
printed ratio (p50 at 1,000,000 over p50 at 10) should stay near 1. The entries are
booked through the ledger's own batch path, and the run ends by checking that the
running totals still equal a full recomputation from all the entries.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from balances_app.db.engine import make_engine, transaction
from balances_app.db.migrate import upgrade
from balances_app.domain import ledger
from balances_app.domain.clock import FrozenClock
from bench.seller import us_seller

DAY = 86400
READS = 2000


def measure(engine, account_id: str, now: int) -> tuple[float, float]:
    samples = []
    with transaction(engine) as session:
        for _ in range(READS):
            start = time.perf_counter()
            ledger.balance(session, account_id, now)
            samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def grow(engine, account_id: str, clock: FrozenClock, target: int, booked: int) -> int:
    """Book charges (2 days' delay) in ten daily batches up to `target`, so both sizes end with the same
    shape of running totals: one settled bucket and two days still pending."""
    batch = max(1, (target - booked) // 10)
    while booked < target:
        size = min(batch, target - booked)
        entries = [
            ledger.Entry(account_id, "charge", 1_000 + i % 500, "usd", clock.now() + 2 * DAY, fee=59)
            for i in range(size)
        ]
        with transaction(engine, write=True) as session:
            ledger.post_many(session, entries, clock.now())
        booked += size
        clock.advance(DAY)
    return booked


def main(largest: int = 1_000_000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="balances-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    clock = FrozenClock(1_795_000_000)
    with transaction(engine, write=True) as session:
        _platform, account = us_seller(session, clock.now())
    rows = []
    booked = 0
    for size in (10, largest):
        started = time.perf_counter()
        booked = grow(engine, account.id, clock, size, booked)
        p50, p99 = measure(engine, account.id, clock.now())
        rows.append((size, p50, p99, time.perf_counter() - started))
    with transaction(engine) as session:
        problems = ledger.verify(session, clock.now())
    print(f"{'entries':>10} {'p50 µs':>10} {'p99 µs':>10}   (SQLite, {READS} reads each)")
    for size, p50, p99, _ in rows:
        print(f"{size:>10,} {p50:>10.1f} {p99:>10.1f}")
    print(f"ratio p50 {rows[1][0]:,} / {rows[0][0]:,} entries: {rows[1][1] / rows[0][1]:.2f}")
    print(f"ratio p99 {rows[1][0]:,} / {rows[0][0]:,} entries: {rows[1][2] / rows[0][2]:.2f}")
    print(f"running totals vs recomputation from all entries: {problems or 'OK'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
