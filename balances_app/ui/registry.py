"""The embedded components this host renders, each declared once as a small unit.

A unit names its account-session key (`payouts_list`), its connect.js name (`payouts-list`),
its page route, the feature states it draws, the page function, and the element parameters
a platform may set on it (`setPayout` sends `payout`). The session state, the app's pages and
connect.js (through `/embedded/components`, served from `manifest()`) all read this list, so a
new component is one unit here, one page module, and nothing else.

States and pages are named by dotted path and imported on first use: they import the session
state, which imports this module.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from typing import Any

from balances_app.domain.account_sessions import ClaimedSession

# The feature states written for `balances` (balance, payouts, schedule, bank accounts) ask
# about the features of "balances"; a unit that reuses them lends them its own features under
# that name (see `scoped`).
SHARED_FEATURES_KEY = "balances"
_BALANCE_STATES = (
    "balances_app.ui.state.balance:BalanceState",
    "balances_app.ui.state.payouts:PayoutsState",
    "balances_app.ui.state.schedule:ScheduleState",
    "balances_app.ui.state.bank_accounts:BankAccountsState",
)
_LIST_STATE = "balances_app.ui.state.payout_list:PayoutListState"
_DETAIL_STATE = "balances_app.ui.state.payout_detail:PayoutDetailState"


@dataclass(frozen=True)
class ComponentUnit:
    key: str  # components[<key>] in the account session
    tag: str  # instance.create(<tag>) in connect.js
    title: str
    page: str  # "module:function" returning the page's rx.Component
    states: tuple[str, ...]  # "module:Class" of each feature state it shows, refreshed in this order
    params: tuple[str, ...] = ()  # element parameters the platform sets (setPayout -> "payout")

    @property
    def route(self) -> str:
        return f"/embed/{self.tag}"


COMPONENTS: tuple[ComponentUnit, ...] = (
    ComponentUnit("balances", "balances", "Balances", "balances_app.ui.pages.balances:balances_page", _BALANCE_STATES),
    ComponentUnit(
        "payouts",
        "payouts",
        "Payouts",
        "balances_app.ui.pages.payouts:payouts_page",
        (*_BALANCE_STATES, _LIST_STATE, _DETAIL_STATE),
    ),
    ComponentUnit(
        "payouts_list",
        "payouts-list",
        "Payouts list",
        "balances_app.ui.pages.payouts:payouts_list_page",
        (_LIST_STATE, _DETAIL_STATE),
    ),
    ComponentUnit(
        "payout_details",
        "payout-details",
        "Payout details",
        "balances_app.ui.pages.payouts:payout_details_page",
        (_DETAIL_STATE,),
        params=("payout",),
    ),
)
RENDERED = frozenset(unit.key for unit in COMPONENTS)


def _load(dotted: str) -> Any:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def by_route(path: str) -> ComponentUnit | None:
    clean = "/" + path.strip("/")
    return next((unit for unit in COMPONENTS if unit.route == clean), None)


def by_key(key: str) -> ComponentUnit | None:
    return next((unit for unit in COMPONENTS if unit.key == key), None)


def state_classes(unit: ComponentUnit) -> list[type]:
    return [_load(dotted) for dotted in unit.states]


def all_state_classes() -> list[type]:
    """Every state that shows a claimed session's data, in any component (each once)."""
    return [_load(dotted) for dotted in dict.fromkeys(d for unit in COMPONENTS for d in unit.states)]


def page_function(unit: ComponentUnit) -> Any:
    return _load(unit.page)


def scoped(claimed: ClaimedSession, unit: ComponentUnit) -> ClaimedSession:
    """The claimed session as the unit's states see it: the unit's own features under the shared key."""
    components = dict(claimed.components)
    components[SHARED_FEATURES_KEY] = claimed.components.get(unit.key) or {"enabled": False, "features": {}}
    return dataclasses.replace(claimed, components=components)


def manifest() -> dict[str, dict[str, Any]]:
    """What connect.js needs: each tag's page path and the parameters its setters send."""
    return {unit.tag: {"path": unit.route + "/", "params": list(unit.params)} for unit in COMPONENTS}
