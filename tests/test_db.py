"""The journal file and its SQL, through msjournal.db and msjournal.paths directly."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from msjournal import db, migrations, vocab
from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.errors import MsJournalError, NewerJournal, NoJournal, NotAJournal, UnknownEntry
from msjournal.paths import JournalPath

from .conftest import dump

PLUS_0530 = timezone(timedelta(hours=5, minutes=30))
MINUS_08 = timezone(timedelta(hours=-8))
PLUS_09 = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=PLUS_0530)


def at(day: int, hour: int, minute: int = 0, tz: timezone = PLUS_0530) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=tz)


def where(path: Path, source: str = "option") -> JournalPath:
    return JournalPath(path, source)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def make_journal(path: Path) -> None:
    open_journal(where(path), create=True).close()


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as another tool would open the journal."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    with open_journal(where(journal_path, "env"), create=True) as opened:
        yield opened


# --- sample entries of every kind ------------------------------------------------


def weakness(**changes: Any) -> Entry:
    entry = Entry(
        kind="weakness",
        at=at(20, 9),
        severity=6,
        # given out of vocabulary order on purpose: read back in vocabulary order
        regions=("right-hand", "legs", "core"),
        activities=("walking", "dressing"),
        duration_minutes=45,
        tags=("stress", "heat"),
        note="Worse after a hot shower.",
    )
    return entry.replace(**changes)


def fatigue(**changes: Any) -> Entry:
    entry = Entry(
        kind="fatigue",
        at=at(21, 15, 30),
        severity=4,
        fatigue_type="cognitive",
        activities=("work", "typing"),
        duration_minutes=90,
        tags=("poor-sleep",),
    )
    return entry.replace(**changes)


def fall(**changes: Any) -> Entry:
    entry = Entry(
        kind="fall",
        at=at(22, 7, 15),
        near_fall=False,
        place="bathroom",
        doing="turning",
        causes=("slipped", "tripped"),
        injury="medical",
        aids=("ankle-brace", "cane"),
        got_up_alone=False,
        tags=("heat",),
    )
    return entry.replace(**changes)


def near_fall(**changes: Any) -> Entry:
    entry = Entry(
        kind="fall", at=at(22, 18), near_fall=True, injury="none", doing="stairs", causes=("dizzy",)
    )
    return entry.replace(**changes)


def exercise(**changes: Any) -> Entry:
    entry = Entry(
        kind="exercise",
        at=at(23, 10),
        minutes=30,
        exercise_type="walking",
        effort=5,
        with_therapist=True,
        after=3,
        note="Physio session.",
    )
    return entry.replace(**changes)


ALL_KINDS: dict[str, Callable[..., Entry]] = {
    "weakness": weakness,
    "fatigue": fatigue,
    "fall": fall,
    "near-fall": near_fall,
    "exercise": exercise,
}


def as_stored(entry: Entry, entry_id: int, uuid: str, logged: datetime = NOW) -> Entry:
    """What reading the entry back should give: lists in vocabulary order, tags sorted."""
    return entry.replace(
        id=entry_id,
        uuid=uuid,
        logged_at=logged,
        updated_at=logged,
        regions=vocab.ordered("region", entry.regions),
        activities=vocab.ordered("activity", entry.activities),
        causes=vocab.ordered("cause", entry.causes),
        aids=vocab.ordered("aid", entry.aids),
        tags=tuple(sorted(entry.tags)),
    )


def child_rows(conn: sqlite3.Connection, entry_id: int) -> dict[str, int]:
    counts = {}
    for table, _column in db.CHILD_TABLES.values():
        sql = f"SELECT count(*) FROM {table} WHERE entry_id = ?"
        counts[table] = conn.execute(sql, (entry_id,)).fetchone()[0]
    return counts


# --- opening: connection settings --------------------------------------------------


def test_opening_sets_every_connection_setting(journal_path: Path) -> None:
    with open_journal(where(journal_path), create=True) as opened:
        conn = opened.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert opened.schema_version() == migrations.SCHEMA_VERSION


def test_settings_are_set_again_when_an_existing_journal_is_opened(journal_path: Path) -> None:
    make_journal(journal_path)
    with open_journal(where(journal_path), create=False) as opened:
        conn = opened.conn
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # what is stored in the file itself, as any other tool sees it
    other = sqlite3.connect(journal_path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert other.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    finally:
        other.close()


def test_application_id_is_in_the_file_header(journal_path: Path) -> None:
    make_journal(journal_path)
    header = journal_path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == migrations.APPLICATION_ID == 0x4D534A4C


# --- opening: a journal that is not there ------------------------------------------------


def test_missing_journal_without_create_raises_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    path = folder / "journal.db"
    for source in ("option", "env", "default"):
        with pytest.raises(NoJournal, match="no journal yet"):
            open_journal(where(path, source), create=False)
    assert not (tmp_path / "no").exists()


def test_missing_journal_in_existing_folder_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with pytest.raises(NoJournal):
        open_journal(where(path), create=False)
    assert list(tmp_path.iterdir()) == []


# --- opening: creating a new journal ---------------------------------------------------


def test_new_journal_is_built_in_a_temp_file_and_linked_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "journal.db"
    links: list[tuple[Path, Path]] = []
    real_link = os.link

    def spy_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        src, dst = Path(src), Path(dst)
        # at the moment of linking the temp file is a complete journal
        check = sqlite3.connect(src)
        try:
            assert check.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
            assert "entries" in tables(check)
        finally:
            check.close()
        links.append((src, dst))
        real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(db.os, "link", spy_link)
    make_journal(path)

    [(src, dst)] = links
    assert dst == path
    assert src.parent == path.parent
    assert src.name.startswith(".msjournal-new-")
    assert not src.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.db"]
    assert path.stat().st_nlink == 1


def test_new_journal_leaves_no_temp_files_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.db"
    make_journal(path)
    assert list(path.parent.glob(".msjournal-new-*")) == []
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_new_journal_is_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "journal.db"
    old = os.umask(0)
    try:
        with open_journal(where(path), create=True) as opened:
            opened.add(weakness(), NOW)
            assert mode(path) == 0o600
            assert sidecars(path), "an open WAL journal has -wal and -shm files"
            for extra in sidecars(path):
                assert mode(extra) == 0o600, extra
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700


def test_default_location_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "msjournal"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    make_journal_at = where(folder / "journal.db", "default")
    open_journal(make_journal_at, create=True).close()
    assert mode(folder) == 0o700


def test_existing_folder_given_with_db_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    make_journal(folder / "journal.db")
    assert mode(folder) == 0o755
    assert mode(folder / "journal.db") == 0o600


def test_a_file_that_appears_while_creating_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    theirs = b"another program's file\n"
    real_link = os.link

    def racing_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        Path(dst).write_bytes(theirs)  # someone else got there first
        real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(db.os, "link", racing_link)
    with pytest.raises(NotAJournal):
        make_journal(path)
    assert path.read_bytes() == theirs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_create_true_opens_an_existing_journal_without_recreating_it(journal_path: Path) -> None:
    with open_journal(where(journal_path), create=True) as opened:
        saved = opened.add(weakness(), NOW)
    inode = journal_path.stat().st_ino
    with open_journal(where(journal_path), create=True) as opened:
        assert opened.get(saved.id or 0) == journal_entry(saved)
    assert journal_path.stat().st_ino == inode


# --- opening: journals that must be refused ---------------------------------------------


def test_newer_journal_is_refused_and_left_unchanged(journal_path: Path) -> None:
    with open_journal(where(journal_path), create=True) as opened:
        opened.add(weakness(), NOW)
    conn = sqlite3.connect(journal_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = journal_path.read_bytes()
    rows = dump(journal_path)
    for create in (False, True):
        with pytest.raises(NewerJournal, match="newer msjournal"):
            open_journal(where(journal_path), create=create)
        assert journal_path.read_bytes() == before
    assert dump(journal_path) == rows


def _zero_bytes(path: Path, _real: Path) -> None:
    path.write_bytes(b"")


def _random_bytes(path: Path, _real: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text(path: Path, _real: Path) -> None:
    path.write_text("date,severity\n2026-11-20,6\n" * 50)


def _sqlite_without_application_id(path: Path, _real: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT)")
    conn.execute("INSERT INTO entries (note) VALUES ('mine')")
    conn.commit()
    conn.close()


def _sqlite_with_other_application_id(path: Path, _real: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _truncated_journal(path: Path, real: Path) -> None:
    make_journal(real)
    path.write_bytes(real.read_bytes()[:50])


@pytest.mark.parametrize(
    "make",
    [
        _zero_bytes,
        _random_bytes,
        _text,
        _sqlite_without_application_id,
        _sqlite_with_other_application_id,
        _truncated_journal,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("create", [False, True], ids=["read", "write"])
def test_files_that_are_not_journals_are_refused_and_untouched(
    tmp_path: Path, make: Callable[[Path, Path], None], create: bool
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    path = folder / "file.db"
    make(path, tmp_path / "real.db")
    before = path.read_bytes()
    with pytest.raises(NotAJournal) as raised:
        open_journal(where(path), create=create)
    assert str(path) in raised.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["file.db"]  # no -wal, -shm or temp


@pytest.mark.parametrize("keep", [100, 4096, -4096], ids=["header", "page1", "last-page-cut"])
def test_a_cut_short_journal_is_reported_when_used_and_untouched(tmp_path: Path, keep: int) -> None:
    real = tmp_path / "real.db"
    with open_journal(where(real), create=True) as opened:
        for hour in range(40):
            opened.add(weakness(at=at(20, hour % 24), note="x" * 400), NOW)
    path = tmp_path / "folder" / "cut.db"
    path.parent.mkdir()
    path.write_bytes(real.read_bytes()[:keep])
    before = path.read_bytes()
    # the damage may show when opening, or only when reading
    with pytest.raises(NotAJournal, match="damaged"), open_journal(where(path), create=True) as j:
        j.entries(Query())
        j.add(weakness(), NOW)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["cut.db"]


def test_a_folder_is_not_a_journal(tmp_path: Path) -> None:
    folder = tmp_path / "journal.db"
    folder.mkdir()
    for create in (False, True):
        with pytest.raises(NotAJournal, match="folder"):
            open_journal(where(folder), create=create)
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


# --- migrations -----------------------------------------------------------------------


def _add_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")


def _add_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE entries ADD COLUMN mood INTEGER")


def _boom(conn: sqlite3.Connection) -> None:
    raise RuntimeError("migration failed")


def test_failed_migration_on_a_fresh_file_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(RuntimeError, match="migration failed"):
        try:
            migrations.apply(conn, [migrations.m001_entries, _boom])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert tables(conn) == []
    conn.close()


def test_failed_migration_on_a_journal_leaves_it_unchanged(journal: Journal) -> None:
    journal.add(weakness(), NOW)
    before = dump(journal.path)
    steps = [*migrations.MIGRATIONS, _add_table, _boom]
    with pytest.raises(RuntimeError), journal.write():  # BEGIN IMMEDIATE ... ROLLBACK
        migrations.apply(journal.conn, steps)
    assert not journal.conn.in_transaction
    assert journal.schema_version() == migrations.SCHEMA_VERSION
    assert "extra" not in tables(journal.conn)
    assert dump(journal.path) == before


def test_migrations_apply_only_the_missing_steps(journal: Journal) -> None:
    steps = [*migrations.MIGRATIONS, _add_table, _add_column]
    with journal.write():
        assert migrations.apply(journal.conn, steps) == 2
    assert journal.schema_version() == migrations.SCHEMA_VERSION + 2
    assert "extra" in tables(journal.conn)
    with journal.write():
        assert migrations.apply(journal.conn, steps) == 0


def test_opening_an_older_journal_upgrades_it(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_journal(where(journal_path), create=True) as opened:
        saved = opened.add(weakness(), NOW)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_column])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with open_journal(where(journal_path), create=False) as opened:
        assert opened.schema_version() == migrations.SCHEMA_VERSION
        columns = [row[1] for row in opened.conn.execute("PRAGMA table_info(entries)")]
        assert "mood" in columns
        assert opened.get(saved.id or 0) == journal_entry(saved)


def test_failed_migration_on_open_leaves_the_journal_as_it_was(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_journal(where(journal_path), create=True) as opened:
        opened.add(weakness(), NOW)
    before = dump(journal_path)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_column, _boom])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with pytest.raises(RuntimeError, match="migration failed"):
        open_journal(where(journal_path), create=False)
    monkeypatch.undo()
    assert dump(journal_path) == before
    check = sqlite3.connect(journal_path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    finally:
        check.close()


# --- the schema's own checks ---------------------------------------------------------

_UUIDS = iter(f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 10_000))


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uuid": next(_UUIDS),
        "kind": "weakness",
        "at": "2026-11-20T09:00:00+01:00",
        "at_utc": "2026-11-20T08:00:00Z",
        "day": "2026-11-20",
        "severity": 5,
        "logged_at": "2026-11-20T09:01:00+01:00",
        "updated_at": "2026-11-20T09:01:00+01:00",
    }
    row.update(changes)
    return row


def _fall_row(**changes: Any) -> dict[str, Any]:
    fields = {"kind": "fall", "severity": None, "near_fall": 0, "injury": "none"}
    fields["hopkins_grade"] = 2
    fields.update(changes)
    return _row(**fields)


def _insert(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    names = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO entries ({names}) VALUES ({marks})", list(row.values()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@pytest.fixture
def rawconn(journal_path: Path) -> Iterator[sqlite3.Connection]:
    make_journal(journal_path)
    conn = raw(journal_path)
    yield conn
    conn.close()


def test_valid_rows_are_accepted(rawconn: sqlite3.Connection) -> None:
    entry_id = _insert(rawconn, _row())
    rawconn.execute("INSERT INTO entry_regions VALUES (?, 'legs')", (entry_id,))
    _insert(rawconn, _fall_row(near_fall=1, hopkins_grade=1))
    _insert(rawconn, _fall_row(injury="hospital", hopkins_grade=4))
    _insert(rawconn, _row(at="2026-11-20T09:00:00-08:00", at_utc="2026-11-20T17:00:00Z"))
    assert rawconn.execute("SELECT count(*) FROM entries").fetchone()[0] == 4


BAD_ROWS = {
    "severity 11": _row(severity=11),
    "severity -1": _row(severity=-1),
    "unknown kind": _row(kind="headache"),
    "weakness without severity": _row(severity=None),
    "fall with severity": _fall_row(severity=3),
    "near-fall with minor injury": _fall_row(near_fall=1, injury="minor", hopkins_grade=1),
    "near-fall who got up alone": _fall_row(near_fall=1, hopkins_grade=1, got_up_alone=1),
    "wrong hopkins grade": _fall_row(injury="medical", hopkins_grade=2),
    "near-fall graded 2": _fall_row(near_fall=1, hopkins_grade=2),
    "fall without grade": _fall_row(hopkins_grade=None),
    "at without offset": _row(at="2026-11-20T09:00:00"),
    "at in UTC with Z": _row(at="2026-11-20T08:00:00Z"),
    "day not the day of at": _row(day="2026-11-21"),
    "short uuid": _row(uuid="1234"),
    "exercise minutes 601": _row(
        kind="exercise", severity=None, minutes=601, exercise_type="yoga", with_therapist=0
    ),
    "updated before logged": _row(updated_at="2026-11-20T09:00:00+01:00"),
    "empty note": _row(note=""),
}


@pytest.mark.parametrize("row", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_check_constraints_reject_bad_rows(
    rawconn: sqlite3.Connection, row: dict[str, Any]
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        _insert(rawconn, row)
    assert rawconn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_duplicate_uuid_is_rejected(rawconn: sqlite3.Connection) -> None:
    first = _row()
    _insert(rawconn, first)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _insert(rawconn, _row(uuid=first["uuid"], severity=2))


@pytest.mark.parametrize(
    ("table", "value"),
    [
        ("entry_regions", "tail"),
        ("entry_activities", "juggling"),
        ("entry_causes", "pushed"),
        ("entry_aids", "skateboard"),
        ("entry_tags", "Heat"),
        ("entry_tags", "a,b"),
        ("entry_tags", ""),
    ],
)
def test_child_values_outside_the_vocabulary_are_rejected(
    rawconn: sqlite3.Connection, table: str, value: str
) -> None:
    entry_id = _insert(rawconn, _row())
    with pytest.raises(sqlite3.IntegrityError):
        rawconn.execute(f"INSERT INTO {table} VALUES (?, ?)", (entry_id, value))


def test_child_rows_need_an_existing_entry(rawconn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        rawconn.execute("INSERT INTO entry_regions VALUES (999, 'legs')")


def test_deleting_an_entry_row_cascades_to_its_children(rawconn: sqlite3.Connection) -> None:
    entry_id = _insert(rawconn, _row())
    rawconn.execute("INSERT INTO entry_regions VALUES (?, 'legs')", (entry_id,))
    rawconn.execute("INSERT INTO entry_activities VALUES (?, 'walking')", (entry_id,))
    rawconn.execute("INSERT INTO entry_tags VALUES (?, 'heat')", (entry_id,))
    rawconn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
    assert set(child_rows(rawconn, entry_id).values()) == {0}
    assert rawconn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_event_time_keeps_its_offset(journal: Journal) -> None:
    saved = journal.add(weakness(at=at(20, 23, 30, MINUS_08)), NOW)
    at_text, at_utc, day = journal.conn.execute(
        "SELECT at, at_utc, day FROM entries WHERE id = ?", (saved.id,)
    ).fetchone()
    assert at_text == "2026-11-20T23:30:00-08:00"
    assert at_utc == "2026-11-21T07:30:00Z"
    assert day == "2026-11-20"  # the local calendar day where it happened
    got = journal.get(saved.id or 0)
    assert got is not None
    assert got.at.utcoffset() == timedelta(hours=-8)


def test_indexes_on_day_and_utc_time(rawconn: sqlite3.Connection) -> None:
    indexed: dict[str, list[str]] = {}
    for row in rawconn.execute("PRAGMA index_list(entries)"):
        name = row[1]
        indexed[name] = [info[2] for info in rawconn.execute(f"PRAGMA index_info({name})")]
    assert ["day"] in indexed.values()
    assert ["at_utc"] in indexed.values()
    plan = rawconn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM entries WHERE day BETWEEN ? AND ?",
        ("2026-11-01", "2026-11-30"),
    ).fetchall()
    details = " | ".join(row[3] for row in plan)
    assert "USING INDEX" in details or "USING COVERING INDEX" in details, details
    assert "day" in details


# --- Journal: round trips -----------------------------------------------------------------


@pytest.mark.parametrize("make", ALL_KINDS.values(), ids=ALL_KINDS.keys())
def test_every_kind_round_trips(journal: Journal, make: Callable[..., Entry]) -> None:
    entry = make()
    saved = journal.add(entry, NOW)
    assert saved.id is not None
    assert saved.uuid is not None and len(saved.uuid) == 36
    expected = as_stored(entry, saved.id, saved.uuid)
    assert journal.get(saved.id) == expected
    assert journal.entries(Query()) == [expected]
    got = journal.get(saved.id)
    assert got is not None
    assert got.hopkins_grade == entry.hopkins_grade
    assert got.to_dict() == expected.to_dict()


def test_multi_valued_fields_come_back_in_vocabulary_order(journal: Journal) -> None:
    w = journal.add(weakness(regions=("whole-body", "left-leg", "legs")), NOW)
    f = journal.add(fall(causes=("unknown", "heat", "tripped"), aids=("other", "cane")), NOW)
    got_w, got_f = journal.get(w.id or 0), journal.get(f.id or 0)
    assert got_w is not None and got_f is not None
    assert got_w.regions == ("legs", "left-leg", "whole-body")
    assert got_w.activities == ("dressing", "walking")
    assert got_w.tags == ("heat", "stress")
    assert got_f.causes == ("tripped", "heat", "unknown")
    assert got_f.aids == ("cane", "other")


def test_hopkins_grade_is_stored(journal: Journal) -> None:
    cases = {
        1: near_fall(),
        2: fall(injury="none"),
        3: fall(injury="medical"),
        4: fall(injury="hospital"),
        None: exercise(),
    }
    for grade, entry in cases.items():
        saved = journal.add(entry, NOW)
        stored = journal.conn.execute(
            "SELECT hopkins_grade FROM entries WHERE id = ?", (saved.id,)
        ).fetchone()[0]
        assert stored == grade


def test_add_keeps_a_given_uuid_and_makes_new_ones_unique(journal: Journal) -> None:
    given = "12345678-1234-4234-8234-123456789abc"
    kept = journal.add(weakness(uuid=given), NOW)
    assert kept.uuid == given
    made = {journal.add(exercise(), NOW).uuid for _ in range(5)}
    assert len(made) == 5 and given not in made


def test_add_returns_what_is_stored(journal: Journal) -> None:
    saved = journal.add(fatigue(activities=("typing", "work")), NOW)
    assert journal.get(saved.id or 0) == saved
    assert saved.logged_at == saved.updated_at == NOW


def test_add_with_a_clock_reading_returns_what_is_stored(journal: Journal) -> None:
    now = datetime(2026, 11, 25, 12, 0, 0, 654321, tzinfo=PLUS_0530)
    saved = journal.add(fatigue(activities=("typing", "work")), now)
    assert journal.get(saved.id or 0) == saved
    assert journal.delete([saved.id or 0], shown={saved.id or 0: saved}) == [saved]


def test_get_unknown_id_is_none(journal: Journal) -> None:
    assert journal.get(42) is None
    assert journal.get_many([1, 2]) == {}


def test_a_second_connection_sees_a_committed_entry_at_once(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    with open_journal(where(journal.path), create=False) as other:
        assert other.get(saved.id or 0) == journal.get(saved.id or 0)


# --- Journal: queries ------------------------------------------------------------------


@pytest.fixture
def filled(journal: Journal) -> dict[str, Entry]:
    entries = {
        # late evening on the 20th in California is the 21st in UTC
        "late": weakness(at=at(20, 23, 30, MINUS_08), tags=("heat",)),
        # just after midnight on the 21st in Tokyo is still the 20th in UTC
        "early": fatigue(at=at(21, 0, 30, PLUS_09), tags=()),
        "fall": fall(at=at(22, 7, 15)),
        "near": near_fall(at=at(22, 18)),
        "exercise": exercise(at=at(23, 10), tags=("heat", "stress")),
    }
    return {name: journal.add(entry, NOW) for name, entry in entries.items()}


def ids(found: list[Entry]) -> list[int | None]:
    return [entry.id for entry in found]


def test_query_returns_newest_first(journal: Journal, filled: dict[str, Entry]) -> None:
    found = journal.entries(Query())
    by_time = sorted(filled.values(), key=lambda e: (e.at, e.id or 0), reverse=True)
    assert ids(found) == ids(by_time)
    # the Tokyo entry happened before the California one, whatever the wall clocks say
    assert ids(found)[-2:] == [filled["late"].id, filled["early"].id]


def test_query_by_kind(journal: Journal, filled: dict[str, Entry]) -> None:
    assert ids(journal.entries(Query(kinds=("fall",)))) == [filled["near"].id, filled["fall"].id]
    both = journal.entries(Query(kinds=("weakness", "exercise")))
    assert ids(both) == [filled["exercise"].id, filled["late"].id]
    assert journal.entries(Query(kinds=("fatigue",)))[0].kind == "fatigue"


def test_query_by_local_calendar_day(journal: Journal, filled: dict[str, Entry]) -> None:
    day20 = journal.entries(Query(start=date(2026, 11, 20), end=date(2026, 11, 20)))
    assert ids(day20) == [filled["late"].id]
    day21 = journal.entries(Query(start=date(2026, 11, 21), end=date(2026, 11, 21)))
    assert ids(day21) == [filled["early"].id]
    from22 = journal.entries(Query(start=date(2026, 11, 22)))
    assert ids(from22) == [filled["exercise"].id, filled["near"].id, filled["fall"].id]
    upto21 = journal.entries(Query(end=date(2026, 11, 21)))
    assert ids(upto21) == [filled["late"].id, filled["early"].id]
    assert journal.entries(Query(start=date(2026, 12, 1))) == []


def test_query_by_tag(journal: Journal, filled: dict[str, Entry]) -> None:
    heat = journal.entries(Query(tags=("heat",)))
    assert ids(heat) == [filled["exercise"].id, filled["fall"].id, filled["late"].id]
    stress = journal.entries(Query(tags=("stress",)))
    assert ids(stress) == [filled["exercise"].id]
    # an entry with both tags is listed once
    both = journal.entries(Query(tags=("heat", "stress")))
    assert len(ids(both)) == len(set(ids(both)))
    assert filled["exercise"].id in ids(both)
    assert journal.entries(Query(tags=("nothing-here",))) == []


def test_query_limit_and_combined_filters(journal: Journal, filled: dict[str, Entry]) -> None:
    assert ids(journal.entries(Query(limit=2))) == [filled["exercise"].id, filled["near"].id]
    assert ids(journal.entries(Query(limit=1, kinds=("weakness",)))) == [filled["late"].id]
    combined = Query(kinds=("fall",), tags=("heat",), start=date(2026, 11, 22))
    assert ids(journal.entries(combined)) == [filled["fall"].id]
    assert journal.count() == 5


def test_query_with_a_day_range_uses_an_index(journal: Journal, filled: dict[str, Entry]) -> None:
    statements: list[str] = []
    journal.conn.set_trace_callback(statements.append)
    journal.entries(Query(start=date(2026, 11, 20), end=date(2026, 11, 22)))
    journal.conn.set_trace_callback(None)
    [select] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    plan = journal.conn.execute(f"EXPLAIN QUERY PLAN {select}").fetchall()
    outer = [row[3] for row in plan if row[3].startswith(("SCAN e", "SEARCH e "))]
    assert outer, plan
    assert all("USING INDEX" in detail and "day" in detail for detail in outer), plan


# --- Journal: editing ------------------------------------------------------------------


def test_edit_keeps_uuid_and_logged_at_and_moves_updated_at(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    later = NOW + timedelta(hours=2)

    def change(old: Entry) -> Entry:
        return old.replace(severity=3, regions=("arms",), tags=("cold",), note=None)

    edited = journal.edit(saved.id or 0, change, later)
    got = journal.get(saved.id or 0)
    assert got == edited
    assert got is not None
    assert (got.id, got.uuid, got.logged_at) == (saved.id, saved.uuid, NOW)
    assert got.updated_at == later
    assert (got.severity, got.regions, got.tags, got.note) == (3, ("arms",), ("cold",), None)
    assert child_rows(journal.conn, saved.id or 0)["entry_regions"] == 1


def test_edit_cannot_change_identity(journal: Journal) -> None:
    saved = journal.add(exercise(), NOW)
    later = NOW + timedelta(minutes=5)
    other_uuid = "99999999-9999-4999-8999-999999999999"

    def change(old: Entry) -> Entry:
        return old.replace(id=77, uuid=other_uuid, logged_at=later, minutes=45)

    edited = journal.edit(saved.id or 0, change, later)
    assert (edited.id, edited.uuid, edited.logged_at) == (saved.id, saved.uuid, NOW)
    assert journal.get(77) is None
    assert journal.count() == 1


def test_edit_moves_an_entry_in_time(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    moved = at(24, 8, tz=MINUS_08)
    journal.edit(saved.id or 0, lambda old: old.replace(at=moved), NOW + timedelta(hours=1))
    found = journal.entries(Query(start=date(2026, 11, 24), end=date(2026, 11, 24)))
    assert ids(found) == [saved.id]
    assert found[0].at == moved and found[0].at.utcoffset() == timedelta(hours=-8)


def test_edit_that_changes_nothing_keeps_updated_at(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    before = dump(journal.path)
    result = journal.edit(saved.id or 0, lambda old: old, NOW + timedelta(days=1))
    assert result.updated_at == NOW
    assert dump(journal.path) == before


def test_edit_unknown_id_raises(journal: Journal) -> None:
    journal.add(weakness(), NOW)
    before = dump(journal.path)
    with pytest.raises(UnknownEntry) as raised:
        journal.edit(99, lambda old: old.replace(severity=1), NOW)
    assert raised.value.ids == [99]
    assert dump(journal.path) == before


def test_edit_whose_change_fails_changes_nothing(journal: Journal) -> None:
    saved = journal.add(fall(), NOW)
    before = dump(journal.path)

    def change(old: Entry) -> Entry:
        raise ValueError("cancelled")

    with pytest.raises(ValueError):
        journal.edit(saved.id or 0, change, NOW + timedelta(hours=1))
    assert not journal.conn.in_transaction
    assert dump(journal.path) == before


def test_edit_rejected_by_the_schema_changes_nothing(journal: Journal) -> None:
    saved = journal.add(fall(), NOW)
    before = dump(journal.path)
    with pytest.raises(MsJournalError):
        journal.edit(saved.id or 0, lambda old: old.replace(causes=("pushed",)), NOW)
    assert not journal.conn.in_transaction
    assert dump(journal.path) == before


# --- Journal: deleting -------------------------------------------------------------------


def test_delete_removes_the_entry_and_its_child_rows(journal: Journal) -> None:
    keep = journal.add(weakness(), NOW)
    gone = journal.add(fall(), NOW)
    assert sum(child_rows(journal.conn, gone.id or 0).values()) == 5
    removed = journal.delete([gone.id or 0])
    assert removed == [journal_entry(gone)]
    assert journal.get(gone.id or 0) is None
    assert set(child_rows(journal.conn, gone.id or 0).values()) == {0}
    assert journal.get(keep.id or 0) is not None
    assert sum(child_rows(journal.conn, keep.id or 0).values()) > 0


def journal_entry(saved: Entry) -> Entry:
    return as_stored(saved, saved.id or 0, saved.uuid or "", saved.logged_at or NOW)


def test_delete_several_at_once(journal: Journal) -> None:
    first, second, third = (journal.add(make(), NOW) for make in (weakness, fatigue, exercise))
    removed = journal.delete([third.id or 0, first.id or 0])
    assert ids(removed) == [third.id, first.id]
    assert ids(journal.entries(Query())) == [second.id]


def test_delete_with_an_unknown_id_deletes_nothing(journal: Journal) -> None:
    first = journal.add(weakness(), NOW)
    journal.add(fall(), NOW)
    before = dump(journal.path)
    with pytest.raises(UnknownEntry) as raised:
        journal.delete([first.id or 0, 404, 405])
    assert raised.value.ids == [404, 405]
    assert "404" in raised.value.message
    assert dump(journal.path) == before
    assert journal.count() == 2


def test_delete_all(journal: Journal) -> None:
    for make in ALL_KINDS.values():
        journal.add(make(), NOW)
    assert journal.delete_all() == 5
    assert journal.count() == 0
    for table, _column in db.CHILD_TABLES.values():
        assert journal.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_delete_deletes_only_the_entries_that_were_shown(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    shown = journal.get(saved.id or 0)
    assert shown is not None
    journal.edit(saved.id or 0, lambda old: old.replace(severity=2), NOW + timedelta(minutes=1))
    with pytest.raises(MsJournalError, match="changed"):
        journal.delete([saved.id or 0], shown={saved.id or 0: shown})  # it changed meanwhile
    assert journal.get(saved.id or 0) is not None
    current = journal.get(saved.id or 0)
    assert current is not None
    assert journal.delete([saved.id or 0], shown={saved.id or 0: current}) == [current]
    assert journal.get(saved.id or 0) is None
    assert set(child_rows(journal.conn, saved.id or 0).values()) == {0}


def test_last_logged_is_by_when_it_was_logged(journal: Journal) -> None:
    assert journal.last_logged() is None
    # logged first, though it happened later
    newer_event = journal.add(exercise(at=at(23, 10)), NOW)
    # logged an hour later, about something that happened days before
    older_event = journal.add(weakness(at=at(19, 8)), NOW + timedelta(hours=1))
    last = journal.last_logged()
    assert last is not None
    assert last.id == older_event.id
    assert journal.entries(Query(limit=1))[0].id == newer_event.id
    journal.delete([older_event.id or 0])
    last = journal.last_logged()
    assert last is not None and last.id == newer_event.id


def test_last_logged_compares_instants_not_text(journal: Journal) -> None:
    # 10:00+05:30 is 04:30 UTC; 09:00+00:00 is later, though it sorts first as text
    first = journal.add(weakness(), datetime(2026, 11, 25, 10, 0, tzinfo=PLUS_0530))
    second = journal.add(fatigue(), datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    last = journal.last_logged()
    assert last is not None
    assert last.id == second.id != first.id
