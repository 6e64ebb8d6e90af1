"""SSM: EC2 is imported when SendCommand first needs it, not with SSM."""

from __future__ import annotations

from ..lazy_ec2 import EC2_BACKENDS, ec2_deferred
from ..patching import replace

with ec2_deferred():
    from moto.ssm import models as ssm_models

PATCHES = (replace(ssm_models, "ec2_backends", EC2_BACKENDS),)
