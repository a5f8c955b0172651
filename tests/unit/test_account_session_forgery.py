"""Attacks on signed account-session client secrets (domain level).

Each test states what must hold; a failing test is a finding (see the report).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import threading

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain import account_sessions, components
from balances_app.domain.account_sessions import NewSession, sign
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import new_id
from tests.factories import make_account, make_platform

ORIGIN = "https://platform.example"
INSTANCE = "instance-0123456789abcdef"
COMPONENTS = {"balances": {"enabled": "true"}}
KEY = b"test-session-key-0123456789abcdef0123"
RESOLVED = components.resolve(COMPONENTS, "stripe")


def new_session(engine: Engine, clock: FrozenClock, key: bytes = KEY, comps=COMPONENTS):
    platform, _ = make_platform(engine, clock.now(), origins=(ORIGIN,))
    account = make_account(engine, platform, clock.now())
    with transaction(engine) as session:
        new, _, secret = account_sessions.create(session, platform, account.id, comps, clock.now(), 1800, key)
    return platform, account, new, secret


def claim(engine, clock, secret, pk, instance=INSTANCE, origin=ORIGIN, key=KEY):
    with transaction(engine, write=True) as session:
        return account_sessions.claim(
            session, client_secret=secret, instance_id=instance, publishable_key=pk, origin=origin, clock=clock, key=key
        )


def end(engine, clock, secret, key=KEY):
    with transaction(engine, write=True) as session:
        account_sessions.end(session, secret, clock, key)


def stored(engine: Engine) -> list[AccountSession]:
    with transaction(engine) as session:
        return list(session.exec(select(AccountSession)).all())


def split(secret: str) -> tuple[str, str]:
    body, mac = secret.removeprefix("accs_secret__").split(".")
    return body, mac


# --- Textual tricks without the key ------------------------------------------------------------


def _variants(secret: str) -> dict[str, str]:
    body, mac = split(secret)
    std_mac = mac.replace("-", "+").replace("_", "/")
    return {
        "padded body": f"accs_secret__{body}{'=' * (-len(body) % 4) or '===='}.{mac}",
        "padded mac": f"accs_secret__{body}.{mac}=",
        "standard alphabet mac": f"accs_secret__{body}.{std_mac}",
        "trailing newline": secret + "\n",
        "trailing space": secret + " ",
        "leading space": " " + secret,
        "trailing NUL": secret + "\x00",
        "NUL inside": secret[:20] + "\x00" + secret[20:],
        "second dot": secret + ".",
        "mac twice": f"{secret}.{mac}",
        "upper prefix": secret.replace("accs_secret__", "ACCS_SECRET__"),
        "double prefix": "accs_secret__" + secret,
        "fullwidth char": secret[:-1] + "\uff21",
        "lone surrogate": secret[:-1] + "\ud800",
        "combining char": secret + "\u0301",
        "no mac": f"accs_secret__{body}.",
        "only mac": f"accs_secret__.{mac}",
        "case flipped mac": f"accs_secret__{body}.{mac.swapcase()}",
        "mac truncated": f"accs_secret__{body}.{mac[:-1]}",
        "mac last char changed": f"accs_secret__{body}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}",
        "body with junk chars b64 ignores": f"accs_secret__{body[:10]}!{body[10:]}.{mac}",
        "huge": secret + "A" * 10_000,
    }


@pytest.mark.parametrize("variant", list(_variants("accs_secret__YQ.Yg")))
def test_no_textual_variant_of_a_valid_secret_is_accepted(engine: Engine, clock: FrozenClock, variant: str) -> None:
    for _ in range(60):  # the standard-alphabet variant needs a mac holding '-' or '_' (3 in 4 do)
        platform, _, _, secret = new_session(engine, clock)
        forged = _variants(secret)[variant]
        if forged != secret:
            break
    assert forged != secret
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, forged, platform.publishable_key)
    assert caught.value.code == "client_secret_invalid"
    assert stored(engine) == []


def test_bit_flips_in_every_position_are_refused(engine: Engine, clock: FrozenClock) -> None:
    _, _, _, secret = new_session(engine, clock)
    for index in range(len("accs_secret__"), len(secret)):
        for replacement in "A_-.0":
            if secret[index] == replacement:
                continue
            forged = secret[:index] + replacement + secret[index + 1 :]
            with pytest.raises(StripeError):
                account_sessions.verify(forged, KEY)


# --- With the key (or a key mix-up) -------------------------------------------------------------


def test_a_secret_signed_by_the_key_for_an_account_this_database_does_not_have_is_a_clean_refusal(
    engine: Engine, clock: FrozenClock
) -> None:
    """The same key, another database (e.g. data/balances.sqlite3 removed but data/session.key kept,
    or staging and production sharing BALANCES_SESSION_KEY): a StripeError, never a database crash."""
    platform, _ = make_platform(engine, clock.now(), origins=(ORIGIN,))
    ghost = NewSession(new_id("accs"), platform.id, "acct_1DoesNotExist0000", clock.now(), clock.now() + 1800, RESOLVED)
    secret = sign(ghost, KEY)
    with pytest.raises(StripeError) as caught:  # an IntegrityError would fail the test
        claim(engine, clock, secret, platform.publishable_key)
    assert caught.value.code == "client_secret_invalid"
    assert stored(engine) == []


def test_logout_of_a_secret_for_a_platform_this_database_does_not_have_is_a_clean_refusal(
    engine: Engine, clock: FrozenClock
) -> None:
    ghost = NewSession(
        new_id("accs"), "acct_1NoSuchPlatform00", "acct_1NoSuchAccount000", clock.now(), clock.now() + 1800, RESOLVED
    )
    secret = sign(ghost, KEY)
    with pytest.raises(StripeError) as caught:
        end(engine, clock, secret)
    assert caught.value.code == "client_secret_invalid"
    assert stored(engine) == []


def test_a_secret_claimed_with_another_platforms_publishable_key_is_refused(engine: Engine, clock: FrozenClock) -> None:
    _, _, _, secret = new_session(engine, clock)
    other, _ = make_platform(engine, clock.now(), origins=(ORIGIN,))
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, other.publishable_key)
    assert caught.value.code == "publishable_key_mismatch"
    assert stored(engine) == []


# --- Hostile values next to a valid secret ------------------------------------------------------


@pytest.mark.parametrize(
    "instance",
    ["\ud800" * 20, "instance-\udfff-0123456789", "\x00" * 20, "é" * 20, "\U0001d518" * 20],
    ids=["lone-surrogates", "one-surrogate", "nuls", "accents", "astral"],
)
def test_hostile_instance_ids_are_refused_or_claimed_never_crash(
    engine: Engine, clock: FrozenClock, instance: str
) -> None:
    platform, _, _, secret = new_session(engine, clock)
    with contextlib.suppress(StripeError):
        claim(engine, clock, secret, platform.publishable_key, instance=instance)


def test_a_hostile_instance_id_cannot_crash_a_claimed_session_for_its_owner(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claim(engine, clock, secret, platform.publishable_key)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key, instance="\ud800" * 20)
    assert caught.value.code == "client_secret_already_used"


@pytest.mark.parametrize("pk", ["\x00", "\ud800", "pk_test_" + "A" * 5000, ""])
def test_hostile_publishable_keys_are_refused(engine: Engine, clock: FrozenClock, pk: str) -> None:
    _, _, _, secret = new_session(engine, clock)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, pk)
    assert caught.value.code == "publishable_key_mismatch"


@pytest.mark.parametrize(
    "origin",
    [
        ORIGIN + "\x00",
        ORIGIN + ".evil.example",
        "https://platform.example:443",
        "HTTPS://PLATFORM.EXAMPLE",
        "https://platform.exampl",
        "null",
        "",
    ],
)
def test_origins_must_match_exactly(engine: Engine, clock: FrozenClock, origin: str) -> None:
    platform, _, _, secret = new_session(engine, clock)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key, origin=origin)
    assert caught.value.code == "origin_not_allowed"


# --- Lifecycle ----------------------------------------------------------------------------------


def test_logout_then_claim_then_replay(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    claim(engine, clock, secret, platform.publishable_key)
    end(engine, clock, secret)
    end(engine, clock, secret)  # twice is fine
    for instance in (INSTANCE, "another-instance-0000000"):
        with pytest.raises(StripeError) as caught:
            claim(engine, clock, secret, platform.publishable_key, instance=instance)
        assert caught.value.code == "account_session_ended"
    assert len(stored(engine)) == 1


def test_expired_secret_is_refused_at_the_boundary(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    clock.advance(1799)
    claim(engine, clock, secret, platform.publishable_key)
    clock.advance(1)
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key)
    assert caught.value.code == account_sessions.EXPIRED_CODE


def test_the_clock_going_back_does_not_revive_an_expired_unclaimed_secret(engine: Engine, clock: FrozenClock) -> None:
    platform, _, _, secret = new_session(engine, clock)
    clock.advance(5000)
    with pytest.raises(StripeError):
        claim(engine, clock, secret, platform.publishable_key)


def test_the_row_is_the_secret_not_the_first_claimers_view(engine: Engine, clock: FrozenClock) -> None:
    """What the row stores after a claim equals what was signed (nothing of the claimer's input)."""
    platform, account, new, secret = new_session(engine, clock)
    claim(engine, clock, secret, platform.publishable_key)
    [row] = stored(engine)
    assert (row.platform_id, row.account_id, row.created, row.expires_at) == (
        platform.id,
        account.id,
        new.created,
        new.expires_at,
    )
    assert row.components == new.components
    dumped = row.model_dump_json()
    assert secret not in dumped and split(secret)[1] not in dumped and INSTANCE not in dumped


def test_components_bits_cannot_widen_a_session(engine: Engine, clock: FrozenClock) -> None:
    """A session that only enables payouts_list cannot be turned into balances with instant payouts."""
    narrow = {"payouts_list": {"enabled": "true"}}
    platform, _, _new, secret = new_session(engine, clock, comps=narrow)
    body, mac = split(secret)
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    fields[5] = "1" * len(fields[5])
    forged_body = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).rstrip(b"=").decode()
    with pytest.raises(StripeError):
        claim(engine, clock, f"accs_secret__{forged_body}.{mac}", platform.publishable_key)


def test_the_mac_is_not_a_plain_sha256_or_unkeyed(engine: Engine, clock: FrozenClock) -> None:
    _, _, _, secret = new_session(engine, clock)
    body, mac = split(secret)
    for guess in (b"", b"\x00" * 32, b"dev-only-fingerprint-key"):
        assert (
            base64.urlsafe_b64encode(hmac.new(guess, b"account_session.v1." + body.encode(), hashlib.sha256).digest())
            .rstrip(b"=")
            .decode()
            != mac
        )
    assert base64.urlsafe_b64encode(hashlib.sha256(body.encode()).digest()).rstrip(b"=").decode() != mac


# --- Concurrency (SQLite by default; BALANCES_TEST_SCALED=1 for PostgreSQL) ----------------------


def _race(engine, clock, secret, pk, n, logout_index=None):
    start, outcomes = threading.Barrier(n), []

    def run(index: int) -> None:
        start.wait()
        try:
            if index == logout_index:
                end(engine, clock, secret)
                outcomes.append("logout")
            else:
                claim(engine, clock, secret, pk, instance=f"instance-{index}-0123456789abcdef")
                outcomes.append("claimed")
        except StripeError as error:
            outcomes.append(error.code)
        except Exception as error:
            outcomes.append(f"CRASH {type(error).__name__}: {error}"[:300])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.parametrize("round_", range(5))
def test_twelve_instances_race_on_a_fresh_secret(engine: Engine, clock: FrozenClock, round_: int) -> None:
    platform, _, _, secret = new_session(engine, clock)
    outcomes = _race(engine, clock, secret, platform.publishable_key, 12)
    assert sorted(outcomes) == ["claimed"] + ["client_secret_already_used"] * 11, outcomes
    assert len(stored(engine)) == 1


@pytest.mark.parametrize("round_", range(5))
def test_a_logout_racing_claims_leaves_the_session_ended(engine: Engine, clock: FrozenClock, round_: int) -> None:
    platform, _, _, secret = new_session(engine, clock)
    outcomes = _race(engine, clock, secret, platform.publishable_key, 8, logout_index=0)
    assert not [o for o in outcomes if o.startswith("CRASH")], outcomes
    assert outcomes.count("claimed") <= 1
    [row] = stored(engine)
    assert row.ended_at is not None
    with pytest.raises(StripeError) as caught:
        claim(engine, clock, secret, platform.publishable_key, instance="instance-1-0123456789abcdef")
    assert caught.value.code == "account_session_ended"
