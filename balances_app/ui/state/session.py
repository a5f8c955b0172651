"""The session state: which account and features this iframe serves, decided on the server only.

The browser hands over a client secret (through connect.js' postMessage) and nothing else;
the account, the platform and the features come from the claimed session in the database
and live in backend-only vars that never reach the browser.

Every public method of a Reflex state is an event the browser may call with any payload, so
the helpers other states use (`_require`, `_refresh`, each view's `_show`) are private. The
views always belong to the claimed session: a claim of another session clears them first,
so no figure of an earlier session is ever shown (the frame also starts each load with a
fresh client token, see assets/fresh_token.js).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from babel import Locale

from balances_app.db.engine import transaction
from balances_app.domain import account_sessions
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.clock import system_clock
from balances_app.domain.errors import StripeError
from balances_app.domain.money import native_digits, normalize_locale, preferred_locale
from balances_app.settings import settings
from balances_app.ui import messages as i18n
from balances_app.ui import registry
from balances_app.ui.appearance import css_variables
from balances_app.ui.bridge import ask_for_secret, post_to_parent
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.snapshot import read as read_snapshot
from balances_app.ui.state.untrusted import text


class SessionState(rx.State):
    status: str = "loading"  # loading | ready | error | ended
    error_message: str = ""
    weekday_names: dict[str, str] = i18n.weekday_names(i18n.SOURCE_LOCALE)  # CLDR's, for the schedule editor
    locale: str = i18n.SOURCE_LOCALE
    messages: dict[str, str] = i18n.table(i18n.SOURCE_LOCALE)  # msgid -> text, see ui/messages.py
    lang: str = "en-US"
    direction: str = "ltr"
    digits: str = "0123456789"  # the locale's own ten digits (Arabic-Indic in ar-SA), for counts in labels
    css_vars: dict[str, str] = {}  # until the appearance arrives: the first paint's (ui/first_paint.py)
    _claimed: ClaimedSession | None = None
    _component: str = ""  # the registry unit this frame shows, fixed when the session is claimed
    _element_params: dict[str, str] = {}  # what the platform set on the element (setPayout -> payout)
    _said: dict[str, tuple] = {}  # the error shown, as a code and its facts (ui/phrases.py)

    def _param(self, name: str) -> str:
        return self.router.url.query_parameters.get(name, "")

    @property
    def parent_origin(self) -> str:
        return self._param("origin").rstrip("/")

    @rx.event
    async def announce(self) -> Any:
        """On every (re)hydrate. Claimed: redraw from the database (the figures may have moved while
        the websocket was away). Not yet: the page's language, and the secret again if the host
        lost this frame's state (the first bc:ready comes from the page's head, see ui/bridge.py)."""
        if not self.parent_origin:
            return self._fail(StripeError("This component must be embedded with connect.js.", reason="not_embedded"))
        if self._claimed is not None and self.status == "ready":
            return await self._refresh()
        if self._claimed is not None or self.status != "loading":
            return None
        self._set_locale(self._param("locale") or self._browser_locale())
        return ask_for_secret()

    @rx.event
    async def receive(self, origin: str, data: dict[str, Any]) -> Any:
        """A message from the embedding page; anything not from its exact origin is ignored."""
        if not self.parent_origin or origin != self.parent_origin or not isinstance(data, dict):
            return None
        kind = data.get("type")
        if kind in ("bc:init", "bc:update"):
            self.css_vars = css_variables(data.get("appearance"))
            self._set_locale(text(data.get("locale")) or self._param("locale") or self._browser_locale())
            retell(self, self.locale)
        if kind in ("bc:init", "bc:params"):
            self._take_params(data.get("params"))
        if kind == "bc:init":
            return await self._claim(data)
        if kind == "bc:params" and self._claimed is not None:
            return await self._refresh()
        if kind == "bc:update" and self._claimed is not None:
            return await self._refresh()
        if kind == "bc:logout":
            self._claimed, self.status = None, "ended"
            await self._clear_views()
        return None

    def _browser_locale(self) -> str:
        """The browser's language (its Accept-Language, as navigator.language), for a platform that gives none."""
        return preferred_locale(self.router.headers.accept_language)

    def _set_locale(self, tag: str) -> None:
        """The session's locale, and with it the message table, `lang` and text direction."""
        locale = normalize_locale(tag)
        if locale == self.locale and self.messages:
            return
        self.locale = locale
        self.messages = i18n.table(locale)
        self.lang, self.direction = i18n.html_lang(locale), i18n.text_direction(locale)
        self.weekday_names = i18n.weekday_names(locale)
        self.digits = native_digits("0123456789", Locale.parse(locale))

    def _unit(self) -> registry.ComponentUnit:
        """This frame's component: fixed at the claim; before it, the page's route."""
        unit = registry.by_key(self._component) or registry.by_route(self.router.url.path)
        if unit is None:
            raise StripeError(
                "This page is not an embedded component.", type="invalid_request_error", reason="not_a_component"
            )
        return unit

    def _take_params(self, params: Any) -> None:
        """Keep the element parameters this unit declares, as plain strings; ignore everything else."""
        if isinstance(params, dict):
            declared = registry.by_route(self.router.url.path)
            for name in declared.params if declared else ():
                if isinstance(params.get(name), str) and len(params[name]) <= 255:
                    self._element_params = {**self._element_params, name: params[name]}

    async def _claim(self, data: dict[str, Any]) -> Any:
        def work() -> ClaimedSession:
            with transaction(write=True) as session:
                return account_sessions.claim(
                    session,
                    client_secret=text(data.get("clientSecret"), account_sessions.MAX_SECRET_LENGTH + 1),
                    instance_id=text(data.get("instanceId"), 500),
                    publishable_key=self._param("pk"),
                    origin=self.parent_origin,
                    clock=system_clock,
                    key=settings.session_key,
                )

        previous = self._claimed.session_id if self._claimed else None
        unit = registry.by_route(self.router.url.path)  # a new claim: the page decides, not an earlier claim
        if unit is None:
            return self._fail(
                StripeError(
                    "This page is not an embedded component.", type="invalid_request_error", reason="not_a_component"
                )
            )
        try:
            self._claimed = await asyncio.to_thread(work)
        except StripeError as error:
            self._claimed = None
            await self._clear_views()
            return self._fail(error)
        if self._claimed.session_id != previous:
            await self._clear_views()
        self._component = unit.key
        if not self._claimed.allows(unit.key):
            self._claimed = None
            return self._fail(
                StripeError(
                    f"This account session does not enable the {unit.key} component.",
                    type="invalid_request_error",
                    code="component_not_enabled",
                )
            )
        # The session was read and written just now, in the claim: the first snapshot follows in
        # the same event, without reading it again.
        return await self._refresh(registry.scoped(self._claimed, unit))

    async def _clear_views(self) -> None:
        """Back to empty views, so nothing of another session survives a new claim."""
        for state_class in registry.all_state_classes():
            view = await self.get_state(state_class)
            view.reset()

    async def _require(self, feature: str | None = None) -> ClaimedSession:
        """Re-check the session on the server before any action: live, and allowing `feature`."""
        if self._claimed is None:
            raise StripeError("There is no active account session.", type="authentication_error", reason="no_session")
        session_id = self._claimed.session_id

        def work() -> ClaimedSession:
            with transaction() as session:
                return account_sessions.check(session, session_id, system_clock)

        claimed = await asyncio.to_thread(work)
        unit = self._unit()
        if not claimed.allows(unit.key, feature):
            raise StripeError(
                "This account session does not allow that action.",
                type="invalid_request_error",
                code="feature_not_enabled",
            )
        return registry.scoped(claimed, unit)

    async def _refresh(self, claimed: ClaimedSession | None = None) -> Any:
        """Re-read the account and redraw every view of this component (`claimed`: the session as
        the claim that just read it returned, else it is checked again here)."""
        try:
            claimed = claimed or await self._require()
            snapshot = await asyncio.to_thread(read_snapshot, claimed)
        except StripeError as error:
            return self._fail(error)
        for state_class in registry.state_classes(self._unit()):
            view = await self.get_state(state_class)
            if hasattr(view, "_take_params"):
                view._take_params(self._element_params)
            view._show(snapshot, claimed, self.locale)
        self.status = "ready"
        tell(self, "error_message", None, self.locale)
        return post_to_parent(self.parent_origin, {"type": "bc:loaded"})

    def _fail(self, error: StripeError) -> Any:
        """Show the error (or ask the parent for a fresh secret); the views are hidden behind it."""
        if error.code == account_sessions.EXPIRED_CODE and self.parent_origin:
            self.status = "loading"
            return post_to_parent(self.parent_origin, {"type": "bc:expired"})
        self.status = "error"
        tell(self, "error_message", Phrase.of(error), self.locale)
        if not self.parent_origin:
            return None
        return post_to_parent(
            self.parent_origin, {"type": "bc:error", "error": {"type": error.type, "message": error.message}}
        )
