"""Bank accounts: the list with default and status, the add form, and the one-time code step.

The account number, holder name and code inputs are uncontrolled: their values stay in the
browser until the person submits, and reach the server only in that event (never a state var).
"""

from __future__ import annotations

import reflex as rx

from balances_app.ui.components import styles
from balances_app.ui.components.modal import modal
from balances_app.ui.components.payouts_list import status_badge
from balances_app.ui.components.text import T
from balances_app.ui.state.bank_accounts import BankAccountsState, BankRow

BANK_FORM, CODE_FORM = "bc-bank-form", "bc-code-form"
TYPING_PAUSE_MS = 250  # the routing number is checked once the typing pauses
# What the code step submits: its code and the add form's values, read from the page at that moment.
SUBMITTED_VALUES: rx.Var = rx.Var(
    _js_expr=f"Object.fromEntries([{BANK_FORM!r}, {CODE_FORM!r}].flatMap((id) => "
    "{ const form = document.getElementById(id); return form ? [...new FormData(form)] : []; }))",
    _var_type=dict,
)


def _bank(row: BankRow) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(
                T("{bank} ••••{last4} · {currency}", bank=row.bank, last4=row.last4, currency=row.currency),
                style=styles.amount,
            ),
            rx.el.span(
                rx.cond(row.is_default, rx.el.span(T("Default"), style=styles.badge)),
                rx.cond(row.status == "errored", status_badge("failed", T("Errored"))),
                style={"display": "flex", "gap": "6px"},
            ),
            style=styles.row,
            id="bc-bank-" + row.id,
        ),
        rx.cond(row.hint != "", rx.el.div(row.hint, style=styles.error_text)),
        rx.el.div(
            rx.cond(
                ~row.is_default,
                rx.el.button(
                    T("Make default"),
                    type="button",
                    style=styles.button_link,
                    on_click=BankAccountsState.make_default(row.id),
                    aria_describedby="bc-bank-" + row.id,
                ),
            ),
            rx.el.button(
                T("Remove"),
                type="button",
                style=styles.button_link_secondary,
                on_click=BankAccountsState.remove(row.id),
                aria_describedby="bc-bank-" + row.id,
            ),
            style=styles.actions_row,
        ),
        style={"border_top": "1px solid var(--bc-color-border)", "padding": f"{styles.HALF_SPACE} 0"},
        data_testid="bank-" + row.last4,
    )


def _field(label: rx.Var, control: rx.Component, control_id: str, error: rx.Var | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=control_id, style=styles.label),
        control,
        rx.cond(error != "", rx.el.div(error, role="alert", style=styles.error_text)) if error is not None else None,
        style={"margin_top": styles.HALF_SPACE},
    )


def _input(control_id: str, name: str, **props) -> rx.Component:
    return rx.el.input(id=control_id, name=name, style=styles.input_field, **{"auto_complete": "off", **props})


def _form() -> rx.Component:
    state = BankAccountsState
    form = rx.el.form(
        rx.el.div(
            rx.el.div(
                rx.el.label(T("Country"), html_for="bc-bank-country", style=styles.label),
                rx.el.select(
                    rx.foreach(state.countries, lambda c: rx.el.option(c.name, value=c.code)),
                    id="bc-bank-country",
                    name="country",
                    value=state.country,
                    on_change=state.set_country,
                    style=styles.input_field,
                ),
                # Country names are long ("Vereinigtes Königreich"): on a phone the country takes
                # its own row rather than share it with the currency and be cut off.
                style={"flex": "2 1 220px"},
            ),
            rx.el.div(
                rx.el.label(T("Currency"), html_for="bc-bank-currency", style=styles.label),
                rx.el.select(
                    rx.foreach(state.currencies, lambda c: rx.el.option(c.upper(), value=c)),
                    id="bc-bank-currency",
                    name="currency",
                    value=state.currency,
                    on_change=state.set_currency,
                    style=styles.input_field,
                ),
                style={"flex": "1 1 100px"},
            ),
            style=styles.actions_row,
        ),
        rx.cond(
            state.needs_routing,
            _field(
                rx.match(
                    state.country,
                    ("US", T("Routing number")),
                    ("GB", T("Sort code")),
                    ("CA", T("Transit and institution number")),
                    ("AU", T("BSB")),
                    ("JP", T("Bank and branch code")),
                    T("Routing number"),
                ),
                # Uncontrolled, as the payout amount: a round trip per keystroke lost fast typing.
                _input(
                    "bc-routing",
                    "routing_number",
                    default_value=state.routing_number,
                    on_change=state.set_routing_number.debounce(TYPING_PAUSE_MS),
                    on_blur=state.set_routing_number,
                ),
                "bc-routing",
                state.routing_error,
            ),
        ),
        _field(
            T("Account number or IBAN"),
            _input("bc-account-number", "account_number", on_change=lambda value: state.set_account_typed(value != "")),
            "bc-account-number",
            state.account_error,
        ),
        _field(T("Account holder name"), _input("bc-holder", "holder_name"), "bc-holder"),
        rx.cond(
            state.form_error != "",
            rx.el.div(state.form_error, role="alert", style=styles.error_text, data_testid="bank-form-error"),
        ),
        rx.el.div(
            rx.el.button(T("Add bank account"), type="submit", style=styles.button_primary, data_testid="bank-add"),
            rx.el.button(
                T("Cancel"),
                type="button",
                on_click=state.toggle_form,
                style=styles.button_secondary,
                data_dialog_close="true",
            ),
            style=styles.actions_row,
        ),
        id=BANK_FORM,
        on_submit=state.add,
    )
    return modal(form, T("Add bank account"), data_testid="bank-form")


def _code_step() -> rx.Component:
    state = BankAccountsState
    form = rx.el.form(
        rx.el.div(state.code_hint, style=styles.label, data_testid="code-hint"),
        _field(
            T("One-time code"),
            _input("bc-code", "code", auto_complete="one-time-code", input_mode="numeric"),
            "bc-code",
            state.code_error,
        ),
        rx.el.div(
            rx.el.button(T("Confirm"), type="submit", style=styles.button_primary, data_testid="code-confirm"),
            rx.el.button(
                T("Cancel"),
                type="button",
                on_click=state.cancel_code,
                style=styles.button_secondary,
                data_dialog_close="true",
            ),
            style=styles.actions_row,
        ),
        id=CODE_FORM,
        on_submit=lambda _form: state.confirm_code(SUBMITTED_VALUES),
    )
    return modal(form, T("Confirm it is you"))


def bank_accounts() -> rx.Component:
    state = BankAccountsState
    return rx.cond(
        state.enabled,
        rx.el.section(
            rx.el.h2(T("Bank accounts"), style=styles.heading),
            rx.el.div(
                rx.cond(state.notice != "", rx.el.div(state.notice, style=styles.label, data_testid="bank-notice")),
                role="status",
            ),
            rx.el.ul(rx.foreach(state.banks, _bank), style={"list_style": "none", "margin": "0", "padding": "0"}),
            rx.cond(state.code_step, _code_step()),
            rx.cond(
                state.form_open,
                _form(),
                rx.el.button(
                    T("Add bank account"),
                    type="button",
                    on_click=state.toggle_form,
                    style={**styles.button_secondary, "margin_top": styles.HALF_SPACE},
                    data_testid="bank-open-form",
                    id="bc-bank-open",
                ),
            ),
            rx.cond(
                (state.form_error != "") & ~state.form_open,
                rx.el.div(state.form_error, role="alert", style=styles.error_text),
            ),
            id="bank-accounts",
            style=styles.card,
        ),
    )
