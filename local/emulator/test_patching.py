"""Tests of local/emulator/patching.py: the registry refuses a moto it was not
written for, names the patch, and composes layers in the order declared."""

from __future__ import annotations

from typing import Any

import moto
import pytest

from emulator import registry
from emulator.patching import PatchError, add, install, parameters, pinned_moto_version, problems, replace, wrap


class Model:
    def send(self, body: str, delay: int = 0) -> list[str]:
        return [f"sent {body}"]


def outer(original: Any, self: Any, body: str, **kwargs: Any) -> list[str]:
    return ["outer", *original(self, body, **kwargs)]


def inner(original: Any, self: Any, body: str, **kwargs: Any) -> list[str]:
    return ["inner", *original(self, body, **kwargs)]


def test_the_pinned_moto_is_installed_and_every_patch_fits_it() -> None:
    assert moto.__version__ == pinned_moto_version()
    assert problems(registry.all_patches(), moto.__version__, pinned_moto_version()) == []


def test_another_moto_version_is_refused_with_the_pin_named() -> None:
    [found] = problems((), "9.9.9", "5.2.5")
    assert "moto is 9.9.9, but the emulator's patches are written for moto 5.2.5" in found


def test_a_changed_signature_names_the_patch_and_both_signatures() -> None:
    [found] = problems((wrap(Model, "send", outer, expects="self, body"),), "1", "1")
    assert found == "emulator.test_patching.Model.send (test_patching): moto's parameters are (self, body, delay), the patch expects (self, body)"


def test_a_missing_attribute_and_an_addition_moto_now_has_are_refused() -> None:
    found = problems((wrap(Model, "gone", outer, expects="self"), add(Model, "send", outer)), "1", "1")
    assert found == [
        "emulator.test_patching.Model.gone (test_patching): moto no longer has it",
        "emulator.test_patching.Model.send (test_patching): moto now has it; the emulator's addition would hide moto's own",
    ]


def test_an_attribute_patched_twice_is_refused() -> None:
    found = problems((wrap(Model, "send", outer, expects="self, body, delay"), replace(Model, "send", inner, expects="self, body, delay")), "1", "1")
    assert found == ["emulator.test_patching.Model.send is patched twice (test_patching; test_patching): compose the layers in one Patch"]


def test_layers_run_outermost_first_and_the_signature_stays_moto_s() -> None:
    class Local(Model):
        pass

    Local.send = Model.send  # type: ignore[method-assign]
    install((wrap(Local, "send", outer, inner, expects="self, body, delay"),))
    assert Local().send("m") == ["outer", "inner", "sent m"]
    assert parameters(Local.send) == "self, body, delay"


def test_check_raises_a_patch_error() -> None:
    with pytest.raises(PatchError, match="moto no longer has it"):
        from emulator.patching import check

        check((wrap(Model, "gone", outer, expects="self"),))
