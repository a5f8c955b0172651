"""Where payouts go and top-ups come from: an account's bank accounts (and debit cards).

Every change here emits its `account.external_account.*` event in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from balances_app.db import rows
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout
from balances_app.domain import events
from balances_app.domain.bank_account_numbers import BankDetails, check
from balances_app.domain.errors import StripeError, invalid, no_such
from balances_app.domain.ids import fingerprint, new_id
from balances_app.domain.metadata import merged as merged_metadata
from balances_app.domain.objects import bank_account_object

# Bank accounts the account holder has not removed (removed ones stay for the payouts that name them).
LIVE = col(ExternalAccount.deleted_at).is_(None)


def of_account(session: Session, account_id: str) -> list[ExternalAccount]:
    """The account's bank accounts, oldest first, as the account and its component list them."""
    query = select(ExternalAccount).where(ExternalAccount.account_id == account_id, LIVE)
    return list(session.exec(query.order_by(col(ExternalAccount.created))).all())


_DEFAULT_FOR = rows.whole(ExternalAccount).where(
    ExternalAccount.account_id == bindparam("account_id"),
    LIVE,
    ExternalAccount.currency == bindparam("currency"),
    ExternalAccount.default_for_currency,
)


def default_for(session: Session, account_id: str, currency: str) -> ExternalAccount | None:
    return rows.first(session, ExternalAccount, _DEFAULT_FOR, account_id=account_id, currency=currency)


def for_currency(session: Session, account_id: str, currency: str) -> list[ExternalAccount]:
    return list(
        session.exec(
            select(ExternalAccount)
            .where(ExternalAccount.account_id == account_id, ExternalAccount.currency == currency, LIVE)
            .order_by(ExternalAccount.created)
        ).all()
    )


def destination_for(session: Session, account: ConnectedAccount, currency: str, named: str | None) -> ExternalAccount:
    """The named external account of this account in `currency`, or the currency's default."""
    if named:
        chosen = rows.get(session, ExternalAccount, named)
        if chosen is None or chosen.account_id != account.id or chosen.deleted_at is not None:
            raise StripeError(
                f"No such external account: '{named}'",
                code="resource_missing",
                param="destination",
                reason="destination_missing",
            )
        if chosen.currency != currency:
            raise invalid(
                "destination",
                f"The destination's currency ({chosen.currency}) is not {currency}.",
                reason="destination_currency_mismatch",
                currency=currency,
            )
    else:
        chosen = default_for(session, account.id, currency)
        if chosen is None:
            raise StripeError(
                f"You have no external account in {currency.upper()}. Add a bank account first.",
                code="no_external_account",
                param="destination",
                params={"currency": currency},
            )
    if chosen.status == "errored":
        raise StripeError(
            f"Payouts to {describe(chosen)} failed before. Update the bank account details first.",
            code="external_account_errored",
            param="destination",
            params={"bank_name": chosen.bank_name or "", "last4": chosen.last4},
        )
    return chosen


def describe(external: ExternalAccount) -> str:
    """'STRIPE TEST BANK ••••6789'."""
    return f"{external.bank_name or 'Bank account'} ••••{external.last4}"


def add(
    session: Session,
    account: ConnectedAccount,
    details: BankDetails,
    *,
    holder_name: str | None,
    holder_type: str | None,
    default_for_currency: bool,
    metadata: dict[str, str],
    fingerprint_key: str,
    now: int,
) -> ExternalAccount:
    """Add a bank account; the first in a currency becomes its default."""
    if holder_type not in (None, "individual", "company"):
        raise invalid("external_account[account_holder_type]", "account_holder_type must be individual or company.")
    checked = check(details)
    identity_print = fingerprint(f"{checked.country}:{checked.identity}", fingerprint_key)
    existing = for_currency(session, account.id, checked.currency)
    if any(e.fingerprint == identity_print for e in existing):
        raise StripeError(
            "This bank account has already been added to this account.",
            code="bank_account_exists",
            param="external_account[account_number]",
        )
    # The same bank account, removed earlier, comes back in its own row: payouts still name that row.
    bank = session.exec(
        select(ExternalAccount).where(
            ExternalAccount.account_id == account.id,
            ExternalAccount.currency == checked.currency,
            ExternalAccount.fingerprint == identity_print,
        )
    ).first() or ExternalAccount(id=new_id("ba"), account_id=account.id, fingerprint=identity_print, created=now)
    bank.country, bank.currency, bank.bank_name = checked.country, checked.currency, checked.bank_name
    bank.last4, bank.routing_number = checked.last4, checked.routing_number
    bank.account_holder_name, bank.account_holder_type = holder_name, holder_type
    bank.default_for_currency = not existing or default_for_currency
    bank.status, bank.deleted_at = "new", None
    bank.available_payout_methods = list(checked.payout_methods)
    bank.test_failure_code, bank.metadata_ = checked.test_failure_code, metadata
    if bank.default_for_currency:
        _clear_default(session, existing, now)
    session.add(bank)
    session.flush()
    events.emit(session, account.id, "account.external_account.created", bank_account_object(bank), now=now)
    return bank


def get(session: Session, account: ConnectedAccount, external_id: str) -> ExternalAccount:
    external = session.get(ExternalAccount, external_id)
    if external is None or external.account_id != account.id or external.deleted_at is not None:
        raise no_such("external account", external_id)
    return external


def update(
    session: Session,
    account: ConnectedAccount,
    external_id: str,
    *,
    default_for_currency: bool | None = None,
    holder_name: str | None = None,
    holder_type: str | None = None,
    metadata: dict[str, str] | None = None,
    now: int | None = None,
) -> ExternalAccount:
    external = get(session, account, external_id)
    before = bank_account_object(external)
    if holder_type is not None and holder_type not in ("individual", "company"):
        raise invalid("account_holder_type", "account_holder_type must be individual or company.")
    if default_for_currency:
        _clear_default(
            session, [e for e in for_currency(session, account.id, external.currency) if e is not external], now
        )
        external.default_for_currency = True
    elif default_for_currency is False and external.default_for_currency:
        raise invalid(
            "default_for_currency",
            "Make another bank account the default for this currency instead.",
            reason="default_required",
        )
    external.account_holder_name = holder_name if holder_name is not None else external.account_holder_name
    external.account_holder_type = holder_type or external.account_holder_type
    if metadata is not None:
        external.metadata_ = merged_metadata(external.metadata_, metadata)
    session.add(external)
    _emit_updated(session, external, before, now)
    return external


def delete(session: Session, account: ConnectedAccount, external_id: str, now: int) -> ExternalAccount:
    """Remove a bank account; a currency's default goes only when another can take over and nothing is on the way."""
    external = get(session, account, external_id)
    siblings = [e for e in for_currency(session, account.id, external.currency) if e.id != external.id]
    if external.default_for_currency and not siblings:
        raise StripeError(
            f"This is the only {external.currency.upper()} bank account: add another before removing it.",
            code="external_account_required",
            param="id",
            params={"currency": external.currency},
        )
    on_the_way = session.exec(
        select(Payout.id).where(Payout.destination == external.id, col(Payout.status).in_(("pending", "in_transit")))
    ).first()
    if on_the_way:
        raise StripeError(
            "A payout to this bank account is on its way; remove it once the payout has arrived.",
            code="external_account_in_use",
            param="id",
        )
    deleted = bank_account_object(external)
    if external.default_for_currency:
        before = bank_account_object(siblings[0])
        siblings[0].default_for_currency = True
        session.add(siblings[0])
        _emit_updated(session, siblings[0], before, now)
    external.deleted_at, external.default_for_currency = now, False
    session.add(external)
    events.emit(session, account.id, "account.external_account.deleted", deleted, now=now)
    return external


def mark_errored(session: Session, external: ExternalAccount, now: int) -> None:
    """A payout to it failed: payouts stop going there until the account holder fixes it."""
    before = bank_account_object(external)
    external.status = "errored"
    session.add(external)
    _emit_updated(session, external, before, now)


def _clear_default(session: Session, accounts: list[ExternalAccount], now: int | None) -> None:
    for other in accounts:
        if other.default_for_currency:
            before = bank_account_object(other)
            other.default_for_currency = False
            session.add(other)
            _emit_updated(session, other, before, now)


def _emit_updated(session: Session, external: ExternalAccount, before: dict, now: int | None) -> None:
    after = bank_account_object(external)
    if previous := events.previous_attributes(before, after):
        events.emit(session, external.account_id, "account.external_account.updated", after, now=now, previous=previous)
