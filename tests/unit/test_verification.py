"""One-time codes: the limit of wrong tries holds across requests, and a code works once."""

import pytest
from sqlalchemy import Engine

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession, ConnectedAccount
from balances_app.domain import verification
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from tests.factories import make_account, make_platform

SESSION = "accs_test"
PURPOSE = "remove:ba_1"


def send_code(engine: Engine, account: ConnectedAccount, now: int) -> str:
    sent: list[str] = []
    with transaction(engine, write=True) as session:
        session.add(
            AccountSession(
                id=SESSION,
                platform_id=account.platform_id,
                account_id=account.id,
                secret_hash="x",
                created=now,
                expires_at=now + 600,
            )
        )
        session.flush()
        verification.send(
            session,
            account,
            SESSION,
            PURPOSE,
            "remove a bank account",
            lambda _account, code, _label: sent.append(code),
            now,
        )
    return sent[0]


def redeem(engine: Engine, account: ConnectedAccount, code: str, now: int, change=lambda _s: "changed"):  # type: ignore[no-untyped-def]
    return verification.redeem(engine, account.id, SESSION, PURPOSE, code, now, change)


def test_wrong_codes_are_counted_across_requests_until_locked(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    code = send_code(engine, account, clock.now())
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(StripeError, match=f"{left} tr"):
            redeem(engine, account, wrong, clock.now())
    with pytest.raises(StripeError, match="Too many wrong codes"):
        redeem(engine, account, wrong, clock.now())
    with pytest.raises(StripeError) as locked:
        redeem(engine, account, code, clock.now())  # even the right code, now
    assert locked.value.code == "verification_code_locked"


def test_a_code_works_once_and_a_failed_change_leaves_it_unused(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    code = send_code(engine, account, clock.now())

    def failing(_session):  # type: ignore[no-untyped-def]
        raise StripeError("the change itself failed")

    with pytest.raises(StripeError, match="the change itself failed"):
        redeem(engine, account, code, clock.now(), failing)
    assert redeem(engine, account, code, clock.now()) == "changed"
    with pytest.raises(StripeError) as used:
        redeem(engine, account, code, clock.now())
    assert used.value.code == "verification_code_expired"


def test_codes_expire(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    code = send_code(engine, account, clock.now())
    with pytest.raises(StripeError) as expired:
        redeem(engine, account, code, clock.now() + verification.LIFETIME_SECONDS)
    assert expired.value.code == "verification_code_expired"


def test_codes_to_one_account_are_limited_in_ten_minutes(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now())
    sent: list[str] = []
    send_code(engine, account, clock.now())  # also makes the session

    def again(purpose: str) -> None:
        with transaction(engine, write=True) as session:
            verification.send(
                session, account, SESSION, purpose, "add a bank account", lambda *a: sent.append(a[1]), clock.now()
            )

    for index in range(verification.MAX_SENT - 1):
        again(f"add:{index}")
    with pytest.raises(StripeError, match="Too many codes") as refused:
        again("add:one-more")
    assert refused.value.code == "verification_code_rate_limited"
    assert len(sent) == verification.MAX_SENT - 1
    clock.advance(verification.LIFETIME_SECONDS)
    again("add:later")  # ten minutes on, codes flow again
    assert len(sent) == verification.MAX_SENT
