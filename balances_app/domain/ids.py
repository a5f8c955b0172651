"""Stripe-style identifiers and secrets. Secrets are stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_token(length: int = 24) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id(prefix: str) -> str:
    """new_id('acct') -> 'acct_1Q2w3E4r5T6y7U8i'."""
    return f"{prefix}_1{random_token(15)}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def fingerprint(value: str, key: str) -> str:
    """A keyed fingerprint (HMAC-SHA256) that spots duplicates without keeping the value."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]
