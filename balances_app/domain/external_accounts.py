"""Where payouts go and top-ups come from: an account's bank accounts (and debit cards)."""

from __future__ import annotations

from sqlmodel import Session, select

from balances_app.db.models import ConnectedAccount, ExternalAccount
from balances_app.domain.errors import StripeError, invalid


def default_for(session: Session, account_id: str, currency: str) -> ExternalAccount | None:
    return session.exec(
        select(ExternalAccount).where(
            ExternalAccount.account_id == account_id,
            ExternalAccount.currency == currency,
            ExternalAccount.default_for_currency,
        )
    ).first()


def for_currency(session: Session, account_id: str, currency: str) -> list[ExternalAccount]:
    return list(
        session.exec(
            select(ExternalAccount)
            .where(ExternalAccount.account_id == account_id, ExternalAccount.currency == currency)
            .order_by(ExternalAccount.created)
        ).all()
    )


def destination_for(session: Session, account: ConnectedAccount, currency: str, named: str | None) -> ExternalAccount:
    """The named external account of this account in `currency`, or the currency's default."""
    if named:
        chosen = session.get(ExternalAccount, named)
        if chosen is None or chosen.account_id != account.id:
            raise StripeError(f"No such external account: '{named}'", code="resource_missing", param="destination")
        if chosen.currency != currency:
            raise invalid("destination", f"The destination's currency ({chosen.currency}) is not {currency}.")
    else:
        chosen = default_for(session, account.id, currency)
        if chosen is None:
            raise StripeError(
                f"You have no external account in {currency.upper()}. Add a bank account first.",
                code="no_external_account",
                param="destination",
            )
    if chosen.status == "errored":
        raise StripeError(
            f"Payouts to {describe(chosen)} failed before. Update the bank account details first.",
            code="external_account_errored",
            param="destination",
        )
    return chosen


def describe(external: ExternalAccount) -> str:
    """'STRIPE TEST BANK ••••6789'."""
    return f"{external.bank_name or 'Bank account'} ••••{external.last4}"
