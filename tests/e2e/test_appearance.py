"""Appearance in the browser: the first paint already in the platform's theme, AA text in a dark theme, fonts."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from playwright.sync_api import Frame, FrameLocator, Page, expect

from balances_app.domain.money import normalize_locale
from balances_app.ui.appearance import css_variables
from balances_app.ui.messages import html_lang, text_direction
from tests.e2e.conftest import Shop, Stack, seller
from tests.e2e.frames import frame_of
from tests.servers import wait_until
from tests.themes import DARK

pytestmark = pytest.mark.e2e

ALL_FEATURES = {
    "instant_payouts": True,
    "standard_payouts": True,
    "edit_payout_schedule": True,
    "external_account_collection": True,
}
# The platform holds its client secret until `releaseSecret()`: the frame shows its loading state.
MOUNT = """([pk, features, appearance, fonts, hold]) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  window.releaseSecret = () => release();
  const fetchClientSecret = async () => { if (hold) await held; return window.createSecret(features); };
  window.instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret, appearance, fonts});
  document.getElementById('one').appendChild(window.instance.create('balances'));
}"""
# Every visible, enabled element with text of its own: its colour and the background it sits on.
CONTRASTS = """() => {
  const rgba = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (c, b) => [0, 1, 2].map((i) => c[i] * c[3] + b[i] * (1 - c[3])).concat([1]);
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => c.slice(0, 3).map(channel).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) layers.push(rgba(getComputedStyle(node).backgroundColor));
    return layers.reverse().reduce((acc, layer) => (layer ? over(layer, acc) : acc), [255, 255, 255, 1]);
  };
  const found = [];
  for (const el of document.querySelectorAll('#bc-root *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    // Text nobody sees (a visually hidden heading for screen readers: a 1 px clipped box) has no contrast to keep.
    const unseen = box.width <= 1 && box.height <= 1;
    if (!own || unseen || !box.width || !box.height || el.closest(':disabled') || el.closest('option')) continue;
    const back = background(el);
    const fore = over(rgba(getComputedStyle(el).color), back);
    const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
    found.push({text: el.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05),
                color: getComputedStyle(el).color, back: back.map(Math.round).join(',')});
  }
  return found;
}"""


def pending_payout(stack: Stack, shop: Shop, account_id: str) -> None:
    response = httpx.post(
        f"{stack.host}/v1/payouts",
        data={"amount": "1000", "currency": "usd"},
        headers={"Stripe-Account": account_id},
        auth=(shop.secret_key, ""),
    )
    response.raise_for_status()


def mount_themed(
    page: Page,
    stack: Stack,
    shop: Shop,
    account_id: str,
    appearance: dict[str, Any],
    fonts: list[Any] | None = None,
    hold: bool = False,
) -> FrameLocator:
    page.expose_function("createSecret", lambda f: stack.create_session(account_id, shop.secret_key, **f))
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, ALL_FEATURES, appearance, fonts or [], hold])
    return page.frame_locator("#one iframe")


def assert_all_text_reads_at_aa(frame: Frame) -> int:
    found = frame.evaluate(CONTRASTS)
    failing = [f for f in found if f["ratio"] < 4.5]
    assert not failing, failing
    return len(found)


def test_a_dark_theme_is_dark_from_the_first_paint_while_the_secret_is_pending(
    page: Page, stack: Stack, shop: Shop
) -> None:
    account = seller(stack, shop)
    frame = mount_themed(page, stack, shop, account.id, {"variables": DARK}, hold=True)
    loading = frame.locator("#bc-loading")
    expect(loading).to_be_visible()
    expect(loading).to_have_css("background-color", "rgb(26, 27, 37)")
    expect(loading.locator("div")).to_have_css("color", "rgb(182, 189, 200)")  # the secondary text, as given
    expect(frame.locator("html")).to_have_css("color-scheme", "dark")
    inner = frame_of(page)
    assert inner.evaluate("location.hash") == ""  # read, then dropped from the frame's URL
    assert "#bc=" in (page.locator("#one iframe").get_attribute("src") or "")
    assert "colorBackground" not in (page.locator("#one iframe").get_attribute("src") or "").split("#")[0]
    assert_all_text_reads_at_aa(inner)
    first_paint = inner.evaluate("window.BC_FIRST_PAINT")

    page.evaluate("window.releaseSecret()")
    expect(frame.locator("#bc-balances")).to_be_visible()
    # The server's checked values, now on the component's root, are the ones the first paint used.
    for name in ("--bc-color-background", "--bc-color-text", "--bc-color-secondary-text", "--bc-color-border"):
        served = frame.locator("#bc-root").evaluate(f"el => getComputedStyle(el).getPropertyValue('{name}').trim()")
        assert served == first_paint[name], name
    expect(frame.locator("#bc-root")).to_have_css("color-scheme", "dark")


def test_in_a_dark_theme_badges_buttons_and_secondary_text_read_at_aa(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    pending_payout(stack, shop, account.id)
    frame = mount_themed(page, stack, shop, account.id, {"variables": DARK})
    expect(frame.locator("#bc-balances")).to_be_visible()
    badge = frame.locator("#bc-payouts li").first.get_by_text("Pending", exact=True)
    expect(badge).to_be_visible()
    expect(frame.get_by_test_id("standard-USD")).not_to_have_css("color", "rgb(255, 255, 255)")  # black on #8d7ffa
    inner = frame_of(page)
    assert assert_all_text_reads_at_aa(inner) > 20
    frame.get_by_test_id("standard-USD").click()
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    assert_all_text_reads_at_aa(inner)
    frame.get_by_test_id("bank-open-form").click()
    expect(frame.get_by_test_id("bank-form")).to_be_visible()
    assert_all_text_reads_at_aa(inner)


def test_a_light_brand_primary_gets_readable_button_text(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    frame = mount_themed(page, stack, shop, account.id, {"variables": {"colorPrimary": "#ff5a5f"}})
    expect(frame.get_by_test_id("standard-USD")).to_have_css("background-color", "rgb(255, 90, 95)")
    expect(frame.get_by_test_id("standard-USD")).to_have_css("color", "rgb(0, 0, 0)")  # white was 3.05:1
    assert_all_text_reads_at_aa(frame_of(page))
    page.evaluate("window.instance.update({appearance: {variables: {colorPrimary: '#0a2540'}}})")
    expect(frame.get_by_test_id("standard-USD")).to_have_css("color", "rgb(255, 255, 255)")


def test_only_https_fonts_with_clean_descriptors_are_added(page: Page, stack: Stack, shop: Shop) -> None:
    account = seller(stack, shop)
    fonts = [
        {"family": "Brand Sans", "src": "url(https://fonts.invalid/brand.woff2) format('woff2')", "weight": "700"},
        {"family": "Plain", "src": "url(http://fonts.invalid/plain.woff2)"},
        {"family": "Evil", "src": "url(https://fonts.invalid/a.woff2)) ; } body { display:none"},
        {"family": "x;}body{display:none", "src": "url(https://fonts.invalid/x.woff2)"},
        {"family": "Data", "src": "url(data:font/woff2;base64,AAAA)"},
        {"cssSrc": "http://fonts.invalid/fonts.css"},
        {"cssSrc": "javascript:alert(1)"},
    ]
    frame = mount_themed(
        page, stack, shop, account.id, {"variables": {"fontFamily": "'Brand Sans', sans-serif"}}, fonts
    )
    expect(frame.locator("#bc-balances")).to_be_visible()
    families = frame_of(page).evaluate("[...document.fonts].map((f) => [f.family, f.weight])")
    assert families == [['"Brand Sans"', "700"]]  # the one https font with a clean name and source
    expect(frame.locator("#bc-balances")).to_have_css("font-family", '"Brand Sans", sans-serif')


@pytest.mark.parametrize(("overlays", "full_width"), [("dialog", False), ("drawer", True)])
def test_the_overlays_option_draws_dialogs_as_a_centred_panel_or_a_drawer(
    page: Page, stack: Stack, shop: Shop, overlays: str, full_width: bool
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    account = seller(stack, shop)
    frame = mount_themed(page, stack, shop, account.id, {"overlays": overlays})
    frame.get_by_test_id("standard-USD").click()
    dialog = frame.get_by_test_id("payout-dialog").bounding_box()
    card = frame.locator("#bc-payouts").bounding_box()
    assert dialog is not None and card is not None
    assert (dialog["width"] > 1000) is full_width
    assert (abs(dialog["x"] + dialog["width"] - (card["x"] + card["width"])) < 40) is full_width


@pytest.mark.parametrize(
    "variables",
    [
        {},
        DARK,
        {"colorBackground": "#0b0d12"},
        {"colorBackground": "hsl(230, 20%, 12%)", "colorText": "hsl(0 0% 30%)", "colorDanger": "rgb(120 0 0 / 90%)"},
        {"colorBackground": "#fff8e7", "colorSecondaryText": "#d0d0d0", "colorBorder": "rgba(0,0,0,.2)"},
        {"colorText": "white", "colorBackground": "BLACK", "fontFamily": "'Inter', sans-serif", "spacingUnit": "20px"},
        {"colorBackground": "red", "colorText": "rgb(1,2,3) }body{", "fontSizeBase": "41px", "borderRadius": "2em"},
        {"fontFamily": "x;}", "spacingUnit": "7px", "fontSizeBase": "4rem", "colorPrimary": "#ff5a5f80"},
        {"colorSecondaryText": "#777", "offsetBackgroundColor": "#ddd"},
        {"colorSecondaryText": "#777", "offsetBackgroundColor": "#111", "colorBackground": "#f0f0f0"},
        # Characters Python and JavaScript disagree on: other scripts' digits, and what each calls white space.
        {"spacingUnit": "\u0661\u0662px", "fontSizeBase": "1\uff12px", "colorPrimary": "rgb(\u0661, 2, 3)"},
        {"colorBackground": "#000\x1f", "colorText": "\x85#fff", "borderRadius": "\x1c4px"},
        {"colorBackground": "#000\ufeff", "colorText": "\ufeff#fff", "spacingUnit": "9px\ufeff"},
        {"colorBackground": "rgb(0,\u00a00,\u20030)", "colorText": "#fff\u00a0"},
        # Names of every JavaScript object's own properties, where a colour name is looked up.
        {"colorBackground": "#000", "colorText": "constructor", "colorPrimary": "__proto__"},
        {"colorBackground": "hasOwnProperty", "colorBorder": "toString", "colorDanger": "CONSTRUCTOR"},
    ],
)
def test_the_first_paint_checks_and_derives_exactly_as_the_server(page: Page, stack: Stack, variables: dict) -> None:
    fragment = quote(json.dumps({"appearance": {"variables": variables}}))
    page.goto(f"{stack.platform_site}/platform.html#bc={fragment}")
    page.add_script_tag(url=f"{stack.host}/embedded/appearance.js")
    browser = page.evaluate("window.BC_FIRST_PAINT")
    assert browser is not None, "the first-paint script stopped before the end"
    server = css_variables({"variables": variables})
    names = ["--bc-font-family", "--bc-font-size-base", "--bc-spacing-unit", "--bc-border-radius", "colorScheme"]
    names += [f"--bc-color-{n}" for n in ("background", "text", "primary", "danger", "secondary-text", "border")]
    assert {n: browser[n] for n in names} == {n: server[n] for n in names}


FONT_CSS = """
@import url("https://fonts.invalid/more.css");
@font-face { font-family: 'Open Sans'; font-weight: 400; font-display: swap;
  src: url(https://fonts.invalid/open-sans.woff2) format('woff2'); }
@font-face { font-family: "Open Sans"; font-weight: 700; src: url(/open-sans-bold.woff2) format("woff2"); }
@font-face { font-family: 'Plain'; src: url(http://fonts.invalid/plain.woff2); }
body { display: none !important; }
#bc-root { background: url(https://fonts.invalid/track.png); }
"""


def test_a_font_css_file_gives_its_https_font_faces_and_nothing_else(page: Page, stack: Stack, shop: Shop) -> None:
    requested: list[str] = []

    def serve(route: Any) -> None:
        requested.append(route.request.url)
        headers = {"Access-Control-Allow-Origin": "*", "Content-Type": "text/css"}
        route.fulfill(status=200, headers=headers, body=FONT_CSS if route.request.url.endswith("fonts.css") else "")

    page.context.route("https://fonts.invalid/**", serve)
    account = seller(stack, shop)
    fonts = [{"cssSrc": "https://fonts.invalid/fonts.css"}]
    frame = mount_themed(page, stack, shop, account.id, {"variables": {"fontFamily": "'Open Sans'"}}, fonts)
    expect(frame.locator("#bc-balances")).to_be_visible()  # the file's other rules do not apply
    inner = frame_of(page)
    wait_until(lambda: len(inner.evaluate("[...document.fonts]")) >= 2, "the font faces were added")
    faces = inner.evaluate("[...document.fonts].map((f) => [f.family, f.weight, f.display])")
    # Relative sources resolve against the file's https address; http ones are refused.
    assert sorted(faces) == [['"Open Sans"', "400", "swap"], ['"Open Sans"', "700", "auto"]]
    expect(frame.locator("#bc-root")).to_have_css("background-image", "none")
    assert "https://fonts.invalid/more.css" not in requested  # @import is never followed
    assert "https://fonts.invalid/track.png" not in requested


@pytest.mark.parametrize(
    "tag",
    [
        *("fa", "zz-ZZ", "ar-EG", "zh-TW", "zh-CN", "zh-Hant", "de-AT", "DE-de", "ar_SA", "iw", "pt", "es-MX", "he"),
        *("de-DE-u-nu-arab", "en-US-x-twain", "<script>", "__proto__", "constructor", "../de", "x" * 40, "sr-Latn"),
        *("es-JP", "zh-MO"),
    ],
)
def test_the_first_paint_lang_and_dir_are_the_sessions_from_any_url_locale(page: Page, stack: Stack, tag: str) -> None:
    """The head scripts' `<html lang>`/`dir` before the app connects: the server's, never the raw tag."""
    page.goto(f"{stack.platform_site}/platform.html?{urlencode({'locale': tag})}")
    page.add_script_tag(url=f"{stack.host}/embedded/appearance.js")
    locale = normalize_locale(tag)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        html_lang(locale),
        text_direction(locale),
    ]


def test_a_huge_font_css_file_gives_the_faces_of_its_beginning_without_being_read_whole(
    page: Page, stack: Stack, shop: Shop
) -> None:
    """A CSS file of megabytes (or one that never ends) is read up to 200,000 characters, then let go."""
    face = "@font-face { font-family: 'Big'; src: url(https://fonts.invalid/big.woff2) format('woff2'); }\n"
    filler = "@font-face { font-family: 'Late'; src: url(https://fonts.invalid/late.woff2); }\n"
    body = face + "/*" + "x" * 5_000_000 + "*/\n" + filler

    def serve(route: Any) -> None:
        headers = {"Access-Control-Allow-Origin": "*", "Content-Type": "text/css"}
        route.fulfill(status=200, headers=headers, body=body if route.request.url.endswith("big.css") else "")

    page.context.route("https://fonts.invalid/**", serve)
    account = seller(stack, shop)
    frame = mount_themed(page, stack, shop, account.id, {}, [{"cssSrc": "https://fonts.invalid/big.css"}])
    expect(frame.locator("#bc-balances")).to_be_visible()
    inner = frame_of(page)
    wait_until(lambda: len(inner.evaluate("[...document.fonts]")) >= 1, "the first font face was added")
    assert inner.evaluate("[...document.fonts].map((f) => f.family)") == ["Big"]  # none past the limit
