"""pytest's set-up for the emulator's tests of its patches against moto in
process (make unit, make test): contract.py wants the ports local/up.sh hands
over, a fresh outbox, and IAM enforcement AWS's managed policies; nothing listens on port 9."""

import os
import tempfile

for _name, _value in (
    ("STREAMLAB_OUTBOX", tempfile.mkdtemp(prefix="streamlab-pytest-outbox-")),
    ("STREAMLAB_NUDGE_PORT", "9"),
    ("STREAMLAB_RUNTIME_PORT", "9"),
    ("STREAMLAB_CONSOLE_URL", "http://127.0.0.1:9/"),
    ("STREAMLAB_IAM", "off"),
    ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
):
    os.environ.setdefault(_name, _value)
