"""CSV exports of the payouts family: a filtered payouts list, and one payout's reconciliation.

Columns are named as Stripe's itemized payout reconciliation report names them
(`balance_transaction_id`, `created_utc`, `created`, `available_on_utc`, `gross`, `fee`, `net`,
`reporting_category`, `source_id`, `automatic_payout_id`, ...). Amounts are in major units
(`314.35`, `¥1235` as `1235`), never floats; `*_utc` columns are UTC, the others are in the
account's time zone, whose name is in the file name (`..._America-New_York.csv`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from balances_app.db.models import BalanceTransaction, ExternalAccount, Payout
from balances_app.domain.money import to_major

ITEMIZED_COLUMNS = (
    "balance_transaction_id",
    "created_utc",
    "created",
    "available_on_utc",
    "available_on",
    "currency",
    "gross",
    "fee",
    "net",
    "reporting_category",
    "source_id",
    "description",
    "automatic_payout_id",
    "automatic_payout_effective_at_utc",
    "automatic_payout_effective_at",
)
PAYOUT_COLUMNS = (
    "payout_id",
    "created_utc",
    "created",
    "arrival_date_utc",
    "arrival_date",
    "currency",
    "amount",
    "fee",
    "status",
    "method",
    "automatic",
    "destination_id",
    "destination_bank_name",
    "destination_last4",
    "statement_descriptor",
    "failure_code",
    "failure_message",
    "description",
)


def _stamp(moment: int, zone: ZoneInfo | None = None) -> str:
    when = datetime.fromtimestamp(moment, UTC)
    return (when.astimezone(zone) if zone else when).strftime("%Y-%m-%d %H:%M:%S")


def _major(amount: int, currency: str) -> str:
    return str(to_major(amount, currency))


def _write(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def file_name(kind: str, zone: ZoneInfo) -> str:
    return f"{kind}_{str(zone).replace('/', '-')}.csv"


def itemized_csv(payout: Payout, entries: Iterable[BalanceTransaction], zone: ZoneInfo) -> str:
    """One row per balance transaction the payout paid out."""
    return _write(
        ITEMIZED_COLUMNS,
        (
            {
                "balance_transaction_id": e.id,
                "created_utc": _stamp(e.created),
                "created": _stamp(e.created, zone),
                "available_on_utc": _stamp(e.available_on),
                "available_on": _stamp(e.available_on, zone),
                "currency": e.currency,
                "gross": _major(e.amount, e.currency),
                "fee": _major(e.fee, e.currency),
                "net": _major(e.net, e.currency),
                "reporting_category": e.reporting_category,
                "source_id": e.source or "",
                "description": e.description or "",
                "automatic_payout_id": payout.id,
                "automatic_payout_effective_at_utc": _stamp(payout.arrival_date),
                "automatic_payout_effective_at": _stamp(payout.arrival_date, zone),
            }
            for e in entries
        ),
    )


def payouts_csv(payouts: Iterable[Payout], banks: dict[str, ExternalAccount], zone: ZoneInfo) -> str:
    """One row per payout, as the list shows them."""

    def row(p: Payout) -> dict[str, object]:
        bank = banks.get(p.destination or "")
        return {
            "payout_id": p.id,
            "created_utc": _stamp(p.created),
            "created": _stamp(p.created, zone),
            "arrival_date_utc": _stamp(p.arrival_date),
            "arrival_date": _stamp(p.arrival_date, zone),
            "currency": p.currency,
            "amount": _major(p.amount, p.currency),
            "fee": _major(p.fee, p.currency),
            "status": p.status,
            "method": p.method,
            "automatic": "true" if p.automatic else "false",
            "destination_id": p.destination or "",
            "destination_bank_name": bank.bank_name if bank and bank.bank_name else "",
            "destination_last4": bank.last4 if bank else "",
            "statement_descriptor": p.statement_descriptor or "",
            "failure_code": p.failure_code or "",
            "failure_message": p.failure_message or "",
            "description": p.description or "",
        }

    return _write(PAYOUT_COLUMNS, (row(p) for p in payouts))
