"""End-to-end fixtures: the frontend built once, the component host and the demo platform running.

The platform pages are served from 127.0.0.1 and the component host from localhost: a
cross-site embed, as on a real platform.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import FrameLocator, Page, expect
from sqlalchemy import Engine

from balances_app.db.engine import make_engine, transaction
from balances_app.db.models import ConnectedAccount, Platform
from balances_app.demo.seed import PUBLISHABLE_KEY
from balances_app.domain.clock import system_clock
from balances_app.domain.platforms import by_publishable_key, clock_for
from balances_app.serve import build_frontend, demo_command, host_command, host_env, offline_env
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.factories import DAY, bank_account, charge, make_account, make_platform, set_schedule
from tests.servers import SwitchableProxy, free_port, running, static_site

# What a person would wait for, on CI's 2 cores while the suite's servers and Chromium share them:
# each `expect` polls up to this long (Playwright's 5 s default was met once in a full run).
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@dataclass
class Stack:
    host: str  # the component host, e.g. http://localhost:41234
    demo: str  # the demo platform, e.g. http://127.0.0.1:41235
    engine: Engine
    test_platform: Platform  # a platform of the tests' own, whose clock tests may move
    test_secret_key: str
    test_account: ConnectedAccount
    platform_site: str  # a bare platform page's origin, allowed to embed the test platform's components
    other_site: str  # the same page on an origin nobody allowed
    proxy: SwitchableProxy  # the public port, in front of the host process(es)
    backend_port: int  # the stack's own host process
    host_environment: dict[str, str]  # to start more host processes like it
    data_dir: Path

    def create_session(self, account: str, secret_key: str, **features: bool) -> str:
        form = {"account": account, "components[balances][enabled]": "true"}
        form |= {f"components[balances][features][{k}]": str(v).lower() for k, v in features.items()}
        response = httpx.post(f"{self.host}/v1/account_sessions", data=form, auth=(secret_key, ""))
        response.raise_for_status()
        return response.json()["client_secret"]

    def advance_clock(self, seconds: int, secret_key: str | None = None) -> None:
        response = httpx.post(
            f"{self.host}/v1/test_helpers/clock/advance",
            data={"seconds": str(seconds)},
            auth=(secret_key or self.test_secret_key, ""),
        )
        response.raise_for_status()

    def now_for(self, account_id: str) -> int:
        """ "Now" on the clock of the account's platform (tests may have moved it)."""
        with transaction(self.engine) as session:
            account = session.get(ConnectedAccount, account_id)
            platform = session.get(Platform, account.platform_id) if account else None
            assert platform is not None
            return clock_for(platform, system_clock).now()

    def codes_sent_to(self, account_id: str) -> list[str]:
        """One-time codes the host delivered (to the demo platform's notification endpoint)."""
        response = httpx.get(f"{self.demo}/api/notifications", params={"account": account_id})
        return [n["code"] for n in response.json()]

    def platform_page(self, page: Page, allowed: bool = True) -> None:
        """Open a bare platform page that loads connect.js, on an origin the test platform allows or not."""
        page.goto(f"{self.platform_site if allowed else self.other_site}/platform.html")


MOUNT = """([pk, features]) => {
  const fetchClientSecret = () => window.createSecret(features);
  const instance = loadConnectAndInitialize({publishableKey: pk, fetchClientSecret});
  document.getElementById('one').appendChild(instance.create('balances'));
}"""


@dataclass
class Shop:
    """A platform of one test module's own: its clock moves only for that module."""

    platform: Platform
    secret_key: str


@pytest.fixture(scope="module")
def shop(stack: Stack) -> Shop:
    platform, key = make_platform(stack.engine, int(time.time()), origins=(stack.platform_site,))
    return Shop(platform, key)


def mount(page: Page, stack: Stack, shop: Shop, account: ConnectedAccount, **features: bool) -> FrameLocator:
    """Embed the balances component for `account` on the bare platform page, with these features."""
    page.expose_function("createSecret", lambda _f: stack.create_session(account.id, shop.secret_key, **features))
    stack.platform_page(page)
    return remount(page, shop, features)


def remount(page: Page, shop: Shop, features: dict[str, bool] | None = None) -> FrameLocator:
    """Embed again (after a reload), reusing the page's createSecret."""
    page.evaluate(MOUNT, [shop.platform.publishable_key, features or {}])
    frame = page.frame_locator("#one iframe")
    expect(frame.locator("#bc-balances")).to_be_visible()
    return frame


def seller(
    stack: Stack, shop: Shop, interval: str = "manual", failure: str | None = None, amount: int = 50_000
) -> ConnectedAccount:
    now = int(time.time())
    account = make_account(stack.engine, shop.platform, now)
    set_schedule(stack.engine, account, interval)
    bank_account(stack.engine, account, failure=failure, last4="1116" if failure else "6789")
    if amount:
        charge(stack.engine, account.id, amount, now - 3 * DAY, available_in_days=2)
    return account


@pytest.fixture(scope="session")
def stack(
    databases: SqliteDatabases | PostgresDatabases, redis_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("e2e")
    host_port, demo_port, backend_port = free_port(), free_port(), free_port()
    host, demo = f"http://localhost:{host_port}", f"http://127.0.0.1:{demo_port}"
    site_dir = data_dir / "site"
    site_dir.mkdir()
    (site_dir / "platform.html").write_text(
        '<!doctype html><html><body><div id="one"></div><div id="two"></div>'
        f'<script src="{host}/connect.js"></script></body></html>'
    )
    database_url = databases.seeded()
    engine = make_engine(database_url)
    with transaction(engine, write=True) as session:
        demo_platform = by_publishable_key(session, PUBLISHABLE_KEY)
        assert demo_platform is not None
        demo_platform.allowed_origins = [demo]
    now = int(time.time())
    build_frontend(host)
    env = {"BALANCES_DATA_DIR": str(data_dir), "BALANCES_API_URL": host, "DATABASE_URL": database_url}
    workers = 1
    if redis_url:  # the scaled mode: Reflex's state in Redis, shared by two workers
        env["REFLEX_REDIS_URL"], workers = redis_url, 2
    demo_env = offline_env(BALANCES_PUBLIC_URL=host, DEMO_URL=demo, **env)
    host_extra = {"BALANCES_NOTIFY_URL": f"{demo}/api/notifications", **env}
    # The public port is a small switchable proxy, as a load balancer would be, so a test can
    # move the component between host processes.
    proxy = SwitchableProxy(host_port, backend_port)
    with (
        static_site(site_dir) as platform_site,
        static_site(site_dir) as other_site,
        running(
            host_command(backend_port, workers),
            host_env(host, **host_extra),
            f"{host}/ping",
            data_dir / "host.log",
        ),
        running(demo_command(demo_port), demo_env, f"{demo}/", data_dir / "demo.log"),
    ):
        test_platform, test_key = make_platform(engine, now, origins=(platform_site,))
        test_account = make_account(engine, test_platform, now)
        charge(engine, test_account.id, 123_456, now - 5 * 86400, available_in_days=2)
        yield Stack(
            host,
            demo,
            engine,
            test_platform,
            test_key,
            test_account,
            platform_site,
            other_site,
            proxy,
            backend_port,
            host_env(host, **host_extra),
            data_dir,
        )
    proxy.close()
    engine.dispose()
