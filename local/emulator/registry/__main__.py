"""`make patches`: every patch the emulator makes to moto, and whether the
installed moto fits each one (python -m emulator.registry, with local/ on
PYTHONPATH and contract.py's ports set)."""

from __future__ import annotations

import sys

import moto

from ..patching import pinned_moto_version, problems
from . import SERVICES


def main() -> int:
    for service, module in SERVICES.items():
        print(f"{service}:")
        for patch in module.PATCHES:
            print(f"  {patch.kind:8} {patch.target}  [{patch.by}]")
    found = problems(tuple(p for m in SERVICES.values() for p in m.PATCHES), moto.__version__, pinned_moto_version())
    print(f"\nmoto {moto.__version__} (pinned {pinned_moto_version()}): " + ("every patch fits" if not found else f"{len(found)} problem(s)"))
    for line in found:
        print(f"  - {line}")
    return 1 if found else 0


sys.exit(main())
