"""The component registry, the manifest connect.js reads, and the payout views' account checks."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from balances_app.db import engine as engine_module
from balances_app.db.engine import transaction
from balances_app.db.models import Payout
from balances_app.domain import components
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.clock import FrozenClock
from balances_app.domain.errors import StripeError
from balances_app.ui import payout_view, registry
from balances_app.ui.manifest import manifest_app
from balances_app.ui.state.payout_list import Filters, parse_filters
from tests.factories import make_account, make_platform


def test_every_unit_is_a_supported_session_key_with_stripes_tag_and_its_own_route() -> None:
    assert {unit.key for unit in registry.COMPONENTS} == {"balances", "payouts", "payouts_list", "payout_details"}
    for unit in registry.COMPONENTS:
        assert unit.key in components.SUPPORTED and unit.tag == unit.key.replace("_", "-")
        assert registry.by_route(unit.route + "/") is unit and registry.by_key(unit.key) is unit
        assert all(hasattr(state, "_show") for state in registry.state_classes(unit))
        assert callable(registry.page_function(unit))
    assert registry.by_route("/embed/payments") is None


def test_connect_js_reads_the_list_from_the_registry() -> None:
    response = TestClient(manifest_app).get("/embedded/components", headers={"Origin": "https://platform.example"})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    assert response.json()["payout-details"] == {"path": "/embed/payout-details/", "params": ["payout"]}
    assert set(response.json()) == {unit.tag for unit in registry.COMPONENTS}


def test_a_unit_sees_its_own_features_under_the_shared_name() -> None:
    resolved = components.resolve(
        {"payouts": {"enabled": "true", "features": {"instant_payouts": "false"}}, "balances": {"enabled": "true"}},
        "stripe",
    )
    claimed = ClaimedSession("accs_1", "acct_p", "acct_a", resolved, 0)
    as_payouts = registry.scoped(claimed, registry.COMPONENTS[1])
    assert not as_payouts.allows("balances", "instant_payouts") and as_payouts.allows("balances", "standard_payouts")
    as_list = registry.scoped(claimed, registry.by_key("payouts_list"))  # type: ignore[arg-type]
    assert not as_list.allows("balances") and claimed.allows("balances", "instant_payouts")


def test_a_payout_of_another_account_reads_as_nothing(
    engine: Engine, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "get_engine", lambda: engine)
    platform, _ = make_platform(engine, clock.now())
    mine, theirs = make_account(engine, platform, clock.now()), make_account(engine, platform, clock.now())
    with transaction(engine, write=True) as session:
        session.add(
            Payout(
                id="po_theirs",
                account_id=theirs.id,
                amount=31_435,
                currency="usd",
                arrival_date=clock.now(),
                automatic=False,
                created=clock.now(),
            )
        )
    me = ClaimedSession("accs_1", platform.id, mine.id, {}, clock.now() + 60)
    assert payout_view.read(me, "po_theirs", clock.now(), "en_US") is None
    assert payout_view.read(me, "'; DROP TABLE payouts; --", clock.now(), "en_US") is None
    with pytest.raises(StripeError):
        payout_view.export(me, "po_theirs")
    owner = ClaimedSession("accs_2", platform.id, theirs.id, {}, clock.now() + 60)
    view = payout_view.read(owner, "po_theirs", clock.now(), "en_US")
    assert view is not None and view.amount == "$314.35" and view.steps[0].label == "Created"


def test_filters_typed_in_another_locale_parse_or_say_why(engine: Engine, clock: FrozenClock) -> None:
    platform, _ = make_platform(engine, clock.now())
    account = make_account(engine, platform, clock.now(), country="DE", currency="eur")
    parsed = parse_filters(Filters(amount_min="1.234,50", arrival_from="2026-11-01", status="bogus"), account, "de_DE")
    assert parsed.amount_min == 123_450 and parsed.status is None and parsed.arrival_from is not None
    with pytest.raises(StripeError, match="not an amount"):
        parse_filters(Filters(amount_max="lots"), account, "de_DE")
    with pytest.raises(StripeError, match="YYYY-MM-DD"):
        parse_filters(Filters(arrival_until="11/01/2026"), account, "en_US")
