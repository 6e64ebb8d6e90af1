"""moto's core, for every service: only a form body read as a form, the request id written into XML answers only, IAM checked on every call, config changes
nudged to the runtime, routing and dispatch done once, JSON requests read by a parser made per shape and query answers' XML written directly (speed only), and model
objects freed once moto lets go of them."""

from __future__ import annotations

from moto import backends as moto_backends
from moto.core import base_backend
from moto.core import parse as moto_parse
from moto.core import responses as moto_responses
from moto.core import serialize as moto_serialize
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.common_models import BaseModel
from moto.iam import models as iam_models
from moto.moto_api._internal.moto_random import MotoRandom
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

from .. import form_bodies, iam_enforcement, nudges, speed_dispatch, speed_json_parse, speed_value_picker, speed_xml, untracked_models, xml_request_ids
from ..patching import replace, wrap
from ..persistence import determinism

PATCHES = (
    wrap(ActionAuthenticatorMixin, "_authenticate_and_authorize_normal_action", iam_enforcement.authorize, expects="self, resource"),
    wrap(moto_responses.BaseResponse, "setup_class", form_bodies.setup_class, expects="self, request, full_url, headers, use_raw_body"),
    wrap(moto_responses.BaseResponse, "call_action", nudges.call_action, expects="self"),
    replace(moto_responses.BaseResponse, "_enrich_response", staticmethod(xml_request_ids.enrich_response), expects="headers, body"),
    wrap(moto_backends, "list_of_moto_modules", speed_dispatch.module_list_once, expects=""),
    wrap(DomainDispatcherApplication, "get_backend_for_host", speed_dispatch.service_for_host, expects="self, host"),
    wrap(moto_responses, "method_names_from_class", speed_dispatch.method_names_once, expects="clazz"),
    # A backend moto creates on first use draws its ids apart from the request's seeded draws (persistence/determinism.py).
    wrap(base_backend.BackendDict, "__getitem__", speed_dispatch.backend_for_account, determinism.backend_created_apart, expects="self, account_id"),
    wrap(base_backend.AccountSpecificBackend, "__getitem__", determinism.backend_created_apart, expects="self, region_name"),
    wrap(moto_responses.BaseResponse, "get_access_key", speed_dispatch.access_key, expects="self"),
    replace(iam_models, "get_account_id_from", speed_dispatch.account_of_access_key, expects="access_key"),
    replace(MotoRandom, "get_random_string", speed_dispatch.random_string, expects="self, length, include_digits, lower_case"),
    wrap(moto_serialize.ResponseSerializer, "get_value", speed_value_picker.serializer_get_value, expects="self, value, key, shape"),
    wrap(moto_parse.JSONParser, "_parse_json_body", speed_json_parse.parse_json_body, expects="self, raw_body, shape"),
    wrap(moto_serialize.BaseXMLSerializer, "_serialize_body", speed_xml.serialize_body, expects="self, body"),
    replace(BaseModel, "__new__", staticmethod(untracked_models.untracked_new), expects="cls, *args, **kwargs"),
)
