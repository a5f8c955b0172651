"""Sensitive inputs never reach Reflex's state store: an abandoned bank form leaves no account number.

Reflex pickles every state var (public or backend) to `.states/` (or Redis in the scaled mode).
The account number stays in the browser's input until the form is submitted, and the handler
that receives it keeps nothing: the store is searched while the form is open, after a refused
submit, and after the form is abandoned.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from reflex.utils.prerequisites import get_states_dir

from balances_app.settings import PROJECT_ROOT
from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.servers import wait_until

pytestmark = pytest.mark.e2e


def state_store(redis_url: str | None, since: float = 0.0) -> Callable[[], list[bytes]]:
    """Everything the host's state manager has written (since a moment): `.states/` files, or Redis values."""
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)

        def from_redis() -> list[bytes]:
            return [v for key in client.scan_iter() if client.type(key) == b"string" and (v := client.get(key))]

        return from_redis
    directory = PROJECT_ROOT / get_states_dir()  # the host runs in the project root

    def from_disk() -> list[bytes]:
        return [path.read_bytes() for path in directory.glob("*.pkl") if path.stat().st_mtime >= since]

    return from_disk


def test_an_abandoned_bank_form_leaves_no_account_number_in_the_state_store(
    page: Page, stack: Stack, shop: Shop, redis_url: str | None
) -> None:
    stored = state_store(redis_url)
    account = seller(stack, shop)
    number = f"000{secrets.randbelow(10**9):09d}"  # 12 digits nobody else types
    marker = f"{secrets.randbelow(10**8):08d}"  # an invalid routing number, a state var, typed after it
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-account-number").fill(number)
    frame.locator("#bc-holder").fill("Abandoning Holder")
    frame.locator("#bc-routing").fill(marker)
    expect(frame.get_by_text("The routing number is not valid")).to_be_visible()
    # the state written after the number was typed has reached the store
    wait_until(lambda: any(marker.encode() in blob for blob in stored()), "the routing number reaches the state store")
    assert not [blob for blob in stored() if number.encode() in blob or b"Abandoning Holder" in blob]

    frame.get_by_test_id("bank-add").click()  # refused: the number travels in this event only
    routing_alert = frame.locator("div:has(> #bc-routing)").get_by_role("alert")  # said under its field, once
    expect(routing_alert).to_contain_text("routing number is not valid")
    expect(frame.get_by_test_id("bank-form-error")).to_have_count(0)
    second = f"{secrets.randbelow(10**8):08d}"
    frame.locator("#bc-routing").fill(second)
    wait_until(lambda: any(second.encode() in blob for blob in stored()), "the next state reaches the store")
    assert not [blob for blob in stored() if number.encode() in blob]

    page.goto("about:blank")  # the person leaves with the form open
    assert not [blob for blob in stored() if number.encode() in blob or b"Abandoning Holder" in blob]
    assert number not in (stack.data_dir / "host.log").read_text()


def test_an_open_payout_dialog_keeps_no_database_rows_or_key_hashes_in_the_state_store(
    page: Page, stack: Stack, shop: Shop, redis_url: str | None
) -> None:
    """State holds plain values: a pickled ORM row would carry the platform's secret key hash to disk."""
    stored = state_store(redis_url, since=time.time() - 1)  # this test's writes, not an earlier run's
    account = seller(stack, shop)
    frame = mount(page, stack, shop, account)
    frame.get_by_test_id("standard-USD").click()
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    frame.locator("#bc-amount").fill("123.45")
    frame.locator("#bc-amount").blur()
    expect(frame.get_by_test_id("dialog-total")).to_have_text("$123.45")
    wait_until(lambda: any(b"$123.45" in blob for blob in stored()), "the dialog's state reaches the store")
    blobs = stored()
    assert not [blob for blob in blobs if shop.platform.secret_key_hash.encode() in blob]
    assert not [blob for blob in blobs if b"balances_app.db.models" in blob]  # no pickled ORM class at all
