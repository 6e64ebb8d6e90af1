"""persistence/journal.py and state_file.py: a torn or damaged tail is found
and everything before it kept; another format version is refused."""

import os
import random

import pytest

from emulator.persistence import journal, state_file
from emulator.persistence.journal import IncompatibleState, Journal
from emulator.persistence.state_file import DamagedState


def write_journal(path, n):
    j = Journal(path, sync=False)
    for i in range(n):
        j.append({"i": i, "body": b"x" * i})
    j.close()


def test_records_come_back_in_order(tmp_path):
    path = tmp_path / "journal-000001.log"
    write_journal(path, 50)
    scan = journal.scan(path)
    assert [r["i"] for r in scan.records] == list(range(50))
    assert scan.torn_bytes == 0 and scan.good_bytes == path.stat().st_size


def test_a_journal_cut_at_any_byte_keeps_every_whole_record(tmp_path):
    path = tmp_path / "journal-000001.log"
    write_journal(path, 5)
    whole = path.read_bytes()
    ends = [journal.scan(path).good_bytes]
    for cut in range(len(whole)):
        path.write_bytes(whole[:cut])
        scan = journal.scan(path)
        kept = len(scan.records)
        assert [r["i"] for r in scan.records] == list(range(kept))
        assert scan.good_bytes + scan.torn_bytes == cut
        assert kept < 5 or cut == len(whole)
    assert ends == [len(whole)]


def test_a_damaged_byte_stops_the_scan_at_the_record_before(tmp_path):
    path = tmp_path / "journal-000001.log"
    write_journal(path, 10)
    data = bytearray(path.read_bytes())
    data[len(data) - 3] ^= 0xFF  # inside the last record's body
    path.write_bytes(bytes(data))
    scan = journal.scan(path)
    assert len(scan.records) == 9 and scan.torn_bytes > 0


def test_appending_after_a_torn_tail_drops_the_tail_first(tmp_path):
    path = tmp_path / "journal-000001.log"
    write_journal(path, 3)
    with open(path, "ab") as out:
        out.write(b"\x00\x00\x01")  # a record cut short by a crash
    scan = journal.scan(path)
    j = Journal(path, sync=False, good_bytes=scan.good_bytes)
    j.append({"i": 3, "body": b""})
    j.close()
    assert [r["i"] for r in journal.scan(path).records] == [0, 1, 2, 3]


def test_another_journal_version_is_refused(tmp_path):
    path = tmp_path / "journal-000001.log"
    path.write_bytes(b"streamlab-journal/0\n")
    with pytest.raises(IncompatibleState):
        journal.scan(path)


def test_a_snapshot_reads_back_whole_and_a_cut_one_is_damaged(tmp_path):
    path = tmp_path / "snapshot-000002.state"
    body = os.urandom(10_000)
    state_file.write(path, 2, body)
    header, read = state_file.read(path)
    assert read == body and header["generation"] == 2
    whole = path.read_bytes()
    for cut in sorted(random.Random(7).sample(range(len(whole)), 40)):
        path.write_bytes(whole[:cut])
        with pytest.raises(DamagedState):
            state_file.read(path)


def test_a_snapshot_of_another_format_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "snapshot-000002.state"
    state_file.write(path, 2, b"state")
    path.write_bytes(path.read_bytes().replace(b"streamlab-state/1", b"streamlab-state/0"))
    with pytest.raises(IncompatibleState, match="make forget"):
        state_file.read_header(path)
