"""One tab, many frames: no frame ever shows a figure or a feature its own client secret did not claim.

Same-site frames share one sessionStorage per tab, where Reflex keeps its client token; a frame
loaded again used to replay the previous frame's state (another account's balance) before its
own session was claimed. Every change of every frame's DOM is observed from the document's start,
while the tab moves between accounts, platforms and features, same-site and cross-site.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from balances_app.db.models import ConnectedAccount
from tests.e2e.conftest import MOUNT, Shop, Stack, mount, seller
from tests.e2e.forge import Forger
from tests.factories import DAY, bank_account, charge, make_account, make_platform

pytestmark = pytest.mark.e2e

# Installed in every frame before its scripts: report the frame's text after every DOM change.
WATCH = """(() => {
  if (!location.pathname.startsWith('/embed/')) return;
  const doc = crypto.randomUUID();
  let queued = false;
  const report = () => {
    queued = false;
    if (document.body) window.reportFrameText(doc, document.body.innerText);
  };
  new MutationObserver(() => {
    if (!queued) { queued = true; queueMicrotask(report); }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();"""
SECTIONS = {"external_account_collection": "Bank accounts", "edit_payout_schedule": "Payout schedule"}


@dataclass
class Step:
    site: str
    shop: Shop
    account: ConnectedAccount
    total: str  # the account's total, as the frame shows it
    currency: str
    features: dict[str, bool] = field(default_factory=dict)


class Watch:
    """Every text each frame document showed, with the step during which that document started."""

    def __init__(self, page: Page) -> None:
        self.step = -1
        self.documents: dict[str, int] = {}
        self.seen: list[tuple[int, str]] = []
        page.expose_binding("reportFrameText", self._report)
        page.add_init_script(WATCH)

    def _report(self, _source: Any, document: str, text: str) -> None:
        self.seen.append((self.documents.setdefault(document, self.step), text))


def account_with(stack: Stack, shop: Shop, amount: int, country: str = "US", currency: str = "usd") -> ConnectedAccount:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now, country=country, currency=currency)
    bank_account(stack.engine, account, currency)
    charge(stack.engine, account.id, amount, now - 3 * DAY, currency=currency)
    return account


def test_switching_accounts_platforms_and_features_in_one_tab_never_shows_a_foreign_figure(
    page: Page, stack: Stack
) -> None:
    same_site = stack.platform_site.replace("127.0.0.1", "localhost")  # localhost frames localhost
    cross_site = stack.platform_site  # 127.0.0.1 frames localhost
    shops = []
    for _ in range(2):
        platform, key = make_platform(stack.engine, int(time.time()), origins=(cross_site, same_site))
        shops.append(Shop(platform, key))
    one, two = shops
    us_one, us_two = account_with(stack, one, 123_457), account_with(stack, one, 765_421)
    gb = account_with(stack, two, 41_011, "GB", "gbp")
    us_other = account_with(stack, two, 246_813)
    off = {"external_account_collection": False, "edit_payout_schedule": False, "instant_payouts": False}
    steps = [
        Step(cross_site, two, gb, "£410.11", "GBP"),
        Step(same_site, two, gb, "£410.11", "GBP"),
        Step(same_site, two, us_other, "$2,468.13", "USD"),  # issue #9: GB, then US, in one tab
        Step(same_site, one, us_one, "$1,234.57", "USD"),  # another platform
        Step(same_site, one, us_two, "$7,654.21", "USD"),
        Step(same_site, one, us_two, "$7,654.21", "USD", off),  # the same account, fewer features
        Step(same_site, one, us_one, "$1,234.57", "USD"),
        Step(cross_site, one, us_two, "$7,654.21", "USD", off),
        Step(same_site, two, gb, "£410.11", "GBP", off),
        Step(same_site, one, us_two, "$7,654.21", "USD"),
    ]
    watch = Watch(page)
    current: list[Step] = []
    page.expose_function(
        "createSecret",
        lambda _f: stack.create_session(current[-1].account.id, current[-1].shop.secret_key, **current[-1].features),
    )
    for index, step in enumerate(steps):
        current.append(step)
        watch.step = index
        page.goto(f"{step.site}/platform.html")
        page.evaluate(MOUNT, [step.shop.platform.publishable_key, step.features])
        frame = page.frame_locator("#one iframe")
        expect(frame.get_by_test_id(f"total-{step.currency}")).to_have_text(step.total)
        for feature, heading in SECTIONS.items():
            expect(frame.get_by_role("heading", name=heading)).to_have_count(0 if feature in step.features else 1)

    assert len({step for step, _ in watch.seen}) == len(steps)  # every frame was watched
    totals = {step.total for step in steps}
    for index, text in watch.seen:
        step = steps[index]
        foreign = [total for total in totals - {step.total} if total in text]
        assert not foreign, f"step {index} ({step.account.id}) showed {foreign}: {text[:300]!r}"
        hidden = [heading for feature, heading in SECTIONS.items() if feature in step.features and heading in text]
        assert not hidden, f"step {index} showed {hidden}, which its session does not enable"


def test_a_claim_of_another_session_in_the_same_frame_starts_from_empty_state(
    page: Page, stack: Stack, shop: Shop
) -> None:
    first, second = seller(stack, shop, amount=123_457), seller(stack, shop, amount=765_421)
    forger = Forger(page)
    frame = mount(page, stack, shop, first)
    frame.get_by_test_id("standard-USD").click()  # a dialog with the first account's destination and amount
    expect(frame.get_by_test_id("payout-dialog")).to_be_visible()
    frame.get_by_test_id("bank-open-form").click()
    frame.locator("#bc-routing").fill("110000000")
    init = forger.page_event("session_state.receive")
    forger.mute_parent = True  # keep the frame when it reports the refusal (connect.js would remove it)
    data = {**init["payload"]["data"], "clientSecret": "accs_secret__not_a_real_one"}
    forger.send(init["name"], {**init["payload"], "data": data})
    expect(frame.locator("#bc-error")).to_be_visible()  # a failed claim shows no account at all
    expect(frame.get_by_test_id("total-USD")).to_have_count(0)

    # The frame is handed another account's secret (connect.js does so when a secret is replaced).
    secret = stack.create_session(second.id, shop.secret_key)
    forger.send(init["name"], {**init["payload"], "data": {**init["payload"]["data"], "clientSecret": secret}})
    expect(frame.get_by_test_id("total-USD")).to_have_text("$7,654.21")
    expect(frame.get_by_test_id("payout-dialog")).to_have_count(0)
    expect(frame.get_by_test_id("bank-form")).to_have_count(0)
    expect(frame.locator("body")).not_to_contain_text("1,234.57")
