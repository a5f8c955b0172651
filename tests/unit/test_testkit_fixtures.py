"""The test kit's fixture format: what a document states is what the ledger shows; bad documents change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout, Platform
from balances_app.domain import ledger
from balances_app.domain.errors import StripeError
from balances_app.domain.platforms import authenticate
from balances_app.testkit import fixtures
from tests.conftest import NOW

DAY = 86400
RIDER: dict[str, Any] = {
    "id": "acct_1TestkitRider001",
    "name": "Rider One",
    "schedule": {"interval": "manual"},
    "balances": {"usd": {"available": 50_000, "pending": 12_000}, "EUR": {"available": 700}},
    "bank_accounts": [{"routing_number": "110000000", "account_number": "000123456789"}],
    "payouts": [{"amount": 2_500, "days_ago": 6}, {"amount": 1_000, "description": "Today's"}],
}


def seed(engine: Engine, document: Any) -> fixtures.Seeded:
    return fixtures.load(engine, document, NOW)


def test_stated_balances_are_the_balances_shown_after_past_payouts(engine: Engine) -> None:
    seeded = seed(engine, {"accounts": [RIDER]})
    assert seeded.accounts == ["acct_1TestkitRider001"]
    with transaction(engine) as session:
        balance = ledger.balance(session, "acct_1TestkitRider001", NOW)
        payouts = session.exec(select(Payout).order_by(Payout.created)).all()
        assert ledger.verify(session, NOW) == []
    assert (balance["usd"].available_total, balance["usd"].pending_total) == (50_000, 12_000)
    assert balance["eur"].available_total == 700
    # The lifecycle decides each payout's status: six days ago has arrived, today's has not left.
    assert [(p.amount, p.status) for p in payouts] == [(2_500, "paid"), (1_000, "pending")]
    assert payouts[1].description == "Today's"


def test_the_platform_keys_given_are_the_keys_that_work(engine: Engine) -> None:
    document = {"platform": {"secret_key": "sk_test_fixture123", "publishable_key": "pk_test_fixture123"}}
    seeded = seed(engine, {**document, "accounts": [{"name": "Empty"}]})
    assert (seeded.secret_key, seeded.publishable_key) == ("sk_test_fixture123", "pk_test_fixture123")
    with transaction(engine) as session:
        assert authenticate(session, "sk_test_fixture123").id == seeded.platform_id
        account = session.get(ConnectedAccount, seeded.accounts[0])
        assert account is not None and ledger.balance(session, account.id, NOW) == {}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"accounts": [{**RIDER, "balance": {}}]}, "unknown key(s) balance"),
        ({"accounts": [{**RIDER, "balances": {"usd": {"available": 12.5}}}]}, "whole number of minor units"),
        ({"accounts": [{**RIDER, "balances": {"usd": {"available": -1}}}]}, "whole number of minor units"),
        ({"accounts": [{**RIDER, "balances": {"usd": {"available": True}}}]}, "whole number of minor units"),
        ({"accounts": [{**RIDER, "payouts": [{"amount": "100"}]}]}, "whole number of minor units"),
        ({"accounts": {"id": "acct_x"}}, "accounts must be a list"),
        ({"platform": {"allowed_origin": "x"}}, "unknown key(s) allowed_origin"),
        ({"accounts": [{"bank_accounts": [{"routing_number": "110000000"}]}]}, "needs an account_number"),
    ],
)
def test_a_document_out_of_format_is_refused_and_writes_nothing(
    engine: Engine, document: dict[str, Any], message: str
) -> None:
    with pytest.raises(fixtures.FixtureError, match=message.replace("(", r"\(").replace(")", r"\)")):
        seed(engine, document)
    with transaction(engine) as session:
        assert session.exec(select(func.count()).select_from(Platform)).one() == 0


def test_bank_numbers_are_checked_as_the_api_checks_them(engine: Engine) -> None:
    bad = {**RIDER, "bank_accounts": [{"routing_number": "110000001", "account_number": "000123456789"}]}
    with pytest.raises(StripeError) as raised:
        seed(engine, {"accounts": [bad]})
    assert raised.value.code == "routing_number_invalid"
    with transaction(engine) as session:
        assert session.exec(select(func.count()).select_from(ExternalAccount)).one() == 0


def test_accounts_can_be_added_to_a_platform_and_origins_allowed(engine: Engine) -> None:
    seeded = seed(engine, {})
    account_id = fixtures.add_account(engine, seeded.platform_id, {"balances": {"usd": {"available": 4_200}}}, NOW)
    fixtures.allow_origin(engine, seeded.platform_id, "http://127.0.0.1:8123/")
    with transaction(engine) as session:
        assert ledger.balance(session, account_id, NOW)["usd"].available_total == 4_200
        platform = session.get(Platform, seeded.platform_id)
        assert platform is not None and platform.allowed_origins == ["http://127.0.0.1:8123"]
