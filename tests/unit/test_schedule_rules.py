import pytest

from balances_app.db.models import ConnectedAccount
from balances_app.domain.bank_account_numbers import BankDetails, check
from balances_app.domain.errors import StripeError
from balances_app.domain.payout_schedules import update
from balances_app.domain.schedule import PayoutSchedule
from balances_app.ui.wording import schedule_sentence


def account(country: str = "US") -> ConnectedAccount:
    return ConnectedAccount(
        id="acct_x",
        platform_id="p",
        business_name="x",
        email="a@b.c",
        country=country,
        default_currency="usd",
        losses_payments="stripe",
        created=0,
    )


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (PayoutSchedule("daily", 2), "Daily, for funds available 2 days earlier"),
        (PayoutSchedule("weekly", 2, weekly_anchor="monday"), "Every Monday, for funds available 2 days earlier"),
        (
            PayoutSchedule("monthly", 3, monthly_anchor=31),
            "Monthly on day 31 (or the month's last day), for funds available 3 days earlier",
        ),
        (PayoutSchedule("monthly", 7, monthly_anchor=2), "Monthly on day 2, for funds available 7 days earlier"),
        (PayoutSchedule("daily", 1), "Daily, for funds available 1 day earlier"),
        (PayoutSchedule("manual", 2), "Manual: you choose when to pay out"),
    ],
)
def test_schedules_in_words(schedule: PayoutSchedule, words: str) -> None:
    assert schedule_sentence("en_US", schedule) == words


@pytest.mark.parametrize(("country", "minimum"), [("US", 2), ("GB", 3), ("DE", 3), ("JP", 4), ("BR", 30)])
def test_delay_never_below_the_countrys_minimum(country: str, minimum: int) -> None:
    target = account(country)
    assert update(target, delay_days="minimum").delay_days == minimum
    with pytest.raises(StripeError):
        update(target, delay_days=str(minimum - 1))


def test_a_failed_update_changes_nothing() -> None:
    target = account()
    with pytest.raises(StripeError):
        update(target, interval="weekly", weekly_anchor="someday", delay_days="5")
    assert (target.payout_interval, target.payout_delay_days) == ("daily", 2)


@pytest.mark.parametrize(
    ("details", "last4", "failure"),
    [
        (BankDetails("US", "usd", "000123456789", "110000000"), "6789", None),
        (BankDetails("US", "usd", "000111111113", "110000000"), "1113", "account_closed"),
        (BankDetails("US", "usd", "000222222227", "110000000"), "2227", "insufficient_funds"),
        (BankDetails("GB", "gbp", "00012345", "10-88-00"), "2345", None),
        (BankDetails("DE", "eur", "DE89 3704 0044 0532 0130 00"), "3000", None),
        (BankDetails("FR", "eur", "FR1420041010050500013M02606"), "2606", None),
        (BankDetails("CA", "cad", "000123456789", "11000-000"), "6789", None),
        (BankDetails("AU", "aud", "000123456", "110-000"), "3456", None),
    ],
)
def test_valid_bank_numbers_by_country(details: BankDetails, last4: str, failure: str | None) -> None:
    checked = check(details)
    assert (checked.last4, checked.test_failure_code) == (last4, failure)


@pytest.mark.parametrize(
    "details",
    [
        BankDetails("US", "usd", "000123456789", "110000001"),  # ABA check digit
        BankDetails("GB", "gbp", "0001234", "108800"),
        BankDetails("DE", "eur", "DE89370400440532013001"),  # mod-97
        BankDetails("DE", "eur", "DE8937040044053201300"),  # length
        BankDetails("FR", "eur", "DE89370400440532013000"),  # another country's IBAN
        BankDetails("CA", "cad", "000123456789", "1100"),
        BankDetails("AU", "aud", "000123456", "11000"),
        BankDetails("US", "gbp", "000123456789", "110000000"),  # currency the country does not allow
    ],
)
def test_invalid_bank_numbers_are_refused(details: BankDetails) -> None:
    with pytest.raises(StripeError):
        check(details)
