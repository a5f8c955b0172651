"""Which currencies money can be held in: the ISO 4217 codes that are legal tender somewhere.

The list comes from CLDR (through Babel), not from a table of ours: a platform in Mexico
charges in MXN whether or not we have thought of it, while `zzz`, withdrawn codes (`dem`) and
the ISO test and metal codes (`xts`, `xau`) are refused. Which currencies a bank account or an
instant payout may use are narrower rules, kept with them.
"""

from __future__ import annotations

from functools import cache

from babel.core import get_global
from babel.numbers import get_territory_currencies


@cache
def legal_tender() -> frozenset[str]:
    """Lowercase codes of every currency some territory uses as legal tender today."""
    territories = get_global("territory_currencies")
    return frozenset(code.lower() for territory in territories for code in get_territory_currencies(territory))


def is_currency(code: str) -> bool:
    return code in legal_tender()
