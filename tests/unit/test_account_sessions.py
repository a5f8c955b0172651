"""Account sessions: signed client secrets, stored only once used, claimed by one connect.js instance."""

import base64
import json
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain import account_sessions
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import hash_secret
from tests.factories import make_account, make_platform

ORIGIN = "https://platform.example"
INSTANCE = "instance-0123456789abcdef"
COMPONENTS = {"balances": {"enabled": "true"}}
KEY = b"test-session-key-0123456789abcdef0123"
OTHER_KEY = b"another-installations-key-0123456789abc"


def new_session(engine: Engine, clock: FrozenClock, key: bytes = KEY):
    platform, _ = make_platform(engine, clock.now(), origins=(ORIGIN,))
    account = make_account(engine, platform, clock.now())
    with transaction(engine) as session:
        new, _, secret = account_sessions.create(session, platform, account.id, COMPONENTS, clock.now(), 1800, key)
    return platform, account, new, secret


def claim(engine: Engine, clock: FrozenClock, secret: str, pk: str, instance: str = INSTANCE, origin: str = ORIGIN):
    with transaction(engine, write=True) as session:
        return account_sessions.claim(
            session, client_secret=secret, instance_id=instance, publishable_key=pk, origin=origin, clock=clock, key=KEY
        )


def stored(engine: Engine) -> list[AccountSession]:
    with transaction(engine) as session:
        return list(session.exec(select(AccountSession)).all())


def test_creating_stores_nothing_and_the_first_use_stores_only_a_hash(engine: Engine, clock: FrozenClock) -> None:
    platform, account, new, secret = new_session(engine, clock)
    assert secret.startswith("accs_secret__") and len(secret) < account_sessions.MAX_SECRET_LENGTH
    assert new.expires_at == clock.now() + 1800
    assert stored(engine) == []
    claim(engine, clock, secret, platform.publishable_key)
    [record] = stored(engine)
    assert (record.id, record.account_id, record.expires_at) == (new.session_id, account.id, new.expires_at)
    assert record.secret_hash == hash_secret(secret) and secret not in record.model_dump_json()
    assert record.components == new.components


def test_one_instance_claims_and_may_reuse_it_for_its_elements(engine: Engine, clock: FrozenClock) -> None:
    platform, account, _, secret = new_session(engine, clock)
    first = claim(engine, clock, secret, platform.publishable_key)
    second = claim(engine, clock, secret, platform.publishable_key)
    assert first.account_id == second.account_id == account.id
    assert first.allows("balances", "instant_payouts")
    assert len(stored(engine)) == 1


def test_another_instance_cannot_use_a_claimed_secret(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claim(engine, clock, secret, platform.publishable_key)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key, instance="another-instance-000000")
    assert caught.value.code == "client_secret_already_used"
    assert caught.value.type == "authentication_error"


def test_instances_claiming_one_secret_at_once_leave_one_owner(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    start, outcomes = threading.Barrier(6), []

    def race(index: int) -> None:
        start.wait()
        try:
            claim(engine, clock, secret, platform.publishable_key, instance=f"instance-{index}-0123456789abcdef")
            outcomes.append("claimed")
        except StripeError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=race, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["claimed"] + ["client_secret_already_used"] * 5
    assert len(stored(engine)) == 1


def _rewritten(secret: str, change: dict) -> str:
    """The secret with some of its fields changed, its signature kept: what a forger can make without the key."""
    body, mac = secret.removeprefix("accs_secret__").split(".")
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    for index, value in change.items():
        fields[index] = value
    forged = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"accs_secret__{forged}.{mac}"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"pk": "pk_test_someoneelse"}, "publishable_key_mismatch"),
        ({"origin": "https://evil.example"}, "origin_not_allowed"),
        ({"secret": "accs_secret__made_up"}, "client_secret_invalid"),
        ({"secret": "not-a-secret"}, "client_secret_invalid"),
        ({"fields": {4: 2_000_000_000}}, "client_secret_invalid"),  # a later expiry
        ({"fields": {5: "11111111111111"}}, "client_secret_invalid"),  # more features
        ({"fields": {2: "acct_someoneelse"}}, "client_secret_invalid"),  # another account
        ({"key": OTHER_KEY}, "client_secret_invalid"),  # signed by another installation
    ],
)
def test_claims_are_refused_and_store_nothing(engine: Engine, clock: FrozenClock, change: dict, code: str) -> None:
    platform, _, _, secret = new_session(engine, clock, key=change.get("key", KEY))
    if "fields" in change:
        secret = _rewritten(secret, change["fields"])
    with pytest.raises(StripeError) as caught:
        claim(
            engine,
            clock,
            change.get("secret", secret),
            change.get("pk", platform.publishable_key),
            origin=change.get("origin", ORIGIN),
        )
    assert caught.value.code == code
    assert stored(engine) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600) | st.text(max_size=600).map(lambda tail: "accs_secret__" + tail))
def test_any_other_text_is_refused_as_invalid(secret: str) -> None:
    with pytest.raises(StripeError) as caught:
        account_sessions.verify(secret, KEY)
    assert caught.value.code == "client_secret_invalid"


def test_expired_and_ended_sessions_stop_working(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claimed = claim(engine, clock, secret, platform.publishable_key)
    clock.advance(1800)
    with pytest.raises(StripeError) as caught, transaction(engine) as session:
        account_sessions.check(session, claimed.session_id, clock)
    assert caught.value.code == account_sessions.EXPIRED_CODE

    other_platform, _, _, other = new_session(engine, clock)
    with transaction(engine, write=True) as session:
        account_sessions.end(session, other, clock, KEY)  # a logout before any claim
    with pytest.raises(StripeError) as ended:
        claim(engine, clock, other, other_platform.publishable_key)
    assert ended.value.code == "account_session_ended"


def test_a_secret_never_claimed_expires_all_the_same(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    clock.advance(1800)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key)
    assert caught.value.code == account_sessions.EXPIRED_CODE
    assert stored(engine) == []
