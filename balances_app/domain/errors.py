"""The one error type: Stripe's error envelope, raised by the domain, rendered by the api.

The `message` is Stripe's English text, which the API sends as it is. People never read it:
the component puts a refusal into words in the viewer's language from what it means, `rule`
(Stripe's `code` where Stripe has one; our own snake_case `reason` where the API's code is
generic or missing, which the API does not send) and `params` (amounts in minor units with
their currency, days, counts), through its one table (ui/refusals.py). So the domain carries
codes and parameters, and formats no text for people beyond the API's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_BY_TYPE = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "card_error": 402,
    "permission_error": 403,
    "idempotency_error": 400,
    "rate_limit_error": 429,
    "api_error": 500,
}


@dataclass
class StripeError(Exception):
    """An error a caller can act on, in Stripe's vocabulary."""

    message: str
    type: str = "invalid_request_error"
    code: str | None = None
    param: str | None = None
    status: int | None = None
    reason: str | None = None  # the rule, when `code` is missing or names several rules (never sent by the API)
    params: dict[str, Any] = field(default_factory=dict)  # plain values the rule's message is made of

    @property
    def rule(self) -> str:
        """What the component explains: our reason when there is one, else Stripe's code."""
        return self.reason or self.code or ""

    def __post_init__(self) -> None:
        super().__init__(self.message)
        if self.status is None:
            self.status = STATUS_BY_TYPE.get(self.type, 400)

    def to_dict(self) -> dict[str, dict[str, str]]:
        body: dict[str, str] = {"type": self.type, "message": self.message}
        if self.code:
            body["code"] = self.code
            body["doc_url"] = f"https://docs.stripe.com/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            body["param"] = self.param
        return {"error": body}


def missing(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(
    param: str, message: str, code: str = "parameter_invalid", reason: str | None = None, **params: Any
) -> StripeError:
    return StripeError(message, code=code, param=param, reason=reason, params=params)


def no_such(kind: str, object_id: str, param: str | None = None) -> StripeError:
    return StripeError(f"No such {kind}: '{object_id}'", code="resource_missing", param=param, status=404)
