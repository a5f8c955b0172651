"""The payout and add-funds dialog, shown in place under the currency it is for.

Its fields are uncontrolled: the browser keeps every keystroke, the preview follows after a
short pause (and on blur), and Confirm submits the form as it stands. A new dialog gets new
fields (keyed by the dialog), so a new prefill shows.
"""

from __future__ import annotations

import reflex as rx

from balances_app.domain.topups import AVAILABILITY_BUSINESS_DAYS
from balances_app.ui.components import styles
from balances_app.ui.components.modal import modal
from balances_app.ui.components.text import T
from balances_app.ui.state.balance import CurrencyRow
from balances_app.ui.state.payouts import PREVIEW_PAUSE_MS, Option, PayoutsState

TITLES = {"standard": T("Pay out"), "instant": T("Instant payout"), "topup": T("Add funds")}


def _figure(label: rx.Var, value: rx.Var, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.span(label, style=styles.label),
        rx.el.span(value, style=styles.amount, data_testid=test_id),
        style=styles.row,
    )


def _destination(option: Option) -> rx.Component:
    return rx.el.option(option.label, value=option.value)


def payout_dialog(row: CurrencyRow) -> rx.Component:
    return rx.cond(
        (PayoutsState.dialog != "") & (PayoutsState.dialog_currency == row.code),
        modal(
            rx.el.form(
                rx.el.h3(
                    rx.match(PayoutsState.dialog, *TITLES.items(), ""), " · ", row.currency, style=styles.heading_sm
                ),
                rx.el.label(T("Amount"), html_for="bc-amount", style=styles.label),
                rx.el.input(
                    id="bc-amount",
                    name="amount",
                    key=PayoutsState.dialog_key,
                    default_value=PayoutsState.amount,
                    on_change=PayoutsState.preview.debounce(PREVIEW_PAUSE_MS),
                    on_blur=PayoutsState.preview,
                    input_mode="decimal",
                    auto_complete="off",
                    aria_describedby="bc-amount-words",
                    style=styles.input_field,
                ),
                rx.cond(
                    PayoutsState.prefill_note != "",
                    rx.el.div(PayoutsState.prefill_note, style=styles.label, data_testid="dialog-prefill-note"),
                ),
                rx.cond(
                    PayoutsState.dialog != "topup",
                    rx.el.div(
                        rx.el.label(T("To"), html_for="bc-destination", style=styles.label),
                        rx.el.select(
                            rx.foreach(PayoutsState.destinations, _destination),
                            id="bc-destination",
                            name="destination",
                            key=PayoutsState.dialog_key,
                            default_value=PayoutsState.destination,
                            style=styles.input_field,
                        ),
                        style={"margin_top": styles.HALF_SPACE},
                    ),
                    rx.el.div(
                        T(
                            "From your default bank account. The funds become available in about {days} business days.",
                            days=AVAILABILITY_BUSINESS_DAYS,
                        ),
                        style={**styles.label, "margin_top": styles.HALF_SPACE},
                    ),
                ),
                rx.cond(PayoutsState.dialog == "instant", _figure(T("Fee"), PayoutsState.fee, "dialog-fee")),
                rx.cond(
                    PayoutsState.dialog != "topup",
                    _figure(T("Total from your balance"), PayoutsState.total, "dialog-total"),
                ),
                rx.cond(PayoutsState.dialog != "topup", _figure(T("Arrives"), PayoutsState.arrival, "dialog-arrival")),
                rx.el.div(
                    rx.cond(PayoutsState.words != "", rx.el.span(T("Amount:"), " ", style=styles.label)),
                    PayoutsState.words,
                    id="bc-amount-words",
                    aria_live="polite",
                    data_testid="dialog-words",
                    style={"margin_top": styles.HALF_SPACE},
                ),
                rx.cond(
                    PayoutsState.dialog_error != "",
                    rx.el.div(
                        PayoutsState.dialog_error, role="alert", style=styles.error_text, data_testid="dialog-error"
                    ),
                ),
                rx.el.div(
                    rx.el.button(
                        rx.cond(PayoutsState.sending, T("Sending…"), T("Confirm")),
                        type="submit",
                        disabled=PayoutsState.sending,
                        aria_busy=PayoutsState.sending,
                        style=styles.button_primary,
                        data_testid="dialog-confirm",
                    ),
                    rx.el.button(
                        T("Cancel"),
                        type="button",
                        disabled=PayoutsState.sending,
                        on_click=PayoutsState.close,
                        style=styles.button_secondary,
                        data_dialog_close="true",
                    ),
                    style=styles.actions_row,
                ),
                on_submit=PayoutsState.confirm,
                id="bc-payout-dialog",
            ),
            rx.match(PayoutsState.dialog, *TITLES.items(), ""),
            data_testid="payout-dialog",
        ),
    )
