"""The one way the emulator changes moto: wrap a method, keep the original."""

from __future__ import annotations

import functools
from typing import Any, Callable


def patch(owner: Any, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Replace owner.name by the decorated function, which receives the original first."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        original = getattr(owner, name)

        @functools.wraps(original)
        def patched(*args: Any, **kwargs: Any) -> Any:
            return fn(original, *args, **kwargs)

        setattr(owner, name, patched)
        return patched

    return wrap


def wrap_property(owner: Any, name: str, fn: Callable[[Callable[[Any], Any], Any], Any]) -> None:
    """Replace the property owner.name by fn(original_getter, self)."""
    getter = getattr(owner, name).fget
    setattr(owner, name, property(lambda self: fn(getter, self)))
