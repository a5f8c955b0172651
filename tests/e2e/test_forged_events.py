"""Forged events over the real websocket, to every event handler of every state, with hostile payloads.

The session may pay out (standard) and collect bank accounts with a one-time code; it may not
pay out instantly or edit the schedule. After hundreds of forged calls, the database shows that
no money moved, no bank account, schedule or feature changed, on this account or another.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession, BalanceTransaction, ConnectedAccount, ExternalAccount, Payout, Topup
from balances_app.ui.state.bank_accounts import BankAccountsState
from balances_app.ui.state.session import SessionState
from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.e2e.forge import Forger, every_handler, every_state
from tests.factories import bank_account

pytestmark = pytest.mark.e2e

FEATURES = {
    "standard_payouts": True,
    "instant_payouts": False,
    "edit_payout_schedule": False,
    "external_account_collection": True,
}
ALL_ON = {
    "enabled": True,
    "features": {
        name: True
        for name in (
            "standard_payouts",
            "instant_payouts",
            "edit_payout_schedule",
            "external_account_collection",
            "disable_stripe_user_authentication",
        )
    },
}
SNAPSHOT_LISTS = ("summaries", "external_accounts", "payouts", "topups")  # a forged snapshot Reflex can build
VALID_US_BANK = {"account_number": "000123456789", "routing_number": "110000000", "holder_name": "Mallory"}


def pending_payout(stack: Stack, shop: Shop, account: ConnectedAccount) -> str:
    response = httpx.post(
        f"{stack.host}/v1/payouts",
        data={"amount": "1000", "currency": "usd"},
        headers={"Stripe-Account": account.id},
        auth=(shop.secret_key, ""),
    )
    response.raise_for_status()
    return response.json()["id"]


def world(stack: Stack, account_ids: list[str]) -> dict[str, Any]:
    """Everything a forged event must not change: money, bank accounts, schedules, sessions' features."""
    with transaction(stack.engine) as session:

        def rows(model: Any, *columns: Any) -> list[tuple]:
            query = select(*columns).where(model.account_id.in_(account_ids))  # type: ignore[attr-defined]
            return sorted(tuple(row) for row in session.exec(query).all())

        accounts = session.exec(select(ConnectedAccount).where(ConnectedAccount.id.in_(account_ids))).all()  # type: ignore[attr-defined]
        return {
            "payouts": rows(Payout, Payout.id, Payout.status, Payout.amount, Payout.destination),
            "topups": rows(Topup, Topup.id, Topup.status, Topup.amount),
            "ledger": rows(BalanceTransaction, BalanceTransaction.id, BalanceTransaction.amount),
            "banks": rows(
                ExternalAccount,
                ExternalAccount.id,
                ExternalAccount.last4,
                ExternalAccount.default_for_currency,
                ExternalAccount.status,
            ),
            "sessions": sorted(
                (s.id, repr(s.components), s.ended_at)
                for s in session.exec(select(AccountSession).where(AccountSession.account_id.in_(account_ids))).all()  # type: ignore[attr-defined]
            ),
            "schedules": sorted(
                (a.id, a.payout_interval, a.payout_delay_days, a.payout_weekly_anchor, a.payout_monthly_anchor)
                for a in accounts
            ),
        }


def hostile_values(stack: Stack, own: ConnectedAccount, victim: ConnectedAccount, victim_ids: list[str]) -> list[Any]:
    with transaction(stack.engine) as session:
        own_session = session.exec(select(AccountSession).where(AccountSession.account_id == own.id)).first()
    assert own_session is not None
    forged_claim = {
        "session_id": own_session.id,
        "platform_id": victim.platform_id,
        "account_id": victim.id,
        "components": {"balances": ALL_ON},
        "expires_at": 2**62,
    }
    code_form = {**VALID_US_BANK, "code": "000000", "country": "US", "currency": "usd"}
    every_var = {
        f"{state.get_full_name()}.{var}": forged_claim for state in every_state() for var in state.get_fields()
    }
    return [
        None,
        0,
        -1,
        10**30,
        1e308,
        True,
        [],
        ["x", 1],
        {},
        "",
        "9" * 200_000,  # four of them stay under Socket.IO's 1 MB frame limit
        "' OR 1=1 --",
        "<img src=x onerror=alert(1)>",
        "instant",
        "standard",
        "topup",
        "usd",
        victim.id,
        *victim_ids,
        forged_claim,
        {"claimed": forged_claim, "snapshot": {"account": {"id": victim.id}}},
        code_form,
        every_var,
    ]


def payloads(params: list[str], values: list[Any], origin: str) -> list[dict[str, Any]]:
    """Missing arguments, unknown ones, and every hostile value in every parameter."""
    found = [{}, {"unexpected": 1, **dict.fromkeys(params, "x")}]
    found += [dict.fromkeys(params, value) for value in values]
    if params == ["origin", "data"]:  # a message from the embedding page: its origin, hostile data
        found += [{"origin": origin, "data": value} for value in values]
        for kind in ("bc:init", "bc:update", "bc:logout"):
            fields = ("clientSecret", "instanceId", "appearance", "locale")
            found += [{"origin": origin, "data": {"type": kind, **dict.fromkeys(fields, v)}} for v in values]
        for params in (*values, *({"payout": v} for v in values)):  # element parameters (setPayout)
            found.append({"origin": origin, "data": {"type": "bc:params", "params": params}})
    if params == ["var_name", "value"]:  # setvar: every var name, public or backend, set to a forged value
        names = {var for state in every_state() for var in state.get_fields()}
        found += [{"var_name": name, "value": values[-4]} for name in sorted(names)]
        found += [{"var_name": name, "value": True} for name in sorted(names)]
    return found


def test_no_forged_event_changes_anything_the_session_does_not_allow(page: Page, stack: Stack, shop: Shop) -> None:
    own, victim = seller(stack, shop), seller(stack, shop)
    victim_payout = pending_payout(stack, shop, victim)
    spare = bank_account(stack.engine, own, last4="4321")  # not the default: the one an attacker may remove
    with transaction(stack.engine, write=True) as session:
        victim_bank = session.exec(select(ExternalAccount.id).where(ExternalAccount.account_id == victim.id)).one()
        own_bank = session.get(ExternalAccount, spare.id)
        assert own_bank is not None
        own_bank.default_for_currency = False
        session.add(own_bank)
    forger = Forger(page)
    frame = mount(page, stack, shop, own, **FEATURES)
    expect(frame.get_by_test_id("total-USD")).to_be_visible()
    inner = page.locator("#one iframe").element_handle().content_frame()
    assert inner is not None
    init = forger.page_event("session_state.receive")
    origin = init["payload"]["origin"]
    session_state = SessionState.get_full_name()
    values = hostile_values(stack, own, victim, [victim_bank, victim_payout])
    forger.mute_parent = True
    before = world(stack, [own.id, victim.id])
    codes_before = len(stack.codes_sent_to(own.id))

    # The attack of issue #8: a forged `show` that claims user authentication is off, then add and remove.
    bank_state = BankAccountsState.get_full_name()
    forged = values[-4]
    snapshot = dict.fromkeys(("now", "platform", "account"), 0) | {key: [] for key in SNAPSHOT_LISTS}
    forger.send(f"{bank_state}.show", {"snapshot": snapshot, "claimed": forged, "locale": "en_US"})
    forger.send(f"{session_state}.require", {"feature": None})
    forger.send(f"{bank_state}.remove", {"bank_id": spare.id})
    forger.send(f"{bank_state}.add", {"form": {**VALID_US_BANK, "account_number": "000111222333"}})
    forger.send(f"{bank_state}.set_routing_number", {"value": "110000000"})  # the form as it once was
    forger.send(f"{bank_state}.set_account_number", {"value": "000111222444"})
    forger.send(f"{bank_state}.add", {})
    forger.send(f"{bank_state}.confirm_code", {"form": {**VALID_US_BANK, "code": "123456"}})
    forger.barrier(inner, session_state, origin, 1)
    assert world(stack, [own.id, victim.id]) == before
    assert len(stack.codes_sent_to(own.id)) > codes_before  # a code was asked for instead

    ours = [(state.__module__.startswith("balances_app."), name, params) for state, name, params in every_handler()]
    handlers = [(name, params) for mine, name, params in ours if mine]
    lifecycle = [(name, params) for mine, name, params in ours if not mine]
    names = {name.rsplit(".", 1)[1] for name, _ in handlers}
    assert {"add", "remove", "confirm_code", "make_default", "confirm", "open", "save", "receive"} <= names
    assert not names & {"show", "_show", "require", "refresh"}  # helpers are not events
    sent = 0
    for mark, (name, params) in enumerate(handlers, start=2):
        for payload in payloads(params, values, origin):
            forger.send(name, payload)
            sent += 1
            if name.startswith(session_state):
                forger.replay(init)  # a logout or a failed claim must not hide the later calls' effects
        forger.barrier(inner, session_state, origin, mark)
        assert world(stack, [own.id, victim.id]) == before, f"{name} changed something"
    assert sent > 500

    # Reflex's own states (hydration, on_load, client storage, frontend errors) hold none of the
    # app's data. Forged, some stall this client's own queue (a hydrate_and_load as an ordinary
    # event, an is_hydrated set to junk), so they go last, after every handler of the app's states.
    for name, params in lifecycle:
        for payload in payloads(params, values, origin):
            forger.send(name, payload)
    page.close()  # the host drops the client, and with it anything still queued
    forger.mute_parent = False

    # A new frame with the same features shows only what they allow, and works for what they allow.
    page = page.context.new_page()
    frame = mount(page, stack, shop, own, **FEATURES)
    expect(frame.get_by_test_id("total-USD")).to_be_visible()
    expect(frame.get_by_test_id("instant-USD")).to_have_count(0)
    expect(frame.locator("#payout-schedule")).to_have_count(0)
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("12")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("is on its way")
    after = world(stack, [own.id, victim.id])
    assert len(after["payouts"]) == len(before["payouts"]) + 1
    assert after["banks"] == before["banks"] and after["schedules"] == before["schedules"]
