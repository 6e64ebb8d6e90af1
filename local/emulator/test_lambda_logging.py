"""Tests of local/emulator/lambda_logging.py against moto in process: a
function's LoggingConfig reads back as AWS answers it (defaults included), and
an update keeps what it does not change. Unpatched moto 5.2.5 answers no LoggingConfig."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator import registry

registry.install_service("lambda")


def test_the_default_is_text_to_the_function_s_group(new_function: Callable[..., Any]) -> None:
    function = new_function("log-default-fn")
    assert function.get_configuration()["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/log-default-fn"}


def test_json_with_levels_and_a_custom_group(new_function: Callable[..., Any]) -> None:
    function = new_function("log-json-fn", LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG", "LogGroup": "/custom/app"})
    assert function.get_configuration()["LoggingConfig"] == {"LogFormat": "JSON", "LogGroup": "/custom/app", "ApplicationLogLevel": "DEBUG", "SystemLogLevel": "INFO"}
    function.update_configuration({"LoggingConfig": {"SystemLogLevel": "WARN"}})
    assert function.get_configuration()["LoggingConfig"] == {"LogFormat": "JSON", "LogGroup": "/custom/app", "ApplicationLogLevel": "DEBUG", "SystemLogLevel": "WARN"}
