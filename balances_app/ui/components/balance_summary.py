"""The balance summary: per currency, total, available, incoming funds and the next payout."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.payout_actions import payout_actions
from balances_app.ui.components.payout_dialog import payout_dialog
from balances_app.ui.components.payouts_list import payouts_list
from balances_app.ui.components.text import T
from balances_app.ui.state.balance import BalanceState, CurrencyRow, IncomingRow
from balances_app.ui.state.payouts import PayoutsState


def _line(label: rx.Var, value: rx.Var, test_id: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.span(label, style=styles.label),
        rx.el.span(value, style=styles.amount, data_testid=test_id),
        style=styles.row,
    )


def _incoming(item: IncomingRow) -> rx.Component:
    return rx.el.li(
        rx.el.span(item.day, style=styles.label),
        rx.el.span(item.amount, style=styles.amount),
        style={**styles.row, "padding": "2px 0"},
    )


def _next_payout(row: CurrencyRow) -> rx.Component:
    return rx.cond(
        BalanceState.payouts_manual,
        rx.el.div(rx.el.span(T("Payouts are manual"), style=styles.label), style=styles.row),
        rx.cond(
            row.next_payout_day != "",
            rx.el.div(
                rx.el.span(T("Next payout"), style=styles.label),
                rx.el.span(
                    T("{amount} · {date}", amount=row.next_payout_amount, date=row.next_payout_day),
                    style=styles.amount,
                    data_testid="next-payout-" + row.currency,
                ),
                style=styles.row,
            ),
            rx.el.div(rx.el.span(T("No payout scheduled"), style=styles.label), style=styles.row),
        ),
    )


def currency_card(row: CurrencyRow) -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.div(
                rx.el.div(T("Total balance"), style=styles.label),
                rx.el.div(
                    row.total,
                    style={**styles.big_amount, "color": rx.cond(row.negative, "var(--bc-color-danger)", "inherit")},
                    data_testid="total-" + row.currency,
                ),
            ),
            rx.el.span(row.currency, style=styles.badge),
            style={**styles.row, "align_items": "flex-start"},
        ),
        rx.el.div(style=styles.divider),
        _line(T("Available to pay out"), row.available, "available-" + row.currency),
        _line(T("Incoming"), row.pending, "pending-" + row.currency),
        rx.el.ul(
            rx.foreach(row.incoming, _incoming),
            style={"list_style": "none", "margin": "0", "padding": "0", "padding_inline_start": "12px"},
            aria_label=T("Incoming funds by expected availability date"),
        ),
        rx.el.div(style=styles.divider),
        _next_payout(row),
        payout_actions(row),
        payout_dialog(row),
        style=styles.card,
        aria_label=T("{currency} balance", currency=row.currency),
    )


def balance_summary(payouts_view: rx.Component | None = None) -> rx.Component:
    """The summary; `payouts_view` replaces the recent payouts list (the payouts component's full list)."""
    return rx.el.div(
        rx.el.h2(T("Balances"), style=styles.heading),
        rx.cond(
            BalanceState.negative_note != "",
            rx.el.div(BalanceState.negative_note, role="note", data_testid="negative-note", style=styles.danger_note),
        ),
        rx.el.div(
            rx.cond(
                PayoutsState.notice != "",
                rx.el.div(PayoutsState.notice, style=styles.notice, data_testid="notice"),
            ),
            role="status",
        ),
        rx.foreach(BalanceState.rows, currency_card),
        payouts_list() if payouts_view is None else payouts_view,
        id="bc-balances",
    )
