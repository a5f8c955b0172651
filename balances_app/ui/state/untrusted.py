"""Values from the browser, taken as what they must be: every event payload may be forged.

Reflex passes an event's JSON payload to the handler as it came (a list where a string was
expected, a megabyte where a code was expected); these turn it into the plain value the
handler expects, or an empty one that the handler then refuses in plain words.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 100  # no routing or account number, IBAN, holder name, code, id or schedule field is longer


def text(value: Any, limit: int = MAX_TEXT) -> str:
    """A typed field as the string it must be: anything else is empty, anything longer is cut."""
    return value[:limit] if isinstance(value, str) else ""


def field(form: Any, name: str, limit: int = MAX_TEXT) -> str:
    """One named field of a submitted form."""
    return text(form.get(name), limit) if isinstance(form, dict) else ""
