"""/embed/balances: the page connect.js frames for `create('balances')`."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components.balance_summary import balance_summary
from balances_app.ui.components.bank_accounts import bank_accounts
from balances_app.ui.components.frame import embed_frame
from balances_app.ui.components.schedule_editor import schedule_editor
from balances_app.ui.components.text import T

ROUTE = "/embed/balances"


def balances_page() -> rx.Component:
    return embed_frame(rx.el.div(balance_summary(), schedule_editor(), bank_accounts()), T("Balances"))
