"""`python -m emulator`: serve the patched moto app (app.py) over HTTP/1.1.

The server is granian (Rust, keep-alive), not moto's own werkzeug development
server: werkzeug closes the connection after every response and starts a
thread per connection, which cost about 0.8 ms of the emulator's CPU per
request, twice moto's own handling (docs/local-runtime.md, "Where the time goes")."""

from __future__ import annotations

import sys

from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server import Server

from . import registry
from .contract import OUTBOX, PORT
from .patching import PatchError
from .persistence.journal import IncompatibleState
from .persistence.store import open_from_environment

# A long poll (ReceiveMessage with WaitTimeSeconds) holds one thread while it
# waits: each SQS mapping has up to five pollers waiting at once, and scripts
# and tests add their own. granian starts threads as requests need them and
# stops those idle for 30 s.
THREADS = 128


def main() -> int:
    # Checked here, before the server starts its worker, so that a moto that
    # differs from the pin stops `make up` with the reason instead of a worker
    # failing to import app.py.
    try:
        registry.check(registry.all_patches())
    except PatchError as error:
        print(f"streamlab emulator: {error}", file=sys.stderr, flush=True)
        return 3
    # A saved state this emulator cannot read is refused here, in one line,
    # before the worker starts (a damaged one is not refused: recovery falls back).
    saved = open_from_environment()
    try:
        if saved is not None:
            saved.check_compatible()
    except IncompatibleState as error:
        print(f"streamlab emulator: {error}", file=sys.stderr, flush=True)
        return 4
    print(f"streamlab emulator: moto on http://127.0.0.1:{PORT}, outbox {OUTBOX}", flush=True)
    Server(
        "emulator.app:app",
        address="127.0.0.1",
        port=PORT,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=THREADS,
        websockets=False,
        log_level=LogLevels.error,  # its only warning: 128 threads outnumber the cores (they mostly wait)
    ).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
