"""The first load: the secret crosses while the frame's app loads, and the claim is its first event.

The frame says bc:ready from its head, before its app's scripts run; the platform's answer waits
in the frame's memory and becomes the app's first event once its websocket is open, so the
balance shows one round trip later (issue #13). Several frames in one page each get their own
secret, and only the parent window can hand the frame one.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page, Route, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain.ids import hash_secret
from balances_app.serve import host_command
from tests.e2e.conftest import Shop, Stack, seller
from tests.e2e.frames import frame_of
from tests.factories import DAY, charge
from tests.servers import free_port, running

pytestmark = pytest.mark.e2e

# The platform page: one connect.js instance per account, each in its own container.
EMBED = """([pk, targets]) => {
  window.fromFrames = [];
  window.addEventListener('message', (e) => e.data && window.fromFrames.push(e.data.type));
  window.instances = {};
  for (const target of targets) {
    const fetchClientSecret = () => window.createSecret(target);
    const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
    document.getElementById(target).appendChild(instance.create('balances'));
    window.instances[target] = instance;
  }
}"""
# Another window of the platform's own origin (a same-origin child frame) posts to the component.
SIBLING_POSTS = """([message, host]) => new Promise((resolve) => {
  const sibling = document.createElement('iframe');
  sibling.srcdoc = `<script>
    const component = parent.document.querySelector('#one iframe').contentWindow;
    component.postMessage(${JSON.stringify(message)}, ${JSON.stringify(host)});
    parent.postMessage({type: 'sibling posted'}, '*');
  <\\/script>`;
  window.addEventListener('message', (e) => e.data && e.data.type === 'sibling posted' && resolve(true));
  document.body.appendChild(sibling);
})"""


def test_the_secret_crosses_while_the_app_loads_and_the_claim_is_its_first_event(
    page: Page, stack: Stack, shop: Shop
) -> None:
    account = seller(stack, shop, amount=43_210)
    page.expose_function("createSecret", lambda _target: stack.create_session(account.id, shop.secret_key))
    held: list[Route] = []
    released: list[bool] = []

    def hold(route: Route) -> None:  # the frame's app scripts wait until released
        route.continue_() if released else held.append(route)

    page.context.route(f"{stack.host}/assets/**", hold)
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    stack.platform_page(page)
    page.evaluate(EMBED, [shop.platform.publishable_key, ["one"]])

    # The frame asked for its secret from its head, while its app cannot have started.
    page.wait_for_function("window.fromFrames.includes('bc:ready')")
    assert held and not sent
    released.append(True)
    for route in held:
        route.continue_()

    frame = page.frame_locator("#one iframe")
    expect(frame.get_by_test_id("total-USD")).to_have_text("$432.10")
    events = [json.loads(p.split(",", 1)[1])[1] for p in sent if p.startswith("42/_event,")]
    first = events[0]
    assert first["name"].endswith("session_state.receive") and first["payload"]["data"]["type"] == "bc:init"
    # One claim, answered with the balance: nothing went back to the platform page to ask again.
    assert [e["payload"]["data"]["type"] for e in events if e["name"].endswith("session_state.receive")] == ["bc:init"]
    assert page.evaluate("window.fromFrames.filter((t) => t === 'bc:ready').length") == 1
    assert _claimed_sessions(stack, account.id) == 1
    # The secret is in no URL and no storage of the frame.
    kept = frame_of(page).evaluate(
        "() => location.href + JSON.stringify({...sessionStorage}) + JSON.stringify({...localStorage})"
    )
    assert "accs_secret" not in kept


def test_two_instances_for_two_accounts_in_one_page_each_show_their_own(page: Page, stack: Stack, shop: Shop) -> None:
    first, second = seller(stack, shop, amount=111_111), seller(stack, shop, amount=222_222)
    accounts = {"one": first, "two": second}
    page.expose_function("createSecret", lambda target: stack.create_session(accounts[target].id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(EMBED, [shop.platform.publishable_key, ["one", "two"]])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_have_text("$1,111.11")
    expect(page.frame_locator("#two iframe").get_by_test_id("total-USD")).to_have_text("$2,222.22")
    for target in ("one", "two"):
        expect(page.frame_locator(f"#{target} iframe").locator("body")).not_to_contain_text(
            "2,222.22" if target == "one" else "1,111.11"
        )


def test_a_secret_posted_by_another_window_of_the_platforms_origin_is_not_claimed(
    page: Page, stack: Stack, shop: Shop
) -> None:
    mine, other = seller(stack, shop, amount=31_400), seller(stack, shop, amount=92_700)
    page.expose_function("createSecret", lambda _target: stack.create_session(mine.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(EMBED, [shop.platform.publishable_key, ["one"]])
    frame = page.frame_locator("#one iframe")
    expect(frame.get_by_test_id("total-USD")).to_have_text("$314.00")

    # The right origin, the right shape, a live secret of another account: but not from the parent.
    secret = stack.create_session(other.id, shop.secret_key)
    forged = {
        "type": "bc:init",
        "clientSecret": secret,
        "instanceId": "f" * 48,
        "publishableKey": shop.platform.publishable_key,
        "appearance": {"variables": {"colorPrimary": "#aa0000"}},
        "locale": "",
        "params": {},
    }
    assert page.evaluate(SIBLING_POSTS, [forged, stack.host])
    # The parent's own message after it: once the frame shows it, the forged one would have been handled.
    page.evaluate("() => window.instances.one.update({appearance: {variables: {colorPrimary: '#0000aa'}}})")
    frame_of(page).wait_for_function(
        "() => getComputedStyle(document.getElementById('bc-root')).getPropertyValue('--bc-color-primary').trim()"
        " === '#0000aa'"
    )
    expect(frame.get_by_test_id("total-USD")).to_have_text("$314.00")
    expect(frame.locator("body")).not_to_contain_text("927.00")
    with transaction(stack.engine) as session:
        used = session.exec(select(AccountSession).where(AccountSession.secret_hash == hash_secret(secret))).first()
    assert used is None  # a session is stored at its first use: this secret was never used


def _claimed_sessions(stack: Stack, account_id: str) -> int:
    with transaction(stack.engine) as session:
        records = session.exec(select(AccountSession).where(AccountSession.account_id == account_id)).all()
        return sum(1 for record in records if record.claimed_at is not None)


def test_a_host_that_lost_the_frames_state_is_handed_the_secret_again(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)  # manual payouts, a bank account, $500.00 available
    page.expose_function("createSecret", lambda _target: stack.create_session(account.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(EMBED, [shop.platform.publishable_key, ["one"]])
    frame = page.frame_locator("#one iframe")
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")

    # Another host process (its own in-memory state: nothing of this frame) takes over the public port.
    port = free_port()
    log = stack.data_dir / "fresh-host.log"
    environment = dict(stack.host_environment)
    if "REFLEX_REDIS_URL" in environment:  # the scaled mode keeps states in Redis: a keyspace of its own
        environment["REFLEX_REDIS_URL"] = environment["REFLEX_REDIS_URL"].rsplit("/", 1)[0] + "/1"
    with running(host_command(port), environment, f"http://127.0.0.1:{port}/ping", log), stack.proxy.pointed_at(port):
        charge(stack.engine, account.id, 25_000, int(time.time()) - 3 * DAY, available_in_days=2)  # untold
        stack.proxy.cut()  # the websocket drops; the page reconnects to a host that knows nothing
        # Once the new host has the secret again, the frame shows the figures as they are now.
        expect(frame.get_by_test_id("available-USD")).to_have_text("$750.00")
        frame.get_by_test_id("standard-USD").click()
        frame.locator("#bc-amount").fill("125")
        frame.get_by_test_id("dialog-confirm").click()
        expect(frame.get_by_test_id("notice")).to_contain_text("$125.00 is on its way")
        expect(frame.get_by_test_id("available-USD")).to_have_text("$625.00")
    assert page.evaluate("window.fromFrames.filter((t) => t === 'bc:ready').length") == 2


def test_after_a_reconnect_the_frame_shows_what_changed_while_it_was_away(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop, amount=50_000)
    page.expose_function("createSecret", lambda _target: stack.create_session(account.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(EMBED, [shop.platform.publishable_key, ["one"]])
    frame = page.frame_locator("#one iframe")
    expect(frame.get_by_test_id("total-USD")).to_have_text("$500.00")

    charge(stack.engine, account.id, 25_000, int(time.time()) - 3 * DAY, available_in_days=2)  # nothing tells the frame
    stack.proxy.cut()  # the websocket drops and reconnects to the same host, which kept the frame's session
    expect(frame.get_by_test_id("total-USD")).to_have_text("$750.00")
    # No new secret was needed: the host still had the claim.
    assert page.evaluate("window.fromFrames.filter((t) => t === 'bc:ready').length") == 1
