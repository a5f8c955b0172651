"""Actions taken in the embedded component reach the platform as signed webhooks; the demo shows them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
import stripe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.factories import make_platform
from tests.webhook_receiver import Receiver, webhook_receiver

pytestmark = pytest.mark.e2e


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as receiver:
        yield receiver


def test_component_actions_arrive_as_verified_events(page: Page, stack: Stack, receiver: Receiver) -> None:
    platform, key = make_platform(stack.engine, int(time.time()), origins=(stack.platform_site,))
    shop = Shop(platform, key)
    form = {"url": receiver.url, "enabled_events[]": "*", "connect": "true"}
    secret = httpx.post(f"{stack.host}/v1/webhook_endpoints", data=form, auth=(key, "")).json()["secret"]
    account = seller(stack, shop, interval="manual")
    frame = mount(page, stack, shop, account, disable_stripe_user_authentication=True)

    frame.get_by_test_id("standard-USD").click()
    frame.locator("#bc-amount").fill("120")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("available-USD")).to_have_text("$380.00")
    frame.locator("#bc-payouts li").first.get_by_role("button", name="Cancel payout").click()
    expect(frame.locator("#bc-payouts li").first).to_contain_text("Canceled")
    frame.get_by_test_id("topup-USD").click()
    frame.locator("#bc-amount").fill("100")
    frame.get_by_test_id("dialog-confirm").click()
    expect(frame.get_by_test_id("notice")).to_contain_text("Adding $100.00")
    frame.locator("#bc-interval").select_option("weekly")
    frame.locator("#bc-weekly-anchor").select_option("friday")
    frame.get_by_test_id("schedule-save").click()
    expect(frame.get_by_test_id("schedule-description")).to_contain_text("Every Friday")
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("110000000")
    frame.locator("#bc-account-number").fill("000999999991")
    frame.get_by_test_id("bank-add").click()
    expect(frame.get_by_test_id("bank-9991")).to_contain_text("STRIPE TEST BANK")
    frame.get_by_test_id("bank-9991").get_by_role("button", name="Make default").click()
    expect(frame.get_by_test_id("bank-9991")).to_contain_text("Default")
    frame.get_by_test_id("bank-9991").get_by_role("button", name="Remove").click()  # 6789 is the default again
    expect(frame.get_by_test_id("bank-9991")).to_have_count(0)
    expect(frame.get_by_test_id("bank-6789")).to_contain_text("Default")

    wanted = [
        "payout.created",
        "payout.canceled",
        "topup.created",
        "account.updated",
        "account.external_account.created",
        "account.external_account.updated",
        "account.external_account.deleted",
    ]
    received = receiver.wait_for(lambda got: set(wanted) <= {json.loads(r.body)["type"] for r in got})
    verified = [stripe.Webhook.construct_event(r.body.decode(), r.signature, secret) for r in received]
    assert {e.account for e in verified} == {account.id}
    by_type = {e.type: e for e in verified}
    assert by_type["payout.created"].data.object.amount == 12_000
    assert by_type["payout.canceled"].data.object.status == "canceled"
    assert (by_type["topup.created"].data.object.amount, by_type["topup.created"].data.object.status) == (
        10_000,
        "pending",
    )
    schedule = by_type["account.updated"].data.object.settings.payouts.schedule
    assert (schedule.interval, schedule.weekly_anchor) == ("weekly", "friday")
    assert by_type["account.external_account.deleted"].data.object.last4 == "9991"
    assert by_type["payout.created"].request.id is None  # an action in the component, not an API request


def test_the_demo_verifies_deliveries_and_logs_them(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.demo}/accounts/acct_1DemoJPTaxi00004")
    frame = page.frame_locator("stripe-connect-balances iframe")
    frame.get_by_test_id("standard-JPY").click()
    frame.locator("#bc-amount").fill("1234")
    frame.get_by_test_id("dialog-confirm").click()
    expect(page.locator("#log")).to_contain_text("webhook payout.created · acct_1DemoJPTaxi00004 · po_")
    expect(page.locator("#log")).to_contain_text("· ¥1,234")
