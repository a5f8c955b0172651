"""Recent and upcoming payouts with their status, amount, dates and destination."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.state.payouts import PayoutRow, PayoutsState


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    background = rx.match(status, *((s, c[0]) for s, c in styles.STATUS_COLORS.items()), "#f3f4f6")
    color = rx.match(status, *((s, c[1]) for s, c in styles.STATUS_COLORS.items()), "#4b5563")
    return rx.el.span(label, style={**styles.badge, "background": background, "color": color, "border_color": color})


def _payout(row: PayoutRow) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(row.amount, style=styles.amount),
            status_badge(row.status, row.status_label),
            style=styles.row,
            id="bc-payout-" + row.id,
        ),
        rx.el.div(
            rx.el.span(row.method, " · ", row.destination, style=styles.label),
            rx.el.span(rx.cond(row.status == "paid", "Arrived ", "Arrives "), row.arrival, style=styles.label),
            style={**styles.row, "padding": "0"},
        ),
        rx.cond(row.failure != "", rx.el.div(row.failure, style=styles.error_text)),
        rx.cond(
            row.cancelable,
            rx.el.button(
                "Cancel payout",
                type="button",
                on_click=PayoutsState.cancel_payout(row.id),
                style=styles.button_link,
                aria_describedby="bc-payout-" + row.id,
            ),
        ),
        style={"border_top": "1px solid var(--bc-color-border)", "padding": f"{styles.HALF_SPACE} 0"},
        data_testid="payout-" + row.id,
        data_status=row.status,
    )


def payouts_list() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Payouts", style=styles.heading),
        rx.cond(
            PayoutsState.payouts.length() > 0,
            rx.el.ul(
                rx.foreach(PayoutsState.payouts, _payout), style={"list_style": "none", "margin": "0", "padding": "0"}
            ),
            rx.el.div("No payouts yet.", style=styles.label),
        ),
        style=styles.card,
        id="bc-payouts",
    )
