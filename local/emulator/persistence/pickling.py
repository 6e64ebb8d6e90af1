"""Every piece of the emulator's state as one picklable value, and back.

moto keeps each service's state in a BackendDict (account -> region ->
backend) at module level; the emulator keeps a few counters of its own, which
register here. One pickle holds them all, so objects they share (a queue the
hop counters point at) are still shared after a restore. Locks and conditions
are not state: they come back new and unlocked, as LocalStack's reducers do."""

from __future__ import annotations

import copyreg
import importlib
import io
import pickle
import sys
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import dill
from cryptography import x509
from cryptography.hazmat.bindings._rust import openssl as rust_openssl
from cryptography.hazmat.bindings._rust import x509 as rust_x509
from cryptography.hazmat.primitives import serialization
from moto.core.base_backend import BackendDict

# name -> (read the state, put it back)
_extras: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}


def register(name: str, save: Callable[[], Any], load: Callable[[Any], None]) -> None:
    """State an emulator module keeps outside moto (hop counts, move tasks)."""
    _extras[name] = (save, load)


def _new(factory: Any, *args: Any) -> Any:
    return factory(*args)


def _defaultdict(factory: Any, items: dict[Any, Any]) -> defaultdict[Any, Any]:
    made: defaultdict[Any, Any] = defaultdict(dill.loads(factory) if isinstance(factory, bytes) else factory)
    made.update(items)
    return made


def _defaultdict_subclass(kind: Any, factory: Any, items: dict[Any, Any], attributes: dict[str, Any]) -> Any:
    made = kind.__new__(kind)
    made.default_factory = dill.loads(factory) if isinstance(factory, bytes) else factory
    made.update(items)
    made.__dict__.update(attributes)
    return made


def _reduce_defaultdict(d: defaultdict[Any, Any]) -> tuple[Any, ...]:
    factory = d.default_factory
    if factory is not None and "<" in getattr(factory, "__qualname__", ""):
        factory = dill.dumps(factory, recurse=True)  # a lambda (moto: defaultdict(lambda: {})): pickled by value
    if type(d) is defaultdict:
        return _defaultdict, (factory, dict(d))
    # A subclass (moto's SSM ParameterDict) whose __init__ wants more than a factory.
    return _defaultdict_subclass, (type(d), factory, dict(d), dict(vars(d)))


def _subclasses(kind: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in kind.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


# Keys and certificates (KMS keys, SNS's signing certificate) are Rust objects:
# saved as DER, as a key file would be.
def _private_key(der: bytes) -> Any:
    return serialization.load_der_private_key(der, password=None)


def _public_key(der: bytes) -> Any:
    return serialization.load_der_public_key(der)


def _reduce_private_key(key: Any) -> tuple[Any, ...]:
    return _private_key, (key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),)


def _reduce_public_key(key: Any) -> tuple[Any, ...]:
    return _public_key, (key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),)


def _reduce_certificate(certificate: Any) -> tuple[Any, ...]:
    return x509.load_der_x509_certificate, (certificate.public_bytes(serialization.Encoding.DER),)


_KEYS: dict[type, Any] = {
    **{kind: _reduce_private_key for kind in (rust_openssl.rsa.RSAPrivateKey, rust_openssl.ec.ECPrivateKey, rust_openssl.ed25519.Ed25519PrivateKey)},
    **{kind: _reduce_public_key for kind in (rust_openssl.rsa.RSAPublicKey, rust_openssl.ec.ECPublicKey, rust_openssl.ed25519.Ed25519PublicKey)},
    rust_x509.Certificate: _reduce_certificate,
}

_LOCK = type(threading.Lock())
_RLOCK = type(threading.RLock())
_REDUCERS: dict[type, Any] = {
    _LOCK: lambda _: (_new, (threading.Lock,)),
    _RLOCK: lambda _: (_new, (threading.RLock,)),
    threading.Condition: lambda _: (_new, (threading.Condition,)),
    threading.Event: lambda _: (_new, (threading.Event,)),
    threading.Semaphore: lambda _: (_new, (threading.Semaphore,)),
    threading.local: lambda _: (_new, (threading.local,)),
    # moto's Lambda indexes its functions by ARN in a WeakValueDictionary; the
    # functions themselves are in the same pickle, so the weak references hold.
    defaultdict: _reduce_defaultdict,
    weakref.WeakValueDictionary: lambda d: (_new, (weakref.WeakValueDictionary, dict(d))),
    weakref.WeakKeyDictionary: lambda d: (_new, (weakref.WeakKeyDictionary, dict(d))),
    weakref.WeakSet: lambda d: (_new, (weakref.WeakSet, list(d))),
    **_KEYS,
}


def backend_dicts() -> dict[str, BackendDict[Any]]:
    """Every BackendDict of a loaded moto module, named "module:attribute" by the module that defines its backend."""
    found: dict[str, BackendDict[Any]] = {}
    seen: set[int] = set()
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("moto.") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, BackendDict) and id(value) not in seen and value.backend.__module__ == module_name:
                seen.add(id(value))
                found[f"{module_name}:{attribute}"] = value
    return found


def dumps() -> bytes:
    state = {
        "backends": {name: dict(backends) for name, backends in backend_dicts().items() if len(backends)},
        "extras": {name: save() for name, (save, _) in _extras.items()},
    }
    try:
        return _pickle(state)
    except Exception as error:
        raise RuntimeError(f"cannot save {_unpicklable(state)}: {error}") from error


def _pickle(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table: dict[Any, Any] = copyreg.dispatch_table.copy()
    table.update(_REDUCERS)
    table.update({sub: _reduce_defaultdict for sub in _subclasses(defaultdict)})
    pickler.dispatch_table = table
    pickler.dump(value)
    return buffer.getvalue()


def _unpicklable(value: Any, path: str = "state", depth: int = 0) -> str:
    """The path to the innermost part of value that does not pickle (to name it in the error)."""
    children: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        children = [(f"{path}[{key!r}]", item) for key, item in value.items()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        children += [(f"{path}.{key}", item) for key, item in vars(value).items()]
    for child_path, child in children:
        try:
            _pickle(child)
        except Exception:
            return _unpicklable(child, child_path, depth + 1) if depth < 30 else child_path
    return f"{path} ({type(value).__name__})"


def check_loadable(data: bytes) -> None:
    """Raises what loads() would, without putting anything in place."""
    pickle.loads(data)


def loads(data: bytes) -> None:
    """Puts a dumps() state in place of the current one. Each BackendDict is
    refilled in place: other modules hold it by reference."""
    state = pickle.loads(data)
    for name, accounts in state["backends"].items():
        module_name, attribute = name.split(":")
        target = getattr(importlib.import_module(module_name), attribute)
        dict.clear(target)
        dict.update(target, accounts)
        registered: list[Any] = BackendDict._instances  # type: ignore[misc]
        if target not in registered:
            registered.append(target)
    for name, value in state["extras"].items():
        if name in _extras:
            _extras[name][1](value)
