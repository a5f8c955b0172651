"""Pages only compose components."""
