"""The payout schedule editor: the schedule in words, its next dates, and a form to change it."""

from __future__ import annotations

import reflex as rx

from balances_app.domain.schedule import WEEKDAYS
from balances_app.ui.components import styles
from balances_app.ui.components.text import T, local_digits
from balances_app.ui.state.schedule import ScheduleState
from balances_app.ui.state.session import SessionState

INTERVALS = (("daily", T("Daily")), ("weekly", T("Weekly")), ("monthly", T("Monthly")), ("manual", T("Manual")))


def _select(label: rx.Var, control_id: str, value: rx.Var, on_change, options) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=control_id, style=styles.label),
        rx.el.select(
            *[rx.el.option(text, value=key) for key, text in options],
            id=control_id,
            value=value,
            on_change=on_change,
            style=styles.input_field,
        ),
        style={"flex": "1", "min_width": "140px"},
    )


def _next_date(day: rx.Var) -> rx.Component:
    return rx.el.li(day, style={"padding": "2px 0"})


def schedule_editor() -> rx.Component:
    return rx.cond(
        ScheduleState.enabled,
        rx.el.section(
            rx.el.h2(T("Payout schedule"), style=styles.heading),
            rx.el.div(ScheduleState.description, data_testid="schedule-description", style=styles.amount),
            rx.cond(
                ScheduleState.next_dates.length() > 0,
                rx.el.div(
                    rx.el.div(T("Next payout dates"), style=styles.label),
                    rx.el.ul(
                        rx.foreach(ScheduleState.next_dates, _next_date),
                        data_testid="schedule-next-dates",
                        style={"margin": "0", "padding_inline_start": "18px"},
                    ),
                ),
            ),
            rx.el.div(
                _select(T("Interval"), "bc-interval", ScheduleState.interval, ScheduleState.set_interval, INTERVALS),
                rx.cond(
                    ScheduleState.interval == "weekly",
                    _select(
                        T("Day of the week"),
                        "bc-weekly-anchor",
                        ScheduleState.weekly_anchor,
                        ScheduleState.set_weekly_anchor,
                        [(d, SessionState.weekday_names[d].to(str)) for d in WEEKDAYS],
                    ),
                ),
                rx.cond(
                    ScheduleState.interval == "monthly",
                    _select(
                        T("Day of the month"),
                        "bc-monthly-anchor",
                        ScheduleState.monthly_anchor,
                        ScheduleState.set_monthly_anchor,
                        [(str(d), local_digits(d)) for d in range(1, 32)],
                    ),
                ),
                rx.el.div(
                    rx.el.label(T("Delay (days)"), html_for="bc-delay", style=styles.label),
                    # Uncontrolled: the browser keeps every keystroke and sends the value on blur
                    # (clicking Save blurs first); a saved schedule (a new description) remounts it.
                    rx.el.input(
                        id="bc-delay",
                        key=ScheduleState.description,
                        default_value=ScheduleState.delay_days,
                        on_blur=ScheduleState.set_delay_days,
                        input_mode="numeric",
                        style=styles.input_field,
                    ),
                    rx.el.div(
                        T("Minimum for your country: {count}", count=ScheduleState.minimum_delay), style=styles.label
                    ),
                    style={"flex": "1", "min_width": "120px"},
                ),
                style={**styles.actions_row, "align_items": "flex-start"},
            ),
            rx.cond(
                ScheduleState.error != "",
                rx.el.div(ScheduleState.error, role="alert", style=styles.error_text, data_testid="schedule-error"),
            ),
            rx.el.div(
                rx.el.button(
                    T("Save schedule"),
                    type="button",
                    on_click=ScheduleState.save,
                    style=styles.button_primary,
                    data_testid="schedule-save",
                ),
                rx.el.span(
                    rx.cond(ScheduleState.saved != "", rx.el.span(ScheduleState.saved, style=styles.label)),
                    role="status",
                ),
                style=styles.actions_row,
            ),
            id="payout-schedule",
            style=styles.card,
        ),
    )
