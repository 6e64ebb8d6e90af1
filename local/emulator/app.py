"""The emulator as a WSGI application: importing this module installs every
patch (registry/, checked by patching.py first) and builds moto's app. `python -m emulator` serves it."""

from __future__ import annotations

import gc
import logging
import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import alarm_reads, function_url_auth, hop_counts, lambda_code, nudges, registry
from .contract import OUTBOX, PORT
from .direct_dispatch import DirectDispatch, without_process_environment
from .patching import PatchError
from .persistence import determinism, store
from .persistence.journal import IncompatibleState
from .persistence.journaled_app import JournaledApp

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
try:
    registry.install_all()  # refuses (PatchError) when moto is not what the patches expect
    _store = store.open_from_environment()
    if _store is not None:
        _store.check_compatible()  # refuses (IncompatibleState) a saved state it cannot read; a damaged one is not refused
except (PatchError, IncompatibleState) as error:
    # The reason in one line, before any work starts; granian's supervisor
    # then stops too, and `make up` shows this line from the log.
    print(f"streamlab emulator: {error}", file=sys.stderr, flush=True)
    os._exit(3 if isinstance(error, PatchError) else 4)
print(f"streamlab emulator: moto on http://127.0.0.1:{PORT}, outbox {OUTBOX}", flush=True)
OUTBOX.mkdir(parents=True, exist_ok=True)
determinism.install()

moto_app = DirectDispatch(DomainDispatcherApplication(create_backend_app))
served = alarm_reads.serving_alarm_reads(nudges.serving_config_generation(hop_counts.serving_counts(lambda_code.serving_code(function_url_auth.serving_url_auth(moto_app)))))
app = without_process_environment(JournaledApp(served))

# The state comes back before the first request is served: the newest whole
# snapshot, then the journal after it, replayed through the same app.
if _store is not None:
    logging.getLogger("streamlab.state").info(_store.recover(served).summary(_store.directory))
    _store.start_background_snapshots()

# moto's state is millions of long-lived objects (botocore's service models,
# AWS's managed IAM policies, every resource), and each request allocates
# thousands of short-lived ones, so the cyclic collector ran often and walked
# the old ones: about a quarter of the emulator's CPU per request with a lab
# deployed (py-spy). What exists after start-up is never collected, and the
# youngest generation is collected per 50,000 allocations instead of 700.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
