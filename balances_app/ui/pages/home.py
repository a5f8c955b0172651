"""/: what this host is, for a person who opens it directly. No state: it is also the benchmarks' bare page."""

from __future__ import annotations

import reflex as rx

ROUTE = "/"


def home_page() -> rx.Component:
    return rx.el.main(
        rx.el.h1("Balances component host"),
        rx.el.p(
            "This server renders embedded balances components for platforms. Load ",
            rx.el.code("/connect.js"),
            " on your page and call ",
            rx.el.code("loadConnectAndInitialize"),
            "; the API is under ",
            rx.el.code("/v1/"),
            ".",
        ),
        id="bc-home",
        style={"font_family": "sans-serif", "max_width": "640px", "margin": "40px auto", "line_height": "1.5"},
    )
