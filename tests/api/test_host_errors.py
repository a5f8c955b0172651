"""The real host (granian, Reflex mounted under our API): client errors in Stripe's shape, from our limits.

In-process tests see the API alone; here Reflex's own routes and the server's request handling
are in the way too: a wrong method on /v1 must not fall through to Reflex's plain-text 404, a
405 from a Reflex route is JSON, and oversized requests meet our limits before granian's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from balances_app.api import limits
from balances_app.serve import host_command, host_env
from tests.databases import SqliteDatabases
from tests.servers import free_port, running


@pytest.fixture(scope="module")
def host(databases: SqliteDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir, port = tmp_path_factory.mktemp("host-errors"), free_port()
    url = f"http://localhost:{port}"
    env = host_env(url, BALANCES_DATA_DIR=str(data_dir), DATABASE_URL=databases.migrated())
    env.pop("__REFLEX_MOUNT_FRONTEND_COMPILED_APP")  # the API and Reflex's backend: no frontend build needed
    log = Path(data_dir) / "host.log"
    with running(host_command(port), env, f"{url}/ping", log):
        yield url
    assert "Traceback" not in log.read_text()  # client errors leave no traceback in the server's log


def _stripe_error(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    return error


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PUT", "/v1/payouts", 405),
        ("PATCH", "/v1/balance", 405),
        ("GET", "/embedded/logout", 405),
        ("POST", "/ping", 405),  # Reflex's own route
        ("DELETE", "/v1/nothing_here", 404),
        ("OPTIONS", "/v1/payouts", 405),
    ],
)
def test_wrong_methods_and_unknown_api_paths_answer_in_stripes_shape(
    host: str, method: str, path: str, status: int
) -> None:
    _stripe_error(httpx.request(method, host + path, timeout=30), status)


def test_oversized_requests_meet_our_limits_before_the_servers(host: str) -> None:
    query = "a=" + "x" * (limits.MAX_QUERY_BYTES + 10)
    _stripe_error(httpx.get(f"{host}/v1/balance?{query}", timeout=30), 414)
    _stripe_error(httpx.get(f"{host}/v1/payouts/{'x' * (limits.MAX_PATH_BYTES + 10)}", timeout=30), 414)
    body = b"a=" + b"x" * (limits.MAX_BODY_BYTES + 10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _stripe_error(httpx.post(f"{host}/v1/payouts", content=body, headers=headers, timeout=30), 413)

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit holds while the body is read
        yield b"a="
        for _ in range(limits.MAX_BODY_BYTES // 1024 + 2):
            yield b"x" * 1024

    response = httpx.post(f"{host}/embedded/logout", content=chunked(), headers=headers, timeout=30)
    _stripe_error(response, 413)
