import pytest
from sqlalchemy import Engine

from balances_app.db.engine import transaction
from balances_app.domain import account_sessions
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from tests.factories import make_account, make_platform

ORIGIN = "https://platform.example"
INSTANCE = "instance-0123456789abcdef"
COMPONENTS = {"balances": {"enabled": "true"}}


def new_session(engine: Engine, clock: FrozenClock):
    platform, _ = make_platform(engine, clock.now(), origins=(ORIGIN,))
    account = make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as session:
        record, _, secret = account_sessions.create(session, platform, account.id, COMPONENTS, clock.now(), 1800)
    return platform, account, record, secret


def claim(engine: Engine, clock: FrozenClock, secret: str, pk: str, instance: str = INSTANCE, origin: str = ORIGIN):
    with transaction(engine, write=True) as session:
        return account_sessions.claim(
            session, client_secret=secret, instance_id=instance, publishable_key=pk, origin=origin, clock=clock
        )


def test_the_secret_is_stored_only_as_a_hash(engine: Engine, clock: FrozenClock) -> None:
    _, _, record, secret = new_session(engine, clock)
    assert secret.startswith("accs_secret__")
    assert secret not in record.secret_hash
    assert record.expires_at == clock.now() + 1800


def test_one_instance_claims_and_may_reuse_it_for_its_elements(engine: Engine, clock: FrozenClock) -> None:
    platform, account, _, secret = new_session(engine, clock)
    first = claim(engine, clock, secret, platform.publishable_key)
    second = claim(engine, clock, secret, platform.publishable_key)
    assert first.account_id == second.account_id == account.id
    assert first.allows("balances", "instant_payouts")


def test_another_instance_cannot_use_a_claimed_secret(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claim(engine, clock, secret, platform.publishable_key)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key, instance="another-instance-000000")
    assert caught.value.code == "client_secret_already_used"
    assert caught.value.type == "authentication_error"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"pk": "pk_test_someoneelse"}, "publishable_key_mismatch"),
        ({"origin": "https://evil.example"}, "origin_not_allowed"),
        ({"secret": "accs_secret__made_up"}, "client_secret_invalid"),
        ({"secret": "not-a-secret"}, "client_secret_invalid"),
    ],
)
def test_claims_are_refused(engine: Engine, clock: FrozenClock, change: dict, code: str) -> None:
    platform, _, _, secret = new_session(engine, clock)
    with pytest.raises(StripeError) as caught:
        claim(
            engine,
            clock,
            change.get("secret", secret),
            change.get("pk", platform.publishable_key),
            origin=change.get("origin", ORIGIN),
        )
    assert caught.value.code == code


def test_expired_and_ended_sessions_stop_working(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claimed = claim(engine, clock, secret, platform.publishable_key)
    clock.advance(1800)
    with pytest.raises(StripeError) as caught, transaction(engine) as session:
        account_sessions.check(session, claimed.session_id, clock)
    assert caught.value.code == account_sessions.EXPIRED_CODE

    other_platform, _, _, other = new_session(engine, clock)
    with transaction(engine, write=True) as session:
        account_sessions.end(session, other, clock)
    with pytest.raises(StripeError) as ended:
        claim(engine, clock, other, other_platform.publishable_key)
    assert ended.value.code == "account_session_ended"
