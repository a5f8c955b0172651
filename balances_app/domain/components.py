"""Which embedded components exist, which we render, and how a session's features resolve.

This is the one place that decides features: the api resolves them when a session is
created, and the ui asks `allows()` before every action.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from balances_app.domain.errors import StripeError, invalid

# Every component key of Stripe's account session API.
COMPONENT_KEYS: tuple[str, ...] = (
    "account_management",
    "account_onboarding",
    "balance_report",
    "balances",
    "disputes_list",
    "documents",
    "financial_account",
    "financial_account_transactions",
    "instant_payouts_promotion",
    "issuing_card",
    "issuing_cards_list",
    "notification_banner",
    "payment_details",
    "payment_disputes",
    "payments",
    "payout_details",
    "payout_reconciliation_report",
    "payouts",
    "payouts_list",
    "tax_registrations",
    "tax_settings",
)
PAYOUT_FEATURES: tuple[str, ...] = (
    "instant_payouts",
    "standard_payouts",
    "edit_payout_schedule",
    "external_account_collection",
    "disable_stripe_user_authentication",
)
# Components we accept, resolve and render (ui/registry.py declares how each is drawn).
SUPPORTED: dict[str, tuple[str, ...]] = {
    "balances": PAYOUT_FEATURES,
    "payouts": PAYOUT_FEATURES,
    "payouts_list": (),
    "payout_details": (),
}
LOSS_DEPENDENT = ("instant_payouts", "standard_payouts", "edit_payout_schedule")
# Names `pack`'s bit layout: a client secret signs it, so one packed with another layout is refused.
PACKING = hashlib.sha256(repr(tuple(SUPPORTED.items())).encode()).hexdigest()[:12]

Features = dict[str, bool]
Components = dict[str, dict[str, Any]]


def parse_bool(value: Any, param: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    shown = repr(value[:40]) if isinstance(value, str) else "a hash or a list"
    raise invalid(param, f"Invalid boolean: {shown}", code="parameter_invalid_boolean")


def _resolve_features(name: str, requested: Mapping[str, Any], losses_payments: str) -> Features:
    allowed = SUPPORTED[name]
    for key in requested:
        if key not in allowed:
            raise StripeError(
                f"Received unknown parameter: components[{name}][features][{key}]",
                code="parameter_unknown",
                param=f"components[{name}][features][{key}]",
            )
    given = {key: parse_bool(value, f"components[{name}][features][{key}]") for key, value in requested.items()}
    features: Features = {}
    for key in allowed:
        if key in given:
            features[key] = given[key]
        elif key in LOSS_DEPENDENT:
            features[key] = losses_payments == "stripe"
        elif key == "external_account_collection":
            features[key] = True
        elif key == "disable_stripe_user_authentication":
            features[key] = not given.get("external_account_collection", True)
    return features


def resolve(components: Any, losses_payments: str) -> Components:
    """Validate the `components` param and return every component key with enabled and features.

    A session names one or two of the 21 keys; the others resolve to their defaults, which
    depend only on who carries losses, without building error texts they will never need.
    """
    if not isinstance(components, Mapping) or not components:
        raise StripeError("Missing required param: components.", code="parameter_missing", param="components")
    for name in components:
        if name not in COMPONENT_KEYS:
            raise StripeError(
                f"Received unknown parameter: components[{name}]", code="parameter_unknown", param=f"components[{name}]"
            )
    resolved: Components = {}
    for name in COMPONENT_KEYS:
        spec = components.get(name)
        if spec is None:
            resolved[name] = {"enabled": False, "features": dict(_defaults(name, losses_payments))}
            continue
        if not isinstance(spec, Mapping) or "enabled" not in spec:
            raise StripeError(
                f"Missing required param: components[{name}][enabled].",
                code="parameter_missing",
                param=f"components[{name}][enabled]",
            )
        enabled = parse_bool(spec["enabled"], f"components[{name}][enabled]")
        if enabled and name not in SUPPORTED:
            raise StripeError(
                f"The {name} component is not supported yet by this server.",
                code="parameter_invalid",
                param=f"components[{name}]",
            )
        features = spec.get("features") or {}
        if not isinstance(features, Mapping):
            raise invalid(f"components[{name}][features]", "features must be a hash of booleans.")
        resolved[name] = {
            "enabled": enabled,
            "features": _resolve_features(name, features, losses_payments) if name in SUPPORTED else {},
        }
    if not any(spec["enabled"] for spec in resolved.values()):
        raise StripeError("At least one component must be enabled.", code="parameter_missing", param="components")
    return resolved


@cache
def _defaults(name: str, losses_payments: str) -> tuple[tuple[str, bool], ...]:
    """The features of a component the request did not name (a tuple: the cached value is never changed)."""
    return tuple(_resolve_features(name, {}, losses_payments).items()) if name in SUPPORTED else ()


def allows(components: Components, component: str, feature: str | None = None) -> bool:
    """Whether a session may show `component`, and, when named, use `feature` of it."""
    spec = components.get(component) or {}
    if not spec.get("enabled"):
        return False
    return feature is None or bool(spec.get("features", {}).get(feature))


def pack(components: Components) -> str:
    """A resolved session's components as bits ("1"/"0"): each rendered component's enabled flag, then
    its features, in SUPPORTED's order. The other keys cannot be enabled and carry no features, so
    `unpack(pack(c)) == c` for every result of `resolve`; a signed client secret carries this."""
    bits = []
    for name, features in SUPPORTED.items():
        spec = components[name]
        bits.append(spec["enabled"])
        bits.extend(spec["features"][feature] for feature in features)
    return "".join("1" if bit else "0" for bit in bits)


def unpack(packed: str) -> Components:
    """The components `pack` packed (ValueError for anything it cannot have made)."""
    if len(packed) != sum(1 + len(features) for features in SUPPORTED.values()) or packed.strip("01"):
        raise ValueError("not packed components")
    bits = iter(bit == "1" for bit in packed)
    resolved: Components = {name: {"enabled": False, "features": {}} for name in COMPONENT_KEYS}
    for name, features in SUPPORTED.items():
        resolved[name] = {"enabled": next(bits), "features": {feature: next(bits) for feature in features}}
    return resolved
