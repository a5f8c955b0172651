"""The API keeps Stripe's English error messages and shape, whatever language the caller's client prefers.

The component says refusals in the viewer's language from the rule's code and figures
(ui/refusals.py); none of that reaches the API: no `reason`, no `params`, the same message.
"""

from __future__ import annotations

from tests.api.conftest import World
from tests.api.test_payouts_api import funded, payout
from tests.api.test_schedule_and_bank_accounts_api import add_bank, schedule

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_payout_refusals_are_stripes_english_in_stripes_shape(world: World) -> None:
    funded(world, amount=5_000)
    small = payout(world, GERMAN, amount="50").json()
    assert small == {
        "error": {
            "type": "invalid_request_error",
            "code": "amount_too_small",
            "doc_url": "https://docs.stripe.com/error-codes/amount-too-small",
            "message": "Payouts must be at least $1.00.",
            "param": "amount",
        }
    }
    short = payout(world, GERMAN, amount="6000").json()["error"]
    assert short["message"] == "Your balance is too low for this payout: $50.00 is available."
    assert set(short) == {"type", "code", "doc_url", "message"}


def test_schedule_and_bank_account_refusals_keep_their_english_messages(world: World) -> None:
    delay = schedule(world, interval="daily", delay_days="1").json()["error"]
    assert delay["message"] == "delay_days must be between 2 (the minimum in US) and 365."
    assert set(delay) == {"type", "code", "doc_url", "message", "param"}
    bank = add_bank(world, routing_number="123").json()["error"]
    assert bank["message"] == "The routing number is not valid: it must be 9 digits with a correct check digit."
    assert (bank["code"], bank["param"]) == ("routing_number_invalid", "external_account[routing_number]")
    iban = add_bank(world, country="DE", currency="eur", account_number="FR1420041010050500013M02606").json()
    assert iban["error"]["message"] == "This IBAN is from FR, but the bank account country is DE."
    assert "reason" not in iban["error"] and "params" not in iban["error"]
