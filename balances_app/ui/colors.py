"""Colours as numbers: parse the forms Stripe accepts, mix them, and measure WCAG contrast.

The appearance variables accept hex, rgb(a) and hsl(a) strings (Stripe's documented forms) and
the names black, white and transparent. Derived colours (badges, secondary text, button text)
are computed here, so a dark `colorBackground` gives readable defaults; assets/appearance.js
mirrors these few formulas for the frame's first paint.
"""

from __future__ import annotations

import colorsys
import re
from typing import NamedTuple

_HEX = re.compile(r"^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_NUMBER = r"[+-]?(?:[0-9]{1,4}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"  # 0-9: Python's \d takes any script's digits
_FUNCTION = re.compile(
    rf"^(rgba?|hsla?)\(\s*({_NUMBER})(%|deg)?(?:\s*,\s*|\s+)({_NUMBER})(%)?(?:\s*,\s*|\s+)({_NUMBER})(%)?"
    rf"(?:\s*[,/]\s*({_NUMBER})(%)?)?\s*\)$"
)
NAMED = {"black": "#000000", "white": "#ffffff", "transparent": "#00000000"}
# CSS's white space, trimmed around values (str.strip and JavaScript's trim disagree beyond it).
SPACE = " \t\n\r\f"
AA = 4.5


class Rgba(NamedTuple):
    r: float  # 0..255
    g: float
    b: float
    a: float = 1.0  # 0..1

    def hex(self) -> str:
        channels = "".join(f"{round(max(0.0, min(255.0, c))):02x}" for c in (self.r, self.g, self.b))
        return f"#{channels}" if self.a >= 1 else f"#{channels}{round(self.a * 255):02x}"


def _clamp(value: float, high: float) -> float:
    return max(0.0, min(high, value))


def parse(value: str) -> Rgba | None:
    """The colour `value` names, or None when it is not one of the accepted forms."""
    value = NAMED.get(value.strip(SPACE).lower(), value.strip(SPACE))
    if match := _HEX.match(value):
        digits = match.group(1)
        if len(digits) <= 4:
            digits = "".join(d * 2 for d in digits)
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        return Rgba(*channels[:3], channels[3] / 255 if len(channels) == 4 else 1.0)
    match = _FUNCTION.match(value.lower())
    if not match:
        return None
    kind, x, x_unit, y, y_unit, z, z_unit, alpha, alpha_unit = match.groups()
    a = 1.0 if alpha is None else _clamp(float(alpha) / (100 if alpha_unit else 1), 1)
    if kind.startswith("rgb"):
        if x_unit == "deg":
            return None
        channels = [
            _clamp(float(v) * 2.55 if unit else float(v), 255) for v, unit in ((x, x_unit), (y, y_unit), (z, z_unit))
        ]
        return Rgba(*(round(c) for c in channels), round(a * 255) / 255)
    if not (y_unit and z_unit):
        return None
    hue = (float(x) % 360) / 360
    red, green, blue = colorsys.hls_to_rgb(hue, _clamp(float(z), 100) / 100, _clamp(float(y), 100) / 100)
    return Rgba(round(red * 255), round(green * 255), round(blue * 255), round(a * 255) / 255)


def over(color: Rgba, backdrop: Rgba) -> Rgba:
    """`color` painted on an opaque `backdrop`."""
    a = color.a
    return Rgba(*(round(c * a + b * (1 - a)) for c, b in zip(color[:3], backdrop[:3], strict=True)), 1.0)


def mix(first: Rgba, second: Rgba, share: float) -> Rgba:
    """`share` of `first` and the rest of `second`, like CSS color-mix(in srgb, ...)."""
    r, g, b = (round(f * share + s * (1 - share)) for f, s in zip(first[:3], second[:3], strict=True))
    return Rgba(r, g, b, round((first.a * share + second.a * (1 - share)) * 255) / 255)


def luminance(color: Rgba) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast(foreground: Rgba, background: Rgba) -> float:
    """WCAG 2 contrast ratio of `foreground` on `background` (translucent colours composited on white)."""
    back = over(background, WHITE)
    lighter, darker = sorted((luminance(over(foreground, back)), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(background: Rgba) -> bool:
    """Whether black or white text reads better on it: dark backgrounds want light text."""
    back = over(background, WHITE)
    return contrast(WHITE, back) > contrast(BLACK, back)


def readable(color: Rgba, background: Rgba, ratio: float = AA) -> Rgba:
    """`color`, moved towards black or white just enough to reach `ratio` on `background`."""
    if contrast(color, background) >= ratio:
        return color
    target = WHITE if is_dark(background) else BLACK
    for step in range(1, 21):
        candidate = mix(target, over(color, over(background, WHITE)), step / 20)
        if contrast(candidate, background) >= ratio + 0.05:  # a little margin over the threshold
            return candidate
    return target


def text_on(background: Rgba) -> Rgba:
    """Black or white, whichever contrasts more with `background`."""
    return WHITE if is_dark(background) else BLACK


WHITE, BLACK = Rgba(255, 255, 255), Rgba(0, 0, 0)
