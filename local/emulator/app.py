"""The emulator as a WSGI application: importing this module installs every
patch (see __init__.py) and builds moto's app. `python -m emulator` serves it."""

from __future__ import annotations

import gc
import logging

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import (
    atomic,
    hop_counts,
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
# runs first (nudges after invocations_off, atomic's queue lock around
# hop_counts' counting, speed's send path after the Terraform fix of the same
# queue attributes).
PATCHES = (invocations_off, nudges, lambda_api, lambda_invoke, sns_email, sns_delivery, sqs_message_move, hop_counts, atomic, terraform_fixes, speed, iam_enforcement)

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
for _module in PATCHES:
    _module.install()
OUTBOX.mkdir(parents=True, exist_ok=True)

app = hop_counts.serving_counts(DirectDispatch(DomainDispatcherApplication(create_backend_app)))

# moto's state is millions of long-lived objects (botocore's service models,
# AWS's managed IAM policies, every resource), and each request allocates
# thousands of short-lived ones, so the cyclic collector ran often and walked
# the old ones: about a quarter of the emulator's CPU per request with a lab
# deployed (py-spy). What exists after start-up is never collected, and the
# youngest generation is collected per 50,000 allocations instead of 700.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
