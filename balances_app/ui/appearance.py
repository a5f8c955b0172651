"""connect.js `appearance.variables` turned into CSS custom properties, within Stripe's ranges.

Values are checked one by one; a value out of range or of the wrong shape is dropped (the
default stays), so nothing a platform page sends can inject CSS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_COLOR = re.compile(
    r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,20}|"
    r"(rgb|rgba|hsl|hsla)\(\s*[0-9.%\s,/deg-]{1,60}\))$"
)
_FONT_FAMILY = re.compile(r"^[A-Za-z0-9 ,'\"_-]{1,200}$")
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(px|em|rem)$")

DEFAULTS: dict[str, str] = {
    "--bc-color-primary": "#635bff",
    "--bc-color-background": "#ffffff",
    "--bc-color-text": "#353a44",
    "--bc-color-secondary-text": "#6c7688",
    "--bc-color-danger": "#df1b41",
    "--bc-color-border": "#d8dee4",
    "--bc-font-family": "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    "--bc-font-size-base": "16px",
    "--bc-spacing-unit": "12px",
    "--bc-border-radius": "8px",
}


def _color(value: str) -> str | None:
    return value if _COLOR.match(value) else None


def _length_between(low: float, high: float, units: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        match = _LENGTH.match(value)
        return value if match and match.group(2) in units and low <= float(match.group(1)) <= high else None

    return check


def _font_size(value: str) -> str | None:
    match = _LENGTH.match(value)
    if not match:
        return None
    size, unit = float(match.group(1)), match.group(2)
    return value if (unit == "px" and 1 <= size <= 40) or (unit != "px" and 0.1 <= size <= 4) else None


def _font_family(value: str) -> str | None:
    return value if _FONT_FAMILY.match(value) else None


VARIABLES: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "colorPrimary": ("--bc-color-primary", _color),
    "colorBackground": ("--bc-color-background", _color),
    "colorText": ("--bc-color-text", _color),
    "colorSecondaryText": ("--bc-color-secondary-text", _color),
    "colorDanger": ("--bc-color-danger", _color),
    "colorBorder": ("--bc-color-border", _color),
    "fontFamily": ("--bc-font-family", _font_family),
    "fontSizeBase": ("--bc-font-size-base", _font_size),
    "spacingUnit": ("--bc-spacing-unit", _length_between(8, 20, ("px",))),
    "borderRadius": ("--bc-border-radius", _length_between(0, 24, ("px",))),
}


def css_variables(appearance: Any) -> dict[str, str]:
    """The full set of CSS variables for `appearance` ({'variables': {...}}), defaults filled in."""
    result = dict(DEFAULTS)
    variables = appearance.get("variables") if isinstance(appearance, Mapping) else None
    if not isinstance(variables, Mapping):
        return result
    for name, (css_name, check) in VARIABLES.items():
        value = variables.get(name)
        if isinstance(value, str) and (accepted := check(value.strip())):
            result[css_name] = accepted
    return result
