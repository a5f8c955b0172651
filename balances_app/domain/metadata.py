"""Metadata: Stripe's key-value pairs on an object, at most 50 keys in all, however many updates add them.

An update merges into what is there, and an empty value removes its key (Stripe's rule). The
cap holds for the merged result: without it, fifty new keys per update would grow an object
(and every event and webhook that carries it) without end.
"""

from __future__ import annotations

from balances_app.domain.errors import invalid

MAX_KEYS = 50
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 500


def merged(current: dict[str, str], change: dict[str, str]) -> dict[str, str]:
    """`current` updated by `change`, empty values removed; a 400 beyond MAX_KEYS."""
    result = {key: value for key, value in {**current, **change}.items() if value != ""}
    if len(result) > MAX_KEYS:
        raise invalid("metadata", f"An object may hold at most {MAX_KEYS} metadata keys: unset some first.")
    return result
