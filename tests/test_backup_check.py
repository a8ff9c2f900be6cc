"""Keeping the data safe: `backup`, `check`, and exports that appear whole or not at all.

Backups go through SQLite's online backup API into a private temp file that is
renamed into place (reliability items 7 and 9); `check` runs SQLite's integrity
and foreign-key checks and answers in plain words; `export -o FILE` never leaves
a half-written file (product.md, "Export for a doctor visit").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from msjournal import migrations
from tests.conftest import dump
from tests.test_process import MSJOURNAL, child_env, msj

Run = Callable[..., Result]

STAMPED = re.compile(r"journal-\d{4}-\d{2}-\d{2}-\d{6}\.db")
PAGE = 4096  # SQLite's default page size, checked where it matters


# --- helpers -------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def no_temp_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith(".part")]
    assert leftovers == []


def sql(path: Path, query: str) -> list[tuple[Any, ...]]:
    """Run one query on a database file (read-only, so nothing is created or changed)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def count(path: Path) -> int:
    return int(sql(path, "SELECT count(*) FROM entries")[0][0])


def assert_sound(path: Path) -> None:
    """SQLite's own checks find nothing wrong."""
    assert sql(path, "PRAGMA integrity_check") == [("ok",)]
    assert sql(path, "PRAGMA foreign_key_check") == []


def assert_self_contained(path: Path) -> None:
    """A rollback-journal file: no -wal needed, readable on its own anywhere."""
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[18:20] == b"\x01\x01"  # legacy (rollback) read/write versions, not WAL's 2
    assert sql(path, "PRAGMA journal_mode") == [("delete",)]
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-journal").exists()


def records(n: int) -> list[dict[str, Any]]:
    """``n`` weakness entries in the export shape, each with a note so pages fill up."""
    return [
        {
            "uuid": str(uuid.uuid4()),
            "kind": "weakness",
            "at": f"2025-{1 + i % 9:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00",
            "severity": i % 11,
            "regions": ["legs", "left-hand"] if i % 2 else ["feet"],
            "tags": ["heat"],
            "note": f"entry {i}: " + " ".join(["tired legs after the stairs"] * 5),
        }
        for i in range(n)
    ]


def make_journal(run: Run, db: Path, n: int) -> None:
    source = db.parent / f"{db.stem}-import.json"
    source.write_text(json.dumps(records(n)), encoding="utf-8")
    result = run("--db", str(db), "import", str(source))
    assert result.exit_code == 0, result.output
    source.unlink()
    checkpoint(db)
    assert count(db) == n


def checkpoint(db: Path) -> None:
    """Move everything from the -wal into the main file, so the file alone is the journal."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not Path(f"{db}-wal").exists()


def log_some(run: Run, n: int) -> None:
    for i in range(n):
        result = run("log", "weakness", str(i % 11), "--where", "legs", "--note", f"day {i}")
        assert result.exit_code == 0, result.output


# --- backup: the default place ---------------------------------------------------------------


def test_backup_without_dest_makes_a_private_stamped_copy_in_backups(
    run: Run, journal_path: Path
) -> None:
    log_some(run, 3)
    result = run("backup")
    assert result.exit_code == 0, result.output

    folder = journal_path.parent / "backups"
    assert folder.is_dir()
    assert mode(folder) == 0o700
    [name] = names(folder)  # just the backup: no temp, -journal or -wal files
    assert STAMPED.fullmatch(name), name
    copy = folder / name
    assert mode(copy) == 0o600
    assert result.stderr.strip() == f"Backed up 3 entries to {copy}"
    assert result.stdout == ""

    assert_sound(copy)
    assert_self_contained(copy)
    assert dump(copy) == dump(journal_path)  # same entries, regions and tags
    assert [r[0] for r in sql(copy, "SELECT note FROM entries ORDER BY id")] == [
        "day 0",
        "day 1",
        "day 2",
    ]
    assert sql(copy, "PRAGMA user_version") == sql(journal_path, "PRAGMA user_version")
    assert sql(copy, "PRAGMA application_id") == sql(journal_path, "PRAGMA application_id")


def test_the_backup_file_works_on_its_own(run: Run, journal_path: Path, tmp_path: Path) -> None:
    log_some(run, 2)
    assert run("backup").exit_code == 0
    [copy] = (journal_path.parent / "backups").iterdir()
    elsewhere = tmp_path / "usb" / "copy.db"
    elsewhere.parent.mkdir()
    shutil.copyfile(copy, elsewhere)  # only the one file travels
    assert_sound(elsewhere)
    assert count(elsewhere) == 2
    listed = run("--db", str(elsewhere), "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [e["note"] for e in json.loads(listed.stdout)] == ["day 1", "day 0"]


# --- backup DEST -------------------------------------------------------------------------------


def test_backup_to_a_file_path(run: Run, journal_path: Path, tmp_path: Path) -> None:
    log_some(run, 4)
    dest = tmp_path / "usb" / "journal-copy.db"
    dest.parent.mkdir()
    result = run("backup", str(dest))
    assert result.exit_code == 0, result.output
    assert names(dest.parent) == ["journal-copy.db"]
    assert mode(dest) == 0o600
    assert_sound(dest)
    assert_self_contained(dest)
    assert dump(dest) == dump(journal_path)
    assert str(dest) in result.stderr
    assert not (journal_path.parent / "backups").exists()  # DEST given: no default folder


def test_backup_to_an_existing_folder_names_the_file(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    log_some(run, 2)
    folder = tmp_path / "usb"
    folder.mkdir()
    result = run("backup", str(folder))
    assert result.exit_code == 0, result.output
    [name] = names(folder)
    assert STAMPED.fullmatch(name), name
    assert mode(folder / name) == 0o600
    assert_sound(folder / name)
    assert dump(folder / name) == dump(journal_path)


def test_backup_refuses_an_existing_dest_without_force(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    log_some(run, 2)
    dest = tmp_path / "usb" / "copy.db"
    dest.parent.mkdir()
    dest.write_bytes(b"an older copy")
    refused = run("backup", str(dest))
    assert refused.exit_code == 2
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert "Traceback" not in refused.output
    assert dest.read_bytes() == b"an older copy"
    assert names(dest.parent) == ["copy.db"]

    replaced = run("backup", "--force", str(dest))
    assert replaced.exit_code == 0, replaced.output
    assert names(dest.parent) == ["copy.db"]
    assert mode(dest) == 0o600
    assert_sound(dest)
    assert dump(dest) == dump(journal_path)


def test_backup_force_replaces_an_older_backup(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "copy.db"
    log_some(run, 1)
    assert run("backup", str(dest)).exit_code == 0
    assert count(dest) == 1
    log_some(run, 2)
    assert run("backup", str(dest)).exit_code == 2
    assert count(dest) == 1
    assert run("backup", "--force", str(dest)).exit_code == 0
    assert count(dest) == 3
    no_temp_files(tmp_path)


def test_backup_into_a_missing_folder_is_refused(run: Run, tmp_path: Path) -> None:
    log_some(run, 1)
    result = run("backup", str(tmp_path / "nowhere" / "copy.db"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_backup_of_a_missing_journal_creates_nothing(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    for args in ([], [str(tmp_path / "copy.db")], [str(tmp_path)]):
        result = run("backup", *args)
        assert result.exit_code == 1, args
        assert "no journal yet" in result.stderr
        assert "Traceback" not in result.output
        assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_a_failed_backup_leaves_no_file_and_no_temp_file(
    run: Run, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msjournal.db import Journal
    from msjournal.errors import JournalUnavailable

    log_some(run, 2)

    def half_a_backup(self: Journal, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00 and then the disk filled up")
        raise JournalUnavailable("The disk is full; nothing was saved.")

    monkeypatch.setattr(Journal, "backup_to", half_a_backup)
    for args in ([], [str(tmp_path / "copy.db")]):
        result = run("backup", *args)
        assert result.exit_code == 1
        assert "disk is full" in result.stderr
    assert names(journal_path.parent / "backups") == []
    assert not (tmp_path / "copy.db").exists()
    no_temp_files(tmp_path)


def test_backup_message_counts_what_the_copy_holds(
    run: Run, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msjournal.db import Journal

    log_some(run, 2)
    original = Journal.backup_to

    def backup_then_someone_logs(self: Journal, target: Path) -> int:
        copied = original(self, target)
        # another process logs an entry just after the copy was taken
        other = subprocess.run(
            [str(MSJOURNAL), "--db", str(journal_path), "log", "fatigue", "5"],
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        return copied

    monkeypatch.setattr(Journal, "backup_to", backup_then_someone_logs)
    dest = tmp_path / "copy.db"
    result = run("backup", str(dest))
    assert result.exit_code == 0, result.output
    assert count(dest) == 2
    assert count(journal_path) == 3
    assert result.stderr.strip() == f"Backed up 2 entries to {dest}"


# --- private whatever the umask ------------------------------------------------------------------


def test_backups_and_exports_are_private_under_umask_000(tmp_path: Path) -> None:
    db = tmp_path / "data" / "journal.db"

    def wide_open(*args: str) -> subprocess.CompletedProcess[str]:
        result = msj("--db", str(db), *args, preexec_fn=lambda: os.umask(0))
        assert result.returncode == 0, (args, result.stderr)
        return result

    wide_open("log", "weakness", "6", "--where", "legs")
    wide_open("log", "fall", "--place", "kitchen")
    assert mode(db) == 0o600

    wide_open("backup")
    folder = db.parent / "backups"
    assert mode(folder) == 0o700
    [copy] = folder.iterdir()
    assert mode(copy) == 0o600

    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    os.chmod(out, 0o777)
    wide_open("backup", str(out / "copy.db"))
    wide_open("backup", str(out))  # a stamped file in an existing folder
    wide_open("export", "-o", str(out / "visit.csv"))
    wide_open("export", "--format", "json", "-o", str(out / "all.json"))
    (out / "visit.csv").write_text("an old export")
    wide_open("export", "--force", "-o", str(out / "visit.csv"))

    assert len(names(out)) == 4
    for path in out.iterdir():
        assert mode(path) == 0o600, path.name
    assert mode(out) == 0o777  # a folder the person chose is left as it was
    assert count(out / "copy.db") == 2
    assert (out / "visit.csv").read_text(encoding="utf-8-sig").startswith("id,uuid,kind,")
    no_temp_files(tmp_path)


# --- backups while someone is writing -------------------------------------------------------------

WRITER = """
import subprocess, sys
msjournal, db, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(total):
    done = subprocess.run(
        [msjournal, "--db", db, "log", "weakness", str(i % 11), "--where", "legs",
         "--note", f"entry {i}"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
    )
    if done.returncode != 0:
        sys.exit(f"log {i} failed: {done.stderr}")
"""


@pytest.mark.slow
def test_backups_reports_and_lists_while_another_process_logs(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    total = 60
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(MSJOURNAL), str(db), str(total)],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 45  # typically done in under 10 s
        while not db.exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)

        backups = tmp_path / "backups"
        backups.mkdir()
        taken: list[Path] = []
        during = 0
        others = 0
        while writer.poll() is None or len(taken) < 5:
            assert time.monotonic() < deadline, "the writer took too long"
            still_writing = writer.poll() is None
            dest = backups / f"b{len(taken):03d}.db"
            made = msj("--db", str(db), "backup", str(dest))
            assert made.returncode == 0, made.stderr
            taken.append(dest)
            during += still_writing
            command = ["report"] if len(taken) % 2 else ["list", "--limit", "5"]
            seen = msj("--db", str(db), *command)
            assert seen.returncode == 0, (command, seen.stderr)
            assert "Traceback" not in seen.stderr
            others += 1
        _out, err = writer.communicate(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    assert during >= 5, f"only {during} backups were taken while the writer ran"
    assert others >= 5

    counts = []
    for copy in taken:
        assert_sound(copy)
        assert_self_contained(copy)
        assert mode(copy) == 0o600
        counts.append(count(copy))
    assert counts == sorted(counts), counts  # never fewer entries than an earlier backup
    assert counts[0] < total  # at least the first one really was taken mid-way
    assert names(backups) == sorted(p.name for p in taken)  # no temp files left

    assert_sound(db)
    assert count(db) == total
    notes = sorted(r[0] for r in sql(db, "SELECT note FROM entries"))
    assert notes == sorted(f"entry {i}" for i in range(total))
    assert sql(db, "SELECT count(DISTINCT uuid) FROM entries") == [(total,)]


# --- check ---------------------------------------------------------------------------------------


def test_check_on_a_healthy_journal(run: Run, journal_path: Path) -> None:
    log_some(run, 3)
    result = run("check")
    assert result.exit_code == 0, result.output
    version = migrations.SCHEMA_VERSION
    assert result.stdout == (
        f"The journal at {journal_path} is healthy: 3 entries, schema version {version}.\n"
    )
    assert result.stderr == ""


def test_check_on_a_big_healthy_journal_through_the_console_script(
    run: Run, tmp_path: Path
) -> None:
    db = tmp_path / "big.db"
    make_journal(run, db, 400)
    result = msj("--db", str(db), "check")
    assert result.returncode == 0, result.stderr
    assert "is healthy: 400 entries" in result.stdout
    assert result.stderr == ""


def test_check_a_missing_journal_creates_nothing(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "journal.db"
    result = run("--db", str(missing), "check")
    assert result.exit_code == 1
    assert "no journal yet" in result.stderr
    assert not (tmp_path / "typo").exists()


def pages(data: bytearray) -> range:
    """Page numbers (1-based) of a database image, page 1 excluded: it holds the header."""
    return range(2, len(data) // PAGE + 1)


def page_type(data: bytearray, number: int) -> int:
    return data[(number - 1) * PAGE]


def roots(db: Path) -> dict[str, int]:
    return {name: page for name, page in sql(db, "SELECT name, rootpage FROM sqlite_master")}


def change_index_keys(data: bytearray, db: Path) -> None:
    """Rewrite dates inside index leaf pages: rows go missing from the indexes."""
    changed = 0
    for number in pages(data):
        if page_type(data, number) == 0x0A:  # leaf page of an index b-tree
            start = (number - 1) * PAGE
            page = bytes(data[start : start + PAGE])
            new = page.replace(b"2025-03", b"2024-03")
            changed += new != page
            data[start : start + PAGE] = new
    assert changed


def garbage_in_table_pages(data: bytearray, db: Path) -> None:
    """Overwrite bytes in the middle of table leaf pages (cell content and pointers)."""
    hit = [n for n in pages(data) if page_type(data, n) == 0x0D]
    assert len(hit) > 10
    for number in hit[::4]:
        page = (number - 1) * PAGE
        # where the page's cells begin (header bytes 5-6): real rows, not free space
        content = int.from_bytes(data[page + 5 : page + 7], "big") or PAGE
        start = page + min(content + 8, PAGE - 64)
        data[start : start + 64] = b"\xff" * 64


def garbage_in_page_headers(data: bytearray, db: Path) -> None:
    """Impossible cell counts and offsets in the headers of index and table pages."""
    hit = [n for n in pages(data) if page_type(data, n) in (0x02, 0x05, 0x0A, 0x0D)]
    for number in hit[1::5]:
        start = (number - 1) * PAGE
        data[start + 1 : start + 8] = b"\xff" * 7


def zero_an_index_root(data: bytearray, db: Path) -> None:
    number = roots(db)["entries_at_utc"]
    assert number > 1
    data[(number - 1) * PAGE : number * PAGE] = bytes(PAGE)


def swap_two_table_pages(data: bytearray, db: Path) -> None:
    first, *_, last = [n for n in pages(data) if page_type(data, n) == 0x0D]
    a = slice((first - 1) * PAGE, first * PAGE)
    b = slice((last - 1) * PAGE, last * PAGE)
    data[a], data[b] = data[b], data[a]


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed, checkpointed journal of 400 entries (about 70 pages)."""
    from typer.testing import CliRunner

    from msjournal.cli import app

    db = tmp_path_factory.mktemp("big") / "journal.db"
    runner = CliRunner()
    make_journal(lambda *args: runner.invoke(app, list(args)), db, 400)
    assert sql(db, "PRAGMA page_size") == [(PAGE,)]
    assert sql(db, "PRAGMA page_count")[0][0] > 50
    assert_sound(db)
    return db


@pytest.mark.parametrize(
    "damage",
    [
        change_index_keys,
        garbage_in_table_pages,
        garbage_in_page_headers,
        zero_an_index_root,
        swap_two_table_pages,
    ],
    ids=lambda f: f.__name__,
)
def test_check_finds_a_damaged_journal(
    big_journal: Path, tmp_path: Path, damage: Callable[[bytearray, Path], None]
) -> None:
    db = tmp_path / "journal.db"
    data = bytearray(big_journal.read_bytes())
    damage(data, big_journal)
    assert data[:100] == big_journal.read_bytes()[:100]  # the header is untouched
    db.write_bytes(bytes(data))
    os.chmod(db, 0o600)

    result = msj("--db", str(db), "check")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "unexpected problem" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first in (
        f"The journal at {db} has problems:",
        f"Error: The journal at {db} is damaged and cannot be read.",
    )
    assert "backup" in result.stderr  # says what to do
    assert db.read_bytes() == bytes(data)  # checking changes nothing
    assert names(tmp_path) == ["journal.db"]


def test_check_lists_the_problems_it_finds(big_journal: Path, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    data = bytearray(big_journal.read_bytes())
    change_index_keys(data, big_journal)
    db.write_bytes(bytes(data))
    result = msj("--db", str(db), "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"The journal at {db} has problems:"
    listed = [line for line in lines if line.startswith("  - ")]
    assert 1 <= len(listed) <= 10  # the first ten, not hundreds
    assert all("missing from index" in line for line in listed)
    assert lines[-1].startswith("Restore it from a backup")


def test_check_a_journal_whose_schema_text_is_damaged(big_journal: Path, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    data = bytearray(big_journal.read_bytes())
    at = data.find(b"kind = ", 100)  # inside the CREATE TABLE entries text
    assert at > 0
    data[at : at + 4] = b"\xda\xda\xda\xda"
    db.write_bytes(bytes(data))
    result = msj("--db", str(db), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "damaged" in result.stderr  # not "an unexpected problem (UnicodeDecodeError)"


def orphan_region(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO entry_regions (entry_id, region) VALUES (9999, 'legs')")
        conn.commit()
    finally:
        conn.close()


def test_check_finds_a_row_pointing_at_a_missing_entry(run: Run, journal_path: Path) -> None:
    log_some(run, 2)
    orphan_region(journal_path)
    assert sql(journal_path, "PRAGMA integrity_check") == [("ok",)]  # only the FK check sees it
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"The journal at {journal_path} has problems:")
    assert "entry_regions" in result.stderr
    assert "points to an entry that is missing" in result.stderr
    assert "Traceback" not in result.output


def test_check_describes_a_foreign_key_problem_without_python_none(
    run: Run, journal_path: Path
) -> None:
    log_some(run, 1)
    orphan_region(journal_path)
    result = run("check")
    assert result.exit_code == 1
    assert "None" not in result.stderr


# --- export -o FILE: whole or not at all ------------------------------------------------------


def test_export_that_fails_midway_leaves_no_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_some(run, 3)

    def fail_midway(entries: Any, out: Any) -> int:
        out.write("id,uuid,kind,date\r\n1,0f3c")
        out.flush()
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("msjournal.export.write_csv", fail_midway)
    out = tmp_path / "visit"
    out.mkdir()
    target = out / "visit.csv"
    result = run("export", "-o", str(target))
    assert result.exit_code == 1
    assert "unexpected problem" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()
    assert names(out) == []  # no .part temp file either

    target.write_text("last month's export")
    forced = run("export", "--force", "-o", str(target))
    assert forced.exit_code == 1
    assert target.read_text() == "last month's export"  # the old file is kept whole
    assert names(out) == ["visit.csv"]


def test_export_does_not_replace_a_file_without_force(run: Run, tmp_path: Path) -> None:
    log_some(run, 2)
    target = tmp_path / "visit.csv"
    target.write_bytes(b"my own notes\xff")
    refused = run("export", "-o", str(target))
    assert refused.exit_code == 2
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"my own notes\xff"
    assert names(tmp_path) == ["data", "visit.csv"]

    replaced = run("export", "--force", "-o", str(target))
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stderr.strip() == f"Exported 2 entries to {target}."
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,uuid,kind,")
    assert len(text.strip().splitlines()) == 3
    assert mode(target) == 0o600
    assert names(tmp_path) == ["data", "visit.csv"]


def test_export_to_a_new_file_is_private_and_complete(run: Run, tmp_path: Path) -> None:
    log_some(run, 2)
    target = tmp_path / "all.json"
    result = run("export", "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600
    assert [e["note"] for e in json.loads(target.read_text(encoding="utf-8"))["entries"]] == [
        "day 0",
        "day 1",
    ]
    assert names(tmp_path) == ["all.json", "data"]


def test_check_finds_a_missing_table(run: Run, journal_path: Path) -> None:
    log_some(run, 2)
    conn = sqlite3.connect(journal_path)
    with conn:
        conn.execute("DROP TABLE entry_aids")
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert "the table entry_aids is missing" in result.stderr
