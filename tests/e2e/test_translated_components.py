"""The components in every language that has a catalogue, in Chromium, cross-site.

For each catalogue (but English), the balances and payouts components are embedded with a
locale of that language; the frame's text, aria-labels, titles and placeholders must contain
none of the template's English texts (a msgid with `{placeholders}` matches with any value in
them) nor English day names, except those the language writes the same way; `<html lang>` and `dir` follow the
locale. Switching the locale with `instance.update` changes the labels in the same frame.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Frame, FrameLocator, Page, expect

from balances_app.domain.money import normalize_locale
from balances_app.ui import messages
from balances_app.ui.wording import number
from tests.e2e.conftest import Shop, Stack, seller
from tests.e2e.test_payouts_family import session_for, with_history

pytestmark = pytest.mark.e2e
LANGUAGES = [name for name in messages.catalogues() if not name.startswith("en")]
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}
PLACEHOLDER = re.compile(r"\{\w*\}")

MOUNT = """([pk, tag, locale]) => {
  window.instance = loadConnectAndInitialize({
    publishableKey: pk, fetchClientSecret: () => window.createSecret(tag), locale,
  });
  document.getElementById('one').appendChild(window.instance.create(tag));
}"""

# What a person reads or hears in the frame: text nodes, rendered lines, and the attributes
# that name or describe things.
READ = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement ? node.parentElement.tagName : "";
    if (!["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent) && node.textContent.trim()) {
      texts.push(node.textContent.trim());
    }
  }
  texts.push(...document.body.innerText.split("\\n").map((line) => line.trim()).filter(Boolean));
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = (element.getAttribute(name) || "").trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}"""


def tag_for(name: str) -> str:
    """A locale tag of the catalogue's language, as a platform would pass it ('de' -> 'de-DE')."""
    return normalize_locale(name).replace("_", "-")


@lru_cache
def english_texts(name: str) -> tuple[re.Pattern[str], ...]:
    """The template's English texts as patterns, but those the language writes the same way."""
    with messages.TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    with (messages.LOCALES_DIR / name / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {s for m in catalogue if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,))}
    patterns = []
    for message in template:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            words = PLACEHOLDER.sub("", msgid or "")
            if msgid and msgid not in translated and re.search(r"[A-Za-z]", words):
                patterns.append(re.compile(".+".join(map(re.escape, PLACEHOLDER.split(msgid)))))
    days = set(messages.weekday_names(name).values())  # CLDR's, not the catalogue's
    patterns += [re.compile(re.escape(day)) for day in messages.weekday_names("en_US").values() if day not in days]
    return tuple(patterns)


def english_in(frame: FrameLocator, name: str) -> list[str]:
    texts = frame.locator("body").evaluate(READ)
    return sorted({t for t in texts for pattern in english_texts(name) if pattern.fullmatch(t)})


def embed(page: Page, stack: Stack, shop: Shop, account_id: str, tag: str, locale: str) -> FrameLocator:
    page.expose_function("createSecret", lambda _tag: session_for(stack, shop, account_id, tag))
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, tag, locale])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-balances > h2")).to_have_text(messages.say(locale, "Balances"))
    return frame


def root(frame: FrameLocator) -> dict[str, str]:
    return frame.locator("html").evaluate("(html) => ({lang: html.lang, dir: html.dir})")


def expect_locale(frame: FrameLocator, name: str, locale: str) -> None:
    language = name.split("_")[0]
    expect(frame.locator("html")).to_have_attribute("lang", messages.html_lang(normalize_locale(locale)))
    expect(frame.locator("html")).to_have_attribute("dir", "rtl" if language in RIGHT_TO_LEFT else "ltr")
    assert root(frame)["lang"].split("-")[0] == language


@pytest.fixture(scope="module")
def history(stack: Stack, shop: Shop):
    return with_history(stack, shop)


@pytest.mark.parametrize("name", LANGUAGES)
def test_the_balances_component_shows_no_english_label(page: Page, stack: Stack, shop: Shop, name: str) -> None:
    locale = tag_for(name)
    account = seller(stack, shop)
    page.expose_function(
        "createSecret",
        lambda _tag: stack.create_session(
            account.id,
            shop.secret_key,
            instant_payouts=True,
            standard_payouts=True,
            edit_payout_schedule=True,
            external_account_collection=True,
        ),
    )
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, "balances", locale])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-balances > h2")).to_have_text(messages.say(locale, "Balances"))
    expect(frame.locator("#payout-schedule")).to_be_visible()
    expect_locale(frame, name, locale)
    assert english_in(frame, name) == []

    frame.locator("#bc-interval").select_option("weekly")  # the days of the week
    expect(frame.locator("#bc-weekly-anchor")).to_be_visible()
    assert english_in(frame, name) == []

    frame.get_by_test_id("standard-USD").click()  # the payout dialog
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    assert english_in(frame, name) == []
    frame.get_by_test_id("payout-dialog").get_by_role("button").last.click()

    frame.get_by_test_id("bank-open-form").click()  # the bank-account form
    expect(frame.get_by_test_id("bank-form")).to_be_visible()
    assert english_in(frame, name) == []


@pytest.mark.parametrize("name", LANGUAGES)
def test_the_payouts_component_shows_no_english_label(page: Page, stack: Stack, shop: Shop, history, name: str) -> None:
    locale = tag_for(name)
    frame = embed(page, stack, shop, history.id, "payouts", locale)
    expect(frame.locator("#bc-payout-table li").first).to_be_visible()
    expect_locale(frame, name, locale)
    assert english_in(frame, name) == []


def test_update_switches_the_language_in_the_same_frame(page: Page, stack: Stack, shop: Shop, history) -> None:
    start, then = tag_for(LANGUAGES[0]), "fr-FR"
    frame = embed(page, stack, shop, history.id, "payouts", start)
    expect(frame.locator("#bc-page-number")).to_have_text(
        messages.say(start, "Page {number}").format(number=number(start, 1))
    )
    inner: Frame | None = page.locator("#one iframe").element_handle().content_frame()
    assert inner is not None
    inner.evaluate("window.bcSameDocument = 'kept'")

    page.evaluate("window.instance.update({locale: 'fr-FR'})")

    expect(frame.locator("#bc-balances > h2")).to_have_text(messages.say(then, "Balances"))
    expect(frame.locator("#bc-page-number")).to_have_text(
        messages.say(then, "Page {number}").format(number=number(then, 1))
    )
    expect(frame.locator("html")).to_have_attribute("lang", "fr-FR")
    assert messages.say(then, "Balances") != messages.say(start, "Balances")
    assert inner.evaluate("window.bcSameDocument") == "kept"  # no reload: the same document


def test_the_first_paint_has_the_locales_lang_and_direction(page: Page, stack: Stack) -> None:
    """Before the session answers (its websocket held back here), the frame is already Arabic, right to left."""
    page.route_web_socket(re.compile(r".*/_event.*"), lambda _socket: None)  # never reaches the server
    page.goto(f"{stack.host}/embed/balances/?locale=ar-SA&origin={stack.platform_site}")
    expect(page.locator("#bc-loading")).to_be_visible()  # the app has mounted, without its state
    expect(page.locator("html")).to_have_attribute("lang", "ar-SA")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#bc-loading")).not_to_contain_text(messages.say("en-US", "Loading your balance…"))


def test_an_arabic_frame_is_right_to_left_and_mirrored(page: Page, stack: Stack, shop: Shop, history) -> None:
    frame = embed(page, stack, shop, history.id, "payouts", "ar-SA")
    expect(frame.locator("html")).to_have_attribute("dir", "rtl")
    expect(frame.locator("html")).to_have_attribute("lang", "ar-SA")
    card = frame.locator("#bc-balances section").first
    total, badge = card.get_by_test_id("total-USD").bounding_box(), card.get_by_text("USD", exact=True).bounding_box()
    assert total and badge and badge["x"] + badge["width"] <= total["x"]  # the currency badge moved to the left
    row = frame.locator("#bc-payout-table li button").first
    amount, last = row.locator("span").first.bounding_box(), row.locator("span").last.bounding_box()
    assert amount and last and last["x"] + last["width"] <= amount["x"]  # the amount reads first, on the right


LATIN_DIGITS_SEEN = """() => document.body.innerText.split("\\n")
  .filter((line) => /[0-9]/.test(line.replace(/•+[0-9]{4}/g, "")))"""


def test_an_arabic_reader_sees_counts_in_arabic_digits_too(page: Page, stack: Stack, shop: Shop) -> None:
    """CLDR writes ar-SA's numbers in Arabic-Indic digits; so are the counts put in labels
    (the minimum delay, the business days of added funds), not only amounts and dates."""
    account = seller(stack, shop)
    page.expose_function(
        "createSecret",
        lambda _tag: stack.create_session(
            account.id, shop.secret_key, standard_payouts=True, edit_payout_schedule=True
        ),
    )
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, "balances", "ar-SA"])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#payout-schedule")).to_contain_text(messages.say("ar-SA", "Save schedule"))
    assert frame.locator("body").evaluate(LATIN_DIGITS_SEEN) == []
    frame.get_by_test_id("topup-USD").click()
    expect(frame.get_by_test_id("payout-dialog")).to_contain_text(messages.say("ar-SA", "Add funds"))
    assert frame.locator("body").evaluate(LATIN_DIGITS_SEEN) == []
    frame.locator("#bc-interval").select_option("monthly")  # the days of the month, as options
    days = frame.locator("#bc-monthly-anchor option")
    expect(days).to_have_count(31)
    assert days.all_inner_texts() == [number("ar-SA", day) for day in range(1, 32)]
    expect(frame.locator("#bc-monthly-anchor")).to_have_value("1")  # what is sent stays the number


def test_an_arabic_payouts_list_counts_pages_and_items_in_arabic_digits(
    page: Page, stack: Stack, shop: Shop, history
) -> None:
    frame = embed(page, stack, shop, history.id, "payouts", "ar-SA")
    expect(frame.locator("#bc-page-number")).to_have_text(
        messages.say("ar-SA", "Page {number}").format(number="\u0661")
    )
    frame.locator("#bc-payout-table li").first.get_by_role("button").click()
    expect(frame.get_by_test_id("reconciliation-total")).to_be_visible()
    groups = frame.locator("#bc-reconciliation tbody td").first  # "{label} ({count})"
    expect(groups).to_have_text(re.compile("\\([\u0660-\u0669]+\\)$"))


def test_a_schedule_being_edited_survives_a_switch_of_language(page: Page, stack: Stack, shop: Shop) -> None:
    """The platform switches the locale while the seller edits the schedule: the draft stays, in the new words."""
    account = seller(stack, shop, interval="daily")
    page.expose_function(
        "createSecret", lambda _tag: stack.create_session(account.id, shop.secret_key, edit_payout_schedule=True)
    )
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, "balances", "de-DE"])
    frame = page.frame_locator("#one iframe")
    frame.locator("#bc-interval").select_option("weekly")
    frame.locator("#bc-weekly-anchor").select_option("friday")
    frame.locator("#bc-delay").fill("4")
    frame.locator("#bc-delay").blur()

    page.evaluate("window.instance.update({locale: 'fr-FR'})")

    expect(frame.get_by_test_id("schedule-save")).to_have_text(messages.say("fr-FR", "Save schedule"))
    expect(frame.locator("#bc-interval")).to_have_value("weekly")
    expect(frame.locator("#bc-weekly-anchor")).to_have_value("friday")
    expect(frame.locator("#bc-weekly-anchor option:checked")).to_have_text("vendredi")
    expect(frame.locator("#bc-delay")).to_have_value("4")
