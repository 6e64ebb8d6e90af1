"""IAM: what AWS accepts, moto accepts (a policy document without "Version")."""

from __future__ import annotations

from moto.iam.policy_validation import BaseIAMPolicyValidator

from .. import iam_policy_versions
from ..patching import wrap

PATCHES = (wrap(BaseIAMPolicyValidator, "_validate_version", iam_policy_versions.validate_version, expects="self"),)
