"""Every change the emulator makes to moto, per service: each module declares
PATCHES, one Patch per moto attribute, its layers outermost first
(local/emulator/patching.py checks and installs them). The behaviour lives in
the modules the layers come from (local/emulator/*.py); this folder only says
where each one goes."""

from __future__ import annotations

from ..patching import Patch, check, install
from . import apigateway, awslambda, cloudwatch, core, dynamodb, events, iam, s3, sns, sqs, ssm

SERVICES = {"core": core, "sqs": sqs, "sns": sns, "dynamodb": dynamodb, "lambda": awslambda, "cloudwatch": cloudwatch, "iam": iam, "events": events, "s3": s3, "apigateway": apigateway, "ssm": ssm}


def all_patches() -> tuple[Patch, ...]:
    return tuple(patch for module in SERVICES.values() for patch in module.PATCHES)


def install_all() -> None:
    """Check moto against every patch, then install them (raises PatchError on a mismatch)."""
    patches = all_patches()
    check(patches)
    install(patches)


def install_service(name: str) -> None:
    """One service's patches, for a test of moto in process (checked the same way)."""
    patches = SERVICES[name].PATCHES
    check(patches)
    install(patches)
