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
