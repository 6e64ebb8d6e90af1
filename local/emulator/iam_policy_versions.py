"""IAM accepts a policy document without "Version", as AWS does.

AWS: "If you do not include a Version element, the value defaults to
2008-10-17" (IAM JSON policy elements: Version), and such a policy is valid;
only policy variables (`${aws:username}`) need 2012-10-17, and AWS refuses a
document that uses them under an older version with "Policy document must be
version 2012-10-17 or greater." moto refuses every document that is not
exactly 2012-10-17, so Terraform that applies on AWS (a version-less inline
policy, an `aws_iam_policy_document` with version 2008-10-17) fails here."""

from __future__ import annotations

import re
from typing import Any

_POLICY_VARIABLE = re.compile(r"\$\{[^}]+\}")


def validate_version(original: Any, self: Any) -> None:
    version = self._policy_json.get("Version", "2008-10-17")
    if version == "2012-10-17":
        return
    if _POLICY_VARIABLE.search(self._policy_document):
        original(self)  # raises: variables need 2012-10-17, as on AWS
