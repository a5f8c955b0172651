"""The components with a keyboard alone (no mouse): Tab, Shift+Tab, Enter, Escape and typing.

Each flow asserts what a seller notices: the balance or list changes, the notice is announced
(it lands in a live region), the dialog is gone and the focus is back on the control that
opened it. The dialog mechanics (focus moves in, Tab stays inside, Escape closes) are checked
on each kind of dialog.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Frame, FrameLocator, Page, expect

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount
from balances_app.domain import ledger
from balances_app.domain.money import format_money
from tests.e2e.accessibility import embed
from tests.e2e.conftest import Shop, Stack, mount
from tests.e2e.frames import frame_of
from tests.e2e.test_payouts_family import automatic_payouts, with_history
from tests.factories import DAY, bank_account, charge, make_account, set_schedule

pytestmark = pytest.mark.e2e

ACTIVE = """() => {
  const el = document.activeElement;
  return el && el !== document.body ? (el.id || el.dataset.testid || el.tagName + ':' + el.textContent) : 'body';
}"""


# The focused element's outline, and the component's primary colour as the browser computes it.
OUTLINE = """() => {
  const probe = document.createElement('i');
  probe.style.color = 'var(--bc-color-primary)';
  document.getElementById('bc-root').append(probe);
  const primary = getComputedStyle(probe).color;
  probe.remove();
  const style = getComputedStyle(document.activeElement);
  return [style.outlineStyle, style.outlineColor === primary];
}"""


def seller(stack: Stack, shop: Shop, *, instant: bool = False, with_bank: bool = True) -> ConnectedAccount:
    """Manual schedule, $500.00 available and $200.00 of card funds instantly available."""
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now)
    set_schedule(stack.engine, account, "manual", eligible=instant)
    if with_bank:
        bank_account(stack.engine, account, instant=instant)
    charge(stack.engine, account.id, 50_000, now - 3 * DAY, available_in_days=2)
    with transaction(stack.engine, write=True) as session:
        entry = ledger.Entry(account.id, "charge", 20_000, "usd", now + DAY, instant_available_on=now - 3600)
        ledger.post(session, entry, now - DAY)
    return account


def active(frame: Frame) -> str:
    return frame.evaluate(ACTIVE)


def tab_to(page: Page, frame: Frame, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes `test` (a JS predicate on the element)."""
    for _ in range(limit):
        if frame.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({test})(el); }}"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {test}; focus is on {active(frame)}")


def by_id(element_id: str) -> str:
    return f"(el) => el.id === {element_id!r}"


def by_testid(test_id: str) -> str:
    return f"(el) => el.dataset.testid === {test_id!r}"


def retype(page: Page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def announced(frame: FrameLocator, text: str) -> None:
    """The text is in a polite live region (role=status), where a screen reader reads it out."""
    expect(frame.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_pay_out_with_the_keyboard(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    inner = frame_of(page)
    tab_to(page, inner, by_testid("standard-USD"))
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-amount")).to_be_focused()
    retype(page, "120")
    page.keyboard.press("Enter")
    announced(frame, "$120.00 is on its way")
    expect(frame.get_by_test_id("available-USD")).to_have_text("$380.00")
    expect(frame.get_by_test_id("payout-dialog")).to_have_count(0)
    expect(frame.get_by_test_id("standard-USD")).to_be_focused()
    expect(frame.locator("#bc-payouts li").first).to_contain_text("$120.00")


def test_instant_payout_with_the_keyboard(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, instant=True)
    frame = mount(page, stack, shop, account)
    inner = frame_of(page)
    expect(frame.get_by_test_id("total-USD")).to_have_text("$700.00")
    tab_to(page, inner, by_testid("instant-USD"))
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-amount")).to_be_focused()
    retype(page, "25")
    expect(frame.get_by_test_id("dialog-total")).to_have_text("$25.50")
    page.keyboard.press("Enter")
    announced(frame, "$25.00 is on its way")
    expect(frame.get_by_test_id("total-USD")).to_have_text(format_money(70_000 - 2_550, "usd"))
    expect(frame.get_by_test_id("payout-dialog")).to_have_count(0)
    expect(frame.get_by_test_id("instant-USD")).to_be_focused()
    expect(frame.locator("#bc-payouts li").first).to_contain_text("Instant")


def test_a_dialog_holds_the_focus_and_escape_closes_it(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    inner = frame_of(page)
    tab_to(page, inner, by_testid("standard-USD"))
    assert inner.evaluate(OUTLINE) == ["solid", True]  # the focus shows, in the primary colour
    page.keyboard.press("Enter")
    dialog = frame.get_by_test_id("payout-dialog")
    expect(frame.locator("#bc-amount")).to_be_focused()
    for _ in range(8):  # more presses than the dialog has controls: the focus goes round inside it
        page.keyboard.press("Tab")
        assert inner.evaluate("() => !!document.activeElement.closest('[role=dialog]')"), active(inner)
    tab_to(page, inner, by_id("bc-amount"))
    page.keyboard.press("Shift+Tab")  # from the first control back to the last one, still inside
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(frame.get_by_test_id("standard-USD")).to_be_focused()
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")  # nothing paid

    tab_to(page, inner, by_id("bc-bank-open"))
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-bank-country")).to_be_focused()
    page.keyboard.press("Escape")
    expect(frame.get_by_test_id("bank-form")).to_have_count(0)
    expect(frame.locator("#bc-bank-open")).to_be_focused()  # drawn again, and found again


def test_edit_the_schedule_with_the_keyboard(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    inner = frame_of(page)
    tab_to(page, inner, by_id("bc-interval"))
    page.keyboard.type("w")  # a closed select takes the first option starting with the typed letter
    expect(frame.locator("#bc-interval")).to_have_value("weekly")
    expect(frame.locator("#bc-weekly-anchor")).to_be_visible()
    page.keyboard.press("Tab")
    expect(frame.locator("#bc-weekly-anchor")).to_be_focused()
    page.keyboard.type("f")
    expect(frame.locator("#bc-weekly-anchor")).to_have_value("friday")
    tab_to(page, inner, by_testid("schedule-save"))
    page.keyboard.press("Enter")
    expect(frame.get_by_test_id("schedule-description")).to_have_text(
        "Every Friday, for funds available 2 days earlier"
    )
    announced(frame, "Payout schedule saved.")
    expect(frame.get_by_test_id("standard-USD")).to_be_disabled()  # no manual payouts on a weekly schedule
    expect(frame.get_by_test_id("schedule-save")).to_be_focused()


def test_add_and_remove_a_bank_account_with_the_keyboard(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)  # with its bank account ••••6789, the default
    frame = mount(page, stack, shop, account)
    inner = frame_of(page)
    tab_to(page, inner, by_id("bc-bank-open"))
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-bank-country")).to_be_focused()
    tab_to(page, inner, by_id("bc-routing"))
    page.keyboard.type("110000000")
    page.keyboard.press("Tab")
    expect(frame.locator("#bc-account-number")).to_be_focused()
    page.keyboard.type("000999999991")
    page.keyboard.press("Tab")
    page.keyboard.type("Jo Seller")
    page.keyboard.press("Enter")
    expect(frame.get_by_test_id("code-hint")).to_contain_text("to add a bank account")
    expect(frame.locator("#bc-code")).to_be_focused()
    page.keyboard.type(stack.codes_sent_to(account.id)[-1])
    page.keyboard.press("Enter")
    announced(frame, "Bank account ••••9991 added.")
    expect(frame.get_by_test_id("bank-9991")).to_contain_text("STRIPE TEST BANK")
    expect(frame.get_by_role("dialog")).to_have_count(0)
    expect(frame.locator("#bc-bank-open")).to_be_focused()

    remove = frame.get_by_test_id("bank-9991").get_by_role("button", name="Remove")
    tab_to(page, inner, "(el) => el.closest('[data-testid=bank-9991]') && el.textContent === 'Remove'")
    page.keyboard.press("Enter")
    expect(frame.get_by_test_id("code-hint")).to_contain_text("to remove a bank account")
    expect(frame.locator("#bc-code")).to_be_focused()
    page.keyboard.press("Escape")  # changed their mind: nothing removed, back on Remove
    expect(frame.get_by_test_id("code-hint")).to_have_count(0)
    expect(remove).to_be_focused()
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-code")).to_be_focused()
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(frame.get_by_role("alert")).to_contain_text("That code is not right")
    expect(frame.locator("#bc-code")).to_be_focused()
    retype(page, stack.codes_sent_to(account.id)[-1])
    page.keyboard.press("Enter")
    announced(frame, "Bank account ••••9991 removed.")
    expect(frame.get_by_test_id("bank-9991")).to_have_count(0)
    expect(frame.get_by_role("dialog")).to_have_count(0)
    # Its Remove button is gone with it: the focus goes to the section's heading, not to the page.
    expect(frame.get_by_role("heading", name="Bank accounts")).to_be_focused()


@pytest.fixture(scope="module")
def history(stack: Stack, shop: Shop) -> ConnectedAccount:
    return with_history(stack, shop)


def test_payout_details_with_the_keyboard(page: Page, stack: Stack, shop: Shop, history: ConnectedAccount) -> None:
    frame = embed(page, stack, shop, history.id, "payouts-list", "default")
    inner = frame_of(page)
    first = frame.locator("#bc-payout-table li button").first
    expect(first).to_be_visible()
    opener = first.get_attribute("id") or ""
    tab_to(page, inner, by_id(opener))
    page.keyboard.press("Enter")
    expect(frame.locator("#bc-close-details")).to_be_focused()
    page.keyboard.press("Escape")
    expect(frame.locator("#bc-payout-details")).to_have_count(0)
    expect(frame.locator(f"#{opener}")).to_be_focused()  # the list is drawn again; focus finds its row


def test_escape_closes_the_payout_details_component(
    page: Page, stack: Stack, shop: Shop, history: ConnectedAccount
) -> None:
    payout = automatic_payouts(stack, history.id)[0].id
    frame = embed(page, stack, shop, history.id, "payout-details", "default", payout=payout)
    expect(frame.get_by_test_id("detail-id")).to_have_text(payout)
    page.keyboard.press("Tab")  # from the platform's page into the frame: the dialog's first control
    expect(frame.locator("#bc-close-details")).to_be_focused()
    page.keyboard.press("Escape")
    page.wait_for_function("window.closedCount === 1")  # the platform's onClose, as a click on Close calls it
    expect(frame.locator("#bc-payout-details")).to_have_count(0)
