"""The emulator as a WSGI application: importing this module installs every
patch (see __init__.py) and builds moto's app. `python -m emulator` serves it."""

from __future__ import annotations

import logging

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import (
    atomic,
    iam_enforcement,
    invocations_off,
    lambda_api,
    lambda_invoke,
    nudges,
    sns_delivery,
    sns_email,
    speed,
    sqs_message_move,
    terraform_fixes,
)
from .contract import OUTBOX
from .direct_dispatch import DirectDispatch

# In order: a module that wraps a method another one wraps too comes later and
# runs first (nudges after invocations_off, speed's send path after the
# Terraform fix of the same queue attributes).
PATCHES = (invocations_off, nudges, lambda_api, lambda_invoke, sns_email, sns_delivery, sqs_message_move, atomic, terraform_fixes, speed, iam_enforcement)

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
for _module in PATCHES:
    _module.install()
OUTBOX.mkdir(parents=True, exist_ok=True)

app = DirectDispatch(DomainDispatcherApplication(create_backend_app))
