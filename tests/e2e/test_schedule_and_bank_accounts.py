"""The schedule editor and bank-account collection, cross-site, as the session's features allow."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from balances_app.db.models import ConnectedAccount
from balances_app.domain.money import format_day
from balances_app.domain.schedule import PayoutSchedule, local_day, upcoming_payout_days
from tests.e2e.conftest import Shop, Stack, mount
from tests.factories import DAY, bank_account, charge, make_account, set_schedule

pytestmark = pytest.mark.e2e


def daily_seller(stack: Stack, shop: Shop, with_bank: bool = True) -> ConnectedAccount:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now)
    if with_bank:
        bank_account(stack.engine, account)
    charge(stack.engine, account.id, 40_000, now - 3 * DAY, available_in_days=2)
    charge(stack.engine, account.id, 10_000, now, available_in_days=2)
    return account


def test_weekly_then_manual_moves_the_next_payout_and_enables_payouts(page: Page, stack: Stack, shop: Shop) -> None:
    account = daily_seller(stack, shop)
    frame = mount(page, stack, shop, account)
    today = local_day(int(time.time()), "US")
    tomorrow = upcoming_payout_days(PayoutSchedule("daily"), today)[0]
    expect(frame.get_by_test_id("next-payout-USD")).to_contain_text(format_day(tomorrow))
    expect(frame.get_by_test_id("schedule-description")).to_have_text("Daily, for funds available 2 days earlier")
    frame.locator("#bc-interval").select_option("weekly")
    frame.locator("#bc-weekly-anchor").select_option("friday")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_test_id("schedule-description")).to_have_text(
        "Every Friday, for funds available 2 days earlier"
    )
    friday = upcoming_payout_days(PayoutSchedule("weekly", weekly_anchor="friday"), today, 3)
    expect(frame.get_by_test_id("next-payout-USD")).to_contain_text(format_day(friday[0]))
    expect(frame.get_by_test_id("schedule-next-dates").locator("li")).to_have_text([format_day(d) for d in friday])
    expect(frame.get_by_test_id("standard-USD")).to_be_disabled()
    frame.locator("#bc-interval").select_option("manual")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_text("Payouts are manual")).to_be_visible()
    expect(frame.get_by_test_id("standard-USD")).to_be_enabled()


def test_a_delay_below_the_minimum_is_refused_in_plain_words(page: Page, stack: Stack, shop: Shop) -> None:
    account = daily_seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.locator("#bc-delay").fill("1")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_test_id("schedule-error")).to_have_text(
        "The delay must be a whole number of days from 2 to 365."
    )
    expect(frame.get_by_test_id("schedule-description")).to_have_text("Daily, for funds available 2 days earlier")


def test_a_wrong_routing_number_is_said_once_beside_its_field(page: Page, stack: Stack, shop: Shop) -> None:
    """Refused on submit, the routing number's error stands under its field, as the live check puts it:
    not a second time at the foot of the form (two alerts with one text, read out twice)."""
    account = daily_seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("12345")
    frame.get_by_test_id("bank-add").click()
    said = "The routing number is not valid: it must be 9 digits with a correct check digit."
    expect(frame.locator("div:has(> #bc-routing)").get_by_role("alert")).to_have_text(said)
    expect(frame.get_by_test_id("bank-form").get_by_role("alert")).to_have_count(1)
    frame.locator("#bc-account-number").fill("000123456789")  # the live check says it too, once
    frame.get_by_test_id("bank-add").click()
    expect(frame.get_by_test_id("bank-form").get_by_role("alert")).to_have_text([said])


def add_bank(
    frame: FrameLocator, stack: Stack, account: ConnectedAccount, country: str, number: str, routing: str = ""
) -> None:
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-bank-country").select_option(country)
    if routing:
        frame.locator("#bc-routing").fill(routing)
    frame.locator("#bc-account-number").fill(number)
    sent = len(stack.codes_sent_to(account.id))
    frame.get_by_test_id("bank-add").click()
    expect(frame.get_by_test_id("code-hint")).to_contain_text("Enter the 6-digit code we sent to s")
    page_codes = stack.codes_sent_to(account.id)
    assert len(page_codes) == sent + 1
    frame.locator("#bc-code").fill(page_codes[-1])
    frame.get_by_test_id("code-confirm").click()


def test_add_us_and_eu_bank_accounts_set_a_default_and_remove_one(page: Page, stack: Stack, shop: Shop) -> None:
    account = daily_seller(stack, shop, with_bank=False)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("110000001")
    frame.locator("#bc-account-number").fill("000123456789")
    expect(frame.get_by_text("The routing number is not valid")).to_be_visible()  # as the person types
    frame.get_by_role("button", name="Cancel").click()

    add_bank(frame, stack, account, "US", "000123456789", routing="110000000")
    expect(frame.get_by_test_id("bank-notice")).to_have_text("Bank account ••••6789 added.")
    expect(frame.get_by_test_id("bank-6789")).to_contain_text("Default")
    add_bank(frame, stack, account, "US", "000999999991", routing="110000000")
    expect(frame.get_by_test_id("bank-9991")).not_to_contain_text("Default")
    add_bank(frame, stack, account, "DE", "DE89370400440532013000")
    expect(frame.get_by_test_id("bank-3000")).to_contain_text("Commerzbank ••••3000 · EUR")

    frame.get_by_test_id("bank-9991").get_by_role("button", name="Make default").click()
    expect(frame.get_by_test_id("bank-9991")).to_contain_text("Default")
    expect(frame.get_by_test_id("bank-6789")).not_to_contain_text("Default")

    frame.get_by_test_id("bank-6789").get_by_role("button", name="Remove").click()
    frame.locator("#bc-code").fill("000000")
    frame.get_by_test_id("code-confirm").click()
    expect(frame.get_by_text("That code is not right. 4 tries left.")).to_be_visible()
    frame.locator("#bc-code").fill(stack.codes_sent_to(account.id)[-1])
    frame.get_by_test_id("code-confirm").click()
    expect(frame.get_by_test_id("bank-notice")).to_have_text("Bank account ••••6789 removed.")
    expect(frame.get_by_test_id("bank-6789")).to_have_count(0)


def test_enter_right_after_the_routing_number_adds_the_number_typed(page: Page, stack: Stack, shop: Shop) -> None:
    """A fast typist: Enter in the routing field comes before the typing pause and before any blur."""
    account = daily_seller(stack, shop, with_bank=False)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-account-number").fill("000123456789")
    routing = frame.locator("#bc-routing")
    routing.fill("110000000")
    routing.press("Enter")
    expect(frame.get_by_test_id("code-hint")).to_contain_text("Enter the 6-digit code we sent to s")
    frame.locator("#bc-code").fill(stack.codes_sent_to(account.id)[-1])
    frame.get_by_test_id("code-confirm").click()
    expect(frame.get_by_test_id("bank-6789")).to_contain_text("STRIPE TEST BANK")


def test_without_user_authentication_no_code_is_asked(page: Page, stack: Stack, shop: Shop) -> None:
    account = daily_seller(stack, shop, with_bank=False)
    frame = mount(page, stack, shop, account, disable_stripe_user_authentication=True)
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("110000000")
    frame.locator("#bc-account-number").fill("000123456789")
    frame.get_by_test_id("bank-add").click()
    expect(frame.get_by_test_id("bank-6789")).to_contain_text("STRIPE TEST BANK")
    assert stack.codes_sent_to(account.id) == []


def test_each_section_is_absent_when_its_feature_is_off(page: Page, stack: Stack, shop: Shop) -> None:
    account = daily_seller(stack, shop)
    set_schedule(stack.engine, account, "daily")
    frame = mount(page, stack, shop, account, edit_payout_schedule=False, external_account_collection=False)
    expect(frame.get_by_test_id("total-USD")).to_be_visible()
    expect(frame.locator("#payout-schedule")).to_have_count(0)
    expect(frame.locator("#bank-accounts")).to_have_count(0)
    expect(frame.get_by_text("Edit payout schedule")).to_have_count(0)
