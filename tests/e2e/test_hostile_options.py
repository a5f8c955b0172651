"""Hostile or odd `loadConnectAndInitialize` options: the component still loads, in its defaults.

A platform's page passes appearance, locale and fonts as it likes (a Vue or MobX proxy, a
callback left in an object, a locale read from a header): connect.js must hand the frame plain
data it can use, and the frame must fall back to its defaults, never stay loading or break.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from balances_app.ui.appearance import HONOURED, css_name
from balances_app.ui.state.session import SessionState
from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.e2e.forge import Forger

pytestmark = pytest.mark.e2e

# `options` is built in the page (JavaScript), so it may hold what JSON cannot: functions, proxies.
MOUNT = """([pk, build]) => {
  const fetchClientSecret = async () => window.createSecret();
  const options = Object.assign({publishableKey: pk, fetchClientSecret}, (0, eval)(build));
  window.instance = loadConnectAndInitialize(options);
  window.errors = [];
  const element = window.instance.create('balances');
  element.setOnLoadError((e) => window.errors.push(e.error));
  document.getElementById('one').appendChild(element);
}"""


def mount_with(page: Page, stack: Stack, shop: Shop, options: str) -> FrameLocator:
    account = seller(stack, shop)
    page.expose_function("createSecret", lambda: stack.create_session(account.id, shop.secret_key))
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, f"({options})"])
    return page.frame_locator("#one iframe")


def primary(frame: FrameLocator) -> Any:
    return frame.locator("#bc-root").evaluate("(el) => getComputedStyle(el).getPropertyValue('--bc-color-primary')")


def test_a_locale_too_long_for_a_url_falls_back_to_english_and_the_frame_loads(
    page: Page, stack: Stack, shop: Shop
) -> None:
    frame = mount_with(page, stack, shop, "{locale: 'de-DE-' + 'x'.repeat(20000)}")
    expect(frame.locator("#bc-balances")).to_be_visible()
    expect(frame.locator("html")).to_have_attribute("lang", "en-US")


@pytest.mark.parametrize(
    "appearance",
    [
        # A callback left in the object (structured clone refuses functions).
        "{variables: {colorPrimary: '#0a7d55'}, onChange: () => 1}",
        # A reactive proxy, as Vue's reactive() gives.
        "new Proxy({variables: {colorPrimary: '#0a7d55'}}, {})",
        # Megabytes beside the variables (over Socket.IO's 1 MB frame, which would drop the connection).
        "{variables: {colorPrimary: '#0a7d55', fontFamily: 'x'.repeat(2000000)}, notes: 'y'.repeat(2000000)}",
    ],
)
def test_an_appearance_postmessage_cannot_clone_still_reaches_the_frame(
    page: Page, stack: Stack, shop: Shop, appearance: str
) -> None:
    frame = mount_with(page, stack, shop, f"{{appearance: {appearance}}}")
    expect(frame.locator("#bc-balances")).to_be_visible()
    assert primary(frame).strip() == "#0a7d55"
    page.evaluate("window.instance.update({appearance: {variables: {colorPrimary: '#112233'}, f: () => 2}})")
    expect(frame.locator("#bc-root")).to_have_css("--bc-color-primary", "#112233")


def test_an_overlays_option_of_the_wrong_shape_keeps_dialogs_and_the_frame_loads(
    page: Page, stack: Stack, shop: Shop
) -> None:
    frame = mount_with(page, stack, shop, "{appearance: {overlays: ['drawer'], variables: {colorPrimary: '#0a7d55'}}}")
    expect(frame.locator("#bc-balances")).to_be_visible()
    expect(frame.locator("#bc-root")).to_have_css("--bc-overlay-max-width", "720px")
    assert page.evaluate("window.errors") == []


@pytest.mark.parametrize("tag", ["constructor", "__proto__", "toString", "hasOwnProperty"])
def test_a_component_named_like_an_object_property_is_an_unknown_component(
    page: Page, stack: Stack, shop: Shop, tag: str
) -> None:
    stack.platform_page(page)
    page.evaluate(
        """([pk, tag]) => {
          window.errors = [];
          const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret: async () => 'x'});
          const element = instance.create(tag);
          element.setOnLoadError((e) => window.errors.push(e.error));
          document.getElementById('one').appendChild(element);
        }""",
        [shop.platform.publishable_key, tag],
    )
    page.wait_for_function("window.errors.length > 0")
    error = page.evaluate("window.errors[0]")
    assert error == {"type": "invalid_request_error", "message": f"Unknown component: {tag}."}
    expect(page.locator("#one iframe")).to_have_count(0)


def test_forged_appearance_and_locale_messages_leave_the_defaults_and_an_english_frame(
    page: Page, stack: Stack, shop: Shop
) -> None:
    """bc:update sent over the frame's own websocket: every variable hostile, deep, huge or oddly keyed."""
    forger = Forger(page)
    frame = mount(page, stack, shop, seller(stack, shop), standard_payouts=True)
    inner = page.locator("#one iframe").element_handle().content_frame()
    assert inner is not None
    session_state = SessionState.get_full_name()
    origin = forger.page_event("session_state.receive")["payload"]["origin"]
    deep: object = "drawer"
    for _ in range(500):
        deep = [deep]
    injected = {name: "red;}body{display:none" for name in HONOURED}
    names = [css_name(name) for name in HONOURED]

    def shown() -> dict[str, str]:
        return inner.evaluate(
            "(names) => { const style = getComputedStyle(document.getElementById('bc-root'));"
            " return Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)])); }",
            names,
        )

    forger.barrier(inner, session_state, origin, 7)  # a bc:update that sets only colorPrimary
    before = shown()
    for appearance, locale in [
        ({"variables": injected, "overlays": deep}, "<script>"),
        ({"variables": {"__proto__": {"colorPrimary": "#ff0000"}}, "overlays": ["drawer"]}, "__proto__"),
        ({"variables": {name: "url(https://evil.example/x)" for name in HONOURED}}, "../../etc/passwd"),
        ({"variables": {"fontFamily": "x" * 100_000, "colorText": "expression(alert(1))"}}, "de-DE" * 20_000),
        (deep, {"__proto__": "de"}),
    ]:
        data = {"type": "bc:update", "appearance": appearance, "locale": locale}
        forger.send(f"{session_state}.receive", {"origin": origin, "data": data})
    forger.barrier(inner, session_state, origin, 8)
    forger.barrier(inner, session_state, origin, 7)
    assert shown() == before
    expect(frame.locator("#bc-root")).to_have_css("--bc-overlay-max-width", "720px")
    assert inner.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en-US", "ltr"]
    expect(frame.get_by_test_id("total-USD")).to_be_visible()
    forger.send(f"{session_state}.receive", {"origin": origin, "data": {"type": "bc:update", "locale": "AR-sa"}})
    expect(frame.locator("html")).to_have_attribute("dir", "rtl")
    expect(frame.locator("html")).to_have_attribute("lang", "ar-SA")
