"""Per-request work moto repeats needlessly in routing and dispatch, done
once, with the same answers (py-spy profiles, docs/local-runtime.md)."""

from __future__ import annotations

import functools
import string
from collections.abc import Callable
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends
from moto.moto_api._internal.moto_random import MotoRandom

# Routing: moto lists its own package folder (an isdir per entry) on every request.
_modules: tuple[Any, ...] | None = None


def module_list_once(original: Callable[[], Any]) -> tuple[Any, ...]:
    global _modules
    if _modules is None:
        _modules = tuple(original())
    return _modules


# Dispatch: for every request moto lists the methods of the service's response
# class (inspect.getmembers over hundreds of attributes) to see whether the
# action is one of them. A class's methods do not change while the server runs.

@functools.cache
def method_names_once(original: Callable[[Any], Any], cls: type) -> frozenset[str]:
    return frozenset(original(cls))


# Routing: moto finds a request's service by trying its host against the URL
# pattern of every service in turn (a hundred regular expressions, SNS near
# the end), twice per request. The patterns are fixed once the app exists, so
# a host's answer is too (hosts are service.region names: a bounded set).
_service_of_host: dict[tuple[int, str | None], Any] = {}


def service_for_host(original: Callable[[Any, str | None], Any], self: Any, host: str | None) -> Any:
    key = (id(self), host)
    if key not in _service_of_host:
        _service_of_host[key] = original(self, host)
    return _service_of_host[key]


# Every backend lookup (several per request) took moto's global backend lock
# and tested `self not in BackendDict._instances`, a list of dicts compared by
# value. Once an account's backend exists and the dict is registered, the
# lookup is a plain read.
_registered: set[int] = set()


def backend_for_account(original: Any, self: Any, account_id: str) -> Any:
    if id(self) in _registered and dict.__contains__(self, account_id):
        return dict.__getitem__(self, account_id)
    backend = original(self, account_id)
    _registered.add(id(self))
    return backend


# Every request asks which account its access key belongs to. moto looked in
# the IAM backend of each of six partitions of every account, creating each
# one it had not yet: five IAM backends per account that nothing else uses,
# each loading AWS's 1,582 managed policies (4 MiB, and pickled into every
# snapshot). A key can only be in a backend that exists, so looking in those,
# in the same order of accounts, finds the same account.
def account_of_access_key(access_key: str) -> str:
    for account_id, partitions in list(dict.items(iam_backends)):
        for backend in list(dict.values(partitions)):
            if access_key in backend.access_keys:
                return account_id
    return DEFAULT_ACCOUNT_ID


# Request IDs (52 characters, on every response) were drawn one random.choice
# at a time; random.choices draws them in one call from the same generator.
def random_string(self: MotoRandom, length: int = 20, include_digits: bool = True, lower_case: bool = False) -> str:
    pool = string.ascii_letters + (string.digits if include_digits else "")
    text = "".join(self.choices(pool, k=length))
    return text.lower() if lower_case else text


# Every request reads its access key twice (setup_class, then the account
# lookup), each a search of moto's pattern `AWS.*(?P<access_key>[A-Z0-9]{20})[:/]`
# over the whole Authorization header: 15 µs each, with the emulator's
# credentials ("test") the longest, as the search fails after trying every
# position. A SigV4 header ends in ", Signature=<hex>", new for every
# request; as that part holds no ':' or '/', a match cannot end in it, so the
# search finds the same in the part before it, which is the same for every
# request of one client on one day to one service. The search's answer is
# kept per that part; the rest is moto's.
_SIGNATURE = ", Signature="
_key_of_credential: dict[str, str | None] = {}


def access_key(original: Callable[[Any], str], self: Any) -> str:
    authorization = self.headers.get("Authorization")
    if authorization is None:
        return original(self)
    credential, separator, signature = authorization.rpartition(_SIGNATURE)
    if not separator or ":" in signature or "/" in signature:
        return original(self)
    try:
        key = _key_of_credential[credential]
    except KeyError:
        if len(_key_of_credential) > 1024:
            _key_of_credential.clear()
        match = self.access_key_regex.search(credential)
        key = _key_of_credential[credential] = match.group("access_key") if match else None
    if key is not None:
        return key
    if self.querystring.get("AWSAccessKeyId"):
        return str(self.querystring["AWSAccessKeyId"][0])
    return "AKIAEXAMPLE"
