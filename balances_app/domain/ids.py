"""Stripe-style identifiers and secrets. Secrets are stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


_UNBIASED = 256 - 256 % len(_ALPHABET)  # bytes at or above this would favour the first letters


def random_token(length: int = 24) -> str:
    """Letters and digits from the OS's CSPRNG: one call for all the bytes, not one a character."""
    chars: list[str] = []
    while len(chars) < length:
        chars.extend(_ALPHABET[b % len(_ALPHABET)] for b in secrets.token_bytes(length + 8) if b < _UNBIASED)
    return "".join(chars[:length])


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
