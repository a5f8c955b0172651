"""Attacks on POST /embedded/logout and POST /v1/account_sessions through the in-process ASGI client."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain import account_sessions, components
from balances_app.domain.account_sessions import NewSession, sign
from balances_app.domain.ids import new_id
from balances_app.settings import settings
from tests.api.conftest import World

ENABLED = {"components[balances][enabled]": "true"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _secret(world: World) -> str:
    response = world.post("/v1/account_sessions", {"account": world.account.id, **ENABLED})
    assert response.status_code == 200, response.text
    return response.json()["client_secret"]


def _stripe_error(response, status: int | None = None) -> dict:
    assert response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    error = response.json()["error"]
    assert {"type", "message"} <= set(error), error
    return error


def _rows(world: World) -> list[AccountSession]:
    with transaction(world.engine) as session:
        return list(session.exec(select(AccountSession)).all())


# --- /embedded/logout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"", {}),
        (b"", FORM),
        (b"client_secret=", FORM),
        (b"client_secret", FORM),
        (b"client_secret[]=x", FORM),
        (b"client_secret[a]=x", FORM),
        (b"client_secret=a&client_secret=b", FORM),
        (b'{"client_secret": "accs_secret__x.y"}', {"content-type": "application/json"}),
        (b"client_secret=%FF%FE", FORM),
        (b"\xff\xfe\x00", FORM),
        (b"client_secret=accs_secret__%00.%00", FORM),
        (b"client_secret=accs_secret__%ED%A0%80.x", FORM),  # an encoded surrogate
        (b"client_secret=" + b"A" * 300, FORM),
        (b"client_secret=" + b"A" * (1024 * 1024), FORM),
        (b"x=" + b"A" * (256 * 1024 + 1), FORM),
        (b"&" * 5000, FORM),
        (b"a[" * 2000 + b"=1", FORM),
    ],
    ids=[
        "empty-no-ct",
        "empty",
        "blank",
        "name-only",
        "list",
        "hash",
        "repeated",
        "json",
        "non-utf8-escape",
        "non-utf8-raw",
        "nuls",
        "surrogate",
        "long",
        "1MB",
        "over-limit",
        "many-amps",
        "deep-nesting",
    ],
)
def test_hostile_logout_bodies_get_stripe_errors(world: World, body: bytes, headers: dict) -> None:
    response = world.client.post("/embedded/logout", content=body, headers=headers)
    error = _stripe_error(response)
    assert error["type"] in ("invalid_request_error", "authentication_error")
    assert _rows(world) == []


def test_missing_client_secret_names_the_param(world: World) -> None:
    """Stripe answers a missing parameter with parameter_missing and the param's name."""
    error = _stripe_error(world.client.post("/embedded/logout", data={}))
    assert error.get("param") == "client_secret", error


@pytest.mark.parametrize("known_platform", [False, True], ids=["unknown-platform", "known-platform"])
def test_logout_of_a_secret_signed_here_for_an_account_this_database_lacks_is_refused(
    world: World, known_platform: bool
) -> None:
    """Same key, another database (a reset data/balances.sqlite3 beside a kept data/session.key, or
    two environments sharing BALANCES_SESSION_KEY): the signature checks out, the account does not."""
    ghost = NewSession(
        new_id("accs"),
        world.platform.id if known_platform else "acct_1NoSuchPlatform00",
        "acct_1NoSuchAccount000",
        world.clock.now(),
        world.clock.now() + 1800,
        components.resolve({"balances": {"enabled": True}}, "stripe"),
    )
    response = world.client.post("/embedded/logout", data={"client_secret": sign(ghost, settings.session_key)})
    assert _stripe_error(response, 401)["code"] == "client_secret_invalid"
    assert _rows(world) == []


def test_logout_works_and_is_idempotent_and_only_stores_a_hash(world: World) -> None:
    secret = _secret(world)
    for _ in range(2):
        response = world.client.post("/embedded/logout", data={"client_secret": secret})
        assert response.status_code == 204, response.text
    [row] = _rows(world)
    assert row.ended_at is not None and secret not in row.model_dump_json()


def test_a_forged_secret_at_logout_stores_nothing(world: World) -> None:
    secret = _secret(world)
    body, mac = secret.removeprefix("accs_secret__").split(".")
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    fields[0] = "accs_1Victim000000000"
    forged = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).rstrip(b"=").decode()
    response = world.client.post("/embedded/logout", data={"client_secret": f"accs_secret__{forged}.{mac}"})
    assert _stripe_error(response)["code"] == "client_secret_invalid"
    assert _rows(world) == []


def test_logout_errors_do_not_echo_the_secret(world: World) -> None:
    secret = _secret(world)
    for sent in (secret + "x", secret[:-1], secret + "\x00"):
        response = world.client.post("/embedded/logout", data={"client_secret": sent})
        assert secret[-20:] not in response.text


def test_the_session_key_never_appears_in_responses_or_logs(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = _secret(world)
    world.client.post("/embedded/logout", data={"client_secret": secret})
    world.client.post("/embedded/logout", data={"client_secret": secret + "A"})
    key = settings.session_key.decode()
    assert key not in caplog.text and secret not in caplog.text


# --- POST /v1/account_sessions still refuses what it refused -----------------------------------


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"components[balances][enabled]": "true"}, "parameter_missing"),  # no account
        ({"account": "FOREIGN", **ENABLED}, "account_invalid"),
        ({"account": "acct_1Unknown000000000", **ENABLED}, "account_invalid"),
        ({"account": "ACCOUNT"}, "parameter_missing"),
        ({"account": "ACCOUNT", "components[payments][enabled]": "true"}, "parameter_invalid"),
        ({"account": "ACCOUNT", "components[nope][enabled]": "true"}, "parameter_unknown"),
        ({"account": "ACCOUNT", **ENABLED, "expires_at": "2000000000"}, "parameter_unknown"),
        ({"account": "ACCOUNT", **ENABLED, "platform": "acct_x"}, "parameter_unknown"),
        ({"account": "ACCOUNT", **ENABLED, "components[balances][features][issuing]": "true"}, "parameter_unknown"),
        ({"account": "ACCOUNT", "components[balances][enabled]": "yes"}, "parameter_invalid_boolean"),
        ({"account": "ACCOUNT", "components[balances][enabled]": "false"}, "parameter_missing"),
        ({"account[x]": "ACCOUNT", **ENABLED}, None),
        ({"account": "ACCOUNT", "components": "balances"}, None),
        ({"account": "ACCOUNT", "components[balances]": "true"}, None),
        ({"account": "ACCOUNT", "components[balances][enabled][x]": "true"}, None),
        ({"account": "ACCOUNT", **ENABLED, "components[balances][features]": "x"}, None),
        ({"account": "ACCOUNT", **ENABLED, "components[balances][features][instant_payouts][x]": "true"}, None),
        ({"account": "ACCOUNT" + "\x00", **ENABLED}, None),
        ({"account": "A" * 5000, **ENABLED}, None),
    ],
)
def test_account_session_creation_still_refuses(world: World, form: dict, code: str | None) -> None:
    form = {
        key: value.replace("FOREIGN", world.foreign_account.id).replace("ACCOUNT", world.account.id)
        for key, value in form.items()
    }
    response = world.post("/v1/account_sessions", form)
    error = _stripe_error(response)
    assert response.status_code in (400, 404), response.text
    if code:
        assert error.get("code") == code, error


@pytest.mark.parametrize(
    "auth",
    [None, ("pk_test_x", ""), ("sk_test_wrong", ""), ("", ""), ("\x00", "")],
)
def test_account_session_creation_requires_the_platforms_secret_key(world: World, auth) -> None:
    response = world.client.post("/v1/account_sessions", data={"account": world.account.id, **ENABLED}, auth=auth)
    error = _stripe_error(response, 401)
    assert error["type"] == "authentication_error"


def test_a_publishable_key_cannot_create_sessions(world: World) -> None:
    response = world.client.post(
        "/v1/account_sessions", data={"account": world.account.id, **ENABLED}, auth=(world.platform.publishable_key, "")
    )
    _stripe_error(response, 401)


def test_another_platforms_key_cannot_create_for_this_account(world: World) -> None:
    from tests.factories import make_platform

    _, other_key = make_platform(world.engine, world.clock.now())
    response = world.client.post(
        "/v1/account_sessions", data={"account": world.account.id, **ENABLED}, auth=(other_key, "")
    )
    assert _stripe_error(response, 400)["code"] == "account_invalid"


_NAMES = st.sampled_from(
    [
        "account",
        "components",
        "components[balances]",
        "components[balances][enabled]",
        "components[balances][features][instant_payouts]",
        "components[payouts][enabled]",
        "components[payouts_list][enabled]",
        "components[payout_details][enabled]",
        "components[balances][features]",
        "components[balances][features][external_account_collection]",
        "components[balances][features][disable_stripe_user_authentication]",
        "expand[]",
        "account[]",
        "components[]",
        "components[][enabled]",
        "components[balances][enabled][]",
    ]
) | st.text(max_size=30)
_VALUES = st.sampled_from(["true", "false", "True", "FALSE", "1", "", "ACCOUNT", "FOREIGN"]) | st.text(max_size=40)


@hsettings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(_NAMES, _VALUES), max_size=8))
def test_fuzzed_creation_never_500s_and_only_mints_for_own_accounts(world: World, pairs) -> None:
    form = [
        (name, value.replace("FOREIGN", world.foreign_account.id).replace("ACCOUNT", world.account.id))
        for name, value in pairs
    ]
    from urllib.parse import urlencode

    response = world.client.post(
        "/v1/account_sessions", content=urlencode(form).encode(), headers=FORM, auth=(world.secret_key, "")
    )
    assert response.status_code < 500, (form, response.text)
    if response.status_code == 200:
        body = response.json()
        assert body["account"] == world.account.id
        new = account_sessions.verify(body["client_secret"], settings.session_key)
        assert (new.platform_id, new.account_id) == (world.platform.id, world.account.id)
        assert new.components == body["components"] or all(
            new.components[k] == body["components"][k] for k in components.SUPPORTED
        )
    else:
        _stripe_error(response)
