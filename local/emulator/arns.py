"""ARNs (arn:partition:service:region:account:resource), read in one place:
the Python twin of packages/kit/src/arn.ts."""

from __future__ import annotations

from typing import NamedTuple


class Arn(NamedTuple):
    partition: str
    service: str
    region: str
    account: str
    resource: str  # everything after the account: "function:name", "queue-name" ...


def parse_arn(arn: str) -> Arn:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        raise ValueError(f"not an ARN: {arn}")
    return Arn(*parts[1:])
