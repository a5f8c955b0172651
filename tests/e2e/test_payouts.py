"""Moving money from the embedded component: payouts, their lifecycle, adding funds, and refusals."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect
from sqlmodel import func, select

from balances_app.db.engine import transaction
from balances_app.db.models import Payout
from balances_app.domain import ledger
from tests.e2e.conftest import Shop, Stack, mount, remount, seller
from tests.factories import DAY, set_schedule

pytestmark = pytest.mark.e2e


def payouts_of(stack: Stack, account_id: str) -> list[Payout]:
    with transaction(stack.engine) as session:
        return list(session.exec(select(Payout).where(Payout.account_id == account_id)).all())


def test_an_instant_payout_from_the_demo(page: Page, stack: Stack) -> None:
    # Card funds a day old are instantly available, whatever other tests did to the demo's clock.
    now = stack.now_for("acct_1DemoUSRides0001")
    with transaction(stack.engine, write=True) as session:
        ledger.post(
            session,
            ledger.Entry("acct_1DemoUSRides0001", "charge", 10_000, "usd", now + DAY, instant_available_on=now - 3600),
            now - DAY,
        )
    page.goto(f"{stack.demo}/accounts/acct_1DemoUSRides0001")
    frame = page.frame_locator("stripe-connect-balances iframe")
    before = len(payouts_of(stack, "acct_1DemoUSRides0001"))
    frame.get_by_test_id("instant-USD").click()
    dialog = frame.get_by_test_id("payout-dialog")
    expect(dialog).to_contain_text("Instant payout")
    expect(frame.get_by_test_id("dialog-fee")).to_contain_text("$")
    expect(frame.get_by_test_id("dialog-arrival")).to_have_text("In about 30 minutes")
    frame.locator("#bc-amount").fill("25.00")
    expect(frame.get_by_test_id("dialog-total")).to_have_text("$25.50")  # 1% has a $0.50 minimum
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("$25.00 is on its way")
    expect(dialog).to_have_count(0)
    newest = frame.locator("#bc-payouts li").first
    expect(newest).to_contain_text("$25.00")
    expect(newest).to_contain_text("Instant")
    expect(newest).to_contain_text("In transit")
    assert len(payouts_of(stack, "acct_1DemoUSRides0001")) == before + 1


def test_a_standard_payout_needs_a_manual_schedule_then_works(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, interval="daily")
    frame = mount(page, stack, shop, account)
    expect(frame.get_by_test_id("standard-USD")).to_be_disabled()
    expect(frame.get_by_test_id("standard-reason-USD")).to_have_text(
        "Switch your payout schedule to manual to pay out now."
    )
    set_schedule(stack.engine, account, "manual")
    page.reload()
    frame = remount(page, shop)
    frame.get_by_test_id("standard-USD").click()
    expect(frame.locator("#bc-amount")).to_have_value("500.00")
    frame.locator("#bc-amount").fill("120")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("available-USD")).to_have_text("$380.00")
    newest = frame.locator("#bc-payouts li").first
    expect(newest).to_contain_text("$120.00")
    expect(newest).to_contain_text("Pending")
    expect(newest).to_contain_text("STRIPE TEST BANK ••••6789")
    newest.get_by_role("button", name="Cancel payout").click()
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")
    expect(frame.locator("#bc-payouts li").first).to_contain_text("Canceled")


def test_errors_show_in_the_dialog_and_change_nothing(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("600")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("dialog-error")).to_contain_text("Your balance is too low")
    frame.locator("#bc-amount").fill("12.345")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("dialog-error")).to_have_text("USD amounts have at most 2 decimals.")
    assert payouts_of(stack, account.id) == []
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")
    frame.locator("#bc-amount").fill("100")  # corrected in the same dialog, after the server refused 600
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_have_text("Payout of $100.00 is on its way.")
    assert [p.amount for p in payouts_of(stack, account.id)] == [10_000]


def test_a_double_click_pays_once(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("100")
    frame.get_by_test_id("dialog-confirm").dblclick()
    expect(frame.get_by_test_id("notice")).to_contain_text("on its way")
    expect(frame.get_by_test_id("available-USD")).to_have_text("$400.00")
    assert len(payouts_of(stack, account.id)) == 1


def test_a_failed_payout_comes_back_to_the_balance(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, failure="no_account")
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("200")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("available-USD")).to_have_text("$300.00")
    stack.advance_clock(6 * DAY, shop.secret_key)
    page.reload()
    frame = remount(page, shop)
    failed = frame.locator("#bc-payouts li").first
    expect(failed).to_contain_text("Failed")
    expect(failed).to_contain_text("probably belong to no account")
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")
    expect(frame.get_by_test_id("standard-reason-USD")).to_have_count(0)
    frame.get_by_test_id("standard-USD").click()
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("dialog-error")).to_contain_text("Update the bank account")


def test_adding_funds_when_the_provider_carries_losses(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, amount=0)
    with transaction(stack.engine, write=True) as session:
        from balances_app.domain import ledger

        ledger.post(session, ledger.Entry(account.id, "adjustment", -7_500, "usd", int(time.time())), int(time.time()))
    frame = mount(page, stack, shop, account)
    expect(frame.get_by_test_id("negative-note")).to_contain_text("Add funds")
    frame.get_by_test_id("topup-USD").click()
    frame.locator("#bc-amount").fill("100")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("Adding $100.00")
    expect(frame.get_by_test_id("pending-USD")).to_have_text("$100.00")
    expect(frame.get_by_test_id("total-USD")).to_have_text("$25.00")


def test_buttons_follow_the_session_features(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.demo}/accounts/acct_1DemoJPTaxi00004")
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.get_by_test_id("standard-JPY")).to_be_enabled()
    expect(frame.get_by_test_id("instant-JPY")).to_be_disabled()  # not eligible, and it says why
    expect(frame.get_by_test_id("instant-reason-JPY")).to_contain_text("not eligible")
    page.get_by_label("Standard payouts").uncheck()
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.get_by_test_id("instant-JPY")).to_be_visible()
    expect(frame.get_by_test_id("standard-JPY")).to_have_count(0)
    page.get_by_label("Instant payouts").uncheck()
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.get_by_test_id("total-JPY")).to_be_visible()
    expect(frame.get_by_test_id("instant-JPY")).to_have_count(0)
    expect(frame.get_by_test_id("standard-JPY")).to_have_count(0)


def test_the_server_refuses_a_forged_event(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    set_schedule(stack.engine, account, "manual", eligible=True)

    def forge(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(
            lambda message: server.send(
                message.replace('"kind":"standard"', '"kind":"instant"') if isinstance(message, str) else message
            )
        )
        server.on_message(ws.send)

    page.context.route_web_socket("**/_event**", forge)
    frame = mount(page, stack, shop, account, instant_payouts=False)
    expect(frame.get_by_test_id("instant-USD")).to_have_count(0)
    frame.get_by_test_id("standard-USD").click()  # the browser asks for an instant payout dialog instead
    expect(frame.get_by_test_id("notice")).to_have_text("This account session does not allow that action.")
    expect(frame.get_by_test_id("payout-dialog")).to_have_count(0)
    with transaction(stack.engine) as session:
        count = session.exec(select(func.count()).select_from(Payout).where(Payout.account_id == account.id)).one()
    assert count == 0
