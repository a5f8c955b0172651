"""With no `locale` from the platform, the component speaks the browser's language; `update({locale})` switches it.

A German browser (Chromium with a de-DE context) and a platform that passes no locale: amounts
read `12,50 €` and the server's notice is German. The platform then calls
`update({locale: 'en-US'})`: without a reload, the amounts and the notice already shown are
in English, and back in German with `update({locale: 'de'})` (a language without its region).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from tests.e2e.conftest import Shop, Stack
from tests.factories import DAY, bank_account, charge, make_account, set_schedule

pytestmark = pytest.mark.e2e

MOUNT = """(pk) => {
  const fetchClientSecret = () => window.createSecret({});
  window.instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
  document.getElementById('one').appendChild(window.instance.create('balances'));
}"""


@pytest.fixture
def german_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="de-DE")
    yield context.new_page()
    context.close()


def mount_without_locale(page: Page, stack: Stack, shop: Shop) -> FrameLocator:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now, country="DE", currency="eur")
    set_schedule(stack.engine, account, "manual")
    bank_account(stack.engine, account, "eur")
    charge(stack.engine, account.id, 50_000, now - 3 * DAY, available_in_days=2, currency="eur")
    page.expose_function("createSecret", lambda _f: stack.create_session(account.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(MOUNT, shop.platform.publishable_key)
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    return frame


def test_a_german_browser_gets_german_amounts_and_notices_and_update_switches_without_reload(
    german_page: Page, stack: Stack, shop: Shop
) -> None:
    page = german_page
    assert page.evaluate("navigator.language") == "de-DE"
    frame = mount_without_locale(page, stack, shop)
    expect(frame.get_by_test_id("available-EUR")).to_have_text("500,00\xa0€")
    frame.get_by_test_id("standard-EUR").click()
    frame.locator("#bc-amount").fill("12,50")
    frame.get_by_test_id("dialog-confirm").click()
    notice = frame.get_by_test_id("notice")
    expect(notice).to_have_text("Auszahlung über 12,50\xa0€ ist unterwegs.")
    expect(frame.get_by_test_id("available-EUR")).to_have_text("487,50\xa0€")
    page.evaluate("window.__frameLoads = 0")
    page.locator("#one iframe").evaluate("f => f.addEventListener('load', () => window.__frameLoads++)")

    page.evaluate("window.instance.update({locale: 'en-US'})")
    expect(frame.get_by_test_id("available-EUR")).to_have_text("€487.50")
    expect(notice).to_have_text("Payout of €12.50 is on its way.")  # the notice already shown, said again

    page.evaluate("window.instance.update({locale: 'de'})")
    expect(frame.get_by_test_id("available-EUR")).to_have_text("487,50\xa0€")
    expect(notice).to_have_text("Auszahlung über 12,50\xa0€ ist unterwegs.")
    assert page.evaluate("window.__frameLoads") == 0  # switched without reloading the frame
