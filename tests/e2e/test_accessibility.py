"""axe-core inside the components' frames: every view, dialog and form, in the default and a dark theme.

Each test walks one component through its views as a seller would (the main view, each dialog
open, refusals shown) and runs axe-core in the frame at every step; it fails on any serious or
critical violation and prints them all, view by view.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount
from balances_app.domain import ledger
from tests.e2e.accessibility import THEMES, Audit, embed
from tests.e2e.conftest import Shop, Stack
from tests.e2e.test_payouts_family import automatic_payouts, with_history
from tests.factories import DAY, bank_account, charge, make_account, set_schedule

pytestmark = pytest.mark.e2e
themes = pytest.mark.parametrize("theme", list(THEMES))


def busy_seller(stack: Stack, shop: Shop) -> ConnectedAccount:
    """Manual schedule, instant-eligible, funds available now, instantly and later."""
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now)
    set_schedule(stack.engine, account, "manual", eligible=True)
    bank_account(stack.engine, account, instant=True)
    charge(stack.engine, account.id, 50_000, now - 3 * DAY, available_in_days=2)
    charge(stack.engine, account.id, 7_000, now, available_in_days=2)
    with transaction(stack.engine, write=True) as session:
        entry = ledger.Entry(account.id, "charge", 20_000, "usd", now + DAY, instant_available_on=now - 3600)
        ledger.post(session, entry, now - DAY)
    return account


@pytest.fixture(scope="module")
def history(stack: Stack, shop: Shop) -> ConnectedAccount:
    return with_history(stack, shop)


@themes
def test_balances_views_and_dialogs(page: Page, stack: Stack, shop: Shop, theme: str) -> None:
    account = busy_seller(stack, shop)
    frame = embed(page, stack, shop, account.id, "balances", theme)
    audit = Audit(page)
    audit.check("main view")

    frame.get_by_test_id("standard-USD").click()
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    audit.check("pay out dialog")
    frame.locator("#bc-amount").fill("9000")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("dialog-error")).to_be_visible()
    audit.check("pay out dialog with a refusal")
    frame.get_by_test_id("payout-dialog").get_by_role("button", name="Cancel").click()
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("100")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("on its way")
    audit.check("notice and a pending payout")

    frame.get_by_test_id("instant-USD").click()
    expect(frame.get_by_test_id("dialog-fee")).to_be_visible()
    audit.check("instant payout dialog")
    frame.get_by_test_id("payout-dialog").get_by_role("button", name="Cancel").click()

    frame.locator("#bc-interval").select_option("monthly")
    frame.locator("#bc-delay").fill("1")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_test_id("schedule-error")).to_be_visible()
    audit.check("schedule editor with a refusal")

    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("110000001")
    frame.locator("#bc-account-number").fill("12")
    expect(frame.get_by_text("The routing number is not valid")).to_be_visible()
    audit.check("add bank account form with errors")
    frame.locator("#bc-routing").fill("110000000")
    frame.locator("#bc-account-number").fill("000123456789")
    frame.get_by_test_id("bank-add").click()
    expect(frame.get_by_test_id("code-hint")).to_be_visible()
    audit.check("one-time code step")
    frame.locator("#bc-code").fill("000000")
    frame.get_by_test_id("code-confirm").click()
    expect(frame.get_by_text("That code is not right")).to_be_visible()
    audit.check("one-time code refused")
    frame.locator("#bc-code-form").get_by_role("button", name="Cancel").click()
    frame.get_by_test_id("bank-form").get_by_role("button", name="Cancel").click()

    frame.get_by_test_id("bank-6789").get_by_role("button", name="Remove").click()
    expect(frame.get_by_test_id("code-hint")).to_contain_text("remove a bank account")
    audit.check("remove bank account confirmation")
    audit.assert_clean()


@themes
def test_add_funds_and_a_negative_balance(page: Page, stack: Stack, shop: Shop, theme: str) -> None:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now)
    bank_account(stack.engine, account)
    with transaction(stack.engine, write=True) as session:
        ledger.post(session, ledger.Entry(account.id, "adjustment", -7_500, "usd", now), now)
    frame = embed(page, stack, shop, account.id, "balances", theme)
    audit = Audit(page)
    expect(frame.get_by_test_id("negative-note")).to_be_visible()
    audit.check("main view with a negative balance")
    frame.get_by_test_id("topup-USD").click()
    expect(frame.get_by_test_id("payout-dialog")).to_contain_text("Add funds")
    audit.check("add funds dialog")
    audit.assert_clean()


@themes
def test_payouts_list_and_details(page: Page, stack: Stack, shop: Shop, history: ConnectedAccount, theme: str) -> None:
    frame = embed(page, stack, shop, history.id, "payouts", theme)
    audit = Audit(page)
    expect(frame.locator("#bc-payout-table li")).to_have_count(10)
    audit.check("payouts main view")
    frame.locator("select[name=status]").select_option("failed")
    expect(frame.locator("#bc-no-payouts")).to_be_visible()
    audit.check("payouts filtered to nothing")
    frame.locator("select[name=status]").select_option("")
    frame.locator("#bc-payout-table li").first.get_by_role("button").click()
    expect(frame.get_by_test_id("reconciliation-total")).to_be_visible()
    audit.check("payout details overlay")
    audit.assert_clean()


@themes
def test_payouts_list_and_payout_details_components(
    page: Page, stack: Stack, shop: Shop, history: ConnectedAccount, theme: str
) -> None:
    frame = embed(page, stack, shop, history.id, "payouts-list", theme)
    audit = Audit(page)
    expect(frame.locator("#bc-payout-filters")).to_be_visible()
    audit.check("payouts-list with its filters")
    other = page.context.new_page()  # a second platform page, for the other component
    payout = automatic_payouts(stack, history.id)[0].id
    frame = embed(other, stack, shop, history.id, "payout-details", theme, payout=payout)
    expect(frame.get_by_test_id("reconciliation-total")).to_be_visible()
    audit.page = other
    audit.check("payout-details")
    audit.assert_clean()
