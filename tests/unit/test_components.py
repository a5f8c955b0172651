import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balances_app.domain.components import COMPONENT_KEYS, PAYOUT_FEATURES, allows, pack, resolve, unpack
from balances_app.domain.errors import StripeError


def balances(**features: str) -> dict:
    return {"balances": {"enabled": "true", "features": features}}


def test_payout_features_default_on_only_when_stripe_carries_losses() -> None:
    stripe_side = resolve(balances(), "stripe")["balances"]["features"]
    platform_side = resolve(balances(), "application")["balances"]["features"]
    for feature in ("instant_payouts", "standard_payouts", "edit_payout_schedule"):
        assert stripe_side[feature] is True
        assert platform_side[feature] is False
    assert stripe_side["external_account_collection"] is True
    assert platform_side["external_account_collection"] is True


def test_user_authentication_defaults_to_the_opposite_of_external_account_collection() -> None:
    on = resolve(balances(), "stripe")["balances"]["features"]
    off = resolve(balances(external_account_collection="false"), "stripe")["balances"]["features"]
    assert on["disable_stripe_user_authentication"] is False
    assert off["disable_stripe_user_authentication"] is True


def test_explicit_features_win_over_defaults() -> None:
    features = resolve(balances(instant_payouts="true"), "application")["balances"]["features"]
    assert features["instant_payouts"] is True
    assert features["standard_payouts"] is False


def test_every_component_key_is_listed_with_disabled_ones_too() -> None:
    resolved = resolve(balances(), "stripe")
    assert set(resolved) == set(COMPONENT_KEYS)
    assert resolved["payments"] == {"enabled": False, "features": {}}
    assert resolved["payouts"]["enabled"] is False
    assert resolved["payouts"]["features"]["instant_payouts"] is True


@pytest.mark.parametrize(
    ("components", "param"),
    [
        ({}, "components"),
        ({"balances": {"enabled": "false"}}, "components"),
        ({"payments": {"enabled": "true"}}, "components[payments]"),
        ({"made_up": {"enabled": "true"}}, "components[made_up]"),
        ({"balances": {"features": {}}}, "components[balances][enabled]"),
        ({"balances": {"enabled": "yes"}}, "components[balances][enabled]"),
        (balances(teleport="true"), "components[balances][features][teleport]"),
    ],
)
def test_bad_components_name_the_param(components: dict, param: str) -> None:
    with pytest.raises(StripeError) as caught:
        resolve(components, "stripe")
    assert caught.value.param == param
    assert caught.value.status == 400


def test_unsupported_component_may_be_listed_when_disabled() -> None:
    resolved = resolve({**balances(), "payments": {"enabled": "false"}}, "stripe")
    assert resolved["payments"]["enabled"] is False


def test_allows_checks_component_then_feature() -> None:
    resolved = resolve(balances(instant_payouts="false"), "stripe")
    assert allows(resolved, "balances")
    assert not allows(resolved, "balances", "instant_payouts")
    assert allows(resolved, "balances", "standard_payouts")
    assert not allows(resolved, "payouts")


_FLAG = st.sampled_from(["true", "false", True, False])
_SPEC = st.fixed_dictionaries(
    {"enabled": _FLAG}, optional={"features": st.dictionaries(st.sampled_from(PAYOUT_FEATURES), _FLAG)}
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"balances": _SPEC},
        optional={"payouts": _SPEC, "payouts_list": st.fixed_dictionaries({"enabled": _FLAG})},
    ),
    st.sampled_from(["stripe", "application"]),
)
def test_packing_keeps_every_resolved_component_and_feature(components: dict, losses: str) -> None:
    """A client secret carries a session's components packed: what a claim unpacks is what was resolved."""
    components["balances"]["enabled"] = "true"  # at least one enabled, or resolve refuses
    resolved = resolve(components, losses)
    assert unpack(pack(resolved)) == resolved


@pytest.mark.parametrize("packed", ["", "1", "1" * 13, "1" * 15, "11111x11111100", "\uff11" * 14])
def test_unpacking_refuses_what_packing_cannot_make(packed: str) -> None:
    with pytest.raises(ValueError):
        unpack(packed)
