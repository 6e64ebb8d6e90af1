"""The emulator remembers: every change it acknowledges survives `make down`,
a crash (SIGKILL) of the emulator and a reboot (docs/local-runtime.md,
"What survives what").

The design is a snapshot plus a journal, as a database keeps them:
- journal.py: every request that changes state is appended to the journal
  after moto applied it and before its answer is sent, so an acknowledged
  change is on disk (in the page cache: it survives the process, and with
  STREAMLAB_PERSIST=fsync the machine too).
- determinism.py: replaying a journal gives the same state, with the same
  message ids, receipt handles, sequence numbers and timestamps: each record
  carries the seed of the random draws its request made and the time it ran.
- operations.py: which requests change state (journaled), which only read,
  and which must never be replayed (Invoke: the runtime ran it).
- state_file.py + pickling.py: a snapshot is every moto backend (and the
  emulator's own counters) pickled by a forked child, so no request waits
  while it is written; written to a temporary file, fsync'd, then renamed.
- store.py: the engine that ties them together: recovery on start, the lock
  that orders changes as the journal records them, and snapshot generations.
"""
