"""The one way the emulator changes moto: a registry of patches.

Each service's patches are declared as data in local/emulator/registry/<service>.py:
one Patch per moto attribute, with every layer that wraps it listed in the
order it runs (outermost first), and the signature the patch was written
against. Nothing wraps an attribute twice, so no behaviour depends on the
order in which modules happen to be installed.

Before anything is installed, check() compares moto with what the patches
expect: the pinned version (local/requirements.txt) and, for every patched
attribute, that it exists (or, for an addition, that it does not yet) and has
the expected parameters. `python -m emulator` refuses to start on a mismatch
and names each patch, so a moto upgrade fails loudly instead of quietly.
`python -m emulator.patching` lists every patch."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# A layer receives the attribute it wraps (the original, or the next layer) first.
Layer = Callable[..., Any]
Kind = Literal["wrap", "property", "replace", "add"]

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"


class PatchError(RuntimeError):
    """moto is not what a patch was written for, or a patch is declared twice."""


@dataclass(frozen=True)
class Patch:
    owner: Any  # a class, a module or a dict (a route table)
    name: str
    kind: Kind
    layers: tuple[Layer, ...]
    expects: str | None = None  # the original's parameters, as "self, message"; None: not checked
    module: str = ""  # who adds it, when its value comes from moto (a route to moto's own dispatch)
    installed: list[Any] = field(default_factory=list, compare=False, repr=False)  # the original, once installed

    @property
    def target(self) -> str:
        if isinstance(self.owner, dict):
            return f"route {self.name!r}"
        module = getattr(self.owner, "__module__", None) or getattr(self.owner, "__name__", "?")
        owner = getattr(self.owner, "__qualname__", None)
        return f"{module}.{owner}.{self.name}" if owner else f"{module}.{self.name}"

    @property
    def by(self) -> str:
        """The modules whose layers make up the patch, outermost first."""
        if self.module:
            return self.module
        return ", ".join(dict.fromkeys(layer.__module__.rsplit(".", 1)[-1] for layer in self.layers))


def wrap(owner: Any, name: str, *layers: Layer, expects: str | None = None) -> Patch:
    """owner.name runs layers[0](next, self, ...), whose next is layers[1], ..., down to the original."""
    return Patch(owner, name, "wrap", layers, expects)


def wrap_property(owner: Any, name: str, *layers: Layer) -> Patch:
    """The property owner.name reads through layers(next_getter, self), outermost first."""
    return Patch(owner, name, "property", layers, None)


def replace(owner: Any, name: str, value: Any, *, expects: str | None = None) -> Patch:
    """owner.name becomes value; the original is not called."""
    return Patch(owner, name, "replace", (value,), expects)


def add(owner: Any, name: str, value: Any, *, by: str = "") -> Patch:
    """owner.name (or the route owner[name]) is new: moto must not have it yet."""
    return Patch(owner, name, "add", (value,), None, by)


def pinned_moto_version(requirements: Path = REQUIREMENTS) -> str:
    match = re.search(r"^moto(?:\[[^\]]*\])?==([^\s#]+)", requirements.read_text(), re.MULTILINE)
    if not match:
        raise PatchError(f"{requirements} does not pin moto (moto==X.Y.Z)")
    return match.group(1)


def parameters(fn: Any) -> str:
    """A callable's parameter names as "self, message, *args, **kwargs"."""
    params = []
    for p in inspect.signature(fn).parameters.values():
        prefix = "*" if p.kind is inspect.Parameter.VAR_POSITIONAL else "**" if p.kind is inspect.Parameter.VAR_KEYWORD else ""
        params.append(prefix + p.name)
    return ", ".join(params)


def _current(patch: Patch) -> Any:
    if isinstance(patch.owner, dict):
        return patch.owner.get(patch.name)
    return inspect.getattr_static(patch.owner, patch.name, None) if inspect.isclass(patch.owner) else getattr(patch.owner, patch.name, None)


def problems(patches: tuple[Patch, ...], moto_version: str, pinned: str) -> list[str]:
    """Every way moto differs from what the patches were written for (empty: all is as expected)."""
    found = []
    if moto_version != pinned:
        found.append(f"moto is {moto_version}, but the emulator's patches are written for moto {pinned} (local/requirements.txt); run make install, or re-check every patch before changing the pin")
    seen: dict[tuple[int, str], Patch] = {}
    for patch in patches:
        key = (id(patch.owner), patch.name)
        if key in seen:
            found.append(f"{patch.target} is patched twice ({seen[key].by}; {patch.by}): compose the layers in one Patch")
        seen[key] = patch
        if patch.installed:
            continue  # checked before it was installed
        current = _current(patch)
        if patch.kind == "add":
            if current is not None:
                found.append(f"{patch.target} ({patch.by}): moto now has it; the emulator's addition would hide moto's own")
            continue
        if current is None:
            found.append(f"{patch.target} ({patch.by}): moto no longer has it")
            continue
        if patch.kind == "property":
            if not isinstance(current, property):
                found.append(f"{patch.target} ({patch.by}): no longer a property")
            continue
        if patch.expects is not None:
            actual = parameters(current.__func__ if isinstance(current, (staticmethod, classmethod)) else current)
            if actual != patch.expects:
                found.append(f"{patch.target} ({patch.by}): moto's parameters are ({actual}), the patch expects ({patch.expects})")
    return found


def _chain(layers: tuple[Layer, ...], original: Callable[..., Any]) -> Callable[..., Any]:
    call = original
    for layer in reversed(layers):
        call = functools.partial(layer, call)
    return call


def _wrapper(layers: tuple[Layer, ...], original: Callable[..., Any]) -> Callable[..., Any]:
    chained = _chain(layers, original)

    @functools.wraps(original)  # inspect.signature() still shows moto's parameters
    def patched(*args: Any, **kwargs: Any) -> Any:
        return chained(*args, **kwargs)

    return patched


def install(patches: tuple[Patch, ...]) -> None:
    """Apply every patch (check() first: this assumes moto is as expected)."""
    for patch in patches:
        if patch.installed:
            continue  # a registry installed once per process (tests install some twice)
        if isinstance(patch.owner, dict):
            patch.owner[patch.name] = patch.layers[0]
            patch.installed.append(None)
            continue
        original = getattr(patch.owner, patch.name, None)
        patch.installed.append(original)
        if patch.kind == "wrap":
            setattr(patch.owner, patch.name, _wrapper(patch.layers, original))  # type: ignore[arg-type]  # check() saw that it exists
        elif patch.kind == "property":
            chained = _chain(patch.layers, original.fget)  # type: ignore[union-attr]
            setattr(patch.owner, patch.name, property(chained))
        else:
            setattr(patch.owner, patch.name, patch.layers[0])


def check(patches: tuple[Patch, ...]) -> None:
    """Raise PatchError naming every mismatch between moto and the patches."""
    import moto

    found = problems(patches, moto.__version__, pinned_moto_version())
    if found:
        raise PatchError("the emulator will not start: moto is not what its patches expect\n" + "\n".join(f"  - {line}" for line in found))
