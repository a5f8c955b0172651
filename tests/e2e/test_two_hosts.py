"""Two component-host processes sharing one PostgreSQL and Redis (the scaled mode only).

`make test-scaled` runs this; on SQLite with in-memory state two processes cannot share
sessions, so the default run deselects it by its marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import Page, expect

from balances_app.db.engine import transaction
from balances_app.domain import ledger
from balances_app.serve import host_command
from tests.e2e.conftest import MOUNT, Shop, Stack, mount, seller
from tests.servers import free_port, running

pytestmark = [pytest.mark.e2e, pytest.mark.scaled]


@pytest.fixture
def hosts(stack: Stack) -> Iterator[tuple[int, int]]:
    """Two more host processes like the stack's, the proxy pointing at the first; restored after."""
    first, second = free_port(), free_port()
    with (
        running(
            host_command(first), stack.host_environment, f"http://127.0.0.1:{first}/ping", stack.data_dir / "first.log"
        ),
        running(
            host_command(second),
            stack.host_environment,
            f"http://127.0.0.1:{second}/ping",
            stack.data_dir / "second.log",
        ),
        stack.proxy.pointed_at(first),
    ):
        yield first, second


def test_a_session_claimed_on_one_host_cannot_be_claimed_on_the_other(
    page: Page, stack: Stack, shop: Shop, hosts: tuple[int, int]
) -> None:
    account = seller(stack, shop)
    secret = stack.create_session(account.id, shop.secret_key)
    page.expose_function("createSecret", lambda _f: secret)
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, {}])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_have_text("$500.00")  # via the first
    stack.proxy.target = hosts[1]
    stack.proxy.cut()
    page.evaluate(
        """([pk]) => {
      window.secondErrors = [];
      const other = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret: () => window.createSecret(1)});
      const element = other.create('balances');
      element.setOnLoadError((e) => window.secondErrors.push(e.error));
      document.getElementById('two').appendChild(element);
    }""",
        [shop.platform.publishable_key],
    )
    page.wait_for_function("window.secondErrors.length > 0")
    assert "already been used" in page.evaluate("window.secondErrors[0].message")


def test_payouts_through_both_hosts_never_overdraw(stack: Stack, shop: Shop, hosts: tuple[int, int]) -> None:
    account = seller(stack, shop, amount=10_500)  # room for 10 payouts of $10, not 11

    def pay(index: int) -> int:
        port = hosts[index % 2]
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/payouts",
            data={"amount": "1000", "currency": "usd"},
            headers={"Stripe-Account": account.id},
            auth=(shop.secret_key, ""),
            timeout=30,
        )
        return response.status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(pay, range(30)))
    assert statuses.count(200) == 10
    assert set(statuses) == {200, 400}
    with transaction(stack.engine) as session:
        balance = ledger.balance(session, account.id, stack.now_for(account.id))["usd"]
    assert balance.available_total == 500


def test_the_component_survives_its_host_stopping(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    first, second = free_port(), free_port()
    with (
        running(
            host_command(second),
            stack.host_environment,
            f"http://127.0.0.1:{second}/ping",
            stack.data_dir / "survivor.log",
        ),
        stack.proxy.pointed_at(first),
    ):
        with running(
            host_command(first),
            stack.host_environment,
            f"http://127.0.0.1:{first}/ping",
            stack.data_dir / "doomed.log",
        ):
            frame = mount(page, stack, shop, account)
            frame.get_by_test_id("standard-USD").click()
            expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
            stack.proxy.target = second
        # the first host has stopped: its websocket is gone, the page reconnects through the proxy
        stack.proxy.cut()
        frame.locator("#bc-amount").fill("125")
        frame.get_by_test_id("dialog-confirm").click()
        expect(frame.get_by_test_id("notice")).to_contain_text("$125.00 is on its way")
        expect(frame.get_by_test_id("available-USD")).to_have_text("$375.00")
