"""Shared styles, all in terms of the appearance variables (see ui/appearance.py): no fixed colour."""

from __future__ import annotations

import reflex as rx

SPACE = "var(--bc-spacing-unit)"
HALF_SPACE = "calc(var(--bc-spacing-unit) / 2)"

root = {
    "font_family": "var(--bc-font-family)",
    "font_size": "var(--bc-body-md-font-size)",
    "font_weight": "var(--bc-body-md-font-weight)",
    "color": "var(--bc-color-text)",
    "background": "var(--bc-color-background)",
    "line_height": "1.4",
    "padding": "2px",
    "overflow_wrap": "anywhere",  # long names, IBANs and amounts wrap instead of widening the frame
}
card = {
    "border": "1px solid var(--bc-color-border)",
    "border_radius": "var(--bc-border-radius)",
    "padding": SPACE,
    "margin_bottom": SPACE,
    "background": "var(--bc-color-background)",
    "min_width": "0",
}
heading = {
    "font_size": "var(--bc-heading-md-font-size)",
    "font_weight": "var(--bc-heading-md-font-weight)",
    "text_transform": "var(--bc-heading-md-text-transform)",
    "margin": f"0 0 {HALF_SPACE} 0",
}
heading_sm = {
    **heading,
    "font_size": "var(--bc-heading-sm-font-size)",
    "font_weight": "var(--bc-heading-sm-font-weight)",
    "text_transform": "var(--bc-heading-sm-text-transform)",
}
label = {
    "color": "var(--bc-color-secondary-text)",
    "font_size": "var(--bc-label-md-font-size)",
    "font_weight": "var(--bc-label-md-font-weight)",
    "text_transform": "var(--bc-label-md-text-transform)",
}
big_amount = {
    "font_size": "var(--bc-heading-xl-font-size)",
    "font_weight": "var(--bc-heading-xl-font-weight)",
    "text_transform": "var(--bc-heading-xl-text-transform)",
    "font_variant_numeric": "tabular-nums",
}
amount = {"font_weight": "500", "font_variant_numeric": "tabular-nums"}
row = {
    "display": "flex",
    "flex_wrap": "wrap",
    "justify_content": "space-between",
    "align_items": "baseline",
    "column_gap": SPACE,
    "padding": "var(--bc-table-row-padding-y) 0",
}
divider = {"border_top": "1px solid var(--bc-color-border)", "margin": f"{HALF_SPACE} 0"}


def _badge(kind: str) -> dict:
    return {
        "background": f"var(--bc-badge-{kind}-color-background)",
        "color": f"var(--bc-badge-{kind}-color-text)",
        "border": f"1px solid var(--bc-badge-{kind}-color-border)",
    }


badge = {
    "display": "inline-block",
    "font_size": "var(--bc-badge-label-font-size)",
    "font_weight": "var(--bc-badge-label-font-weight)",
    "text_transform": "var(--bc-badge-label-text-transform)",
    "padding": "var(--bc-badge-padding-y) var(--bc-badge-padding-x)",
    "border_radius": "var(--bc-badge-border-radius)",
    "white_space": "nowrap",
    **_badge("neutral"),
}
# Which of Stripe's badge kinds each status is drawn as (payouts and bank accounts).
STATUS_BADGES = {"paid": "success", "failed": "danger", "errored": "danger", "verification_failed": "danger"}


def status_badge(status: rx.Var) -> dict:
    """The badge style for a status Var: neutral unless STATUS_BADGES says otherwise."""
    parts = {
        k: rx.match(status, *((s, _badge(kind)[k]) for s, kind in STATUS_BADGES.items()), _badge("neutral")[k])
        for k in _badge("neutral")
    }
    return {**badge, **parts}


danger_note = {
    "color": "var(--bc-color-danger)",
    "border": "1px solid var(--bc-color-danger)",
    "border_radius": "var(--bc-border-radius)",
    "padding": SPACE,
    "margin_bottom": SPACE,
    "font_size": "var(--bc-body-sm-font-size)",
    "font_weight": "var(--bc-body-sm-font-weight)",
}


def _action(kind: str) -> dict:
    return {
        "color": f"var(--bc-action-{kind}-color-text)",
        "text_decoration_line": f"var(--bc-action-{kind}-text-decoration-line)",
        "text_decoration_color": f"var(--bc-action-{kind}-text-decoration-color)",
        "text_decoration_style": f"var(--bc-action-{kind}-text-decoration-style)",
        "text_decoration_thickness": f"var(--bc-action-{kind}-text-decoration-thickness)",
        "text_transform": f"var(--bc-action-{kind}-text-transform)",
    }


link = {**_action("primary"), "font_weight": "500"}


def _button(kind: str) -> dict:
    return {
        "background": f"var(--bc-button-{kind}-color-background)",
        "color": f"var(--bc-button-{kind}-color-text)",
        "border": f"1px solid var(--bc-button-{kind}-color-border)",
        "border_radius": "var(--bc-button-border-radius)",
        "padding": "var(--bc-button-padding-y) var(--bc-button-padding-x)",
        "font": "inherit",
        "font_size": "var(--bc-button-label-font-size)",
        "font_weight": "var(--bc-button-label-font-weight)",
        "text_transform": "var(--bc-button-label-text-transform)",
        "cursor": "pointer",
        "max_width": "100%",
        "_disabled": {"opacity": "0.5", "cursor": "not-allowed"},
    }


button_primary = _button("primary")
button_secondary = _button("secondary")
_link_button = {"background": "none", "border": "none", "padding": "0", "font": "inherit", "cursor": "pointer"}
button_link = {**_link_button, **_action("primary")}
button_link_secondary = {**_link_button, **_action("secondary")}
actions_row = {
    "display": "flex",
    "flex_wrap": "wrap",
    "gap": HALF_SPACE,
    "align_items": "center",
    "margin_top": HALF_SPACE,
}
input_field = {
    "font": "inherit",
    "padding": "var(--bc-input-field-padding-y) var(--bc-input-field-padding-x)",
    "border": "1px solid var(--bc-color-border)",
    "border_radius": "var(--bc-form-border-radius)",
    "background": "var(--bc-form-background-color)",
    "color": "var(--bc-color-text)",
    "accent_color": "var(--bc-form-accent-color)",
    "width": "100%",
    "min_width": "0",
    "box_sizing": "border-box",
    "_placeholder": {"color": "var(--bc-form-placeholder-text-color)"},
    "_focus": {
        "border_color": "var(--bc-form-highlight-color-border)",
        "outline_color": "var(--bc-form-highlight-color-border)",
    },
}
# Dialogs and forms that open in place: Stripe's `overlays` option picks a centred dialog or a
# drawer along the frame's end edge (ui/appearance.py sets the --bc-overlay-* variables).
panel = {
    **card,
    "border_color": "var(--bc-color-primary)",
    "border_radius": "var(--bc-overlay-corners)",
    "max_width": "var(--bc-overlay-max-width)",
    "margin": f"0 0 {SPACE} 0",
    "box_shadow": "0 2px 10px rgba(0,0,0,0.06)",
}
overlay = {**panel, "margin": "var(--bc-overlay-margin)"}
backdrop = {"background": "var(--bc-overlay-backdrop-color)", "padding": HALF_SPACE}
offset = {"background": "var(--bc-offset-background-color)"}
notice = {**card, "font_size": "var(--bc-body-sm-font-size)", "font_weight": "var(--bc-body-sm-font-weight)"}
error_text = {
    "color": "var(--bc-color-danger)",
    "font_size": "var(--bc-body-sm-font-size)",
    "font_weight": "var(--bc-body-sm-font-weight)",
    "margin": f"{HALF_SPACE} 0",
}
