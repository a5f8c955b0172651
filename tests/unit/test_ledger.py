from sqlalchemy import Engine, func
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import BalanceBucket, BalanceTransaction
from balances_app.domain import ledger
from balances_app.domain.clock import FrozenClock
from tests.factories import DAY, charge, make_account, make_platform


def test_money_is_pending_until_available_on_then_available(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    charge(engine, account.id, 10_000, clock.now(), available_in_days=2, fee=320)
    with transaction(engine) as session:
        before = ledger.balance(session, account.id, clock.now())["usd"]
        after = ledger.balance(session, account.id, clock.now() + 2 * DAY)["usd"]
    assert (before.available_total, before.pending_total) == (0, 9_680)
    assert (after.available_total, after.pending_total) == (9_680, 0)


def test_card_funds_are_instantly_available_a_day_after_the_charge(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    charge(engine, account.id, 5_000, clock.now(), available_in_days=3)
    with transaction(engine) as session:
        assert ledger.balance(session, account.id, clock.now())["usd"].instant_available == 0
        assert ledger.balance(session, account.id, clock.now() + DAY)["usd"].instant_available == 5_000


def test_net_is_amount_minus_fee_and_entries_are_kept(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    charge(engine, account.id, 2_000, clock.now(), fee=88)
    with transaction(engine) as session:
        txn = session.exec(select(BalanceTransaction)).one()
    assert (txn.amount, txn.fee, txn.net, txn.reporting_category) == (2_000, 88, 1_912, "charge")
    assert txn.id.startswith("txn_")


def test_negative_balances_are_real_numbers(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "adjustment", -4_825, "usd", clock.now()), clock.now())
        balance = ledger.balance(session, account.id, clock.now())["usd"]
    assert balance.available_total == -4_825
    assert balance.instant_available == 0


def test_running_totals_match_the_entries_and_stay_small(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    for day in range(60):
        now = clock.now() + day * DAY
        charge(engine, account.id, 1_000 + day, now, available_in_days=2, fee=30)
        charge(engine, account.id, 700, now + 3600, available_in_days=2, currency="eur")
    last = clock.now() + 59 * DAY + 3600
    with transaction(engine) as session:
        assert ledger.verify(session, last) == []
        assert ledger.verify(session, last + 10 * DAY) == []
        entries = session.exec(select(func.count()).select_from(BalanceTransaction)).one()
        buckets = session.exec(select(func.count()).select_from(BalanceBucket)).one()
    assert entries == 120
    assert buckets <= 8  # settled per currency, plus the few days still pending


def test_verify_reports_drift(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    charge(engine, account.id, 1_000, clock.now())
    with transaction(engine, write=True) as session:
        bucket = session.exec(select(BalanceBucket)).first()
        assert bucket is not None
        bucket.amount += 1
        session.add(bucket)
    with transaction(engine) as session:
        problems = ledger.verify(session, clock.now())
    assert len(problems) == 1 and account.id in problems[0]


def test_a_failed_transaction_leaves_no_entry_and_no_total(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    try:
        with transaction(engine, write=True) as session:
            ledger.post(session, ledger.Entry(account.id, "charge", 1_000, "usd", clock.now()), clock.now())
            raise RuntimeError("crash mid-way")
    except RuntimeError:
        pass
    with transaction(engine) as session:
        assert session.exec(select(BalanceTransaction)).all() == []
        assert session.exec(select(BalanceBucket)).all() == []


def test_amounts_must_be_integer_minor_units(engine: Engine, clock: FrozenClock) -> None:
    import pytest

    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    with pytest.raises(TypeError), transaction(engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "charge", 10.5, "usd", clock.now()), clock.now())  # type: ignore[arg-type]


def test_an_instant_payout_of_pending_funds_never_makes_available_negative() -> None:
    from balances_app.domain.balances import Bucket, covered_from

    pending_only = [Bucket("usd", "card", 1_000, 1_000, 150)]
    assert covered_from(pending_only, "usd", 150, now=500) == 1_000
    some_available = [Bucket("usd", "card", 0, 0, 100), *pending_only]
    assert covered_from(some_available, "usd", 100, now=500) == 500
    assert covered_from(some_available, "usd", 200, now=500) == 1_000


def test_a_payout_folds_the_running_totals_that_matured_since_the_last_entry(
    engine: Engine, clock: FrozenClock
) -> None:
    """A payout reads the totals for its floor check; any that matured fold into the settled one."""
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    for days in range(1, 21):
        charge(engine, account.id, 1_000, clock.now(), available_in_days=days)
    later = clock.now() + 25 * DAY
    with transaction(engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "payout", -5_000, "usd", later), later)
    with transaction(engine) as session:
        assert session.exec(select(func.count()).select_from(BalanceBucket)).one() == 1
        assert ledger.balance(session, account.id, later)["usd"].available_total == 15_000
        assert ledger.verify(session, later) == []
