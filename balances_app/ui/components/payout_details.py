"""The payout details overlay: amount, status history, destination, and the reconciliation."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.payouts_list import status_badge, status_text
from balances_app.ui.components.text import T, around
from balances_app.ui.payout_view import GroupLine, ItemLine, Step
from balances_app.ui.state.payout_detail import PayoutDetailState as D

_cell = {"padding": "var(--bc-table-row-padding-y) 6px", "text_align": "end", "font_variant_numeric": "tabular-nums"}
_left = {**_cell, "text_align": "start"}  # start and end: mirrored right to left


def _fact(label: rx.Var, value: rx.Var, testid: str) -> rx.Component:
    return rx.el.div(rx.el.dt(label, style=styles.label), rx.el.dd(value, style={"margin": "0"}, data_testid=testid))


def _step(step: Step) -> rx.Component:
    color = rx.match(
        step.state, ("failed", "var(--bc-color-danger)"), ("upcoming", "var(--bc-color-secondary-text)"), "inherit"
    )
    return rx.el.li(
        rx.el.span(step.label),
        " ",
        rx.el.span(step.when, style=styles.label),
        style={"color": color},
        data_state=step.state,
    )


def _group(group: GroupLine) -> rx.Component:
    return rx.el.tr(
        rx.el.td(T("{label} ({count})", label=group.label, count=group.count), style=_left),
        rx.el.td(group.gross, style=_cell),
        rx.el.td(group.fee, style=_cell),
        rx.el.td(group.net, style=_cell),
    )


def _item(item: ItemLine) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item.kind, rx.el.div(item.description, style=styles.label), style=_left),
        rx.el.td(item.gross, style=_cell),
        rx.el.td(item.fee, style=_cell),
        rx.el.td(item.net, style=_cell),
        data_testid="item-" + item.id,
    )


def _table(body: rx.Component, footer: rx.Component | None, label: rx.Var) -> rx.Component:
    head = rx.el.thead(
        rx.el.tr(
            rx.el.th(rx.el.span(T("Description"), class_name="bc-visually-hidden"), style=_left),
            *(rx.el.th(h, style=_cell) for h in (T("Gross"), T("Fee"), T("Net"))),
        )
    )
    return rx.el.table(
        head, body, footer or rx.fragment(), aria_label=label, style={"width": "100%", "border_collapse": "collapse"}
    )


def reconciliation() -> rx.Component:
    totals = rx.el.tfoot(
        rx.el.tr(
            rx.el.th(T("Total"), style=_left),
            rx.el.th(D.total_gross, style=_cell),
            rx.el.th(D.total_fee, style=_cell),
            rx.el.th(D.total_net, style=_cell, data_testid="reconciliation-total"),
        )
    )
    return rx.cond(
        D.automatic,
        rx.el.section(
            rx.el.h3(T("What this payout is made of"), style=styles.heading_sm),
            _table(rx.el.tbody(rx.foreach(D.groups, _group)), totals, T("Summary")),
            rx.el.h3(T("Transactions"), style={**styles.heading_sm, "margin_top": styles.SPACE}),
            _table(rx.el.tbody(rx.foreach(D.items, _item)), None, T("Transactions")),
            rx.cond(
                D.has_more_items,
                rx.el.button(T("Show more"), type="button", on_click=D.more_items, style=styles.button_link),
            ),
            rx.el.div(
                rx.el.button(
                    T("Download CSV"),
                    type="button",
                    on_click=D.download_csv,
                    style=styles.button_link,
                    id="bc-reconciliation-csv",
                ),
                rx.el.span(
                    " ", T("Amounts in major units; times in UTC and in the account's time zone."), style=styles.label
                ),
                style={"margin_top": styles.HALF_SPACE},
            ),
            id="bc-reconciliation",
        ),
        rx.el.p(T("Manual and instant payouts are not linked to the transactions they pay out."), style=styles.label),
    )


def payout_details_overlay() -> rx.Component:
    return rx.cond(
        D.open,
        rx.el.div(
            rx.el.div(
                rx.el.div(
                    rx.el.h2(
                        *around(T("Payout {amount}"), "amount", rx.el.span(D.amount, data_testid="detail-amount")),
                        style=styles.heading,
                    ),
                    rx.el.button(
                        T("Close"),
                        type="button",
                        on_click=D.close,
                        style=styles.button_secondary,
                        id="bc-close-details",
                    ),
                    style=styles.row,
                ),
                status_badge(D.status, status_text(D.status)),
                rx.el.ol(rx.foreach(D.steps, _step), aria_label=T("Status history"), id="bc-status-history"),
                rx.el.dl(
                    _fact(T("Method"), D.method, "detail-method"),
                    _fact(T("Fee"), D.fee, "detail-fee"),
                    _fact(T("Arrival date"), D.arrival, "detail-arrival"),
                    _fact(T("Destination"), D.destination, "detail-destination"),
                    _fact(T("Statement descriptor"), D.statement_descriptor, "detail-descriptor"),
                    _fact(T("Payout ID"), D.payout_id, "detail-id"),
                    style={
                        "display": "grid",
                        "grid_template_columns": "repeat(auto-fit, minmax(10em, 1fr))",
                        "gap": styles.HALF_SPACE,
                    },
                ),
                rx.cond(D.failure != "", rx.el.div(D.failure, role="alert", style=styles.danger_note)),
                rx.cond(D.error != "", rx.el.div(D.error, role="alert", style=styles.error_text)),
                reconciliation(),
                style=styles.overlay,
                role="dialog",
                aria_modal="true",
                aria_label=T("Payout details"),
                id="bc-payout-details",
                data_dialog_close="bc-close-details",  # what Escape clicks (assets/dialogs.js)
            ),
            style=styles.backdrop,
        ),
    )
