"""Balances: an open, self-hosted embedded balances component for platforms."""
