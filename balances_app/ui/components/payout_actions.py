"""The money actions under a currency's balance: pay out, instant payout, add funds.

"Edit payout schedule" moves to the editor on the same page in the browser: a `#fragment` link
would navigate the frame (it reloaded without its query string, and the component died).
"""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.text import T
from balances_app.ui.state.balance import BalanceState, CurrencyRow
from balances_app.ui.state.payouts import PayoutsState

# Scroll to the schedule editor and put the focus on its first field, without navigating.
SHOW_SCHEDULE = (
    "const editor = document.getElementById('payout-schedule');"
    "if (editor) { editor.scrollIntoView({block: 'start'}); document.getElementById('bc-interval')?.focus(); }"
)


def _action(shown: rx.Var, reason: rx.Var, label: rx.Var, kind: str, row: CurrencyRow, style: dict) -> rx.Component:
    return rx.cond(
        shown,
        rx.el.button(
            label,
            type="button",
            disabled=reason != "",
            title=reason,
            on_click=PayoutsState.open(kind, row.code),
            style=style,
            data_testid=f"{kind}-" + row.currency,
            aria_describedby=rx.cond(reason != "", f"{kind}-reason-" + row.currency, ""),
        ),
    )


def _reason(shown: rx.Var, reason: rx.Var, test_id: rx.Var) -> rx.Component:
    return rx.cond(shown & (reason != ""), rx.el.div(reason, style=styles.label, data_testid=test_id, id=test_id))


def payout_actions(row: CurrencyRow) -> rx.Component:
    return rx.el.div(
        rx.el.div(
            _action(row.standard_shown, row.standard_reason, T("Pay out"), "standard", row, styles.button_primary),
            _action(
                row.instant_shown, row.instant_reason, T("Instant payout"), "instant", row, styles.button_secondary
            ),
            _action(row.topup_shown, row.topup_reason, T("Add funds"), "topup", row, styles.button_secondary),
            style=styles.actions_row,
        ),
        _reason(row.standard_shown, row.standard_reason, "standard-reason-" + row.currency),
        rx.cond(
            row.standard_shown
            & (row.standard_reason != "")
            & BalanceState.can_edit_schedule
            & ~BalanceState.payouts_manual,
            rx.el.button(
                T("Edit payout schedule"),
                type="button",
                on_click=rx.call_script(SHOW_SCHEDULE),
                style=styles.button_link,
                data_testid="edit-schedule",
            ),
        ),
        _reason(row.instant_shown, row.instant_reason, "instant-reason-" + row.currency),
        _reason(row.topup_shown, row.topup_reason, "topup-reason-" + row.currency),
    )
