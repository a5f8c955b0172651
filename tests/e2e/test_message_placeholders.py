"""`T`'s placeholders in the browser: every value goes in as text, once, whatever it holds.

A value may hold what looks like a replacement pattern (`$&`), another placeholder of the same
message (`{currency}` in a bank's name), or markup: the label shows it as typed, and the other
placeholders are filled in the message only, never inside a value.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from balances_app.ui.components.text import T
from balances_app.ui.state.session import SessionState

pytestmark = pytest.mark.e2e

MESSAGE = "{bank} ••••{last4} · {currency}"


def shown(page: Page, table: dict[str, str], **values: str) -> str:
    """The label the browser computes from T's expression, with `table` as the session's messages."""
    expression = str(T(MESSAGE, **values)).replace(str(SessionState.messages), f"({json.dumps(table)})")
    return page.evaluate(expression)


@pytest.mark.parametrize("table", [{}, {MESSAGE: "{currency} · {bank} ({last4})"}])
def test_a_value_is_put_in_as_text_and_never_read_as_a_placeholder_or_pattern(page: Page, table: dict) -> None:
    bank = "Bank {currency} $& $1 {last4} </script><b>x</b>"
    label = shown(page, table, bank=bank, last4="$'1234", currency="{bank}")
    expected = (table.get(MESSAGE) or MESSAGE).format(bank=bank, last4="$'1234", currency="{bank}")
    assert label == expected
