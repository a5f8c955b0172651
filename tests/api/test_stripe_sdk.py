"""The official `stripe` package, pointed at a real server of ours, works unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe

from balances_app.demo.seed import ACCOUNTS, SECRET_KEY
from balances_app.serve import VENV_BIN, offline_env
from tests.servers import free_port, running


@pytest.fixture(scope="module")
def api_base(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("sdk")
    shutil.copy(seeded_template, data_dir / "balances.sqlite3")
    port = free_port()
    command = [
        str(VENV_BIN / "granian"),
        "--interface",
        "asgi",
        "--factory",
        "--port",
        str(port),
        "balances_app.api.app:create_api",
    ]
    env = offline_env(BALANCES_DATA_DIR=str(data_dir))
    with running(command, env, f"http://127.0.0.1:{port}/v1/accounts", Path(data_dir / "server.log")):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def client(api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": api_base}, max_network_retries=0)


def test_account_session_create(client: stripe.StripeClient) -> None:
    session = client.v1.account_sessions.create(
        {
            "account": ACCOUNTS[0].id,
            "components": {
                "balances": {"enabled": True, "features": {"instant_payouts": True, "standard_payouts": False}}
            },
        }
    )
    assert session.client_secret.startswith("accs_secret__")
    assert session.components.balances.enabled is True
    assert session.components.balances.features.instant_payouts is True
    assert session.components.balances.features.standard_payouts is False


def test_account_list_and_legacy_module_api(client: stripe.StripeClient) -> None:
    accounts = client.v1.accounts.list({"limit": 3})
    assert len(accounts.data) == 3 and accounts.has_more is True
    every = [account.id for account in accounts.auto_paging_iter()]
    assert sorted(every) == sorted(spec.id for spec in ACCOUNTS)


def test_balance_retrieve_for_a_connected_account(client: stripe.StripeClient) -> None:
    balance = client.v1.balance.retrieve(options={"stripe_account": "acct_1DemoEUBikes00003"})
    assert {entry.currency for entry in balance.available} == {"eur", "usd"}
    negative = client.v1.balance.retrieve(options={"stripe_account": "acct_1DemoUSNegative5"})
    assert negative.available[0].amount + negative.pending[0].amount == -48_250


def test_errors_become_the_sdks_exceptions(client: stripe.StripeClient, api_base: str) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.account_sessions.create({"account": "acct_unknown", "components": {"balances": {"enabled": True}}})
    assert caught.value.code == "account_invalid"
    bad = stripe.StripeClient("sk_test_nottherightkey", base_addresses={"api": api_base})
    with pytest.raises(stripe.AuthenticationError):
        bad.v1.accounts.list()


def test_module_level_api_as_in_stripes_docs(api_base: str) -> None:
    stripe.api_key = SECRET_KEY
    stripe.api_base = api_base
    stripe.max_network_retries = 0
    try:
        session = stripe.AccountSession.create(account=ACCOUNTS[1].id, components={"balances": {"enabled": True}})
        assert session.components.balances.features.instant_payouts is False  # the platform carries losses
        assert len(stripe.Account.list().data) == len(ACCOUNTS)
        balance = stripe.Balance.retrieve(stripe_account=ACCOUNTS[3].id)
        assert balance.available[0].currency == "jpy"
    finally:
        stripe.api_base = "https://api.stripe.com"
