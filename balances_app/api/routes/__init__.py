"""One module per Stripe resource."""
