"""pytest fixtures for platforms' own tests against a throwaway balances host (a `pytest11` plugin).

    def test_payouts_page(balances_platform, balances_account, balances_clock, balances_frame, page):
        account = balances_account(available=50_000, schedule="manual")
        secret = balances_platform.create_account_session(account.id)
        ...                                   # the platform's page embeds the component
        frame = balances_frame(page)          # the component's frame, loaded
        balances_clock.advance(days=2)

Fixtures: `balances_host` (one host per test session, seeded from `balances_fixtures`),
`balances_platform` (a fresh platform per test, so tests never see each other's data),
`balances_account` (a factory: an account with given funds and schedule), `balances_clock`
(the platform's test clock), `balances_frame` (a Playwright helper). Nothing from the project is
imported until a fixture is used, so the plugin costs nothing to test sessions that don't.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class BalancesPlatform:
    """A platform on the host: its keys, and what its backend would do with them."""

    host: Any  # testkit.host.EphemeralHost
    id: str
    secret_key: str
    publishable_key: str

    @property
    def url(self) -> str:
        return self.host.url

    def api(self, method: str, path: str, data: dict[str, str] | None = None, account: str | None = None) -> Any:
        """Call the host's API as the platform's backend does; returns the decoded JSON (raises on errors)."""
        import httpx

        headers = {"Stripe-Account": account} if account else {}
        response = httpx.request(
            method, f"{self.host.url}{path}", data=data, headers=headers, auth=(self.secret_key, ""), timeout=10
        )
        response.raise_for_status()
        return response.json()

    def create_account_session(self, account: str, **features: bool) -> str:
        """A client secret for the balances component of `account`, with these features."""
        form = {"account": account, "components[balances][enabled]": "true"}
        form |= {f"components[balances][features][{name}]": str(on).lower() for name, on in features.items()}
        return self.api("POST", "/v1/account_sessions", form)["client_secret"]

    def allow_origin(self, origin: str) -> None:
        """Let pages on `origin` (the test's own page server) embed this platform's components."""
        from balances_app.db.engine import make_engine
        from balances_app.testkit.fixtures import allow_origin

        engine = make_engine(self.host.database_url)
        try:
            allow_origin(engine, self.id, origin)
        finally:
            engine.dispose()


@dataclass
class BalancesAccount:
    id: str
    platform: BalancesPlatform

    def balance(self) -> Any:
        return self.platform.api("GET", "/v1/balance", account=self.id)


@dataclass
class BalancesClock:
    """The platform's test clock on the host: time moves only when a test says so."""

    platform: BalancesPlatform
    frozen_time: int | None = None

    def advance(self, *, days: int = 0, hours: int = 0, seconds: int = 0) -> int:
        """Move the clock forward; what falls due (payouts, funds, schedules) runs. Returns the new time."""
        total = days * 86400 + hours * 3600 + seconds
        answer = self.platform.api("POST", "/v1/test_helpers/clock/advance", {"seconds": str(total)})
        self.frozen_time = int(answer["frozen_time"])
        return self.frozen_time


@pytest.fixture(scope="session")
def balances_fixtures() -> dict[str, Any]:
    """The fixture document the session's host is seeded with (override it; format in testkit/fixtures.py)."""
    return {}


@pytest.fixture(scope="session")
def balances_host(balances_fixtures: dict[str, Any]) -> Iterator[Any]:
    """A throwaway component host on a free port, with its own database, stopped after the session."""
    from balances_app.testkit.host import EphemeralHost

    with EphemeralHost(balances_fixtures) as host:
        yield host


@pytest.fixture
def balances_platform(balances_host: Any) -> BalancesPlatform:
    """A fresh platform on the host, with its own keys, accounts and clock."""
    from balances_app.db.engine import make_engine
    from balances_app.testkit import fixtures

    engine = make_engine(balances_host.database_url)
    try:
        seeded = fixtures.load(engine, {"platform": {"name": "Test Platform"}}, int(time.time()))
    finally:
        engine.dispose()
    return BalancesPlatform(balances_host, seeded.platform_id, seeded.secret_key, seeded.publishable_key)


@pytest.fixture
def balances_account(balances_platform: BalancesPlatform) -> Callable[..., BalancesAccount]:
    """A factory: `balances_account(available=50_000, pending=0, currency="usd", schedule="manual")`.

    `schedule` is an interval or a dict (`{"interval": "weekly", "weekly_anchor": "friday"}`); a
    default bank account is added unless `bank_account=False`; any other keyword is a key of the
    fixture format's account (`country`, `instant_payouts`, `payouts`, ...).
    """
    from balances_app.db.engine import make_engine
    from balances_app.testkit import fixtures

    def make(
        available: int = 0,
        pending: int = 0,
        currency: str = "usd",
        schedule: str | dict[str, Any] = "daily",
        bank_account: bool = True,
        **spec: Any,
    ) -> BalancesAccount:
        spec.setdefault("default_currency", currency)
        spec["schedule"] = {"interval": schedule} if isinstance(schedule, str) else schedule
        spec["balances"] = {currency: {"available": available, "pending": pending}}
        if bank_account and spec.get("country", "US") == "US" and currency == "usd":
            spec.setdefault("bank_accounts", [{"routing_number": "110000000", "account_number": "000123456789"}])
        engine = make_engine(balances_platform.host.database_url)
        try:
            account_id = fixtures.add_account(engine, balances_platform.id, spec, int(time.time()))
        finally:
            engine.dispose()
        return BalancesAccount(account_id, balances_platform)

    return make


@pytest.fixture
def balances_clock(balances_platform: BalancesPlatform) -> BalancesClock:
    return BalancesClock(balances_platform)


@pytest.fixture
def balances_frame() -> Callable[..., Any]:
    """`balances_frame(page, selector="stripe-connect-balances")`: the component's loaded frame.

    Waits until the component shows the balance and returns its Playwright `Frame`; a component
    that shows a load error instead fails the test with that error's text.
    """

    def frame(page: Any, selector: str = "stripe-connect-balances", timeout: float = 20_000) -> Any:
        from playwright.sync_api import Error

        element = page.locator(selector).first
        deadline = time.monotonic() + timeout / 1000
        while time.monotonic() < deadline:  # poll: the frame may load, fail, or be replaced by an error
            alert = element.locator(":scope > [role=alert]")
            if alert.count():
                raise AssertionError(f"the component did not load: {alert.inner_text()}")
            try:
                handle = element.locator("iframe").element_handle(timeout=50) if element.count() else None
                content = handle.content_frame() if handle else None
                if content is not None and content.locator("#bc-error").count():
                    raise AssertionError(f"the component did not load: {content.locator('#bc-error').inner_text()}")
                if content is not None and content.locator("#bc-balances").is_visible():
                    return content
            except Error:
                pass  # the frame was replaced while we looked: look again
            page.wait_for_timeout(50)
        raise AssertionError(f"the component did not load within {timeout / 1000:.0f} s")

    return frame
