"""Bank account numbers by country: validation (python-stdnum, schwifty), and what we keep.

The full account number is never stored: we keep the last four digits, the bank's routing
number, a keyed fingerprint (to refuse duplicates), and in test mode the failure the number
stands for. Test numbers follow Stripe's: US routing 110000000 with 000123456789 succeeds;
an account number (or an IBAN's account part) ending in 111116 fails `no_account`, 111113
`account_closed`, 222227 `insufficient_funds`, 333335 `debit_not_authorized`, 444440
`invalid_currency`.

Instant payouts (`available_payout_methods`): UK and euro-area bank accounts (Faster Payments,
SEPA Instant), and US accounts at RTP-capable banks (in test mode, routing 110000000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.us import rtn

from balances_app.domain.errors import StripeError
from balances_app.domain.payout_rules import EU_COUNTRIES

TEST_FAILURES = {
    "111116": "no_account",
    "111113": "account_closed",
    "222227": "insufficient_funds",
    "333335": "debit_not_authorized",
    "444440": "invalid_currency",
}
CURRENCIES = {
    "US": ("usd",),
    "GB": ("gbp", "eur"),
    "CA": ("cad", "usd"),
    "AU": ("aud",),
    "JP": ("jpy",),
    "DK": ("dkk", "eur"),
    "SE": ("sek", "eur"),
    "NO": ("nok", "eur"),
    "PL": ("pln", "eur"),
    "CH": ("chf", "eur"),
    "CZ": ("czk", "eur"),
    "HU": ("huf", "eur"),
    "RO": ("ron", "eur"),
    "BG": ("bgn", "eur"),
}
IBAN_COUNTRIES = EU_COUNTRIES | {"CH", "LI", "NO"}
COUNTRIES = tuple(sorted(set(CURRENCIES) | IBAN_COUNTRIES))  # where a bank account may be added
INSTANT_US_ROUTING = frozenset({"110000000"})
US_BANKS = {
    "110000000": "STRIPE TEST BANK",
    "021000021": "JPMORGAN CHASE BANK",
    "026009593": "BANK OF AMERICA",
    "121000248": "WELLS FARGO BANK",
}
GB_TEST_SORT_CODE = "108800"


@dataclass(frozen=True)
class BankDetails:
    """What a person enters to add a bank account."""

    country: str
    currency: str
    account_number: str
    routing_number: str = ""


@dataclass(frozen=True)
class CheckedBank:
    country: str
    currency: str
    routing_number: str | None
    last4: str
    bank_name: str | None
    identity: str  # what the fingerprint is made of
    payout_methods: tuple[str, ...]
    test_failure_code: str | None


def _error(code: str, param: str, message: str, reason: str | None = None, **params: str) -> StripeError:
    """A bad field: Stripe's code for the API, and the rule it broke (`reason`, `params`) for the component."""
    return StripeError(message, code=code, param=f"external_account[{param}]", reason=reason, params=params)


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def currencies_for(country: str) -> tuple[str, ...]:
    return CURRENCIES.get(country, ("eur",) if country in IBAN_COUNTRIES else ())


def check(details: BankDetails) -> CheckedBank:
    """Validate a bank account for its country; a StripeError naming the bad field otherwise."""
    country = details.country.upper()
    allowed = currencies_for(country)
    if not allowed:
        raise _error(
            "country_unsupported", "country", f"Bank accounts in {country} are not supported yet.", country=country
        )
    if details.currency.lower() not in allowed:
        raise _error(
            "currency_unsupported",
            "currency",
            f"A bank account in {country} can be in "
            f"{', '.join(c.upper() for c in allowed)}, not {details.currency.upper()}.",
            country=country,
            currencies=", ".join(c.upper() for c in allowed),
            currency=details.currency.upper(),
        )
    checker = _CHECKERS.get(country, _iban)
    return checker(
        country, details.currency.lower(), _digits(details.account_number).upper(), _digits(details.routing_number)
    )


def _failure(account: str) -> str | None:
    return next((code for suffix, code in TEST_FAILURES.items() if account.endswith(suffix)), None)


def _us(country: str, currency: str, account: str, routing: str) -> CheckedBank:
    if not rtn.is_valid(routing):
        raise _error(
            "routing_number_invalid",
            "routing_number",
            "The routing number is not valid: it must be 9 digits with a correct check digit.",
            "us_routing_number_invalid",
        )
    if not re.fullmatch(r"\d{4,17}", account):
        raise _error(
            "account_number_invalid",
            "account_number",
            "The account number must be 4 to 17 digits.",
            "us_account_number",
        )
    methods = ("standard", "instant") if routing in INSTANT_US_ROUTING else ("standard",)
    return CheckedBank(
        country,
        currency,
        routing,
        account[-4:],
        US_BANKS.get(routing),
        f"{routing}:{account}",
        methods,
        _failure(account),
    )


def _gb(country: str, currency: str, account: str, routing: str) -> CheckedBank:
    if account.startswith("GB"):
        return _iban(country, currency, account, routing)
    if not re.fullmatch(r"\d{6}", routing):
        raise _error(
            "routing_number_invalid", "routing_number", "The sort code must be 6 digits, like 10-88-00.", "gb_sort_code"
        )
    if not re.fullmatch(r"\d{8}", account):
        raise _error(
            "account_number_invalid", "account_number", "A UK account number has 8 digits.", "gb_account_number"
        )
    name = "STRIPE TEST BANK" if routing == GB_TEST_SORT_CODE else None
    return CheckedBank(
        country,
        currency,
        routing,
        account[-4:],
        name,
        f"{routing}:{account}",
        ("standard", "instant"),
        _failure(account),
    )


@dataclass(frozen=True)
class _Format:
    """A country whose accounts are a routing code plus an account number, both digits only."""

    routing: str  # regular expression
    routing_message: str
    account: str
    account_message: str
    country: str  # the rules' reasons: <country>_routing_number, <country>_account_number

    def __call__(self, country: str, currency: str, account: str, routing: str) -> CheckedBank:
        if not re.fullmatch(self.routing, routing):
            raise _error(
                "routing_number_invalid", "routing_number", self.routing_message, f"{self.country}_routing_number"
            )
        if not re.fullmatch(self.account, account):
            raise _error(
                "account_number_invalid", "account_number", self.account_message, f"{self.country}_account_number"
            )
        return CheckedBank(
            country, currency, routing, account[-4:], None, f"{routing}:{account}", ("standard",), _failure(account)
        )


_CA = _Format(
    r"\d{8}",
    "Enter the 5-digit transit number and 3-digit institution number, like 11000-000.",
    r"\d{7,12}",
    "A Canadian account number has 7 to 12 digits.",
    "ca",
)
_AU = _Format(
    r"\d{6}",
    "The BSB must be 6 digits, like 000-000.",
    r"\d{5,9}",
    "An Australian account number has 5 to 9 digits.",
    "au",
)
_JP = _Format(
    r"\d{7}",
    "Enter the 4-digit bank code and the 3-digit branch code.",
    r"\d{7}",
    "A Japanese account number has 7 digits.",
    "jp",
)


def _iban(country: str, currency: str, account: str, routing: str) -> CheckedBank:
    try:
        iban = IBAN(account)
    except SchwiftyException as error:
        raise _error(
            "account_number_invalid", "account_number", f"The IBAN is not valid: {error}.", "iban_invalid"
        ) from None
    if iban.country_code != country:
        raise _error(
            "account_number_invalid",
            "account_number",
            f"This IBAN is from {iban.country_code}, but the bank account country is {country}.",
            "iban_country_mismatch",
            iban_country=iban.country_code,
            country=country,
        )
    return CheckedBank(
        country,
        currency,
        iban.bank_code or None,
        str(iban)[-4:],
        iban.bank_name,
        str(iban.compact),
        ("standard", "instant"),
        _failure(iban.account_code),
    )


_CHECKERS = {"US": _us, "GB": _gb, "CA": _CA, "AU": _AU, "JP": _JP}
ROUTED_COUNTRIES = frozenset(_CHECKERS)  # a bank code beside the account number; the others use an IBAN alone
