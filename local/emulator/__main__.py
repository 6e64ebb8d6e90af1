"""`python -m emulator`: install every patch (see __init__.py), then serve moto."""

from __future__ import annotations

import logging
import sys

from moto import server
from moto.moto_server.werkzeug_app import MotoRequestHandler

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
from .contract import OUTBOX, PORT

# In order: a module that wraps a method another one wraps too comes later and
# runs first (nudges after invocations_off, speed's send path after the
# Terraform fix of the same queue attributes).
PATCHES = (invocations_off, nudges, lambda_api, lambda_invoke, sns_email, sns_delivery, sqs_message_move, atomic, terraform_fixes, speed, iam_enforcement)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request (errors still show)
    for module in PATCHES:
        module.install()
    OUTBOX.mkdir(parents=True, exist_ok=True)
    print(f"streamlab emulator: moto on http://127.0.0.1:{PORT}, outbox {OUTBOX}", flush=True)
    # A response is two writes (headers, then body): with Nagle's algorithm the
    # body may wait for the client's delayed ACK of the headers. (Production
    # WSGI servers were tried instead of werkzeug's, waitress and cheroot, and
    # made no measurable difference to the lab's bursts: docs/local-runtime.md.)
    MotoRequestHandler.disable_nagle_algorithm = True
    server.main(["-H", "127.0.0.1", "-p", str(PORT)])


if __name__ == "__main__":
    sys.exit(main())
