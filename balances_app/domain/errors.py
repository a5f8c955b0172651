"""The one error type: Stripe's error envelope, raised by the domain, rendered by the api."""

from __future__ import annotations

from dataclasses import dataclass

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


def invalid(param: str, message: str, code: str = "parameter_invalid") -> StripeError:
    return StripeError(message, code=code, param=param)


def no_such(kind: str, object_id: str, param: str | None = None) -> StripeError:
    return StripeError(f"No such {kind}: '{object_id}'", code="resource_missing", param=param, status=404)
