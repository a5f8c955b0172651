"""From a 320 px phone to a 1,440 px screen: no horizontal scrolling, and the frame always as tall as its content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.servers import wait_until

pytestmark = pytest.mark.e2e

ACCOUNT = "acct_1DemoJPTaxi00004"  # manual payouts: "Pay out" opens its dialog
# Elements that reach past the frame's right edge (clipped, since the frame never scrolls).
OVERFLOWING = """() => [...document.querySelectorAll('#bc-root *')]
  .filter((el) => el.getBoundingClientRect().width && el.getBoundingClientRect().right > innerWidth + 0.5)
  .map((el) => el.outerHTML.slice(0, 80))"""


def inner_frame(page: Page, selector: str = "stripe-connect-balances iframe") -> Frame:
    frame = page.locator(selector).element_handle().content_frame()
    assert frame is not None
    return frame


def assert_fits(page: Page, frame: Frame) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the platform page scrolls sideways"
    assert frame.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the component is wider than its frame"
    assert frame.evaluate(OVERFLOWING) == []


def assert_height_follows(page: Page, frame: Frame, iframe_selector: str = "stripe-connect-balances iframe") -> None:
    """The iframe is exactly as tall as the component's content, so nothing scrolls inside it."""
    iframe = page.locator(iframe_selector)

    def settled() -> bool:
        content = frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
        return iframe.evaluate("el => el.getBoundingClientRect().height") == content

    wait_until(settled, "the iframe's height equals its content's")
    assert frame.evaluate("document.documentElement.scrollHeight <= innerHeight"), (
        "the frame has content below its fold"
    )


@pytest.mark.parametrize("width", [320, 375, 1440])
def test_the_demo_and_the_component_fit_the_width_and_the_frame_follows_its_content(
    page: Page, stack: Stack, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{stack.demo}/accounts/{ACCOUNT}")
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    inner = inner_frame(page)
    assert_fits(page, inner)
    assert_height_follows(page, inner)

    frame.get_by_test_id("standard-JPY").click()  # a dialog opens: the frame grows
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    assert_fits(page, inner)
    assert_height_follows(page, inner)
    frame.get_by_test_id("payout-dialog").get_by_role("button", name="Cancel").click()  # and shrinks back
    expect(frame.get_by_test_id("payout-dialog")).to_have_count(0)
    assert_height_follows(page, inner)

    frame.get_by_test_id("bank-open-form").click()  # the longest form, with country names
    expect(frame.get_by_test_id("bank-form")).to_be_visible()
    assert_fits(page, inner)
    assert_height_follows(page, inner)


@pytest.mark.parametrize("width", [320, 375, 1440])
def test_the_frame_grows_with_the_payouts_list(page: Page, stack: Stack, shop: Shop, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    frame = mount(page, stack, shop, seller(stack, shop), standard_payouts=True, external_account_collection=True)
    inner = page.locator("#one iframe").element_handle().content_frame()
    assert inner is not None
    rows = frame.locator("#bc-payouts li")
    for count in (1, 2):
        frame.get_by_test_id("standard-USD").click()
        frame.locator("#bc-amount").fill("1.00")
        frame.get_by_test_id("dialog-confirm").click()
        expect(rows).to_have_count(count)  # the payouts list grows
        assert_fits(page, inner)
        assert_height_follows(page, inner, "#one iframe")


@pytest.mark.parametrize("width", [320, 1440])
def test_the_payouts_component_and_its_details_fit(page: Page, stack: Stack, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{stack.demo}/accounts/acct_1DemoUSRides0001/payouts")
    selector = "stripe-connect-payouts iframe"
    frame = page.frame_locator(selector)
    expect(frame.locator("#bc-payout-table")).to_be_visible()
    inner = inner_frame(page, selector)
    assert_fits(page, inner)
    assert_height_follows(page, inner, selector)
    frame.locator("[data-testid^=payout-row-] button").first.click()  # the details, with their tables
    expect(frame.locator("#bc-payout-details")).to_be_visible()
    assert_fits(page, inner)
    assert_height_follows(page, inner, selector)
    frame.locator("#bc-close-details").click()
    expect(frame.locator("#bc-payout-table")).to_be_visible()
    assert_height_follows(page, inner, selector)


@pytest.mark.parametrize(
    "path",
    ["/", f"/accounts/{ACCOUNT}/payouts-list", f"/accounts/{ACCOUNT}/custom-payouts", f"/react/accounts/{ACCOUNT}"],
)
def test_every_demo_page_fits_a_320px_phone(page: Page, stack: Stack, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{stack.demo}{path}")
    expect(page.locator("header")).to_be_visible()
    expect(page.locator("main, #root > *").first).to_be_visible()
    frames = page.locator("iframe")
    if path != "/" and "custom" not in path:
        expect(frames.first).to_be_visible()
        wait_until(lambda: frames.first.evaluate("el => el.getBoundingClientRect().height") > 40, "the component drew")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"


# Selects whose chosen option is wider than the room the select leaves for it (its arrow aside): cut off.
CUT_SELECTS = """() => [...document.querySelectorAll('#bc-root select')]
  .filter((el) => el.offsetParent).flatMap((el) => {
  const style = getComputedStyle(el), pen = document.createElement('canvas').getContext('2d');
  pen.font = style.font;
  const text = el.selectedOptions.length ? el.selectedOptions[0].text : '';
  const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return pen.measureText(text).width > room ? [`${el.id}: ${text}`] : [];
})"""


@pytest.mark.parametrize("width", [320, 375])
def test_a_phone_shows_whole_country_names_in_the_bank_form(page: Page, stack: Stack, shop: Shop, width: int) -> None:
    """In German, 'Vereinigtes Königreich' read 'Vereinigt' beside the currency on a phone."""
    page.set_viewport_size({"width": width, "height": 900})
    account = seller(stack, shop)
    page.expose_function(
        "createSecret", lambda _f: stack.create_session(account.id, shop.secret_key, external_account_collection=True)
    )
    stack.platform_page(page)
    page.evaluate(
        """(pk) => {
      const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret: () => window.createSecret({}),
                                                 locale: 'de-DE'});
      document.getElementById('one').appendChild(instance.create('balances'));
    }""",
        shop.platform.publishable_key,
    )
    frame = page.frame_locator("#one iframe")
    frame.get_by_test_id("bank-open-form").click()
    expect(frame.locator("#bc-bank-country option:checked")).to_have_text("Vereinigte Staaten")
    inner = inner_frame(page, "#one iframe")
    assert inner.evaluate(CUT_SELECTS) == []
    frame.locator("#bc-bank-country").select_option("GB")
    expect(frame.locator("#bc-bank-currency")).to_have_value("gbp")
    assert inner.evaluate(CUT_SELECTS) == []
    assert_fits(page, inner)
