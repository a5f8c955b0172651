"""The official @stripe/connect-js and @stripe/react-connect-js, unchanged, run on this host.

The page is built from the pinned npm packages (balances_app/demo/react, bundled by esbuild)
and served from 127.0.0.1 while the host is on localhost: a cross-site embed. Its only change
from a page using Stripe's hosted components is our connect.js script tag before the bundle.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Frame, Page, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession, ConnectedAccount, Platform
from balances_app.demo import bundle
from balances_app.domain.ids import hash_secret
from tests.e2e.conftest import Stack
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule
from tests.servers import static_site

pytestmark = pytest.mark.e2e


@dataclass
class NpmSite:
    origin: str
    publishable_key: str
    secret_key: str
    account: ConnectedAccount


@pytest.fixture(scope="module")
def npm_site(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NpmSite]:
    folder = tmp_path_factory.mktemp("npm-site")
    shutil.copy(bundle.build() / "harness.js", folder / "harness.js")
    (folder / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<script src="{stack.host}/connect.js"></script><script src="harness.js"></script>'
        '</head><body><div id="root"></div><div id="plain"></div></body></html>'
    )
    with static_site(folder) as origin:
        now = int(time.time())
        platform, secret_key = make_platform(stack.engine, now, origins=(origin,))
        account = make_account(stack.engine, platform, now)
        charge(stack.engine, account.id, 123_456, now - 5 * DAY, available_in_days=2)
        yield NpmSite(origin, platform.publishable_key, secret_key, account)


def open_page(page: Page, stack: Stack, site: NpmSite, *, failing: bool = False) -> list[str]:
    """Open the page; window.createSecret asks the host for a session (recorded), or fails."""
    secrets: list[str] = []

    def create_secret() -> str:
        if failing:
            raise RuntimeError("platform backend down")
        secrets.append(stack.create_session(site.account.id, site.secret_key))
        return secrets[-1]

    page.expose_function("createSecret", create_secret)
    page.goto(f"{site.origin}/index.html")
    return secrets


RENDER = """([pk, component]) => {
  const {createElement: h, createRoot, loadConnectAndInitialize, ReactConnect} = window.harness;
  window.events = [];
  window.secretCalls = 0;
  const fetchClientSecret = async () => { window.secretCalls += 1; return await window.createSecret(); };
  window.instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
  const element = h(ReactConnect[component], {
    onLoaderStart: (e) => window.events.push(['start', e.elementTagName]),
    onLoadError: (e) => window.events.push(['error', e.elementTagName, e.error.type, e.error.message]),
  });
  createRoot(document.getElementById('root')).render(
    h(ReactConnect.ConnectComponentsProvider, {connectInstance: window.instance}, element));
}"""


def render(page: Page, site: NpmSite, component: str = "ConnectBalances") -> None:
    page.evaluate(RENDER, [site.publishable_key, component])


def content_frame(page: Page) -> Frame:
    handle = page.locator("#root stripe-connect-balances iframe").element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    return frame


def test_connect_balances_renders_the_balance_with_one_client_secret(
    page: Page, stack: Stack, npm_site: NpmSite
) -> None:
    secrets = open_page(page, stack, npm_site)
    render(page, npm_site)
    frame = page.frame_locator("#root [data-stripe-connect-js-wrapper] stripe-connect-balances iframe")
    expect(frame.get_by_test_id("total-USD")).to_have_text("$1,234.56")
    assert page.evaluate("window.events") == [["start", "balances"]]
    assert page.evaluate("window.secretCalls") == 1 and len(secrets) == 1
    with transaction(stack.engine) as session:
        record = session.exec(select(AccountSession).where(AccountSession.secret_hash == hash_secret(secrets[0]))).one()
    assert record.claimed_at is not None


def test_update_restyles_and_reformats(page: Page, stack: Stack, npm_site: NpmSite) -> None:
    open_page(page, stack, npm_site)
    render(page, npm_site)
    expect(page.frame_locator("#root iframe").get_by_test_id("total-USD")).to_have_text("$1,234.56")
    page.evaluate("window.instance.update({appearance: {variables: {colorPrimary: '#ff0000'}}, locale: 'de-DE'})")
    expect(page.frame_locator("#root iframe").get_by_test_id("total-USD")).to_have_text("1.234,56\xa0$")
    content_frame(page).wait_for_function(
        "() => getComputedStyle(document.getElementById('bc-root'))"
        ".getPropertyValue('--bc-color-primary') === '#ff0000'"
    )
    assert page.evaluate("window.secretCalls") == 1


def test_logout_ends_the_session(page: Page, stack: Stack, npm_site: NpmSite) -> None:
    secrets = open_page(page, stack, npm_site)
    render(page, npm_site)
    expect(page.frame_locator("#root iframe").get_by_test_id("total-USD")).to_be_visible()
    page.evaluate("window.instance.logout()")
    expect(page.locator("#root iframe")).to_have_count(0)
    with transaction(stack.engine) as session:
        record = session.exec(select(AccountSession).where(AccountSession.secret_hash == hash_secret(secrets[0]))).one()
    assert record.ended_at is not None


def test_a_failing_fetch_client_secret_reaches_on_load_error_and_shows(
    page: Page, stack: Stack, npm_site: NpmSite
) -> None:
    open_page(page, stack, npm_site, failing=True)
    render(page, npm_site)
    page.wait_for_function("window.events.some((e) => e[0] === 'error')")
    error = next(e for e in page.evaluate("window.events") if e[0] == "error")
    assert error[:3] == ["error", "balances", "account_session_create_error"]
    expect(page.locator("#root stripe-connect-balances").get_by_role("alert")).to_contain_text(
        "This component could not load"
    )
    assert page.evaluate("window.secretCalls") == 1


def test_a_component_we_do_not_render_reports_and_shows_its_error(page: Page, stack: Stack, npm_site: NpmSite) -> None:
    open_page(page, stack, npm_site)
    render(page, npm_site, "ConnectDocuments")
    page.wait_for_function("window.events.some((e) => e[0] === 'error')")
    error = next(e for e in page.evaluate("window.events") if e[0] == "error")
    assert error[:3] == ["error", "documents", "invalid_request_error"]
    expect(page.locator("#root stripe-connect-documents").get_by_role("alert")).to_contain_text(
        "not available on this server yet"
    )


def test_the_pure_loader_and_plain_elements_work_unchanged(page: Page, stack: Stack, npm_site: NpmSite) -> None:
    secrets = open_page(page, stack, npm_site)
    page.evaluate(
        """([pk]) => {
      const fetchClientSecret = () => window.createSecret();
      const instance = window.harness.loadConnectPure({publishableKey: pk, fetchClientSecret});
      const balances = instance.create('balances');
      window.started = [];
      balances.setOnLoaderStart((e) => window.started.push(e.elementTagName));
      document.getElementById('plain').appendChild(balances);
    }""",
        [npm_site.publishable_key],
    )
    expect(page.frame_locator("#plain stripe-connect-balances iframe").get_by_test_id("total-USD")).to_have_text(
        "$1,234.56"
    )
    assert page.evaluate("window.started") == ["balances"] and len(secrets) == 1


def test_the_demos_react_page_shows_the_real_balance(page: Page, stack: Stack) -> None:
    bundle.build()
    page.goto(f"{stack.demo}/react/accounts/acct_1DemoJPTaxi00004")
    frame = page.frame_locator("stripe-connect-balances iframe")
    expect(frame.get_by_text("Payouts are manual")).to_be_visible()
    expect(frame.get_by_test_id("total-JPY")).to_contain_text("¥")
    expect(page.locator("#log")).to_contain_text("balances loading")
    assert json.dumps(page.locator("#log").text_content()).count("created an account session") == 1
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("stripe-connect-balances iframe")).to_have_count(0)
    expect(page.locator("#log")).to_contain_text("logged out")


def test_an_expired_secret_is_fetched_again_through_the_official_loader(
    page: Page, stack: Stack, npm_site: NpmSite
) -> None:
    secrets: list[str] = []

    def expired_then_fresh() -> str:
        secrets.append(stack.create_session(npm_site.account.id, npm_site.secret_key))
        if len(secrets) == 1:  # the first secret expires before the component claims it
            stack.advance_clock(31 * 60, npm_site.secret_key)
        return secrets[-1]

    page.expose_function("createSecret", expired_then_fresh)
    page.goto(f"{npm_site.origin}/index.html")
    render(page, npm_site)
    expect(page.frame_locator("#root iframe").get_by_test_id("total-USD")).to_have_text("$1,234.56")
    assert page.evaluate("window.secretCalls") == 2 and len(secrets) == 2
    assert [e[0] for e in page.evaluate("window.events")] == ["start"]


def test_a_second_official_instance_cannot_reuse_a_secret(page: Page, stack: Stack, npm_site: NpmSite) -> None:
    secret = stack.create_session(npm_site.account.id, npm_site.secret_key)
    page.expose_function("createSecret", lambda: secret)
    page.goto(f"{npm_site.origin}/index.html")
    render(page, npm_site)
    expect(page.frame_locator("#root iframe").get_by_test_id("total-USD")).to_have_text("$1,234.56")
    page.evaluate(
        """([pk]) => {
      const load = window.harness.loadConnectAndInitialize;
      const instance = load({publishableKey: pk, fetchClientSecret: window.createSecret});
      const balances = instance.create('balances');
      balances.setOnLoadError((e) => { window.second = e.error; });
      document.getElementById('plain').appendChild(balances);
    }""",
        [npm_site.publishable_key],
    )
    page.wait_for_function("window.second !== undefined")
    assert page.evaluate("window.second.type") == "authentication_error"
    expect(page.frame_locator("#plain iframe").get_by_role("alert")).to_contain_text("already been used")


PAYOUT_DETAILS = """([pk, payout]) => {
  const {createElement: h, createRoot, loadConnectAndInitialize, ReactConnect} = window.harness;
  window.closeCount = 0;
  const fetchClientSecret = async () => await window.createSecret();
  window.instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
  const details = h(ReactConnect.ConnectPayoutDetails, {payout, onClose: () => { window.closeCount += 1; }});
  createRoot(document.getElementById('root')).render(
    h(ReactConnect.ConnectComponentsProvider, {connectInstance: window.instance}, details));
}"""


def test_connect_payout_details_takes_the_payout_prop_and_calls_on_close(
    page: Page, stack: Stack, npm_site: NpmSite
) -> None:
    """<ConnectPayoutDetails payout=... onClose=.../> as platforms write it: the official setters reach us."""
    now = int(time.time())
    with transaction(stack.engine) as session:
        platform = session.get(Platform, npm_site.account.platform_id)
    assert platform is not None
    account = make_account(stack.engine, platform, now)
    set_schedule(stack.engine, account, "manual")
    bank_account(stack.engine, account)
    charge(stack.engine, account.id, 50_000, now - 5 * DAY, available_in_days=2)
    auth, on = (npm_site.secret_key, ""), {"Stripe-Account": account.id}
    made = httpx.post(f"{stack.host}/v1/payouts", data={"amount": "1234", "currency": "usd"}, auth=auth, headers=on)
    assert made.status_code == 200, made.text

    def create_secret() -> str:
        form = {"account": account.id, "components[payout_details][enabled]": "true"}
        return httpx.post(f"{stack.host}/v1/account_sessions", data=form, auth=auth).json()["client_secret"]

    page.expose_function("createSecret", create_secret)
    page.goto(f"{npm_site.origin}/index.html")
    page.evaluate(PAYOUT_DETAILS, [npm_site.publishable_key, made.json()["id"]])
    frame = page.frame_locator("#root stripe-connect-payout-details iframe")
    expect(frame.get_by_test_id("detail-amount")).to_have_text("$12.34")
    frame.locator("#bc-close-details").click()
    page.wait_for_function("window.closeCount === 1")
