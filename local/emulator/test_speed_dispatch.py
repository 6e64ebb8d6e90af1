"""Tests of local/emulator/speed_dispatch.py against moto in process: each
shortcut gives moto's own answer (the originals are kept by the registry's
Patch records). A speed patch changes no behaviour, so there is nothing for
unpatched moto to fail; these guard the answers."""

from __future__ import annotations

import string

from moto import backends as moto_backends
from moto.core import responses as moto_responses
from moto.moto_api._internal import mock_random
from moto.sqs import models as sqs_models
from moto.sqs import responses as sqs_responses

from emulator import registry
from emulator.conftest import motos_own
from emulator.registry import core

registry.install_service("core")


def original(name: str) -> object:
    return motos_own(core.PATCHES, name)


def test_the_module_list_and_a_class_s_method_names_are_moto_s() -> None:
    assert list(moto_backends.list_of_moto_modules()) == list(original("list_of_moto_modules")())  # type: ignore[operator]
    assert set(moto_responses.method_names_from_class(sqs_responses.SQSResponse)) == set(original("method_names_from_class")(sqs_responses.SQSResponse))  # type: ignore[operator]


def test_a_backend_lookup_returns_moto_s_backend_for_a_known_and_a_new_account() -> None:
    known = sqs_models.sqs_backends["123456789012"]
    assert sqs_models.sqs_backends["123456789012"] is known
    fresh = sqs_models.sqs_backends["210987654321"]
    assert fresh["us-east-1"].account_id == "210987654321"


def test_request_ids_have_moto_s_length_and_alphabet() -> None:
    assert len(mock_random.get_random_string(52)) == 52
    assert set(mock_random.get_random_string(200, lower_case=True)) <= set(string.ascii_lowercase + string.digits)
    assert set(mock_random.get_random_string(200, include_digits=False)) <= set(string.ascii_letters)


def test_a_host_s_service_is_moto_s_each_time() -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = DomainDispatcherApplication(create_backend_app)
    unpatched = original("get_backend_for_host")
    for host in ["sns.us-east-1.amazonaws.com", "sqs.eu-west-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com", "moto_api", None]:
        for _ in range(2):  # the second answer comes from the cache
            assert app.get_backend_for_host(host) == unpatched(app, host)  # type: ignore[operator]


def test_an_access_key_s_account_is_moto_s_and_no_partition_s_iam_is_created_to_find_it() -> None:
    from moto.iam import models as iam_models

    other = "444455556666"
    iam = iam_models.iam_backends[other]["aws"]
    iam.create_user(region_name="us-east-1", user_name="finder", path="/", tags=[])
    key = iam.create_access_key("finder").access_key_id
    assert list(dict.keys(iam_models.iam_backends[other])) == ["aws"]
    unpatched = original("get_account_id_from")
    for access_key in [key, "AKIAUNKNOWN0000000000"]:
        assert iam_models.get_account_id_from(access_key) == {key: other}.get(access_key, "123456789012")
        assert list(dict.keys(iam_models.iam_backends[other])) == ["aws"]  # moto's would have made all six
    assert unpatched(key) == other  # type: ignore[operator]
    assert len(dict.keys(iam_models.iam_backends[other])) == 6


class _Headers(dict[str, str]):
    """The two ways moto reads a request's headers: `in` and get()."""


def _response(authorization: str | None, query_key: str | None = None) -> moto_responses.BaseResponse:
    response = sqs_responses.SQSResponse()
    response.headers = _Headers({} if authorization is None else {"Authorization": authorization})
    response.querystring = {} if query_key is None else {"AWSAccessKeyId": [query_key]}
    return response


def test_an_access_key_is_moto_s_for_every_kind_of_authorization_header() -> None:
    signature = "0a1b2c3d" * 8
    credentials = ["test", "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPL3", "akiaiosfodnn7example", "AKIAIOSFODNN7EXAMPLEX", "x AWS AKIAIOSFODNN7EXAMPLE"]
    headers: list[str | None] = [None, "", "Bearer token", f"AWS AKIAIOSFODNN7EXAMPLE:{signature}"]
    for key in credentials:
        scope = f"{key}/20261207/us-east-1/sqs/aws4_request"
        headers += [
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, Signature={signature}",
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, Signature=",
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=AKIAIOSFODNN7EXAMPLE/",  # a tail that could match: moto's way
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host",
        ]
    moto_s = original("get_access_key")
    compared = 0
    for header in headers:
        for query_key in (None, "AKIAQUERYSTRINGKEY01"):
            for _ in range(2):  # the second time from what was kept
                response = _response(header, query_key)
                assert response.get_access_key() == moto_s(response), (header, query_key)  # type: ignore[operator]
                compared += 1
    assert compared == len(headers) * 4
    assert _response(headers[4]).get_access_key() == "AKIAEXAMPLE"  # "test" matches nothing: moto's default
    assert _response(headers[8]).get_access_key() == "AKIAIOSFODNN7EXAMPLE"
