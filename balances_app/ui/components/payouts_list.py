"""Recent and upcoming payouts with their status, amount, dates and destination."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.text import T
from balances_app.ui.state.payouts import PayoutRow, PayoutsState


def status_text(status: rx.Var) -> rx.Var:
    """A payout's status code as its badge says it, in the session's language (the msgids of STATUS_LABELS)."""
    return rx.match(
        status,
        ("pending", T("Pending")),
        ("in_transit", T("In transit")),
        ("paid", T("Paid")),
        ("failed", T("Failed")),
        ("canceled", T("Canceled")),
        status,
    )


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    return rx.el.span(label, style=styles.status_badge(status))


def _payout(row: PayoutRow) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(row.amount, style=styles.amount),
            status_badge(row.status, status_text(row.status)),
            style=styles.row,
            id="bc-payout-" + row.id,
        ),
        rx.el.div(
            rx.el.span(row.method, " · ", row.destination, style=styles.label),
            rx.el.span(
                rx.cond(
                    row.status == "paid", T("Arrived {date}", date=row.arrival), T("Arrives {date}", date=row.arrival)
                ),
                style=styles.label,
            ),
            style={**styles.row, "padding": "0"},
        ),
        rx.cond(row.failure != "", rx.el.div(row.failure, style=styles.error_text)),
        rx.cond(
            row.cancelable,
            rx.el.button(
                T("Cancel payout"),
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
        rx.el.h2(T("Payouts"), style=styles.heading),
        rx.cond(
            PayoutsState.payouts.length() > 0,
            rx.el.ul(
                rx.foreach(PayoutsState.payouts, _payout), style={"list_style": "none", "margin": "0", "padding": "0"}
            ),
            rx.el.div(T("No payouts yet."), style=styles.label),
        ),
        style=styles.card,
        id="bc-payouts",
    )
