from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain.components import COMPONENT_KEYS
from tests.api.conftest import World

ALL_FEATURES = {
    "components[balances][enabled]": "true",
    "components[balances][features][instant_payouts]": "true",
    "components[balances][features][standard_payouts]": "true",
    "components[balances][features][edit_payout_schedule]": "true",
    "components[balances][features][external_account_collection]": "true",
}


def test_creates_a_session_in_stripes_shape(world: World) -> None:
    response = world.post("/v1/account_sessions", {"account": world.account.id, **ALL_FEATURES})
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "account_session"
    assert body["account"] == world.account.id
    assert body["client_secret"].startswith("accs_secret__")
    assert body["expires_at"] == world.clock.now() + 1800
    assert body["livemode"] is False
    assert set(body["components"]) == set(COMPONENT_KEYS)
    assert body["components"]["balances"] == {
        "enabled": True,
        "features": {
            "instant_payouts": True,
            "standard_payouts": True,
            "edit_payout_schedule": True,
            "external_account_collection": True,
            "disable_stripe_user_authentication": False,
        },
    }
    assert "id" not in body and "created" not in body


def test_creating_a_session_stores_nothing_and_each_secret_is_new(world: World) -> None:
    """The secret carries the session, signed; its first use stores it (tests/unit/test_account_sessions.py)."""
    secrets = {
        world.post("/v1/account_sessions", {"account": world.account.id, **ALL_FEATURES}).json()["client_secret"]
        for _ in range(3)
    }
    assert len(secrets) == 3
    with transaction(world.engine) as session:
        assert session.exec(select(AccountSession)).all() == []


def test_defaults_depend_on_who_carries_losses(world: World) -> None:
    enabled = {"components[balances][enabled]": "true"}
    stripe = world.post("/v1/account_sessions", {"account": world.account.id, **enabled}).json()
    platform = world.post("/v1/account_sessions", {"account": world.platform_account.id, **enabled}).json()
    assert stripe["components"]["balances"]["features"]["instant_payouts"] is True
    assert platform["components"]["balances"]["features"]["instant_payouts"] is False
    assert platform["components"]["balances"]["features"]["external_account_collection"] is True


def test_payouts_and_payouts_list_are_accepted(world: World) -> None:
    response = world.post(
        "/v1/account_sessions",
        {
            "account": world.account.id,
            "components[payouts][enabled]": "true",
            "components[payouts_list][enabled]": "true",
        },
    )
    assert response.status_code == 200
    assert response.json()["components"]["payouts_list"] == {"enabled": True, "features": {}}


def test_an_unsupported_component_says_so(world: World) -> None:
    response = world.post(
        "/v1/account_sessions", {"account": world.account.id, "components[payments][enabled]": "true"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == "components[payments]"
    assert "not supported yet" in error["message"]


def test_another_platforms_account_is_unknown(world: World) -> None:
    response = world.post("/v1/account_sessions", {"account": world.foreign_account.id, **ALL_FEATURES})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "account_invalid"
    assert response.json()["error"]["param"] == "account"


def test_missing_params_are_named(world: World) -> None:
    no_account = world.post("/v1/account_sessions", ALL_FEATURES).json()["error"]
    no_components = world.post("/v1/account_sessions", {"account": world.account.id}).json()["error"]
    assert (no_account["code"], no_account["param"]) == ("parameter_missing", "account")
    assert (no_components["code"], no_components["param"]) == ("parameter_missing", "components")


def test_unknown_parameters_are_refused_and_nothing_is_created(world: World) -> None:
    response = world.post("/v1/account_sessions", {"account": world.account.id, "colour": "red", **ALL_FEATURES})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parameter_unknown"
    with transaction(world.engine) as session:
        assert session.exec(select(AccountSession)).all() == []
