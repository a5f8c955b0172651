"""Accessibility helpers for the e2e tests: embed a component in a theme, run axe-core inside its frame.

axe-core comes from the npm registry, pinned in balances_app/demo/react/package.json (installed by
`bundle.build()`, which `make test` and the e2e harness run). It is injected into the component's
own frame, so it judges the document a seller's assistive technology reads.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import FrameLocator, Page, expect

from balances_app.demo import bundle
from tests.e2e.conftest import Shop, Stack
from tests.e2e.frames import frame_of
from tests.themes import DARK


@cache
def axe_source() -> Path:
    """axe-core's browser build, installed from the lock file first if needed (a bare pytest run)."""
    return bundle.build().parent / "node_modules" / "axe-core" / "axe.min.js"


THEMES = {"default": {}, "dark": DARK}
BLOCKING = ("serious", "critical")
# Moderate and minor rules a seller would still notice: content outside landmarks, no main, no page
# heading; a dialog role a form may not take; a table column without a name.
LANDMARKS = (
    "region",
    "landmark-one-main",
    "page-has-heading-one",
    "empty-heading",
    "heading-order",
    "aria-allowed-role",
    "empty-table-header",
)

MOUNT = """([pk, tag, variables, payout]) => {
  const fetchClientSecret = () => window.createSecret(tag);
  const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret, appearance: {variables}});
  const element = instance.create(tag);
  window.closedCount = 0;
  if (payout) { element.setPayout(payout); element.setOnClose(() => { window.closedCount += 1; }); }
  document.getElementById('one').appendChild(element);
}"""

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}"""


def embed(
    page: Page, stack: Stack, shop: Shop, account_id: str, tag: str, theme: str, payout: str = "", **features: bool
) -> FrameLocator:
    """Embed component `tag` for the account on the bare platform page, in a theme, with these features."""
    key = tag.replace("-", "_")

    def create_secret(_tag: str) -> str:
        form = {"account": account_id, f"components[{key}][enabled]": "true"}
        form |= {f"components[{key}][features][{k}]": str(v).lower() for k, v in features.items()}
        response = httpx.post(f"{stack.host}/v1/account_sessions", data=form, auth=(shop.secret_key, ""))
        response.raise_for_status()
        return response.json()["client_secret"]

    page.expose_function("createSecret", create_secret)
    stack.platform_page(page)
    page.evaluate(MOUNT, [shop.platform.publishable_key, tag, THEMES[theme], payout])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-root")).to_be_visible()
    expect(frame.locator("#bc-loading")).to_have_count(0)
    return frame


def violations(page: Page) -> list[dict[str, Any]]:
    """Every axe-core violation in the component's frame, as it is now."""
    frame = frame_of(page)
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(path=str(axe_source()))
    return frame.evaluate(RUN)


class Audit:
    """Collects the violations of each view that must not be there, so one test reports them all at once."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, view: str) -> None:
        found = violations(self.page)
        blocking = [v for v in found if v["impact"] in BLOCKING or v["id"] in LANDMARKS]
        if blocking:
            self.found[view] = blocking

    def assert_clean(self) -> None:
        assert not self.found, "axe violations, view by view:\n" + json.dumps(self.found, indent=1)
