from collections import Counter
from string import ascii_letters, digits

from balances_app.domain.ids import new_id, random_token


def test_tokens_have_the_length_asked_and_only_letters_and_digits() -> None:
    for length in (1, 14, 24, 40, 100):
        token = random_token(length)
        assert len(token) == length
        assert set(token) <= set(ascii_letters + digits)


def test_tokens_use_every_character_about_as_often() -> None:
    """No modulo bias: each of the 62 characters within 10% of the mean over 248,000 draws."""
    counts = Counter("".join(random_token(40) for _ in range(6_200)))
    mean = 6_200 * 40 / 62
    assert len(counts) == 62
    assert all(abs(count - mean) < mean * 0.1 for count in counts.values())


def test_ids_do_not_repeat() -> None:
    ids = {new_id("po") for _ in range(10_000)}
    assert len(ids) == 10_000
