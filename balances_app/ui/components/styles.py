"""Shared styles, all in terms of the appearance variables (see ui/appearance.py)."""

SPACE = "var(--bc-spacing-unit)"
HALF_SPACE = "calc(var(--bc-spacing-unit) / 2)"

root = {
    "font_family": "var(--bc-font-family)",
    "font_size": "var(--bc-font-size-base)",
    "color": "var(--bc-color-text)",
    "background": "var(--bc-color-background)",
    "line_height": "1.4",
    "padding": "2px",
}
card = {
    "border": "1px solid var(--bc-color-border)",
    "border_radius": "var(--bc-border-radius)",
    "padding": SPACE,
    "margin_bottom": SPACE,
    "background": "var(--bc-color-background)",
}
heading = {"font_size": "1.15em", "font_weight": "600", "margin": f"0 0 {HALF_SPACE} 0"}
label = {"color": "var(--bc-color-secondary-text)", "font_size": "0.875em"}
big_amount = {"font_size": "1.75em", "font_weight": "600", "font_variant_numeric": "tabular-nums"}
amount = {"font_weight": "500", "font_variant_numeric": "tabular-nums"}
row = {
    "display": "flex",
    "justify_content": "space-between",
    "align_items": "baseline",
    "gap": SPACE,
    "padding": f"{HALF_SPACE} 0",
}
divider = {"border_top": "1px solid var(--bc-color-border)", "margin": f"{HALF_SPACE} 0"}
badge = {
    "font_size": "0.75em",
    "font_weight": "600",
    "padding": "2px 8px",
    "border_radius": "999px",
    "border": "1px solid var(--bc-color-primary)",
    "color": "var(--bc-color-primary)",
}
danger_note = {
    "color": "var(--bc-color-danger)",
    "border": "1px solid var(--bc-color-danger)",
    "border_radius": "var(--bc-border-radius)",
    "padding": SPACE,
    "margin_bottom": SPACE,
    "font_size": "0.9em",
}
link = {"color": "var(--bc-color-primary)", "font_weight": "500"}
button_primary = {
    "background": "var(--bc-color-primary)",
    "color": "#ffffff",
    "border": "1px solid var(--bc-color-primary)",
    "border_radius": "var(--bc-border-radius)",
    "padding": f"{HALF_SPACE} {SPACE}",
    "font": "inherit",
    "font_weight": "600",
    "cursor": "pointer",
    "_disabled": {"opacity": "0.5", "cursor": "not-allowed"},
}
button_secondary = {
    **button_primary,
    "background": "var(--bc-color-background)",
    "color": "var(--bc-color-primary)",
}
button_link = {
    "background": "none",
    "border": "none",
    "padding": "0",
    "font": "inherit",
    "color": "var(--bc-color-primary)",
    "text_decoration": "underline",
    "cursor": "pointer",
}
actions_row = {
    "display": "flex",
    "flex_wrap": "wrap",
    "gap": HALF_SPACE,
    "align_items": "center",
    "margin_top": HALF_SPACE,
}
input_field = {
    "font": "inherit",
    "padding": HALF_SPACE,
    "border": "1px solid var(--bc-color-border)",
    "border_radius": "var(--bc-border-radius)",
    "background": "var(--bc-color-background)",
    "color": "var(--bc-color-text)",
    "width": "100%",
    "box_sizing": "border-box",
}
panel = {**card, "border_color": "var(--bc-color-primary)", "box_shadow": "0 2px 10px rgba(0,0,0,0.06)"}
notice = {**card, "font_size": "0.9em"}
error_text = {"color": "var(--bc-color-danger)", "font_size": "0.9em", "margin": f"{HALF_SPACE} 0"}
STATUS_COLORS = {
    "paid": ("#e7f6ec", "#1b7a3d"),
    "in_transit": ("#e8f0fe", "#1a56c4"),
    "pending": ("#f3f4f6", "#4b5563"),
    "failed": ("#fdecee", "#b42318"),
    "canceled": ("#f3f4f6", "#6b7280"),
}
