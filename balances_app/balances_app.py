import reflex as rx


class S(rx.State):
    msg: str = "hi"


def index() -> rx.Component:
    return rx.text(S.msg, id="msg")


app = rx.App()
app.add_page(index, route="/embed/balances")
