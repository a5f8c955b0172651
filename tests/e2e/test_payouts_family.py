"""The payouts family in Chromium, cross-site: payouts, payouts-list and payout-details.

A seller with two weeks of automatic daily payouts (each made of several charges, fees and a
refund), embedded on a platform page on another site than the component host.
"""

from __future__ import annotations

import csv
import io
import time
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import FrameLocator, Page, expect
from sqlmodel import col, select

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, Payout, Platform
from balances_app.domain import due, ledger
from balances_app.domain.accounts import schedule_next_payout_day
from balances_app.domain.money import format_money
from tests.e2e.conftest import Shop, Stack
from tests.factories import DAY, bank_account, make_account, set_schedule

pytestmark = pytest.mark.e2e
HISTORY_DAYS = 14

MOUNT = """([pk, tag, payout]) => {
  window.closedCount = 0;
  const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret: () => window.createSecret(tag)});
  const element = instance.create(tag);
  element.setOnLoadError(({error}) => { window.loadError = error.type + ': ' + error.message; });
  if (payout) { element.setPayout(payout); element.setOnClose(() => { window.closedCount += 1; }); }
  document.getElementById('one').appendChild(element);
}"""


def with_history(stack: Stack, shop: Shop) -> ConnectedAccount:
    """A daily-schedule seller whose next load catches up two weeks of automatic payouts."""
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now - 30 * DAY)
    set_schedule(stack.engine, account, "daily")
    bank_account(stack.engine, account)
    start = now - HISTORY_DAYS * DAY
    with transaction(stack.engine, write=True) as session:
        for day in range(HISTORY_DAYS):
            for ride in range(3):
                amount = 1_000 * (day + 1) + 137 * ride
                entry = ledger.Entry(account.id, "charge", amount, "usd", start + day * DAY + 3600, fee=59 + ride)
                ledger.post(session, entry, start - DAY)
        refund = ledger.Entry(account.id, "refund", -700, "usd", start + 3 * DAY + 3600, description="Ride refund")
        ledger.post(session, refund, start - DAY)
        row = session.get(ConnectedAccount, account.id)
        assert row is not None
        row.payouts_processed_through = start - DAY
        schedule_next_payout_day(session, row)  # its payout days fall due again from there
    with transaction(stack.engine, write=True) as session:  # the two weeks of automatic payouts, as a load would
        row, platform = session.get(ConnectedAccount, account.id), session.get(Platform, shop.platform.id)
        assert row is not None and platform is not None
        due.run_account(session, platform, row.id, stack.now_for(account.id), limit=None)
    assert len(automatic_payouts(stack, account.id)) > 10
    return account


@pytest.fixture(scope="module")
def history(stack: Stack, shop: Shop) -> ConnectedAccount:
    return with_history(stack, shop)


def session_for(stack: Stack, shop: Shop, account_id: str, key: str) -> str:
    form = {"account": account_id, f"components[{key}][enabled]": "true"}
    response = httpx.post(f"{stack.host}/v1/account_sessions", data=form, auth=(shop.secret_key, ""))
    response.raise_for_status()
    return response.json()["client_secret"]


def embed(
    page: Page, stack: Stack, shop: Shop, account_id: str, tag: str, payout: str = "", key: str = ""
) -> FrameLocator:
    key = key or tag.replace("-", "_")
    page.expose_function("createSecret", lambda _tag: session_for(stack, shop, account_id, key))
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, tag, payout])
    return page.frame_locator("#one iframe")


def automatic_payouts(stack: Stack, account_id: str) -> list[Payout]:
    with transaction(stack.engine) as session:
        query = select(Payout).where(Payout.account_id == account_id).order_by(col(Payout.created).desc())
        return list(session.exec(query).all())


def test_payouts_shows_balance_schedule_and_every_page_of_payouts(
    page: Page, stack: Stack, shop: Shop, history
) -> None:
    frame = embed(page, stack, shop, history.id, "payouts")
    expect(frame.locator("#bc-balances")).to_be_visible()
    expect(frame.get_by_test_id("schedule-description")).to_contain_text("Daily")
    made = automatic_payouts(stack, history.id)
    assert len(made) > 10
    rows = frame.locator("#bc-payout-table li")
    expect(rows).to_have_count(10)
    expect(rows.first).to_have_attribute("data-testid", f"payout-row-{made[0].id}")
    frame.locator("#bc-next-page").click()
    expect(frame.locator("#bc-page-number")).to_have_text("Page 2")
    expect(rows).to_have_count(len(made) - 10)
    expect(rows.last).to_have_attribute("data-testid", f"payout-row-{made[-1].id}")
    expect(frame.locator("#bc-next-page")).to_be_disabled()
    frame.locator("#bc-prev-page").click()
    expect(rows.first).to_have_attribute("data-testid", f"payout-row-{made[0].id}")


def test_a_payouts_details_add_up_and_its_csv_sums_to_it(page: Page, stack: Stack, shop: Shop, history) -> None:
    frame = embed(page, stack, shop, history.id, "payouts-list")
    payout = next(p for p in automatic_payouts(stack, history.id) if p.amount > 10_000)
    frame.get_by_test_id(f"payout-row-{payout.id}").click()
    details = frame.locator("#bc-payout-details")
    shown = format_money(payout.amount, "usd")
    expect(details.get_by_test_id("detail-amount")).to_have_text(shown)
    expect(details.get_by_test_id("reconciliation-total")).to_have_text(shown)
    expect(details.get_by_test_id("detail-destination")).to_have_text("STRIPE TEST BANK ••••6789")
    expect(frame.locator("#bc-status-history li")).to_have_count(3)
    with page.expect_download() as download:
        frame.locator("#bc-reconciliation-csv").click()
    assert download.value.suggested_filename.endswith("_America-New_York.csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows and {r["automatic_payout_id"] for r in rows} == {payout.id}
    assert sum(Decimal(r["net"]) for r in rows) == Decimal(payout.amount).scaleb(-2)
    frame.locator("#bc-close-details").click()
    expect(frame.locator("#bc-payout-table")).to_be_visible()


def test_filters_narrow_the_list_and_the_csv(page: Page, stack: Stack, shop: Shop, history) -> None:
    frame = embed(page, stack, shop, history.id, "payouts-list")
    made = automatic_payouts(stack, history.id)
    threshold = sorted(p.amount for p in made)[-4]  # the four largest
    rows = frame.locator("#bc-payout-table li")
    expect(rows).to_have_count(10)
    frame.locator("input[name=amount_min]").fill(str(Decimal(threshold).scaleb(-2)))
    frame.locator("input[name=amount_min]").blur()
    expect(rows).to_have_count(4)
    expect(frame.locator("#bc-next-page")).to_be_disabled()
    with page.expect_download() as download:
        frame.locator("#bc-payouts-csv").click()
    exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert sorted(r["payout_id"] for r in exported) == sorted(p.id for p in made if p.amount >= threshold)
    frame.locator("select[name=status]").select_option("failed")
    expect(frame.locator("#bc-no-payouts")).to_be_visible()


def test_payout_details_shows_the_set_payout_and_calls_on_close(page: Page, stack: Stack, shop: Shop, history) -> None:
    payout = automatic_payouts(stack, history.id)[0]
    frame = embed(page, stack, shop, history.id, "payout-details", payout.id)
    expect(frame.get_by_test_id("detail-amount")).to_have_text(format_money(payout.amount, "usd"))
    expect(frame.get_by_test_id("reconciliation-total")).to_have_text(format_money(payout.amount, "usd"))
    frame.locator("#bc-close-details").click()
    page.wait_for_function("window.closedCount === 1")
    expect(frame.locator("#bc-payout-details")).to_have_count(0)


def test_another_accounts_payout_renders_nothing(page: Page, stack: Stack, shop: Shop, history) -> None:
    theirs = automatic_payouts(stack, history.id)[0]
    mine = make_account(stack.engine, shop.platform, int(time.time()))
    frame = embed(page, stack, shop, mine.id, "payout-details", theirs.id)
    expect(frame.locator("#bc-root")).to_be_visible()
    expect(frame.locator("#bc-loading")).to_have_count(0)
    expect(frame.locator("#bc-payout-details")).to_have_count(0)
    assert format_money(theirs.amount, "usd") not in frame.locator("body").inner_text()
    assert page.evaluate("window.loadError") is None


def test_the_demo_embeds_payouts_with_the_sessions_features(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.demo}/accounts/acct_1DemoUSRides0001/payouts")
    frame = page.frame_locator("stripe-connect-payouts iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    expect(frame.get_by_test_id("instant-USD")).to_be_visible()
    automatic = next(p for p in automatic_payouts(stack, "acct_1DemoUSRides0001") if p.automatic)
    frame.get_by_test_id(f"payout-row-{automatic.id}").click()
    expect(frame.get_by_test_id("reconciliation-total")).to_have_text(format_money(automatic.amount, "usd"))
    page.locator("input[value=instant_payouts]").uncheck()
    frame = page.frame_locator("stripe-connect-payouts iframe")
    expect(frame.locator("#bc-payout-table")).to_be_visible()
    expect(frame.get_by_test_id("instant-USD")).to_have_count(0)


def test_the_demos_own_list_opens_payout_details_and_closes_it(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.demo}/accounts/acct_1DemoUSRides0001/custom-payouts")
    first = page.locator("#custom-payouts tr").first
    expect(first).to_be_visible()
    payout_id, amount = first.get_attribute("data-payout"), first.locator("td").first.inner_text()
    first.click()
    frame = page.frame_locator("stripe-connect-payout-details iframe")
    expect(frame.get_by_test_id("detail-id")).to_have_text(payout_id or "")
    expect(frame.get_by_test_id("detail-amount")).to_have_text(amount)
    frame.locator("#bc-close-details").click()
    expect(page.locator("#log")).to_contain_text(f"closed {payout_id}")
    expect(page.locator("stripe-connect-payout-details")).to_have_count(0)


def test_a_session_for_one_component_does_not_open_another(page: Page, stack: Stack, shop: Shop, history) -> None:
    embed(page, stack, shop, history.id, "payouts", key="payouts_list")
    page.wait_for_function("window.loadError !== undefined")
    assert page.evaluate("window.loadError").startswith("invalid_request_error: ")
    assert "payouts component" in page.evaluate("window.loadError")
    frame = page.frame_locator("#one iframe")  # the frame stays, showing its error state and nothing else
    expect(frame.locator("#bc-error")).to_be_visible()
    expect(frame.locator("#bc-payout-table")).to_have_count(0)
    expect(frame.locator("#bc-balances")).to_have_count(0)


def test_the_demo_embeds_payouts_list_for_a_seeded_account(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.demo}/accounts/acct_1DemoEUBikes00003/payouts-list")
    frame = page.frame_locator("stripe-connect-payouts-list iframe")
    newest = automatic_payouts(stack, "acct_1DemoEUBikes00003")[0]
    expect(frame.get_by_test_id(f"payout-row-{newest.id}")).to_be_visible()
    expect(frame.locator("#bc-balances")).to_have_count(0)  # the list alone
