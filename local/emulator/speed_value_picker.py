"""moto's attribute picker, with the keys it tries for a member kept on the
member's shape: the same value chosen, without asking six alias providers
again for every member of every answer (test_speed_value_picker.py compares
the two on every operation's answer of the lab's services).

moto 5.2.5 writes an answer by walking its botocore shape, and for each
member of each structure it builds a context and asks every alias provider
for a key to try (`XFormedAttributePicker.get_possible_keys`). For a result
that is a plain dict, as most of moto's results are, those keys depend only
on the member's shape and its parent structure: no provider reads a dict's
contents, only whether it has a `Meta` (a dict has none) and its class name.
So they are worked out once per member shape and parent, and each answer
only looks them up in the dict. Any other result (a model object, a dict
subclass) and any other picker take moto's path; response transformers are
applied as moto applies them."""

from __future__ import annotations

from typing import Any

from moto.core.serialize import AttributePicker, AttributePickerContext, XFormedAttributePicker
from moto.core.utils import MISSING, get_value

_PICKERS = (AttributePicker, XFormedAttributePicker)


def _keys_to_try(serializer: Any, picker: Any, value: dict[str, Any], key: str, shape: Any) -> tuple[str, ...] | None:
    """The keys moto's picker would try for this member of a dict, in its order.

    Kept in the shape's own __dict__: botocore keeps a structure's member
    shapes for as long as the structure (a cached property), so the entry
    lives and dies with the shape it describes. moto sets `parent` on the
    member before asking, and two alias providers read it, so an entry
    holds the parent it was made for and is made again for another one."""
    cache = shape.__dict__.setdefault("_streamlab_dict_keys", {})
    entry_key = (type(picker), key)
    parent = getattr(shape, "parent", None)
    entry = cache.get(entry_key)
    if entry is not None and entry[0] is parent and entry[1] is picker.alias_providers:
        keys: tuple[str, ...] = entry[2]
        return keys
    context = AttributePickerContext(obj=value, key=key, shape=shape, operation_model=serializer.operation_model, service_model=serializer.operation_model.service_model, key_path="")
    try:
        keys = tuple(picker.get_possible_keys(context))
    except Exception:  # moto asks lazily and may stop before a provider that fails
        return None
    cache[entry_key] = (parent, picker.alias_providers, keys)
    return keys


def serializer_get_value(original: Any, self: Any, value: Any, key: str, shape: Any) -> Any:
    """ResponseSerializer.get_value: a plain dict's member found by the keys kept for its shape."""
    picker = self._value_picker
    if type(value) is not dict or type(picker) not in _PICKERS:
        return original(self, value, key, shape)
    keys = _keys_to_try(self, picker, value, key, shape)
    if keys is None:
        return original(self, value, key, shape)
    found = None
    for possible_key in keys:
        # moto's get_value: a dotted key is a path; a plain one is a dict lookup.
        found = get_value(value, possible_key, MISSING) if "." in possible_key else value.get(possible_key, MISSING)
        if found is not MISSING:
            break
    else:
        found = None
    transformers = picker.response_transformers
    if transformers:
        key_path = f"{'.'.join(self.path)}.{key}"
        for transform_path, transform in transformers.items():
            if key_path.endswith(transform_path):
                return transform(found)
    return found
