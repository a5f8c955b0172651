"""/embed/payouts, /embed/payouts-list and /embed/payout-details: the payouts family's pages.

The details open inside the component, in place of the list (the frame grows to fit, so no
fixed-position overlay fights the platform's scrolling).
"""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components.balance_summary import balance_summary
from balances_app.ui.components.frame import embed_frame
from balances_app.ui.components.payout_details import payout_details_overlay
from balances_app.ui.components.payout_table import payout_table
from balances_app.ui.components.schedule_editor import schedule_editor
from balances_app.ui.components.text import T
from balances_app.ui.state.payout_detail import PayoutDetailState


def _list_or_details(content: rx.Component) -> rx.Component:
    return rx.cond(PayoutDetailState.open, payout_details_overlay(), content)


def payouts_page() -> rx.Component:
    return embed_frame(_list_or_details(rx.el.div(balance_summary(payout_table()), schedule_editor())), T("Payouts"))


def payouts_list_page() -> rx.Component:
    return embed_frame(_list_or_details(payout_table()), T("Payouts"))


def payout_details_page() -> rx.Component:
    return embed_frame(payout_details_overlay(), T("Payout details"))
