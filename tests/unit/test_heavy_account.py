"""One busy account stalls no one: with 10,000 open payouts on it, another account's page and a new
account session take about as long as on an empty database, measured in process (see
bench/heavy_account.py, which `make bench` runs)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from balances_app.db import engine as db_engine
from balances_app.ui import snapshot
from bench.heavy_account import claimed, make_shop, measure, open_payouts

OPEN_PAYOUTS = 10_000
FACTOR = 5  # "a small factor": the machine is shared, so timings wobble; the old design took seconds
FLOOR_MS = 100  # below this, a difference is scheduling noise on a shared machine, not work


def within(heavy: float, empty: float) -> bool:
    return heavy <= max(FACTOR * empty, FLOOR_MS)


def test_a_busy_account_stalls_no_one(engine: Engine) -> None:
    shop = make_shop(engine)
    empty = measure(engine, shop)
    open_payouts(engine, shop, OPEN_PAYOUTS)
    heavy = measure(engine, shop)
    assert within(heavy.busy_page_ms, empty.busy_page_ms), (heavy, empty)
    assert within(heavy.quiet_page_ms, empty.quiet_page_ms), (heavy, empty)
    assert within(heavy.session_ms, empty.session_ms), (heavy, empty)


def test_the_busy_page_shows_its_newest_payouts_and_balance(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_engine, "get_engine", lambda: engine)
    shop = make_shop(engine)
    open_payouts(engine, shop, 300)
    shown = snapshot.read(claimed(shop, shop.busy))
    assert [p.status for p in shown.payouts] == ["pending"] * snapshot.RECENT_PAYOUTS
    assert shown.payouts[0].created > shown.payouts[-1].created
    assert (shown.summaries[0].available, shown.summaries[0].pending) == (10_000, 0)
