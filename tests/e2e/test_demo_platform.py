"""The demo platform embeds the component cross-site and it shows the ledger's real figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount
from balances_app.demo.app import FEATURES
from balances_app.domain.money import format_day, format_money
from balances_app.domain.summaries import CurrencySummary, account_summary
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e


def expected(stack: Stack, account_id: str) -> list[CurrencySummary]:
    now = stack.now_for(account_id)
    with transaction(stack.engine) as session:
        account = session.get(ConnectedAccount, account_id)
        assert account is not None
        return account_summary(session, account, now)


def open_demo(page: Page, stack: Stack, account_id: str) -> FrameLocator:
    page.goto(f"{stack.demo}/accounts/{account_id}")
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    return frame


@pytest.mark.parametrize("account_id", ["acct_1DemoEUBikes00003", "acct_1DemoJPTaxi00004", "acct_1DemoGBCourier002"])
def test_the_demo_shows_each_accounts_real_balances(page: Page, stack: Stack, account_id: str) -> None:
    frame = open_demo(page, stack, account_id)
    for summary in expected(stack, account_id):
        code = summary.currency.upper()
        expect(frame.get_by_test_id(f"total-{code}")).to_have_text(format_money(summary.total, summary.currency))
        expect(frame.get_by_test_id(f"available-{code}")).to_have_text(
            format_money(summary.available, summary.currency)
        )
        expect(frame.get_by_test_id(f"pending-{code}")).to_have_text(format_money(summary.pending, summary.currency))
        if summary.next_payout:
            payout = summary.next_payout
            shown = f"{format_money(payout.amount, summary.currency)} · {format_day(payout.day)}"
            expect(frame.get_by_test_id(f"next-payout-{code}")).to_have_text(shown)


def test_a_manual_schedule_says_so(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoJPTaxi00004")
    expect(frame.get_by_text("Payouts are manual")).to_be_visible()
    expect(frame.get_by_test_id("total-JPY")).to_contain_text("¥")


def test_the_locale_switch_reformats_money_and_dates(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoEUBikes00003")
    eur = next(s for s in expected(stack, "acct_1DemoEUBikes00003") if s.currency == "eur")
    page.select_option("#locale", "de-DE")
    expect(frame.get_by_test_id("total-EUR")).to_have_text(format_money(eur.total, "eur", "de_DE"))
    assert eur.next_payout is not None
    expect(frame.get_by_test_id("next-payout-EUR")).to_contain_text(format_day(eur.next_payout.day, "de_DE"))
    page.select_option("#locale", "fr-FR")
    expect(frame.get_by_test_id("total-EUR")).to_have_text(format_money(eur.total, "eur", "fr_FR"))


def test_a_negative_balance_is_shown_with_who_covers_it(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoUSNegative5")
    expect(frame.get_by_test_id("total-USD")).to_have_text("-$482.50")
    expect(frame.get_by_test_id("negative-note")).to_contain_text("covers this negative balance")


def test_the_primary_colour_picker_restyles_the_component(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoJPTaxi00004")
    button = frame.get_by_test_id("standard-JPY")
    expect(button).to_have_css("background-color", "rgb(99, 91, 255)")
    page.locator("#color-primary").fill("#0a7d55")
    expect(button).to_have_css("background-color", "rgb(10, 125, 85)")
    page.locator("#color-primary").fill("#ffcc00")  # a light brand colour: the button's text turns black
    expect(button).to_have_css("color", "rgb(0, 0, 0)")
    page.select_option("#theme", "dark")
    expect(frame.locator("#bc-payouts")).to_have_css("background-color", "rgb(26, 27, 37)")


def test_the_iframe_grows_with_its_content(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoEUBikes00003")
    content_height = frame.locator("#bc-root").evaluate("el => Math.ceil(el.getBoundingClientRect().height)")
    iframe = page.locator("stripe-connect-balances iframe")
    expect(iframe).to_have_attribute(
        "style",
        f"display: block; width: 100%; height: {content_height}px; "
        "border: 0px; overflow: hidden; color-scheme: normal;",
    )
    assert content_height > 300  # two currencies' cards: no inner scrollbar, no fixed height


def test_the_demo_moves_time_and_payouts_move_along(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoJPTaxi00004")
    frame.get_by_test_id("standard-JPY").click()
    frame.locator("#bc-amount").fill("1000")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.locator("#bc-payouts li").first).to_contain_text("Pending")
    page.get_by_role("button", name="+7 days").click()
    expect(page.locator("#log")).to_contain_text("clock moved 7 day(s)")
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.locator("#bc-payouts li").first).to_contain_text("Paid")


def test_the_session_features_drawn_from_the_domain_shape_the_component(page: Page, stack: Stack) -> None:
    frame = open_demo(page, stack, "acct_1DemoEUBikes00003")
    boxes = page.locator("#features input[name=feature]")
    expect(boxes).to_have_count(len(FEATURES))
    assert [boxes.nth(i).get_attribute("value") for i in range(len(FEATURES))] == list(FEATURES)
    expect(frame.locator("#payout-schedule")).to_have_count(1)
    page.get_by_label("Edit payout schedule").uncheck()  # the demo asks for a new session without it
    expect(frame.locator("#payout-schedule")).to_have_count(0)
    expect(frame.get_by_test_id("total-EUR")).to_be_visible()
