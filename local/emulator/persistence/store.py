"""The store: recovery on start, the journaled path of every change, and
snapshot generations.

Files in the state folder (.streamlab/<instance>/state):
  snapshot-<N>.state   the whole state before journal N's first record
  journal-<N>.log      every change acknowledged since snapshot N
A generation's files are deleted only once the next snapshot after them is
on disk: a damaged newest snapshot falls back to the one before it, and the
journals since, losing nothing.

Order: a change runs under LOCK and is journaled before the lock is released
and before its answer is sent, so the journal holds changes in the order they
were made, and nothing is acknowledged that is not in it. A snapshot forks the
process under the lock (a few ms) and the child writes it: no request waits
for the pickling, and the child first closes its copies of the server's
sockets, so no connection outlives the server's close of it."""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from . import determinism, journal, pickling, state_file
from .journal import IncompatibleState, Journal
from .state_file import DamagedState

T = TypeVar("T")
log = logging.getLogger("streamlab.state")

LOCK = threading.RLock()
STATE_PATH = "/_streamlab/state"  # GET: the store's figures; POST .../snapshot: write one now
_context = threading.local()
_replayers: dict[str, Callable[..., Any]] = {}
_after_recovery: list[Callable[[], None]] = []
_FILE = re.compile(r"^(snapshot|journal)-(\d{6})\.(state|log)$")
# A background snapshot once this many changes are journaled (a restart after
# a crash then replays a few thousand records at most), or once this long has
# passed since the last one with any change at all: a snapshot writes tens of
# MB, so a trickle of changes (logs, metrics) does not write one every minute.
SNAPSHOT_AFTER_RECORDS = 5_000
SNAPSHOT_AFTER_SECONDS = 600.0
# A snapshot's cost grows with the whole state, a replay's with the journal
# since it. With a large state (the lab instance after a bench: 290 MB, 14 s
# of a core per snapshot, two thirds of it reading the pickle back) a snapshot
# every 5,000 changes followed every burst of 1,000 messages. So a snapshot
# waits until replaying the journal would take about as long as writing one:
# recovery after a crash stays within about twice a snapshot's time, and
# snapshots never cost more than the replays they save. Replaying a record
# takes about 0.44 ms (5,000 in 2.18 s, docs/benchmarks.md).
REPLAY_SECONDS_PER_RECORD = 0.00044


def replayable(name: str, replay: Callable[..., Any]) -> None:
    """A change made outside a request (a receive attempt, a message move) and how to make it again."""
    _replayers[name] = replay


def after_recovery(callback: Callable[[], None]) -> None:
    """Work that resumes once the state is back (a message move task that was running)."""
    _after_recovery.append(callback)


def nothing_changed() -> None:
    """Said by a change that turned out not to change anything (an empty receive): it is not journaled."""
    _context.changed = False


def replaying() -> bool:
    """True while the journal is replayed: side effects outside the emulator (inbox, outbox, trace, nudges) already happened."""
    return STORE is not None and STORE.replaying


def journaled(record: dict[str, Any], run: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """Runs a change under the lock and journals it (with its time and seed)
    unless it said nothing_changed() or keep() refuses its result (an error)."""
    store = STORE
    if store is None or store.replaying or getattr(_context, "depth", False):
        return run()  # no store, a replay, or inside a change already journaled
    with LOCK:
        _context.depth, _context.changed = True, True
        seed, at = determinism.new_seed(), time.time()
        determinism.seed(seed)
        try:
            with determinism.change_clock(at):
                result = run()
        finally:
            _context.depth = False
        if _context.changed and (keep is None or keep(result)):
            store.append({**record, "t": at, "seed": seed})
        return result


def journaled_call(name: str, args: tuple[Any, ...], run: Callable[[], T]) -> T:
    return journaled({"call": name, "args": args}, run)


@dataclass
class Recovery:
    snapshot: int | None = None
    snapshot_bytes: int = 0
    replayed: int = 0
    diverged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, directory: Path) -> str:
        if not self.snapshot and not self.replayed and not self.notes:
            return f"state: a new, empty cloud, kept in {directory}"
        parts = [f"restored snapshot {self.snapshot} ({self.snapshot_bytes / 1e6:.1f} MB)" if self.snapshot else "no snapshot"]
        parts.append(f"replayed {self.replayed} journal records")
        if self.diverged:
            parts.append(f"{len(self.diverged)} of them answered differently (first: {self.diverged[0]})")
        return f"state: {', '.join(parts)} in {self.seconds:.2f} s" + "".join(f"; {note}" for note in self.notes)


class Store:
    def __init__(self, directory: Path, *, sync: bool) -> None:
        self.directory = directory
        self.sync = sync
        self.generation = 1
        self.journal: Journal | None = None
        self.replaying = False
        self.since_snapshot = 0
        self.last_snapshot = time.monotonic()
        self.last_report: dict[str, Any] = {}
        self.snapshot_seconds = 0.0  # the last snapshot's time (before the first: the restore's)
        self._one_snapshot = threading.Lock()

    # -- files ---------------------------------------------------------------
    def _path(self, kind: str, generation: int) -> Path:
        return self.directory / (f"snapshot-{generation:06d}.state" if kind == "snapshot" else f"journal-{generation:06d}.log")

    def _generations(self, kind: str) -> list[int]:
        found = []
        for entry in self.directory.iterdir():
            match = _FILE.match(entry.name)
            if match and match.group(1) == kind:
                found.append(int(match.group(2)))
        return sorted(found)

    def check_compatible(self) -> None:
        """Raises IncompatibleState when a file here was written by another format (before any work starts)."""
        if not self.directory.is_dir():
            return
        for generation in self._generations("snapshot"):
            try:
                state_file.read_header(self._path("snapshot", generation))
            except DamagedState:
                pass  # recovery falls back from it
        for generation in self._generations("journal"):
            with open(self._path("journal", generation), "rb") as source:
                head = source.read(len(journal.MAGIC))
            if head.startswith(b"streamlab-journal/") and head != journal.MAGIC:
                raise IncompatibleState(f"{self._path('journal', generation)} is {head.decode(errors='replace').strip()}, this emulator reads {journal.MAGIC.decode().strip()}: run `make forget` to start this instance empty")

    # -- recovery --------------------------------------------------------------
    def recover(self, app: Any) -> Recovery:
        """Loads the newest whole snapshot and replays the journals after it through app."""
        started = time.monotonic()
        report = Recovery()
        self.directory.mkdir(parents=True, exist_ok=True)
        for leftover in self.directory.glob("*.tmp"):
            leftover.unlink()  # a snapshot a crash interrupted: never renamed into place
        journals = self._generations("journal")
        base: int | None = None
        for generation in reversed(self._generations("snapshot")):
            path = self._path("snapshot", generation)
            try:
                _, body = state_file.read(path)
                pickling.loads(body)
            except DamagedState as error:
                report.notes.append(f"{error}: fell back to the snapshot before it")
                continue
            except IncompatibleState:
                raise
            except Exception as error:
                report.notes.append(f"{path.name} could not be loaded ({type(error).__name__}: {error}): fell back to the snapshot before it")
                continue
            base, report.snapshot, report.snapshot_bytes = generation, generation, path.stat().st_size
            break
        if base is None:
            base = journals[0] if journals else 1
            if base > 1:
                report.notes.append(f"no whole snapshot before journal {base}: changes before it are lost")
        replay = [g for g in journals if g >= base]
        scans = [(g, journal.scan(self._path("journal", g))) for g in replay]
        records = [(g, record) for g, scan in scans for record in scan.records]
        for g, scan in scans:
            if scan.torn_bytes:
                report.notes.append(f"journal {g}: kept {len(scan.records)} records, dropped a torn tail of {scan.torn_bytes} bytes")
        if records:
            self._replay(app, [r for _, r in records], report)
        self.generation = max([base, *journals])
        last_scan = scans[-1][1] if scans and scans[-1][0] == self.generation else None
        self.journal = Journal(self._path("journal", self.generation), sync=self.sync, good_bytes=last_scan.good_bytes if last_scan else None)
        self.since_snapshot = len(records)
        for callback in _after_recovery:
            callback()
        report.seconds = time.monotonic() - started
        self.snapshot_seconds = report.seconds
        return report

    def _replay(self, app: Any, records: list[dict[str, Any]], report: Recovery) -> None:
        self.replaying = True
        try:
            with determinism.frozen_clock(records[0]["t"]) as move_to:
                for record in records:
                    move_to(record["t"])
                    determinism.seed(record["seed"])
                    with determinism.change_clock(record["t"]):
                        outcome = self._replay_one(app, record)
                    report.replayed += 1
                    if outcome:
                        report.diverged.append(outcome)
        finally:
            self.replaying = False

    def _replay_one(self, app: Any, record: dict[str, Any]) -> str | None:
        try:
            if "call" in record:
                _replayers[record["call"]](*record["args"])
                return None
            environ = dict(record["environ"])
            body: bytes = record["body"]
            environ.update({"wsgi.input": BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False})
            statuses: list[str] = []
            chunks = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
            try:
                content = b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()
            if statuses and not statuses[0].startswith("2"):
                return f"{record.get('action')} {statuses[0]}: {content[:160]!r}"
        except Exception as error:
            return f"{record.get('action') or record.get('call')}: {type(error).__name__}: {error}"
        return None

    # -- journal ---------------------------------------------------------------
    def append(self, record: dict[str, Any]) -> None:
        assert self.journal is not None, "recover() opens the journal"
        self.journal.append(record)
        self.since_snapshot += 1

    # -- snapshots -------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Writes a snapshot of the state as it is now; returns its figures."""
        with self._one_snapshot:
            with LOCK:
                generation = self.generation + 1
                assert self.journal is not None
                self.journal.close()
                self.journal = Journal(self._path("journal", generation), sync=self.sync)
                self.generation, self.since_snapshot, self.last_snapshot = generation, 0, time.monotonic()
                started = time.monotonic()
                pid = os.fork()
                if pid == 0:
                    self._write_in_child(generation)
                forked_ms = (time.monotonic() - started) * 1000
            _, status = os.waitpid(pid, 0)
            path = self._path("snapshot", generation)
            if os.waitstatus_to_exitcode(status) != 0 or not path.exists():
                report = {"ok": False, "generation": generation, "error": "the snapshot's writer failed: see the emulator's log"}
            else:
                self._forget_before(generation)
                self.snapshot_seconds = round(time.monotonic() - started, 3)
                report = {"ok": True, "generation": generation, "path": str(path), "bytes": path.stat().st_size, "seconds": self.snapshot_seconds, "paused_ms": round(forked_ms, 1)}
            self.last_report = report
            log.info("state: snapshot %s", report)
            return report

    def _write_in_child(self, generation: int) -> None:
        code = 1
        try:
            close_inherited_sockets()
            os.nice(10)  # background work: requests (a burst's, a recovery's) come first
            body = pickling.dumps()
            pickling.check_loadable(body)  # a snapshot that could not be read back is never written
            state_file.write(self._path("snapshot", generation), generation, body)
            code = 0
        except BaseException as error:
            os.write(2, f"streamlab state: snapshot {generation} failed: {type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(code)

    def _forget_before(self, generation: int) -> None:
        """Keeps the newest snapshot older than `generation` and everything after it."""
        older = [g for g in self._generations("snapshot") if g < generation]
        if not older:
            return  # no snapshot before this one: the journals from the start stay the fallback
        keep_from = older[-1]
        for kind in ("snapshot", "journal"):
            for g in self._generations(kind):
                if g < keep_from:
                    self._path(kind, g).unlink(missing_ok=True)

    def figures(self) -> dict[str, Any]:
        return {"directory": str(self.directory), "generation": self.generation, "since_snapshot": self.since_snapshot, "snapshot_after": self.records_before_snapshot(), "fsync": self.sync, "last_snapshot": self.last_report}

    def records_before_snapshot(self) -> int:
        """Journal records after which a background snapshot is due: 5,000, or as many as take a snapshot's time to replay."""
        return max(SNAPSHOT_AFTER_RECORDS, int(self.snapshot_seconds / REPLAY_SECONDS_PER_RECORD))

    def start_background_snapshots(self) -> None:
        def loop() -> None:
            while True:
                time.sleep(2)
                due = self.since_snapshot >= self.records_before_snapshot() or (self.since_snapshot and time.monotonic() - self.last_snapshot >= SNAPSHOT_AFTER_SECONDS)
                if due:
                    try:
                        self.snapshot()
                    except Exception:
                        log.exception("state: background snapshot failed")

        threading.Thread(target=loop, name="streamlab-snapshots", daemon=True).start()


def close_inherited_sockets() -> None:
    """Closes the forked child's copies of the server's sockets.

    A socket stays open until its last descriptor closes. While the child held
    copies, a keep-alive connection the server closed (idle for 30 s) sent no
    FIN until the child exited: a client that reused it waited that long for an
    answer, then got a reset. A snapshot took 34 s on a busy machine, and
    functions timed out waiting (docs/local-runtime.md, "What survives what"). The child
    writes a file and needs no socket; its other descriptors (files moto
    spooled to disk, say) stay open for the pickling."""
    fd_dir = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    for name in os.listdir(fd_dir):
        fd = int(name)
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass  # the descriptor listdir itself opened, closed by now


STORE: Store | None = None


def open_from_environment() -> Store | None:
    """The store of STREAMLAB_STATE_DIR, unless STREAMLAB_PERSIST=off (memory only, as before)."""
    global STORE
    mode = os.environ.get("STREAMLAB_PERSIST", "on")
    directory = os.environ.get("STREAMLAB_STATE_DIR")
    if mode == "off" or not directory:
        return None
    if mode not in ("on", "fsync"):
        raise SystemExit(f"STREAMLAB_PERSIST={mode}: use on (the default), fsync (also survives a power cut) or off")
    STORE = Store(Path(directory), sync=mode == "fsync")
    return STORE
