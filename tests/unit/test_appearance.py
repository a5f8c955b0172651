import pytest

from balances_app.ui import colors
from balances_app.ui.appearance import COLORS, DEFAULTS, HONOURED, PLAIN, css_name, css_variables
from tests.themes import DARK

THEMES = {
    "default": {},
    "dark": DARK,
    "dark background alone": {"colorBackground": "#0b0d12"},
    "brand #ff5a5f": {"colorPrimary": "#ff5a5f"},
    "brand on cream": {"colorPrimary": "#ffcc00", "colorBackground": "#fff8e7", "colorSecondaryText": "#d0d0d0"},
    "brand on navy": {"colorPrimary": "#0a2540", "colorBackground": "rgb(10, 37, 64)", "colorDanger": "#8b0000"},
    "hsl": {"colorBackground": "hsl(230, 20%, 12%)", "colorText": "hsl(0, 0%, 30%)"},
}
# Every text colour and the background it is drawn on.
PAIRS = [
    ("color-text", "color-background"),
    ("color-secondary-text", "color-background"),
    ("color-secondary-text", "offset-background-color"),  # a highlighted row
    ("color-danger", "color-background"),
    ("action-primary-color-text", "color-background"),
    ("action-secondary-color-text", "color-background"),
    ("button-primary-color-text", "button-primary-color-background"),
    ("button-secondary-color-text", "button-secondary-color-background"),
    ("form-placeholder-text-color", "form-background-color"),
    *((f"badge-{k}-color-text", f"badge-{k}-color-background") for k in ("neutral", "success", "warning", "danger")),
]


def ratio(css: dict[str, str], text: str, back: str) -> float:
    foreground, background = colors.parse(css[f"--bc-{text}"]), colors.parse(css[f"--bc-{back}"])
    assert foreground is not None and background is not None
    return colors.contrast(foreground, colors.over(background, colors.parse(css["--bc-color-background"])))


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_reads_at_aa_on_its_background(theme: str) -> None:
    css = css_variables({"variables": THEMES[theme]})
    for text, back in PAIRS:
        assert ratio(css, text, back) >= 4.5, (theme, text, css[f"--bc-{text}"], css[f"--bc-{back}"])


def test_button_text_is_black_or_white_by_contrast_when_only_the_primary_colour_is_given() -> None:
    assert colors.contrast(colors.WHITE, colors.parse("#ff5a5f")) < 3.1  # white text failed on it before
    assert css_variables({"variables": {"colorPrimary": "#ff5a5f"}})["--bc-button-primary-color-text"] == "#000000"
    assert css_variables({"variables": {"colorPrimary": "#0a2540"}})["--bc-button-primary-color-text"] == "#ffffff"
    given = css_variables({"variables": {"colorPrimary": "#0a2540", "buttonPrimaryColorText": "#e0e0ff"}})
    assert given["--bc-button-primary-color-text"] == "#e0e0ff"


def test_a_dark_background_makes_the_frame_dark_and_derives_dark_badges() -> None:
    css = css_variables({"variables": DARK})
    assert css["colorScheme"] == css["--bc-color-scheme"] == "dark"
    assert DEFAULTS["colorScheme"] == "light"
    for kind in ("neutral", "success", "warning", "danger"):
        background = colors.parse(css[f"--bc-badge-{kind}-color-background"])
        assert background is not None and colors.is_dark(background)
    assert css["--bc-color-secondary-text"] == "#b6bdc8"  # readable as given: kept


def test_a_secondary_text_colour_that_fails_contrast_is_made_readable() -> None:
    css = css_variables({"variables": {"colorSecondaryText": "#c0c0c0"}})
    assert css["--bc-color-secondary-text"] != "#c0c0c0"
    assert ratio(css, "color-secondary-text", "color-background") >= 4.5


def test_variables_within_stripes_ranges_are_applied() -> None:
    given = {
        "colorPrimary": "#0a7d55",
        "colorBackground": "rgb(250, 250, 250)",
        "colorText": "black",
        "fontFamily": "'Inter', sans-serif",
        "fontSizeBase": "14px",
        "spacingUnit": "10px",
        "borderRadius": "24px",
        "buttonPaddingX": "20px",
        "badgeLabelTextTransform": "uppercase",
        "headingXlFontSize": "12em",
        "headingMdFontWeight": "700",
        "actionPrimaryTextDecorationLine": "underline overline",
        "actionPrimaryTextDecorationThickness": "2px",
        "badgeSuccessColorBackground": "hsla(140, 60%, 90%, 0.5)",
    }
    css = css_variables({"variables": given, "overlays": "drawer"})
    assert css["--bc-color-primary"] == "#0a7d55"
    assert css["--bc-color-background"] == "#fafafa"
    assert css["--bc-color-text"] == "#000000"
    assert css["--bc-badge-success-color-background"] == "#d6f5e080"
    for name in given.keys() - {"colorPrimary", "colorBackground", "colorText", "badgeSuccessColorBackground"}:
        assert css[css_name(name)] == given[name]
    assert css["--bc-overlay-max-width"] == "none"  # a drawer spans the frame


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("colorPrimary", "red; background: url(https://evil.example)"),
        ("colorPrimary", "red"),  # names other than black, white and transparent: not Stripe's forms
        ("colorBackground", "rgb(1,2,3) }body{display:none"),
        ("colorText", "var(--x)"),
        ("fontSizeBase", "41px"),
        ("spacingUnit", "7px"),
        ("borderRadius", "25px"),
        ("badgeBorderRadius", "1em"),
        ("fontFamily", "x}body{display:none"),
        ("headingXlFontSize", "201px"),
        ("buttonLabelFontWeight", "900;color:red"),
        ("labelMdTextTransform", "uppercase!important"),
        ("actionPrimaryTextDecorationLine", "underline url(x)"),
        ("buttonPaddingY", "calc(1px + 1px)"),
        ("bodySmFontSize", "1e3px"),
        # Digits of other scripts: Python's \d takes them, CSS does not (the variable would be invalid).
        ("spacingUnit", "\u0661\u0662px"),
        ("fontSizeBase", "\uff11\uff12px"),
        ("badgePaddingX", "1\u06f2px"),
        ("buttonLabelFontWeight", "1\u0660\u0660"),
        ("colorPrimary", "rgb(\u0661, 2, 3)"),
    ],
)
def test_out_of_range_or_hostile_values_keep_the_default(name: str, value: str) -> None:
    assert css_variables({"variables": {name: value}})[css_name(name)] == DEFAULTS[css_name(name)]


def test_missing_appearance_gives_the_defaults() -> None:
    assert css_variables(None) == DEFAULTS
    assert css_variables({"variables": "nope", "overlays": "popup"}) == DEFAULTS
    assert css_variables({"variables": {"colorPrimary": 12, "spacingUnit": ["8px"]}}) == DEFAULTS


@pytest.mark.parametrize("overlays", [[], {}, ["drawer"], {"drawer": 1}, 1.5, None, "DRAWER"])
def test_an_overlays_option_of_any_shape_gives_the_default_dialog(overlays: object) -> None:
    assert css_variables({"variables": {}, "overlays": overlays}) == DEFAULTS


def test_every_output_value_is_free_of_css_syntax_breakers() -> None:
    css = css_variables({"variables": {name: "#fff" for name in HONOURED}})
    assert all(not set(value) & set(";{}<>\\") for value in css.values())
    assert len(HONOURED) == len(PLAIN) + len(COLORS) == 79
