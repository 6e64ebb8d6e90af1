"""Tests of `python -m emulator` (__main__.py) as a process: the supervisor
stays free of moto, and a worker that refuses to start stops the server with its reason."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

LOCAL = Path(__file__).resolve().parent.parent


def _environment(state: Path) -> dict[str, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {**os.environ, "PYTHONPATH": str(LOCAL), "STREAMLAB_PORT": str(port), "STREAMLAB_STATE_DIR": str(state), "STREAMLAB_PERSIST": "on", "STREAMLAB_OUTBOX": str(state / "outbox"), "STREAMLAB_INBOX": str(state / "inbox")}


def test_the_supervisor_imports_neither_moto_nor_the_app(tmp_path: Path) -> None:
    probe = "import sys, emulator.__main__; print(sorted(m for m in ('moto', 'botocore', 'emulator.app') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], env=_environment(tmp_path), capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_another_moto_stops_the_server_with_the_reason(tmp_path: Path) -> None:
    # The worker is forked from this process, so it sees the version set here.
    start = "import moto, runpy; moto.__version__ = '9.9.9'; runpy.run_module('emulator', run_name='__main__')"
    result = subprocess.run([sys.executable, "-c", start], env=_environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "streamlab emulator: the emulator will not start: moto is not what its patches expect\n  - moto is 9.9.9" in result.stderr, result.stderr
    assert "moto on http" not in result.stdout


def test_a_state_of_another_format_stops_the_server_with_its_reason_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "journal-000001.log").write_bytes(b"streamlab-journal/0\n")
    result = subprocess.run([sys.executable, "-m", "emulator"], env=_environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    reasons = [line for line in result.stderr.splitlines() if line.startswith("streamlab emulator: ")]
    assert len(reasons) == 1 and "this emulator reads" in reasons[0] and "make forget" in reasons[0], result.stderr
    assert "moto on http" not in result.stdout
