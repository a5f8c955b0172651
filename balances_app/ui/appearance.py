"""connect.js `appearance` turned into the frame's CSS custom properties, within Stripe's ranges.

Every variable of Stripe's `AppearanceVariables` that concerns what we render is honoured
(`HONOURED`); each value is checked by its kind (ui/appearance_rules.py) and a value out of
range or of the wrong shape is dropped, so nothing a platform page sends can inject CSS.

Defaults are derived from the colours given, not fixed light values: badges, borders and
secondary text are mixed from `colorBackground` and `colorText`, the text on a button is black
or white by contrast, and every text colour is moved just enough to read at WCAG AA (4.5:1) on
the background it sits on. A dark background also makes the frame's `color-scheme` dark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from balances_app.ui import appearance_rules as rules
from balances_app.ui import colors
from balances_app.ui.colors import Rgba

_HALF = "calc(var(--bc-spacing-unit) / 2)"
_RADIUS = "var(--bc-border-radius)"
_DECORATION = {"TextDecorationLine": "underline", "TextDecorationColor": "currentcolor"}
_DECORATION |= {"TextDecorationStyle": "solid", "TextDecorationThickness": "auto", "TextTransform": "none"}
_DECORATION_CHECKS = {"TextDecorationLine": rules.decoration_line, "TextDecorationColor": rules.color}
_DECORATION_CHECKS |= {"TextDecorationStyle": rules.decoration_style}
_DECORATION_CHECKS |= {"TextDecorationThickness": rules.decoration_thickness, "TextTransform": rules.text_transform}

# Variables whose value is taken as given (checked), with the default when absent.
PLAIN: dict[str, tuple[rules.Check, str]] = {
    "fontFamily": (
        rules.font_family,
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    ),
    "fontSizeBase": (rules.BASE_SIZE, "16px"),
    "spacingUnit": (rules.SPACING, "12px"),
    "borderRadius": (rules.RADIUS, "8px"),
    "buttonPaddingX": (rules.PADDING, "var(--bc-spacing-unit)"),
    "buttonPaddingY": (rules.PADDING, _HALF),
    "buttonLabelFontSize": (rules.TYPE_SIZE, "1em"),
    "buttonLabelFontWeight": (rules.font_weight, "600"),
    "buttonLabelTextTransform": (rules.text_transform, "none"),
    "buttonBorderRadius": (rules.RADIUS, _RADIUS),
    "badgePaddingX": (rules.PADDING, "8px"),
    "badgePaddingY": (rules.PADDING, "2px"),
    "badgeLabelFontSize": (rules.TYPE_SIZE, "0.75em"),
    "badgeLabelFontWeight": (rules.font_weight, "600"),
    "badgeLabelTextTransform": (rules.text_transform, "none"),
    "badgeBorderRadius": (rules.RADIUS, "999px"),
    "inputFieldPaddingX": (rules.PADDING, _HALF),
    "inputFieldPaddingY": (rules.PADDING, _HALF),
    "formBorderRadius": (rules.RADIUS, _RADIUS),
    "tableRowPaddingY": (rules.PADDING, _HALF),
    "overlayBorderRadius": (rules.RADIUS, _RADIUS),
    "bodyMdFontSize": (rules.TYPE_SIZE, "1em"),
    "bodyMdFontWeight": (rules.font_weight, "400"),
    "bodySmFontSize": (rules.TYPE_SIZE, "0.875em"),
    "bodySmFontWeight": (rules.font_weight, "400"),
    "headingXlFontSize": (rules.TYPE_SIZE, "1.75em"),
    "headingXlFontWeight": (rules.font_weight, "600"),
    "headingXlTextTransform": (rules.text_transform, "none"),
    "headingMdFontSize": (rules.TYPE_SIZE, "1.15em"),
    "headingMdFontWeight": (rules.font_weight, "600"),
    "headingMdTextTransform": (rules.text_transform, "none"),
    "headingSmFontSize": (rules.TYPE_SIZE, "1em"),
    "headingSmFontWeight": (rules.font_weight, "600"),
    "headingSmTextTransform": (rules.text_transform, "none"),
    "labelMdFontSize": (rules.TYPE_SIZE, "0.875em"),
    "labelMdFontWeight": (rules.font_weight, "400"),
    "labelMdTextTransform": (rules.text_transform, "none"),
    **{
        f"action{kind}{part}": (_DECORATION_CHECKS[part], _DECORATION[part])
        for kind in ("Primary", "Secondary")
        for part in _DECORATION
    },
}
# Colour variables: checked, then derived from the others when absent (see `_colors`).
COLORS = (
    "colorPrimary colorBackground colorText colorDanger colorSecondaryText colorBorder "
    "buttonPrimaryColorBackground buttonPrimaryColorBorder buttonPrimaryColorText "
    "buttonSecondaryColorBackground buttonSecondaryColorBorder buttonSecondaryColorText "
    "actionPrimaryColorText actionSecondaryColorText offsetBackgroundColor overlayBackdropColor "
    "formBackgroundColor formHighlightColorBorder formAccentColor formPlaceholderTextColor "
    + " ".join(
        f"badge{k}Color{p}"
        for k in ("Neutral", "Success", "Warning", "Danger")
        for p in ("Background", "Text", "Border")
    )
).split()
HONOURED = (*PLAIN, *COLORS)
OVERLAYS = {
    "dialog": {
        "--bc-overlay-max-width": "720px",
        "--bc-overlay-margin": "0 auto",
        "--bc-overlay-corners": "var(--bc-overlay-border-radius)",
    },
    "drawer": {
        "--bc-overlay-max-width": "none",
        "--bc-overlay-margin": "0 0 0 auto",
        "--bc-overlay-corners": "var(--bc-overlay-border-radius) 0 0 var(--bc-overlay-border-radius)",
    },
}
LIGHT_TEXT, DARK_TEXT = Rgba(0x35, 0x3A, 0x44), Rgba(0xF5, 0xF6, 0xF8)
PRIMARY, DANGER = Rgba(0x63, 0x5B, 0xFF), Rgba(0xDF, 0x1B, 0x41)
BASES = {"Success": Rgba(0x1B, 0x7A, 0x3D), "Warning": Rgba(0xB5, 0x47, 0x08)}
SECONDARY_SHARE, BORDER_SHARE, OFFSET_SHARE = 0.72, 0.2, 0.05  # colorText's share in derived colours


def css_name(variable: str) -> str:
    return "--bc-" + re.sub(r"([A-Z])", r"-\1", variable).lower()


def _given(appearance: Any) -> dict[str, str]:
    """The variables the platform sent that pass their check (strings only, trimmed of CSS white space)."""
    variables = appearance.get("variables") if isinstance(appearance, Mapping) else None
    if not isinstance(variables, Mapping):
        return {}
    found: dict[str, str] = {}
    for name in HONOURED:
        value = variables.get(name)
        check = PLAIN[name][0] if name in PLAIN else rules.color
        if isinstance(value, str) and len(value) <= 200 and (accepted := check(value.strip(colors.SPACE))):
            found[name] = accepted
    return found


def _secondary(color: Rgba, bg: Rgba, offset: Rgba) -> Rgba:
    """Secondary text readable on the background, and on highlighted rows too when that keeps it so."""
    color = colors.readable(color, bg)
    on_offset = colors.readable(color, colors.over(offset, bg))
    return on_offset if colors.contrast(on_offset, bg) >= colors.AA else color


def _colors(given: dict[str, str]) -> dict[str, Rgba]:
    """Every colour variable, the given ones made readable, the rest derived."""
    pick = {name: colors.parse(value) for name, value in given.items() if name in COLORS}
    bg = colors.over(pick.get("colorBackground") or colors.WHITE, colors.WHITE)
    text = colors.readable(pick.get("colorText") or (DARK_TEXT if colors.is_dark(bg) else LIGHT_TEXT), bg)
    primary = pick.get("colorPrimary") or PRIMARY
    danger = colors.readable(pick.get("colorDanger") or DANGER, bg)
    out = {"colorBackground": bg, "colorText": text, "colorPrimary": primary, "colorDanger": danger}
    offset = out["offsetBackgroundColor"] = pick.get("offsetBackgroundColor") or colors.mix(text, bg, OFFSET_SHARE)
    out["colorSecondaryText"] = _secondary(
        pick.get("colorSecondaryText") or colors.mix(text, bg, SECONDARY_SHARE), bg, offset
    )
    out["colorBorder"] = pick.get("colorBorder") or colors.mix(text, bg, BORDER_SHARE)

    def get(name: str, default: Rgba) -> Rgba:
        out[name] = pick.get(name) or default
        return out[name]

    def text_over(name: str, backdrop: Rgba, default: Rgba) -> None:
        out[name] = colors.readable(pick.get(name) or default, colors.over(backdrop, bg))

    button = get("buttonPrimaryColorBackground", primary)
    get("buttonPrimaryColorBorder", button)
    text_over("buttonPrimaryColorText", button, colors.text_on(colors.over(button, bg)))
    secondary = get("buttonSecondaryColorBackground", bg)
    get("buttonSecondaryColorBorder", primary)
    text_over("buttonSecondaryColorText", secondary, primary)
    text_over("actionPrimaryColorText", bg, primary)
    text_over("actionSecondaryColorText", bg, text)
    get("overlayBackdropColor", bg)
    form = get("formBackgroundColor", bg)
    get("formHighlightColorBorder", primary)
    get("formAccentColor", primary)
    text_over("formPlaceholderTextColor", form, colors.mix(text, colors.over(form, bg), SECONDARY_SHARE))
    for kind, base in (
        ("Neutral", text),
        ("Success", BASES["Success"]),
        ("Warning", BASES["Warning"]),
        ("Danger", danger),
    ):
        back = get(f"badge{kind}ColorBackground", colors.mix(base, bg, 0.1))
        get(f"badge{kind}ColorBorder", colors.mix(base, bg, 0.45))
        text_over(f"badge{kind}ColorText", back, base if kind != "Neutral" else out["colorSecondaryText"])
    return out


def css_variables(appearance: Any) -> dict[str, str]:
    """The frame root's style for `appearance` ({'variables', 'overlays'}): every variable, defaults filled in."""
    given = _given(appearance)
    result = {css_name(name): given.get(name, default) for name, (_check, default) in PLAIN.items()}
    derived = _colors(given)
    result |= {css_name(name): derived[name].hex() for name in COLORS}
    overlays = appearance.get("overlays") if isinstance(appearance, Mapping) else None
    result |= OVERLAYS[overlays if isinstance(overlays, str) and overlays in OVERLAYS else "dialog"]
    scheme = "dark" if colors.is_dark(derived["colorBackground"]) else "light"
    return {**result, "--bc-color-scheme": scheme, "colorScheme": scheme, "fontSize": "var(--bc-font-size-base)"}


DEFAULTS = css_variables(None)


def for_browser() -> dict[str, Any]:
    """What the frame's first-paint script needs to draw the loading state as the server would."""
    return {
        "defaults": DEFAULTS,
        "rules": rules.for_browser(),
        "lightText": LIGHT_TEXT,
        "darkText": DARK_TEXT,
        "primary": PRIMARY,
        "danger": DANGER,
        "secondaryShare": SECONDARY_SHARE,
        "borderShare": BORDER_SHARE,
        "offsetShare": OFFSET_SHARE,
        "aa": colors.AA,
    }
