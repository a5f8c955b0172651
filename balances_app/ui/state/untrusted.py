"""Values from the browser, taken as what they must be: every event payload may be forged.

Reflex passes an event's JSON payload to the handler as it came (a list where a string was
expected, a megabyte where a code was expected); these turn it into the plain value the
handler expects, or an empty one that the handler then refuses in plain words.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 100  # no routing or account number, IBAN, holder name, code, id or schedule field is longer


def text(value: Any, limit: int = MAX_TEXT) -> str:
    """A typed field as the string it must be: anything else is empty, anything longer is cut.

    Nobody types a NUL or half a surrogate pair; a forged event's are dropped (a NUL) or replaced
    (a lone surrogate), so no database or hash ever meets text it cannot encode.
    """
    if not isinstance(value, str):
        return ""
    value = value[:limit]
    if value.isascii():
        return value.replace("\x00", "")
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def field(form: Any, name: str, limit: int = MAX_TEXT) -> str:
    """One named field of a submitted form."""
    return text(form.get(name), limit) if isinstance(form, dict) else ""
