"""Balance arithmetic over running-total buckets. Pure: no database, no clock of its own.

Money is available once `available_on` has passed and pending before; card funds become
instantly available earlier, at `instant_available_on`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class Bucket(NamedTuple):
    currency: str
    source_type: str
    available_on: int
    instant_available_on: int
    amount: int


@dataclass
class CurrencyBalance:
    currency: str
    available: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pending: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    instant: int = 0
    incoming: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # available_on -> amount

    @property
    def available_total(self) -> int:
        return sum(self.available.values())

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())

    @property
    def total(self) -> int:
        return self.available_total + self.pending_total

    @property
    def instant_available(self) -> int:
        """What an instant payout could take now: never below 0."""
        return max(0, self.instant)


def summarize(buckets: Iterable[Bucket], now: int) -> dict[str, CurrencyBalance]:
    """Balances per currency at `now`, from running-total buckets (or from raw entries)."""
    result: dict[str, CurrencyBalance] = {}
    for bucket in buckets:
        balance = result.get(bucket.currency)
        if balance is None:  # one per currency, not one per bucket thrown away
            balance = result[bucket.currency] = CurrencyBalance(bucket.currency)
        if bucket.available_on <= now:
            balance.available[bucket.source_type] += bucket.amount
        else:
            balance.pending[bucket.source_type] += bucket.amount
            balance.incoming[bucket.available_on] += bucket.amount
        if bucket.instant_available_on <= now:
            balance.instant += bucket.amount
    return dict(sorted(result.items()))


def available_at(buckets: Iterable[Bucket], currency: str, moment: int) -> int:
    """The available balance a currency will have at `moment`, if nothing else is booked."""
    return sum(b.amount for b in buckets if b.currency == currency and b.available_on <= moment)


def covered_from(buckets: Iterable[Bucket], currency: str, amount: int, now: int) -> int:
    """The earliest moment from which the available balance covers `amount` for good.

    An instant payout spends funds that are not available yet; booking its debit as available
    from this moment keeps the available balance from dipping below zero in the meantime.
    """
    totals: dict[int, int] = defaultdict(int)
    for bucket in buckets:
        if bucket.currency == currency:
            totals[max(bucket.available_on, now)] += bucket.amount
    moment, running = now, 0
    covered_since: int | None = None
    for moment in sorted(totals):
        running += totals[moment]
        if running < amount:
            covered_since = None
        elif covered_since is None:
            covered_since = moment
    return covered_since if covered_since is not None else moment


def lowest_available(buckets: Iterable[Bucket], currency: str, moment: int) -> int:
    """The lowest available balance a currency has at `moment` or at any later moment already booked.

    What can be paid out at `moment` without any later-dated debit (an instant payout that
    spent pending funds) overdrawing the balance when it lands.
    """
    changes: dict[int, int] = defaultdict(int)
    for bucket in buckets:
        if bucket.currency == currency:
            changes[max(bucket.available_on, moment)] += bucket.amount
    running = lowest = changes.pop(moment, 0)
    for when in sorted(changes):
        running += changes[when]
        lowest = min(lowest, running)
    return lowest
