"""moto keeps every model object it ever makes: BaseModel.__new__ appends each
one to its class's `instances_tracked`, a list that only moto's own dashboard
(/moto-api/data.json) reads. So nothing moto models was ever freed: not an
item overwritten, deleted or copied for a read or a stream image, not an SQS
message once deleted, a shard iterator, a log event or a datapoint. After
`make bench` that was most of the emulator's memory (docs/local-runtime.md,
"Where the time goes"). Here a model is an ordinary object, freed when moto
lets go of it; the dashboard, which the local cloud does not serve, lists no
instances."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import BaseModel


def untracked_new(cls: type[Any], *args: Any, **kwargs: Any) -> Any:
    """BaseModel.__new__ without the append: the object, as object.__new__ (or the next base's) makes it."""
    return super(BaseModel, cls).__new__(cls)
