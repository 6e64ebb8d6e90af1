"""moto's SSM models import EC2 at the top for one call: SendCommand with
targets, which looks up the instances the targets' tags name. Importing EC2
loads every instance type and the instance type offerings of every region:
98 MiB and 0.65 s, in an emulator whose labs hold no EC2 resource and only
use SSM for a parameter. SSM imports a stand-in instead, which imports EC2 at
the first read; anything else that imports EC2 gets the real module."""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator
from typing import Any


class Ec2Backends:
    """moto.ec2.ec2_backends, imported when SSM first reads it."""

    def __getitem__(self, account_id: str) -> Any:
        from moto.ec2 import ec2_backends

        return ec2_backends[account_id]


EC2_BACKENDS = Ec2Backends()


@contextlib.contextmanager
def ec2_deferred() -> Iterator[None]:
    """While the block imports, `from moto.ec2 import ec2_backends` gets EC2_BACKENDS (moto.ec2 itself is not imported)."""
    if "moto.ec2" in sys.modules:
        yield  # already paid for: the real one
        return
    stand_in = types.ModuleType("moto.ec2")
    stand_in.ec2_backends = EC2_BACKENDS  # type: ignore[attr-defined]
    sys.modules["moto.ec2"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("moto.ec2") is stand_in:
            del sys.modules["moto.ec2"]
