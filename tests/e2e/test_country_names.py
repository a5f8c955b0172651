"""The bank-account form names countries in the session's language, in that language's order."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from balances_app.domain.bank_account_numbers import COUNTRIES
from tests.e2e.conftest import Shop, Stack, seller

pytestmark = pytest.mark.e2e

MOUNT = """([pk, locale]) => {
  const fetchClientSecret = () => window.createSecret();
  window.instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret, locale});
  document.getElementById('one').appendChild(window.instance.create('balances'));
}"""


def test_country_names_follow_the_sessions_language(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    page.expose_function(
        "createSecret", lambda: stack.create_session(account.id, shop.secret_key, external_account_collection=True)
    )
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, "de-DE"])
    frame = page.frame_locator("#one iframe")
    frame.get_by_test_id("bank-open-form").click()
    options = frame.locator("#bc-bank-country option")
    expect(options).to_have_count(len(COUNTRIES))
    expect(frame.locator("#bc-bank-country")).to_have_value("US")  # the account's country, by its code
    expect(frame.locator("#bc-bank-country option:checked")).to_have_text("Vereinigte Staaten")
    names = options.all_inner_texts()
    assert "Deutschland" in names and "Österreich" in names
    assert not set(names) & set(COUNTRIES)  # no ISO codes shown
    assert names.index("Österreich") < names.index("Polen")  # German order: Ö with the O's
    frame.locator("#bc-bank-country").select_option(label="Vereinigtes Königreich")
    expect(frame.locator("#bc-bank-currency")).to_have_value("gbp")

    page.evaluate("window.instance.update({locale: 'fr-FR'})")
    expect(frame.locator("#bc-bank-country option:checked")).to_have_text("Royaume-Uni")
    expect(frame.locator("#bc-bank-country option", has_text="Allemagne")).to_have_count(1)
