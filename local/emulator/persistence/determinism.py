"""A replayed request makes the same random draws and reads the same clock as
the original did, so replay rebuilds the very same state: message ids,
receipt handles, stream shard ids and sequence numbers, timestamps.

- Random: moto draws every id from one generator (mock_random). Here each
  thread draws from its own, and a journaled change reseeds its thread's
  generator with a seed the journal records; a concurrent read, drawing its
  request id, no longer moves another request's sequence.
- Backends moto creates on first use (AWS's managed IAM policies, a default
  event bus) draw from a throwaway generator: whether the first use was a read
  or a change must not shift the draws of the change.
- Clock: moto stamps what it stores (SentTimestamp, visibility deadlines, a
  stream record's ApproximateCreationDateTime) with moto.core.utils.utcnow().
  During a journaled change that clock reads the change's recorded time, so
  the replay stamps the same; during replay freezegun also holds every other
  clock (time.time, datetime.now) at each record's time."""

from __future__ import annotations

import os
import random
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from moto.core import utils as moto_utils
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.moto_random import MotoRandom

_local = threading.local()


def _generator() -> random.Random:
    generator: random.Random | None = getattr(_local, "generator", None)
    if generator is None:
        generator = _local.generator = random.Random()
    return generator


class PerThreadRandom(MotoRandom):
    """mock_random, drawing from the calling thread's generator.

    The methods that draw many numbers at once (a 52-character request id is
    52 draws) are handed to the generator whole: random.Random's Python code
    then calls the generator's own C methods, not this class once per draw,
    and the draws are the very same (test_determinism.py)."""

    def random(self) -> float:
        return _generator().random()

    def getrandbits(self, k: int) -> int:
        return _generator().getrandbits(k)

    def choices(self, population: Any, weights: Any = None, *, cum_weights: Any = None, k: int = 1) -> list[Any]:
        return _generator().choices(population, weights, cum_weights=cum_weights, k=k)

    def choice(self, seq: Any) -> Any:
        return _generator().choice(seq)

    def randint(self, a: int, b: int) -> int:
        return _generator().randint(a, b)

    def seed(self, a: Any = None, version: int = 2) -> None:  # moto's /moto-api/seed
        _generator().seed(a, version)

    def getstate(self) -> Any:
        return _generator().getstate()

    def setstate(self, state: Any) -> None:
        _generator().setstate(state)


_clock = threading.local()
_moto_utcnow = moto_utils.utcnow


def utcnow() -> datetime:
    """moto's utcnow (a naive UTC datetime): the change's recorded time while a journaled change runs."""
    at: datetime | None = getattr(_clock, "at", None)
    return at if at is not None else datetime.now(timezone.utc).replace(tzinfo=None)


@contextmanager
def change_clock(at: float) -> Iterator[None]:
    _clock.at = datetime.fromtimestamp(at, timezone.utc).replace(tzinfo=None)
    try:
        yield
    finally:
        _clock.at = None


def install() -> None:
    mock_random.__class__ = PerThreadRandom
    # moto's modules import utcnow by name (unix_time and unix_time_millis call
    # it by name too): each loaded module's reference is replaced, and moto
    # modules imported later import the replacement.
    for module in list(sys.modules.values()):
        if getattr(module, "utcnow", None) is _moto_utcnow and (getattr(module, "__name__", "") or "").startswith("moto"):
            setattr(module, "utcnow", utcnow)  # noqa: B010


def new_seed() -> int:
    return int.from_bytes(os.urandom(8), "big")


def seed(value: int) -> None:
    _generator().seed(value)


@contextmanager
def throwaway_draws() -> Iterator[None]:
    saved = _generator()
    _local.generator = random.Random()
    try:
        yield
    finally:
        _local.generator = saved


def backend_created_apart(original: Any, self: Any, key: str) -> Any:
    """A layer on BackendDict / AccountSpecificBackend __getitem__: creating a backend draws from a throwaway generator."""
    if dict.__contains__(self, "aws" if key == "global" else key):  # moto's name for a global service's region
        return original(self, key)
    with throwaway_draws():
        return original(self, key)


@contextmanager
def frozen_clock(first: float) -> Iterator[Callable[[float], None]]:
    """Holds the process's clock (time, datetime, monotonic) at a journal
    record's time; yields the function that moves it to the next one."""
    import freezegun  # only a replay needs it

    # Nothing runs beside a replay, so no module needs the real clock: without
    # an ignore list freezegun answers without walking the caller's stack.
    freezegun.configure(default_ignore_list=[])
    with freezegun.freeze_time(datetime.fromtimestamp(first, timezone.utc), tick=False) as frozen:
        yield lambda at: frozen.move_to(datetime.fromtimestamp(at, timezone.utc))
