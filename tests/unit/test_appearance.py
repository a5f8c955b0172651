from balances_app.ui.appearance import DEFAULTS, css_variables


def test_variables_within_stripes_ranges_are_applied() -> None:
    css = css_variables(
        {
            "variables": {
                "colorPrimary": "#0a7d55",
                "colorBackground": "rgb(250, 250, 250)",
                "colorText": "black",
                "fontFamily": "'Inter', sans-serif",
                "fontSizeBase": "14px",
                "spacingUnit": "10px",
                "borderRadius": "24px",
            }
        }
    )
    assert css["--bc-color-primary"] == "#0a7d55"
    assert css["--bc-color-background"] == "rgb(250, 250, 250)"
    assert css["--bc-color-text"] == "black"
    assert css["--bc-font-family"] == "'Inter', sans-serif"
    assert css["--bc-font-size-base"] == "14px"
    assert css["--bc-spacing-unit"] == "10px"
    assert css["--bc-border-radius"] == "24px"


def test_out_of_range_or_hostile_values_keep_the_default() -> None:
    css = css_variables(
        {
            "variables": {
                "colorPrimary": "red; background: url(https://evil.example)",
                "fontSizeBase": "41px",
                "spacingUnit": "7px",
                "borderRadius": "25px",
                "fontFamily": "x}body{display:none",
            }
        }
    )
    for name in (
        "--bc-color-primary",
        "--bc-font-size-base",
        "--bc-spacing-unit",
        "--bc-border-radius",
        "--bc-font-family",
    ):
        assert css[name] == DEFAULTS[name]


def test_missing_appearance_gives_the_defaults() -> None:
    assert css_variables(None) == DEFAULTS
    assert css_variables({"variables": "nope"}) == DEFAULTS
