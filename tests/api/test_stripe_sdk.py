"""The official `stripe` package, pointed at a real server of ours, works unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe

from balances_app.demo.seed import ACCOUNTS, SECRET_KEY
from balances_app.serve import VENV_BIN, offline_env
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.servers import free_port, running


@pytest.fixture(scope="module")
def api_base(databases: SqliteDatabases | PostgresDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("sdk")
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
    env = offline_env(BALANCES_DATA_DIR=str(data_dir), DATABASE_URL=databases.seeded())
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


def test_payouts_topups_charges_and_balance_transactions(client: stripe.StripeClient, api_base: str) -> None:
    stripe.api_key, stripe.api_base, stripe.max_network_retries = SECRET_KEY, api_base, 0
    try:
        japan = ACCOUNTS[3].id  # manual schedule: standard payouts allowed
        charge = stripe.Charge.create(amount=50_000, currency="jpy", source="tok_bypassPending", stripe_account=japan)
        assert charge.status == "succeeded"
        payout = stripe.Payout.create(amount=10_000, currency="jpy", stripe_account=japan, idempotency_key="sdk-po-1")
        again = stripe.Payout.create(amount=10_000, currency="jpy", stripe_account=japan, idempotency_key="sdk-po-1")
        assert payout.id == again.id and payout.status == "pending"
        assert payout.id in [p.id for p in stripe.Payout.list(limit=5, stripe_account=japan).data]
        assert stripe.Payout.cancel(payout.id, stripe_account=japan).status == "canceled"
        with pytest.raises(stripe.IdempotencyError):
            stripe.Payout.create(amount=10, currency="jpy", stripe_account=japan, idempotency_key="sdk-po-1")
        entries = stripe.BalanceTransaction.list(payout=payout.id, stripe_account=japan)
        assert sorted(t.type for t in entries.data) == ["payout", "payout_cancel"]
        topup = stripe.Topup.create(amount=20_000, currency="jpy", stripe_account=japan)
        assert topup.status == "pending"
        with pytest.raises(stripe.InvalidRequestError) as caught:
            stripe.Payout.create(amount=10**9, currency="jpy", stripe_account=japan)
        assert caught.value.code == "balance_insufficient"
    finally:
        stripe.api_base = "https://api.stripe.com"


def test_schedule_and_external_accounts_with_the_sdk(api_base: str) -> None:
    stripe.api_key, stripe.api_base, stripe.max_network_retries = SECRET_KEY, api_base, 0
    try:
        account_id = ACCOUNTS[0].id
        account = stripe.Account.modify(
            account_id, settings={"payouts": {"schedule": {"interval": "weekly", "weekly_anchor": "monday"}}}
        )
        assert account.settings.payouts.schedule.weekly_anchor == "monday"
        bank = stripe.Account.create_external_account(
            account_id,
            external_account={
                "object": "bank_account",
                "country": "US",
                "currency": "usd",
                "routing_number": "110000000",
                "account_number": "000111111116",
            },
        )
        assert bank.last4 == "1116" and bank.default_for_currency is False
        listed = stripe.Account.list_external_accounts(account_id)
        assert bank.id in [b.id for b in listed.data]
        assert stripe.Account.delete_external_account(account_id, bank.id).deleted is True
        with pytest.raises(stripe.InvalidRequestError) as caught:
            stripe.Account.create_external_account(
                account_id,
                external_account={
                    "object": "bank_account",
                    "country": "US",
                    "currency": "usd",
                    "routing_number": "123456789",
                    "account_number": "000123456789",
                },
            )
        assert caught.value.code == "routing_number_invalid"
    finally:
        stripe.api_base = "https://api.stripe.com"
