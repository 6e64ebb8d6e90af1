"""`python -m emulator`: serve the patched moto app (app.py) over HTTP/1.1.

The server is granian (Rust, keep-alive), not moto's own werkzeug development
server: werkzeug closes the connection after every response and starts a
thread per connection, which cost about 0.8 ms of the emulator's CPU per
request, twice moto's own handling (docs/local-runtime.md, "Where the time goes").

This process only supervises granian's worker process, and imports neither
moto nor the app: the worker is forked from it, and moto imported here
stayed here too, serving nothing (71 MiB PSS after `make demo`; 19 now). The worker imports app.py,
which refuses a moto other than the pin or a saved state of another format
with the reason in one line (exit 3 or 4); granian then stops as well."""

from __future__ import annotations

import sys

from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server import Server

from .contract import PORT

# A long poll (ReceiveMessage with WaitTimeSeconds) holds one thread while it
# waits: each SQS mapping has up to five pollers waiting at once, and scripts
# and tests add their own. granian starts threads as requests need them and
# stops those idle for 30 s.
THREADS = 128


def main() -> int:
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
