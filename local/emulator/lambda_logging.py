"""A function's LoggingConfig, kept and answered as AWS does.

moto drops LoggingConfig, so a function's JSON log format, its log levels and
a custom log group never reach the runtime, and Terraform's `logging_config`
plans a change on every apply. AWS answers it for every function: Text to
/aws/lambda/<name> unless set, and for JSON the levels default to INFO."""

from __future__ import annotations

from typing import Any


def _normalised(name: str, config: dict[str, Any] | None) -> dict[str, Any]:
    config = dict(config or {})
    fmt = config.get("LogFormat") or "Text"
    result: dict[str, Any] = {"LogFormat": fmt, "LogGroup": config.get("LogGroup") or f"/aws/lambda/{name}"}
    if fmt == "JSON":
        result["ApplicationLogLevel"] = config.get("ApplicationLogLevel") or "INFO"
        result["SystemLogLevel"] = config.get("SystemLogLevel") or "INFO"
    return result


def function_init(original: Any, self: Any, account_id: str, spec: dict[str, Any], *a: Any, **k: Any) -> None:
    original(self, account_id, spec, *a, **k)
    self.logging_config = _normalised(self.function_name, spec.get("LoggingConfig"))


def function_configuration(original: Any, self: Any, *a: Any, **k: Any) -> dict[str, Any]:
    config: dict[str, Any] = original(self, *a, **k)
    config["LoggingConfig"] = getattr(self, "logging_config", None) or _normalised(self.function_name, None)
    return config


def function_update(original: Any, self: Any, updates: dict[str, Any]) -> dict[str, Any]:
    if "LoggingConfig" in updates:
        merged = {**(getattr(self, "logging_config", None) or {}), **(updates["LoggingConfig"] or {})}
        if merged.get("LogFormat") == "Text":
            merged.pop("ApplicationLogLevel", None)
            merged.pop("SystemLogLevel", None)
        self.logging_config = _normalised(self.function_name, merged)
    return original(self, updates)
