"""The REST API in Stripe's wire format, as Starlette routes."""
