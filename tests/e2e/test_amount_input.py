"""Typing amounts in the component as people do: fast, in their own locale, the other locale's way, twice."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import FrameLocator, Page, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, Payout, Platform
from balances_app.domain import ledger
from balances_app.domain.money import format_amount_input, format_money
from balances_app.ui.phrases import Phrase, render
from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.e2e.frames import frame_of
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule

pytestmark = pytest.mark.e2e

MOUNT_IN = """([pk, locale]) => {
  const fetchClientSecret = () => window.createSecret({});
  const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret, locale});
  document.getElementById('one').appendChild(instance.create('balances'));
}"""


def mount_in(page: Page, stack: Stack, shop: Shop, account: ConnectedAccount, locale: str) -> FrameLocator:
    page.expose_function("createSecret", lambda _f: stack.create_session(account.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(MOUNT_IN, [shop.platform.publishable_key, locale])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    return frame


def payouts_of(stack: Stack, account_id: str) -> list[Payout]:
    with transaction(stack.engine) as session:
        return list(session.exec(select(Payout).where(Payout.account_id == account_id)).all())


def manual_seller(stack: Stack, shop: Shop, currency: str, amount: int) -> ConnectedAccount:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now, currency=currency)
    set_schedule(stack.engine, account, "manual")
    bank_account(stack.engine, account, currency)
    charge(stack.engine, account.id, amount, now - 3 * DAY, available_in_days=2, currency=currency)
    return account


@pytest.mark.parametrize(
    ("locale", "currency", "typed", "minor"),
    [
        ("en-US", "usd", "1,234.56", 123_456),
        ("de-DE", "eur", "1.234,56", 123_456),
        ("fr-FR", "eur", "1234,5", 123_450),
        ("ja-JP", "jpy", "123456", 123_456),
    ],
)
def test_fast_typing_keeps_every_keystroke_and_previews_the_amount(
    page: Page, stack: Stack, shop: Shop, locale: str, currency: str, typed: str, minor: int
) -> None:
    account = manual_seller(stack, shop, currency, 10 * minor)
    frame = mount_in(page, stack, shop, account, locale)
    frame.get_by_test_id(f"standard-{currency.upper()}").click()
    field = frame.locator("#bc-amount")
    expect(field).to_have_value(format_amount_input(10 * minor, currency, locale.replace("-", "_")))
    field.fill("")
    field.press_sequentially(typed, delay=0)
    expect(field).to_have_value(typed)
    expect(frame.get_by_test_id("dialog-total")).to_have_text(format_money(minor, currency, locale.replace("-", "_")))
    expect(frame.get_by_test_id("dialog-words")).to_contain_text(
        format_money(minor, currency, locale.replace("-", "_"))
    )
    expect(field).to_have_value(typed)  # the preview never wrote into the field
    frame.get_by_test_id("dialog-confirm").click()
    made = Phrase("payout_created", {"amount": minor, "currency": currency})  # in the session's language
    expect(frame.get_by_test_id("notice")).to_have_text(render(made, locale.replace("-", "_")))
    assert [p.amount for p in payouts_of(stack, account.id)] == [minor]


def test_the_other_locales_decimal_separator_is_refused_saying_what_we_understood(
    page: Page, stack: Stack, shop: Shop
) -> None:
    account = manual_seller(stack, shop, "eur", 500_000)
    frame = mount_in(page, stack, shop, account, "de-DE")
    frame.get_by_test_id("standard-EUR").click()
    field = frame.locator("#bc-amount")
    field.fill("")
    field.press_sequentially("12.50", delay=0)
    error = frame.get_by_test_id("dialog-error")
    expect(error).to_contain_text("12,50\xa0€")
    expect(error).to_contain_text("1.250,00\xa0€")
    expect(frame.get_by_test_id("dialog-total")).to_have_text("")
    frame.get_by_test_id("dialog-confirm").click()
    expect(error).to_contain_text("1.250,00\xa0€")
    for text, says in (("NaN", "ist kein Betrag"), ("Infinity", "ist kein Betrag"), ("1e30", "ist kein Betrag")):
        field.fill(text)
        frame.get_by_test_id("dialog-confirm").click()
        expect(error).to_contain_text(says)
    field.fill("99999999999999999999")
    frame.get_by_test_id("dialog-confirm").click()
    expect(error).to_contain_text("mehr, als eine Auszahlung betragen kann")
    assert payouts_of(stack, account.id) == []
    field.fill("12,50")
    expect(frame.get_by_test_id("dialog-words")).to_contain_text("12,50\xa0€ (zwölf Euro und fünfzig Cent)")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_have_text("Auszahlung über 12,50\xa0€ ist unterwegs.")
    assert [p.amount for p in payouts_of(stack, account.id)] == [1250]


def test_confirm_is_busy_while_sending_and_a_double_click_pays_once(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("100")
    # Record every state the Confirm button goes through.
    frame_of(page).evaluate(
        """() => {
          window.__confirmStates = [];
          const record = () => {
            const button = document.querySelector('[data-testid=dialog-confirm]');
            if (!button) return;
            window.__confirmStates.push([button.disabled, button.getAttribute('aria-busy'), button.textContent]);
          };
          const all = {subtree: true, childList: true, attributes: true, characterData: true};
          new MutationObserver(record).observe(document.body, all);
        }"""
    )
    frame.get_by_test_id("dialog-confirm").dblclick()
    expect(frame.get_by_test_id("notice")).to_contain_text("$100.00 is on its way")
    expect(frame.get_by_test_id("available-USD")).to_have_text("$400.00")
    states = frame_of(page).evaluate("() => window.__confirmStates")
    assert [True, "true", "Sending…"] in states
    assert len(payouts_of(stack, account.id)) == 1


def test_the_schedule_link_keeps_the_component_alive(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, interval="daily")
    frame = mount(page, stack, shop, account, edit_payout_schedule=True, standard_payouts=True)
    url = frame_of(page).url
    frame_of(page).evaluate("() => { window.__sameDocument = true; }")
    frame.get_by_role("button", name="Edit payout schedule").click()
    expect(frame.locator("#bc-interval")).to_be_focused()
    assert frame_of(page).url == url and "?" in url
    assert frame_of(page).evaluate("() => window.__sameDocument") is True  # no reload
    frame.locator("#bc-interval").select_option("manual")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_test_id("standard-USD")).to_be_enabled()
    frame.get_by_test_id("standard-USD").click()
    expect(frame.locator("#bc-amount")).to_have_value("500.00")


def limited_platform(stack: Stack, daily_limit: int) -> Shop:
    now = int(time.time())
    platform, key = make_platform(stack.engine, now, origins=(stack.platform_site,))
    with transaction(stack.engine, write=True) as session:
        row = session.get(Platform, platform.id)
        assert row is not None
        row.instant_daily_limit = daily_limit
        session.add(row)
    return Shop(row, key)


def test_the_instant_prefill_is_payable_when_the_daily_limit_binds(page: Page, stack: Stack) -> None:
    limited = limited_platform(stack, daily_limit=150)  # $150 a day across the platform
    now = int(time.time())
    account = make_account(stack.engine, limited.platform, now)
    set_schedule(stack.engine, account, "daily", eligible=True)
    bank_account(stack.engine, account, instant=True)
    with transaction(stack.engine, write=True) as session:
        entry = ledger.Entry(account.id, "charge", 100_000, "usd", now + DAY, instant_available_on=now - 3600)
        ledger.post(session, entry, now - DAY)
    other = make_account(stack.engine, limited.platform, now)  # another account already used $40 today
    set_schedule(stack.engine, other, "daily", eligible=True)
    bank_account(stack.engine, other, instant=True)
    with transaction(stack.engine, write=True) as session:
        ledger.post(session, ledger.Entry(other.id, "charge", 10_000, "usd", now, instant_available_on=now), now)
    used = httpx.post(
        f"{stack.host}/v1/payouts",
        data={"amount": "4000", "currency": "usd", "method": "instant"},
        auth=(limited.secret_key, ""),
        headers={"Stripe-Account": other.id},
    )
    assert used.status_code == 200, used.text
    frame = mount(page, stack, limited, account, instant_payouts=True)
    frame.get_by_test_id("instant-USD").click()
    field = frame.locator("#bc-amount")
    expect(field).to_have_value("110.00")  # not the $990 the balance would allow
    expect(frame.get_by_test_id("dialog-prefill-note")).to_contain_text("daily instant payout limit")
    expect(frame.get_by_test_id("dialog-total")).to_have_text("$111.10")
    field.fill("99,999,999")
    error = frame.get_by_test_id("dialog-error")
    expect(error).to_contain_text("daily instant payout limit allows: at most $110.00 more today")
    expect(frame.get_by_test_id("dialog-fee")).to_have_text("")
    field.fill("110")
    expect(error).to_have_count(0)
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("$110.00 is on its way")
    assert [(p.amount, p.method) for p in payouts_of(stack, account.id)] == [(11_000, "instant")]
    # the limit is used up: the button says so before anyone opens a dialog that could pay nothing
    expect(frame.get_by_test_id("instant-USD")).to_be_disabled()
    expect(frame.get_by_test_id("instant-reason-USD")).to_contain_text("reached today's instant payout limit")
