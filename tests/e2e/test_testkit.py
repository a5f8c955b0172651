"""The test kit as a platform uses it: the throwaway host's command, and a platform-like test on the plugin alone.

`test_a_platform_page_*` uses only the plugin's fixtures (balances_host, balances_platform,
balances_account, balances_clock, balances_frame) and pytest-playwright's `page`: it is what a
platform's own end-to-end test looks like. Its page server stands for the platform's app.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from balances_app.demo import bundle
from balances_app.serve import offline_env
from balances_app.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

FIXTURES = {
    "platform": {"name": "Acme Rides", "secret_key": "sk_test_acmeRides0001", "publishable_key": "pk_test_acme0001"},
    "accounts": [
        {
            "id": "acct_1AcmeRider000001",
            "schedule": {"interval": "manual"},
            "balances": {"usd": {"available": 50_000, "pending": 12_000}},
            "bank_accounts": [{"routing_number": "110000000", "account_number": "000123456789"}],
            "payouts": [{"amount": 2_500, "days_ago": 6}],
        }
    ],
}


def start_kit(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "balances_app.testkit", *args],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def refused(url: str) -> bool:
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_one_command_starts_a_seeded_host_and_sigterm_stops_it(tmp_path: Path) -> None:
    (tmp_path / "fixtures.json").write_text(json.dumps(FIXTURES))
    kit = start_kit("--seed", str(tmp_path / "fixtures.json"))
    try:
        assert kit.stdout is not None
        info = json.loads(kit.stdout.readline())  # blocks until the host answers, then one JSON line
        assert (info["secret_key"], info["publishable_key"]) == ("sk_test_acmeRides0001", "pk_test_acme0001")
        assert info["accounts"] == ["acct_1AcmeRider000001"]
        auth = (info["secret_key"], "")
        headers = {"Stripe-Account": "acct_1AcmeRider000001"}
        balance = httpx.get(f"{info['url']}/v1/balance", auth=auth, headers=headers).json()
        assert [(b["amount"], b["currency"]) for b in balance["available"]] == [(50_000, "usd")]
        assert [(b["amount"], b["currency"]) for b in balance["pending"]] == [(12_000, "usd")]
        payouts = httpx.get(f"{info['url']}/v1/payouts", auth=auth, headers=headers).json()["data"]
        assert [(p["amount"], p["status"]) for p in payouts] == [(2_500, "paid")]
        assert httpx.get(f"{info['url']}/connect.js").status_code == 200
        folder = Path(info["database_url"].removeprefix("sqlite:///")).parent
        assert folder.exists()
        os.killpg(kit.pid, signal.SIGTERM)
        assert kit.wait(timeout=20) == 0
        assert refused(info["url"]) and not folder.exists()
    finally:
        if kit.poll() is None:
            os.killpg(kit.pid, signal.SIGKILL)
            kit.wait()


def test_a_killed_command_takes_its_host_down_with_it() -> None:
    kit = start_kit()
    info: dict[str, Any] = {}
    try:
        assert kit.stdout is not None
        info = json.loads(kit.stdout.readline())
        assert info["accounts"] == [] and info["secret_key"].startswith("sk_test_")
        os.kill(kit.pid, signal.SIGKILL)  # no chance to clean up: the host must still stop
        kit.wait()
        deadline = time.monotonic() + 20
        while not refused(info["url"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert refused(info["url"])
    finally:
        if kit.poll() is None:
            os.killpg(kit.pid, signal.SIGKILL)
            kit.wait()
        if info:  # a killed command leaves its folder behind: the test cleans up after itself
            shutil.rmtree(Path(info["database_url"].removeprefix("sqlite:///")).parent, ignore_errors=True)


def test_bad_fixtures_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"accounts": [{"balances": {"usd": {"available": 1.5}}}]}))
    kit = subprocess.run(
        [str(Path(sys.executable).parent / "balances"), "serve", "--ephemeral", "--seed", str(tmp_path / "bad.json")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert kit.returncode == 2 and kit.stdout == ""
    assert "whole number of minor units" in kit.stderr


# ---------- a platform's own end-to-end test, on the plugin's fixtures alone ----------

PAGE = """<!doctype html><html><body><h1>Payouts</h1><div id="balances"></div>
<script src="{host}/connect.js"></script>
<script>
  const instance = loadConnectAndInitialize({{
    publishableKey: "{pk}",
    fetchClientSecret: async () => (await (await fetch("/account_session", {{method: "POST"}})).json()).client_secret,
  }});
  document.getElementById("balances").appendChild(instance.create("balances"));
</script></body></html>"""


@pytest.fixture
def platform_app(balances_platform: Any) -> Iterator[Callable[[str], str]]:
    """The platform's web app: a page embedding the component, and a backend that makes sessions."""
    state: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.format(host=balances_platform.url, pk=balances_platform.publishable_key).encode()
            self._send(body, "text/html")

        def do_POST(self) -> None:
            try:
                secret = balances_platform.create_account_session(state["account"], standard_payouts=True)
            except httpx.HTTPStatusError as error:
                self._send(error.response.content, "application/json", error.response.status_code)
                return
            self._send(json.dumps({"client_secret": secret}).encode(), "application/json")

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    balances_platform.allow_origin(origin)

    def page_for(account: str) -> str:
        state["account"] = account
        return f"{origin}/"

    yield page_for
    server.shutdown()
    server.server_close()


def test_a_platform_page_shows_its_sellers_funds_and_they_settle_with_the_clock(
    page: Page, platform_app: Callable[[str], str], balances_account: Any, balances_clock: Any, balances_frame: Any
) -> None:
    seller = balances_account(available=50_000, pending=12_000, schedule="manual")
    page.goto(platform_app(seller.id))
    frame = balances_frame(page)
    expect(frame.get_by_test_id("available-USD")).to_have_text("$500.00")
    expect(frame.get_by_test_id("pending-USD")).to_have_text("$120.00")
    balances_clock.advance(days=2)
    page.reload()
    frame = balances_frame(page)
    expect(frame.get_by_test_id("available-USD")).to_have_text("$620.00")
    assert seller.balance()["pending"][0]["amount"] == 0


def test_a_platform_page_that_fails_to_load_fails_the_helper_with_the_reason(
    page: Page, platform_app: Callable[[str], str], balances_frame: Any
) -> None:
    page.goto(platform_app("acct_NotThisPlatforms1"))
    with pytest.raises(AssertionError, match="could not load"):
        balances_frame(page)


BROWSER_CONFTEST = """import pytest


@pytest.fixture(scope="session")
def balances_fixtures():
    return {"accounts": [{"id": "acct_1SeededRider00001", "balances": {"usd": {"available": 7_000}}}]}

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = ["--no-sandbox", "--disable-gpu"]
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": args}
"""


SEEDED_HOST_TEST = """import httpx


def test_the_host_is_seeded_from_balances_fixtures(balances_host):
    assert balances_host.accounts == ["acct_1SeededRider00001"]
    balance = httpx.get(
        f"{balances_host.url}/v1/balance",
        auth=(balances_host.secret_key, ""),
        headers={"Stripe-Account": "acct_1SeededRider00001"},
    ).json()
    assert balance["available"][0]["amount"] == 7_000
"""


def test_the_readmes_pytest_example_passes_in_a_platforms_own_repository(tmp_path: Path) -> None:
    """The README's example, as a platform would have it: another folder, the plugin found by its entry point."""
    section = (PROJECT_ROOT / "README.md").read_text().split("## Testing your platform against the balances host")[1]
    (tmp_path / "test_payouts_page.py").write_text(section.split("```python\n")[1].split("```")[0])
    (tmp_path / "conftest.py").write_text(BROWSER_CONFTEST)
    (tmp_path / "test_seeded_host.py").write_text(SEEDED_HOST_TEST)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


STAND_IN_APP = """// The platform's app, reduced to a seller page and a backend that creates account sessions.
const http = require("node:http");
const {BALANCES_URL, BALANCES_SECRET_KEY, BALANCES_PUBLISHABLE_KEY} = process.env;
http.createServer(async (req, res) => {
  if (req.method === "POST") {
    const account = new URL(req.headers.referer).pathname.split("/")[2];
    const answer = await fetch(`${BALANCES_URL}/v1/account_sessions`, {
      method: "POST",
      headers: {Authorization: `Bearer ${BALANCES_SECRET_KEY}`},
      body: new URLSearchParams({account, "components[balances][enabled]": "true"}),
    });
    const {client_secret} = await answer.json();
    res.writeHead(200, {"Content-Type": "application/json"}).end(JSON.stringify({client_secret}));
    return;
  }
  res.writeHead(200, {"Content-Type": "text/html"}).end(`<!doctype html>
<script src="${BALANCES_URL}/connect.js"></script><div id="balances"></div><script>
const instance = loadConnectAndInitialize({publishableKey: "${BALANCES_PUBLISHABLE_KEY}",
  fetchClientSecret: async () => (await (await fetch("/session", {method: "POST"})).json()).client_secret});
document.getElementById("balances").appendChild(instance.create("balances"));</script>`);
}).listen(Number(process.env.PORT));
"""


def test_the_readmes_playwright_js_example_passes(tmp_path: Path) -> None:
    """The README's Playwright config, spec and fixtures, run by @playwright/test against a stand-in app."""
    from tests.servers import free_port

    section = (PROJECT_ROOT / "README.md").read_text().split("## Testing your platform against the balances host")[1]
    config, spec = re.findall(r"```js\n(.*?)```", section, re.S)
    document = re.findall(r"```json\n(.*?)```", section, re.S)[0]
    host_port, app_port = str(free_port()), str(free_port())
    ports = {"4010": host_port, "8000": app_port}

    def moved(text: str) -> str:
        return re.sub(r"\b(4010|8000)\b", lambda m: ports[m.group(1)], text)

    (tmp_path / "playwright.readme.js").write_text(moved(config).replace("npm start", f"PORT={app_port} node app.js"))
    (tmp_path / "playwright.config.js").write_text(
        'const base = require("./playwright.readme.js");\n'
        "module.exports = {...base, use: {launchOptions: "
        '{executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"]}}};\n'
    )
    (tmp_path / "payouts.spec.js").write_text(moved(spec))
    (tmp_path / "fixtures.json").write_text(moved(document))
    (tmp_path / "app.js").write_text(STAND_IN_APP)
    (tmp_path / "node_modules").symlink_to(bundle.build().parent / "node_modules")
    result = subprocess.run(
        [str(tmp_path / "node_modules" / ".bin" / "playwright"), "test", "--reporter=line"],
        cwd=tmp_path,
        env=offline_env(CI="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert refused(f"http://localhost:{host_port}")  # the host stopped with the run
