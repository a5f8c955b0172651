"""connect.js behaves like Stripe's loader: sessions per instance, expiry, logout, errors, origins."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain.ids import hash_secret
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

SETUP = """([pk, tag, target]) => {
  window.loadErrors = window.loadErrors || [];
  const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret: () => window.createSecret(target)});
  const element = instance.create(tag);
  element.setOnLoadError((e) => window.loadErrors.push({target, tag: e.elementTagName, ...e.error}));
  document.getElementById(target).appendChild(element);
  window.instances = {...(window.instances || {}), [target]: instance};
  return true;
}"""


def serve_secrets(page: Page, stack: Stack, make: dict[str, object]) -> list[str]:
    """Expose window.createSecret(target) to the page; each call is recorded."""
    calls: list[str] = []

    def create_secret(target: str) -> str:
        calls.append(target)
        maker = make[target]
        return maker() if callable(maker) else str(maker)

    page.expose_function("createSecret", create_secret)
    return calls


def new_secret(stack: Stack) -> str:
    return stack.create_session(stack.test_account.id, stack.test_secret_key)


def test_two_elements_of_one_instance_render_from_one_secret(page: Page, stack: Stack) -> None:
    calls = serve_secrets(page, stack, {"one": lambda: new_secret(stack)})
    stack.platform_page(page)
    page.evaluate(
        """([pk]) => {
      const fetchClientSecret = () => window.createSecret('one');
      const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
      document.getElementById('one').appendChild(instance.create('balances'));
      document.getElementById('two').appendChild(instance.create('balances'));
    }""",
        [stack.test_platform.publishable_key],
    )
    for index in (0, 1):
        expect(
            page.frame_locator("stripe-connect-balances iframe").nth(index).get_by_test_id("total-USD")
        ).to_have_text("$1,234.56")
    assert calls == ["one"]


def test_a_second_instance_cannot_reuse_a_secret(page: Page, stack: Stack) -> None:
    secret = new_secret(stack)
    serve_secrets(page, stack, {"one": secret, "two": secret})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_have_text("$1,234.56")
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "two"])
    page.wait_for_function("window.loadErrors.some((e) => e.target === 'two')")
    error = page.evaluate("window.loadErrors.find((e) => e.target === 'two')")
    assert error["type"] == "authentication_error" and "already been used" in error["message"]
    # The element does not collapse: its frame shows the error, at its content's height.
    alert = page.frame_locator("#two iframe").get_by_role("alert")
    expect(alert).to_contain_text("This component could not load")
    expect(alert).to_contain_text("already been used")
    assert page.locator("#two iframe").bounding_box()["height"] > 40


def test_an_expired_secret_is_fetched_again_and_the_component_recovers(page: Page, stack: Stack) -> None:
    def expired_then_fresh() -> str:
        secret = new_secret(stack)
        if len(calls) == 1:
            stack.advance_clock(31 * 60)  # the first secret expires before the component claims it
        return secret

    calls = serve_secrets(page, stack, {"one": expired_then_fresh})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_have_text("$1,234.56")
    assert calls == ["one", "one"]
    assert page.evaluate("window.loadErrors") == []


def test_logout_ends_the_session_and_disables_the_elements(page: Page, stack: Stack) -> None:
    secrets: list[str] = []
    serve_secrets(page, stack, {"one": lambda: secrets.append(new_secret(stack)) or secrets[-1]})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_be_visible()
    page.evaluate("window.instances.one.logout()")
    expect(page.locator("#one iframe")).to_have_count(0)
    with transaction(stack.engine) as session:
        record = session.exec(select(AccountSession).where(AccountSession.secret_hash == hash_secret(secrets[0]))).one()
    assert record.ended_at is not None


def test_a_component_we_do_not_render_reports_an_error(page: Page, stack: Stack) -> None:
    serve_secrets(page, stack, {"one": lambda: new_secret(stack)})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "payments", "one"])
    page.wait_for_function("window.loadErrors.length > 0")
    error = page.evaluate("window.loadErrors[0]")
    assert (error["tag"], error["type"]) == ("payments", "invalid_request_error")
    expect(page.locator("#one iframe")).to_have_count(0)
    expect(page.locator("#one stripe-connect-payments").get_by_role("alert")).to_contain_text(
        "The payments component is not available on this server yet."
    )


def test_a_failing_fetch_client_secret_is_reported(page: Page, stack: Stack) -> None:
    def broken() -> str:
        raise RuntimeError("platform backend down")

    serve_secrets(page, stack, {"one": broken})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    page.wait_for_function("window.loadErrors.length > 0")
    assert page.evaluate("window.loadErrors[0].type") == "account_session_create_error"
    alert = page.locator("#one stripe-connect-balances").get_by_role("alert")
    expect(alert).to_contain_text("This component could not load")
    expect(alert).to_contain_text("platform backend down")
    assert alert.bounding_box()["height"] > 20


def test_an_unknown_secret_shows_the_error_in_the_frame(page: Page, stack: Stack) -> None:
    serve_secrets(page, stack, {"one": "accs_secret__madeup"})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    page.wait_for_function("window.loadErrors.length > 0")
    assert page.evaluate("window.loadErrors[0].type") == "authentication_error"
    expect(page.frame_locator("#one iframe").get_by_role("alert")).to_contain_text("This component could not load")


def test_a_logged_out_secret_shows_the_error_in_the_frame(page: Page, stack: Stack) -> None:
    secret = new_secret(stack)
    httpx.post(f"{stack.host}/embedded/logout", data={"client_secret": secret}).raise_for_status()
    serve_secrets(page, stack, {"one": secret})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    page.wait_for_function("window.loadErrors.length > 0")
    assert page.evaluate("window.loadErrors[0].type") == "authentication_error"
    expect(page.frame_locator("#one iframe").get_by_role("alert")).to_contain_text("This component could not load")
    assert page.locator("#one iframe").bounding_box()["height"] > 40


def test_an_element_created_after_logout_shows_that_the_session_ended(page: Page, stack: Stack) -> None:
    serve_secrets(page, stack, {"one": lambda: new_secret(stack)})
    stack.platform_page(page)
    page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    expect(page.frame_locator("#one iframe").get_by_test_id("total-USD")).to_be_visible()
    page.evaluate(
        """async () => {
      await window.instances.one.logout();
      const again = window.instances.one.create('balances');
      again.setOnLoadError((e) => window.loadErrors.push({target: 'two', ...e.error}));
      document.getElementById('two').appendChild(again);
    }"""
    )
    expect(page.locator("#two").get_by_role("alert")).to_contain_text("logged out")
    assert page.evaluate("window.loadErrors.find((e) => e.target === 'two').type") == "authentication_error"


def test_a_page_on_an_origin_that_is_not_allowed_cannot_embed(page: Page, stack: Stack) -> None:
    serve_secrets(page, stack, {"one": lambda: new_secret(stack)})
    stack.platform_page(page, allowed=False)
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        page.evaluate(SETUP, [stack.test_platform.publishable_key, "balances", "one"])
    expect(page.frame_locator("#one iframe").locator("#bc-root")).to_have_count(0)


def test_frame_ancestors_name_exactly_the_platforms_origins(stack: Stack, page: Page) -> None:
    embed = httpx.get(f"{stack.host}/embed/balances/", params={"pk": stack.test_platform.publishable_key})
    fonts = "font-src 'self' https:; object-src 'none'; base-uri 'self'"  # the platform's fonts, https only
    assert embed.headers["content-security-policy"] == f"frame-ancestors {stack.platform_site}; {fonts}"
    unknown = httpx.get(f"{stack.host}/embed/balances/", params={"pk": "pk_test_nobody"})
    assert unknown.headers["content-security-policy"] == f"frame-ancestors 'none'; {fonts}"
    home = httpx.get(f"{stack.host}/")
    assert home.headers["content-security-policy"] == "frame-ancestors 'none'"
    page.goto(f"{stack.host}/")
    expect(page.get_by_role("heading", name="Balances component host")).to_be_visible()
