"""Stripe-style identifiers and secrets. Secrets are stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


_UNBIASED = 256 - 256 % len(_ALPHABET)  # bytes at or above this would favour the first letters
# Byte b stands for _ALPHABET[b % 62]; bytes from _UNBIASED up are dropped (bytes.translate, in C).
_TO_ALPHABET = bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(256))
_BIASED = bytes(range(_UNBIASED, 256))


def random_token(length: int = 24) -> str:
    """Letters and digits from the OS's CSPRNG, uniformly: one call for all the bytes, not one a character."""
    token = b""
    while len(token) < length:
        token += secrets.token_bytes(length + 8).translate(_TO_ALPHABET, _BIASED)
    return token[:length].decode()


def new_id(prefix: str) -> str:
    """new_id('acct') -> 'acct_1Q2w3E4r5T6y7U8i'."""
    return f"{prefix}_1{random_token(15)}"


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret's UTF-8; a lone surrogate (a browser can send one) is hashed, not an error."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def fingerprint(value: str, key: str) -> str:
    """A keyed fingerprint (HMAC-SHA256) that spots duplicates without keeping the value."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]
