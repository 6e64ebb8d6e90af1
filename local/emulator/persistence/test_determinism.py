"""PerThreadRandom hands the methods that draw many numbers to the calling
thread's generator whole (a speed change): the draws must be exactly those the
generator gives, so that a replayed request still draws the same ids."""

from __future__ import annotations

import random
import string

from moto.moto_api._internal import mock_random

from emulator.persistence import determinism

determinism.install()


def draws(r: random.Random) -> list[object]:
    pool = list(string.ascii_letters)
    mixed = list(range(20))
    r.shuffle(mixed)
    return [
        r.choices(pool, k=52),
        r.choices(pool, weights=range(1, 53), k=5),
        r.choice(pool),
        r.randint(1, 10**6),
        r.sample(pool, 7),
        mixed,
        r.getrandbits(128),
        r.random(),
        str(mock_random.uuid4()) if r is mock_random else None,
    ]


def test_each_draw_is_the_thread_generator_s_own() -> None:
    determinism.seed(20261205)
    ours = draws(mock_random)
    reference = random.Random(20261205)
    expected = draws(reference)
    assert ours[:-1] == expected[:-1]


def test_the_same_seed_gives_the_same_request_ids_and_uuids() -> None:
    determinism.seed(7)
    first = (mock_random.get_random_string(52), mock_random.get_random_hex(8), mock_random.uuid4())
    determinism.seed(7)
    assert (mock_random.get_random_string(52), mock_random.get_random_hex(8), mock_random.uuid4()) == first
