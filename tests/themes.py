"""The dark theme the tests use (the one the issue's reviewers checked): a few colours, the rest derived."""

DARK = {
    "colorBackground": "#1a1b25",
    "colorText": "#f5f6f8",
    "colorSecondaryText": "#b6bdc8",
    "colorPrimary": "#8d7ffa",
    "colorBorder": "#3a3d4a",
}
