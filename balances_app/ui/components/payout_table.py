"""The payouts list of `payouts` and `payouts-list`: filters, pages, CSV, rows that open the details."""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.payouts_list import status_badge, status_text
from balances_app.ui.components.text import T
from balances_app.ui.state.payout_detail import PayoutDetailState
from balances_app.ui.state.payout_list import ListRow, PayoutListState
from balances_app.ui.state.payout_rows import STATUS_LABELS

_small_input = {**styles.input_field, "width": "auto", "min_width": "7em"}


def _field(label: rx.Var, control: rx.Component) -> rx.Component:
    return rx.el.label(rx.el.span(label, style=styles.label), control, style={"display": "grid", "gap": "2px"})


def _select(name: str, value: rx.Var, options: list[tuple[str, rx.Var]]) -> rx.Component:
    return rx.el.select(
        *(rx.el.option(text, value=key) for key, text in options),
        value=value,
        on_change=lambda v: PayoutListState.set_filter(name, v),
        name=name,
        style=_small_input,
    )


def _input(name: str, value: rx.Var, kind: str = "text", placeholder: str = "") -> rx.Component:
    return rx.el.input(
        type=kind,
        default_value=value,
        placeholder=placeholder,
        on_blur=lambda v: PayoutListState.set_filter(name, v),
        name=name,
        style=_small_input,
    )


def filters() -> rx.Component:
    statuses = [("", T("Any status")), *((status, T(label)) for status, label in STATUS_LABELS.items())]
    return rx.el.form(
        _field(T("Status"), _select("status", PayoutListState.status, statuses)),
        _field(
            T("Method"),
            _select(
                "method",
                PayoutListState.method,
                [("", T("Any")), ("standard", T("Standard")), ("instant", T("Instant"))],
            ),
        ),
        _field(T("Arrives from"), _input("arrival_from", PayoutListState.arrival_from, "date")),
        _field(T("Arrives until"), _input("arrival_until", PayoutListState.arrival_until, "date")),
        _field(
            T("Amount from"),
            _input("amount_min", PayoutListState.amount_min, placeholder=PayoutListState.currency_hint),
        ),
        _field(
            T("Amount up to"),
            _input("amount_max", PayoutListState.amount_max, placeholder=PayoutListState.currency_hint),
        ),
        rx.el.button(
            T("Clear"), type="button", on_click=PayoutListState.clear_filters, style=styles.button_link_secondary
        ),
        on_submit=rx.prevent_default,
        aria_label=T("Filter payouts"),
        style={"display": "flex", "flex_wrap": "wrap", "gap": styles.HALF_SPACE, "align_items": "end"},
        id="bc-payout-filters",
    )


def _row(row: ListRow) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(row.amount, style=styles.amount),
            status_badge(row.status, status_text(row.status)),
            rx.el.span(row.method, " · ", row.destination, style=styles.label),
            rx.el.span(T("Arrival {date}", date=row.arrival), style=styles.label),
            type="button",
            on_click=PayoutDetailState.open_payout(row.id),
            id="bc-open-" + row.id,
            style={
                **styles.row,
                "width": "100%",
                "background": "none",
                "border": "none",
                "font": "inherit",
                "color": "inherit",
                "cursor": "pointer",
                "text_align": "start",
                "flex_wrap": "wrap",
                "_hover": styles.offset,
            },
        ),
        style={"border_top": "1px solid var(--bc-color-border)"},
        data_testid="payout-row-" + row.id,
        data_status=row.status,
    )


def pager() -> rx.Component:
    return rx.el.div(
        rx.el.button(
            T("Previous"),
            type="button",
            on_click=PayoutListState.previous_page,
            disabled=PayoutListState.page_number <= 1,
            style=styles.button_secondary,
            id="bc-prev-page",
        ),
        rx.el.span(T("Page {number}", number=PayoutListState.page_number), style=styles.label, id="bc-page-number"),
        rx.el.button(
            T("Next"),
            type="button",
            on_click=PayoutListState.next_page,
            disabled=~PayoutListState.has_next,
            style=styles.button_secondary,
            id="bc-next-page",
        ),
        rx.el.button(
            T("Download CSV"),
            type="button",
            on_click=PayoutListState.download_csv,
            style=styles.button_link,
            id="bc-payouts-csv",
        ),
        rx.el.span(T("CSV: amounts in major units; times in UTC and the account's time zone."), style=styles.label),
        style=styles.actions_row,
    )


def payout_table() -> rx.Component:
    return rx.el.section(
        rx.el.h2(T("Payouts"), style=styles.heading),
        filters(),
        rx.cond(PayoutListState.error != "", rx.el.div(PayoutListState.error, role="alert", style=styles.error_text)),
        rx.cond(
            PayoutListState.rows.length() > 0,
            rx.el.ul(
                rx.foreach(PayoutListState.rows, _row), style={"list_style": "none", "margin": "0", "padding": "0"}
            ),
            rx.el.div(T("No payouts match."), style=styles.label, id="bc-no-payouts"),
        ),
        pager(),
        style=styles.card,
        id="bc-payout-table",
    )
