"""What each Stripe appearance variable may hold: one check per kind of value, strict by design.

A check returns the value when it is acceptable and None otherwise; nothing else ever reaches
a style, so no value a platform page sends can add CSS (no `;`, `}`, `url(`, comments...).
The patterns are also sent to the frame's first-paint script (assets/appearance.js), so the
browser and the server accept exactly the same values.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from balances_app.ui import colors

Check = Callable[[str], str | None]

# re.ASCII: \d is 0-9 only, as in the browser's copy and in CSS (Python's alone would take Arabic-Indic digits).
FONT_FAMILY = re.compile(r"^[A-Za-z0-9 ,'\"_-]{1,200}$", re.ASCII)
LENGTH = re.compile(r"^(\d{1,4}(?:\.\d{1,4})?)(px|em|rem)$", re.ASCII)
FONT_WEIGHT = re.compile(r"^(normal|bold|lighter|bolder|[1-9]\d{0,2}|1000)$", re.ASCII)
TEXT_TRANSFORM = re.compile(r"^(none|capitalize|uppercase|lowercase|full-width)$")
DECORATION_LINE = re.compile(r"^(none|(underline|overline|line-through)( (underline|overline|line-through)){0,2})$")
DECORATION_STYLE = re.compile(r"^(solid|double|dotted|dashed|wavy)$")
DECORATION_KEYWORD = re.compile(r"^(auto|from-font)$")


def color(value: str) -> str | None:
    return value if colors.parse(value) is not None else None


def length(low: float, high: float, units: tuple[str, ...] = ("px",)) -> Check:
    def check(value: str) -> str | None:
        match = LENGTH.match(value)
        return value if match and match.group(2) in units and low <= float(match.group(1)) <= high else None

    return check


def font_size(px_high: float, em_high: float) -> Check:
    """Stripe's font sizes: px from 1, em and rem from 0.1, each up to its own ceiling."""

    def check(value: str) -> str | None:
        match = LENGTH.match(value)
        if not match:
            return None
        size, unit = float(match.group(1)), match.group(2)
        return value if (unit == "px" and 1 <= size <= px_high) or (unit != "px" and 0.1 <= size <= em_high) else None

    return check


def pattern(regex: re.Pattern[str]) -> Check:
    def check(value: str) -> str | None:
        return value if regex.match(value) else None

    return check


def decoration_thickness(value: str) -> str | None:
    return value if DECORATION_KEYWORD.match(value) else length(0, 10, ("px", "em"))(value)


font_family = pattern(FONT_FAMILY)
font_weight = pattern(FONT_WEIGHT)
text_transform = pattern(TEXT_TRANSFORM)
decoration_line = pattern(DECORATION_LINE)
decoration_style = pattern(DECORATION_STYLE)
BASE_SIZE_RANGE, SPACING_RANGE, RADIUS_RANGE = (40, 4), (8, 20), (0, 24)
TYPE_SIZE = font_size(200, 12)  # headings, body, labels, button and badge labels
BASE_SIZE = font_size(*BASE_SIZE_RANGE)  # fontSizeBase
SPACING = length(*SPACING_RANGE)
RADIUS = length(*RADIUS_RANGE)
PADDING = length(0, 64)


def for_browser() -> dict[str, object]:
    """The first-paint script's copy of the checks it needs (see assets/appearance.js)."""
    return {
        "space": colors.SPACE,
        "hex": colors._HEX.pattern,
        "colorFunction": colors._FUNCTION.pattern,
        "named": colors.NAMED,
        "fontFamily": FONT_FAMILY.pattern,
        "length": LENGTH.pattern,
        "fontSizeBase": BASE_SIZE_RANGE,
        "spacingUnit": SPACING_RANGE,
        "borderRadius": RADIUS_RANGE,
    }
