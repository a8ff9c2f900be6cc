"""Every schema that has shipped upgrades to the current one with nothing lost.

tests/fixtures/schema-N.sql is a journal built by the first N migrations, holding
the entries of tests/fixtures/entries.json (and of entries-M.json for every M up to
N: entries using words schema M was the first to allow), saved as SQL text. When a
migration is added, create the fixture for the new version with:

    UPDATE_FIXTURES=1 pytest tests/test_upgrades.py

Existing fixtures are never rewritten: they are what older versions shipped.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from msjournal import db, migrations
from msjournal.cli import app
from msjournal.db import Journal, Query, changes, open_journal
from msjournal.entries import Entry
from msjournal.errors import JournalUnavailable, NewerJournal
from msjournal.export import entries_from_records
from msjournal.paths import JournalPath

FIXTURES = Path(__file__).parent / "fixtures"
# the entries in the fixture of every version from this one on
ENTRIES_FROM = {
    1: FIXTURES / "entries.json",
    3: FIXTURES / "entries-3.json",
    5: FIXTURES / "entries-5.json",  # other symptoms, made by `log symptom`
}
VERSIONS = range(1, migrations.SCHEMA_VERSION + 1)
OLDER_VERSIONS = range(1, migrations.SCHEMA_VERSION)
# the child tables of entries (foreign keys to it), as every schema so far has them
CHILD_TABLES = {"entry_regions", "entry_activities", "entry_causes", "entry_aids", "entry_tags"}
AT = datetime(2025, 11, 3, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def sample_entries(version: int = migrations.SCHEMA_VERSION) -> list[Entry]:
    """The entries the fixture of ``version`` holds."""
    entries: list[Entry] = []
    for first, path in ENTRIES_FROM.items():
        if first <= version:
            entries += entries_from_records(json.loads(path.read_text(encoding="utf-8")))
    return entries


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (name, sql)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    )


def built_by_migrations(version: int, path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute("BEGIN IMMEDIATE")
    migrations.apply(conn, migrations.MIGRATIONS[:version])
    conn.execute("COMMIT")
    return conn


@contextmanager
def as_of(version: int) -> Iterator[None]:
    """Write to an old schema as the msjournal of its time did: before schema 4
    there was no change history to record in, before schema 5 no symptom column."""
    with pytest.MonkeyPatch.context() as patch:
        if version < HISTORY_SINCE:
            patch.setattr(changes, "record", lambda *args, **kwargs: 0)
        if version < SYMPTOMS_SINCE:
            columns = [c for c in db._INSERT_COLUMNS if c != "symptom"]
            skipped = db._INSERT_COLUMNS.index("symptom")
            values = db._values
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            patch.setattr(db, "_INSERT", f"INSERT INTO entries ({names}) VALUES ({marks})")
            patch.setattr(
                db, "_INSERT_WITH_ID", f"INSERT INTO entries (id, {names}) VALUES (?, {marks})"
            )
            patch.setattr(
                db,
                "_values",
                lambda *args: [v for i, v in enumerate(values(*args)) if i != skipped],
            )
            for name in ("_SELECT", "_SELECT_RECORDS"):  # read as no symptom
                patch.setattr(db, name, getattr(db, name).replace('e."symptom"', "NULL"))
        yield


HISTORY_SINCE = 4  # the schema that added the changes table
SYMPTOMS_SINCE = 5  # the schema that added other symptoms (entries.symptom)


SCORES_SINCE = 5  # the schema that added the scores table
# Questionnaire scores in every fixture from schema 5 on, written as plain SQL (the
# schema's own columns), so every later upgrade has scores to keep.
SAMPLE_SCORES = (
    "INSERT INTO scores (id, uuid, instrument, at, at_utc, day, responses, score, note, "
    "logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000101', 'fss', '2025-11-10T10:00:00+00:00', "
    "'2025-11-10T10:00:00Z', '2025-11-10', '[3, 4, 5, 4, 4, 3, 5, 4, 4]', 4.0, NULL, "
    "'2025-11-12T20:00:00+00:00', '2025-11-12T20:00:00+00:00'), "
    "(2, '00000000-0000-4000-8000-000000000102', 'edss', '2025-11-12T11:30:00+00:00', "
    "'2025-11-12T11:30:00Z', '2025-11-12', '[3.5]', 3.5, 'From the clinic letter', "
    "'2025-11-12T20:00:00+00:00', '2025-11-12T20:00:00+00:00')"
)


TIMELINE_SINCE = 6  # the schema that added treatments, relapses and aids
TIMELINE_TABLES = ("treatments", "treatment_missed", "treatment_notes", "relapses", "aids")
# A treatment with a missed dose and a note, a relapse and an aid in every fixture
# from schema 6 on, as plain SQL, so every later upgrade has them to keep.
SAMPLE_TIMELINE = (
    "INSERT INTO treatments (id, uuid, name, treatment_class, dose, start, stop, "
    "stop_reason, logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000201', 'Baclofen', 'muscle-relaxant', '10 mg', "
    "'2025-10-01T08:00:00+01:00', '2025-11-01T08:00:00+00:00', 'side-effects', "
    "'2025-10-01T09:00:00+01:00', '2025-11-01T09:00:00+00:00'), "
    "(2, '00000000-0000-4000-8000-000000000202', 'Vitamin D', 'other', NULL, "
    "'2025-10-05T08:00:00+01:00', NULL, NULL, "
    "'2025-10-05T09:00:00+01:00', '2025-10-05T09:00:00+01:00');\n"
    "INSERT INTO treatment_missed (treatment_id, at) VALUES (1, '2025-10-10T08:00:00+01:00');\n"
    "INSERT INTO treatment_notes (treatment_id, at, note) VALUES "
    "(1, '2025-10-12T20:00:00+01:00', 'Drowsy in the afternoon');\n"
    "INSERT INTO relapses (id, uuid, onset, ended, confirmed, steroids, note, logged_at, "
    "updated_at) VALUES (1, '00000000-0000-4000-8000-000000000301', "
    "'2025-09-01T07:00:00+01:00', '2025-09-20T07:00:00+01:00', 1, 1, 'Left leg', "
    "'2025-09-02T09:00:00+01:00', '2025-09-21T09:00:00+01:00');\n"
    "INSERT INTO aids (id, uuid, aid, used_for, taught, start, stop, logged_at, updated_at) "
    "VALUES (1, '00000000-0000-4000-8000-000000000401', 'cane', 'outdoors', 1, "
    "'2025-08-01T10:00:00+01:00', NULL, '2025-08-01T10:00:00+01:00', "
    "'2025-08-01T10:00:00+01:00');"
)

CHECKINS_SINCE = 7  # the schema that added the daily check-in
# A check-in that made the first weakness and fatigue entries, and one that
# confirmed a day with no falls and made nothing, in every fixture from schema 7 on.
SAMPLE_CHECKINS = (
    "INSERT INTO checkins (id, uuid, day, at, weakness, regions, fatigue, falls, "
    "near_falls, exercise, note, entries, logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000501', '2025-11-03', '2025-11-03T08:30:00+00:00', "
    "6, '[\"legs\",\"left-hand\"]', 7, 0, 0, '[]', 'A slow morning', "
    '\'["00000000-0000-4000-8000-000000000001","00000000-0000-4000-8000-000000000002"]\', '
    "'2025-11-03T08:30:00+00:00', '2025-11-03T08:31:00+00:00'), "
    "(2, '00000000-0000-4000-8000-000000000502', '2025-11-07', '2025-11-07T20:00:00+00:00', "
    "NULL, NULL, NULL, 0, 0, NULL, NULL, '[]', "
    "'2025-11-08T09:00:00+00:00', '2025-11-08T09:00:00+00:00')"
)
VISITS_SINCE = 8  # the schema that added appointments and questions
SAMPLE_VISITS = (
    "INSERT INTO appointments (id, uuid, at, with_whom, note, logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000601', '2025-10-20T10:30:00+01:00', 'neurology', "
    "'Dr Okafor', '2025-10-01T09:00:00+01:00', '2025-10-01T09:00:00+01:00'), "
    "(2, '00000000-0000-4000-8000-000000000602', '2026-02-02T09:00:00+00:00', 'mri', NULL, "
    "'2025-11-10T09:00:00+00:00', '2025-11-10T09:00:00+00:00');\n"
    "INSERT INTO questions (id, uuid, text, priority, done_at, logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000701', 'Could my legs be weaker from the heat?', 1, "
    "NULL, '2025-11-04T21:00:00+00:00', '2025-11-04T21:00:00+00:00'), "
    "(2, '00000000-0000-4000-8000-000000000702', 'Physio referral?', 2, "
    "'2025-10-20T11:00:00+01:00', '2025-10-01T09:00:00+01:00', '2025-10-20T11:00:00+01:00')"
)
HOME_SINCE = 9  # the schema that added home-safety checks
SAMPLE_HOME = (
    "INSERT INTO home_checks (id, uuid, at, answers, logged_at, updated_at) VALUES "
    "(1, '00000000-0000-4000-8000-000000000801', '2025-11-09T15:00:00+00:00', "
    '\'{"floors-rugs":"no","bathroom-grab-bars":"no","stairs-rails":"na",\''
    ' || \'"kitchen-reach":"yes"}\', '
    "'2025-11-09T15:00:00+00:00', '2025-11-09T15:00:00+00:00')"
)
# the tables each later schema added, each with rows in its fixtures
LATER_TABLES = {
    CHECKINS_SINCE: ("checkins",),
    VISITS_SINCE: ("appointments", "questions"),
    HOME_SINCE: ("home_checks",),
}


def fixture_sql(version: int, folder: Path) -> str:
    """A journal at ``version`` with the sample entries (and scores), as SQL text."""
    conn = built_by_migrations(version, folder / f"v{version}.db")
    journal = Journal(conn, folder / f"v{version}.db")
    with as_of(version):
        journal.import_entries(sample_entries(version), datetime(2025, 1, 1).astimezone())
    if version >= SCORES_SINCE:
        conn.execute(SAMPLE_SCORES)
    if version >= TIMELINE_SINCE:
        conn.executescript(SAMPLE_TIMELINE)
    if version >= CHECKINS_SINCE:
        conn.execute(SAMPLE_CHECKINS)
    if version >= VISITS_SINCE:
        conn.executescript(SAMPLE_VISITS)
    if version >= HOME_SINCE:
        conn.execute(SAMPLE_HOME)
    lines = [
        f"PRAGMA application_id = {migrations.APPLICATION_ID};",
        f"PRAGMA user_version = {version};",
        *conn.iterdump(),
    ]
    conn.close()
    return "\n".join(lines) + "\n"


def load(version: int, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"schema-{version}.sql").read_text(encoding="utf-8"))
    conn.close()


def kept(
    before: tuple[list[str], list[tuple[Any, ...]]], after: tuple[list[str], list[tuple[Any, ...]]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A table after an upgrade, as it was before: the rows on the columns it had.

    A migration may add a column (entries.symptom in schema 5), never drop one; a
    column it adds is empty (NULL) in every row that was there.
    """
    columns, rows = after
    assert set(before[0]) <= set(columns), (before[0], columns)
    added = [i for i, name in enumerate(columns) if name not in before[0]]
    for row in rows:
        assert all(row[i] is None for i in added), row
    where = [columns.index(name) for name in before[0]]
    return before[0], sorted((tuple(row[i] for i in where) for row in rows), key=repr)


def every_row(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table of a journal file (sqlite_sequence too): its columns and its rows."""
    conn = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables = {}
        for name in names:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
            rows = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            tables[name] = (columns, rows)
        return tables
    finally:
        conn.close()


def child_tables(path: Path) -> set[str]:
    """The tables whose rows belong to an entry (a foreign key to entries)."""
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name
            for name in names
            if any(fk[2] == "entries" for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")'))
        }
    finally:
        conn.close()


def upgrade(path: Path) -> None:
    """Open the journal the way every command does, which upgrades it."""
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        assert journal.schema_version() == migrations.SCHEMA_VERSION


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def backups(path: Path) -> list[Path]:
    folder = path.parent / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_there_is_a_fixture_for_every_schema_version(tmp_path: Path) -> None:
    for version in VERSIONS:
        path = FIXTURES / f"schema-{version}.sql"
        if not path.exists() and os.environ.get("UPDATE_FIXTURES"):
            path.write_text(fixture_sql(version, tmp_path), encoding="utf-8")
        assert path.exists(), (
            f"no fixture for schema {version}: run UPDATE_FIXTURES=1 pytest {__file__}"
        )


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_is_what_its_migrations_build(version: int, tmp_path: Path) -> None:
    """Also guards the rule: never edit a migration that has shipped."""
    load(version, tmp_path / "fixture.db")
    fixture = sqlite3.connect(tmp_path / "fixture.db")
    fresh = built_by_migrations(version, tmp_path / "fresh.db")
    assert schema_of(fixture) == schema_of(fresh)
    assert fixture.execute("PRAGMA user_version").fetchone()[0] == version
    fixture.close()
    fresh.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_each_schema_upgrades_with_every_entry_intact(version: int, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    load(version, path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        assert journal.schema_version() == migrations.SCHEMA_VERSION
        stored = {e.uuid: e.to_dict() for e in journal.entries(Query())}
        assert journal.health() == []
    expected = {e.uuid: e.to_dict() for e in sample_entries(version)}
    assert stored == expected
    # the upgraded journal works for writing, other symptoms too
    for args in (["log", "fatigue", "2"], ["log", "symptom", "vision", "4", "-w", "left-eye"]):
        result = CliRunner().invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 0, result.output


def test_a_newer_journal_is_refused_for_writing_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    load(migrations.SCHEMA_VERSION, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerJournal):
        open_journal(JournalPath(path, "option"), create=True)
    result = CliRunner().invoke(app, ["--db", str(path), "log", "fatigue", "2"])
    assert result.exit_code == 1
    assert "newer msjournal" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("vocabulary", "table", "column"),
    [
        ("kind", "entries", "kind"),
        ("fatigue type", "entries", "fatigue_type"),
        ("place", "entries", "place"),
        ("doing", "entries", "doing"),
        ("injury", "entries", "injury"),
        ("exercise type", "entries", "exercise_type"),
        ("region", "entry_regions", "region"),
        ("activity", "entry_activities", "activity"),
        ("cause", "entry_causes", "cause"),
        ("aid", "entry_aids", "aid"),
        ("symptom", "entries", "symptom"),
    ],
)
def test_the_schema_accepts_every_word_the_program_offers(
    vocabulary: str, table: str, column: str, tmp_path: Path
) -> None:
    """A word added to vocab.py without a migration would be refused by the journal."""
    from msjournal import vocab

    conn = built_by_migrations(migrations.SCHEMA_VERSION, tmp_path / "now.db")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    for word in vocab.VOCABULARIES[vocabulary]:
        assert f"{column} = '{word}'" in sql, f"{word!r} is not allowed by the schema"


# --- schema 3: grown vocabularies, so rebuilt tables (reliability.md, item 16) ------------


@pytest.mark.parametrize("version", OLDER_VERSIONS)
def test_each_schema_upgrades_with_every_row_of_every_table_intact(
    version: int, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    load(version, path)
    before = every_row(path)
    assert child_tables(path) >= CHILD_TABLES
    for table in CHILD_TABLES:
        assert before[table][1], f"the schema-{version} fixture has no row in {table}"
    upgrade(path)
    after = every_row(path)
    assert {"entries", "sqlite_sequence", *CHILD_TABLES} <= set(before)
    if version >= SCORES_SINCE:
        assert len(before["scores"][1]) == 2, "the fixture has scores to keep"
    if version >= TIMELINE_SINCE:
        for table in TIMELINE_TABLES:
            assert before[table][1], f"the schema-{version} fixture has no row in {table}"
    for since, tables in LATER_TABLES.items():
        for table in tables if version >= since else ():
            assert before[table][1], f"the schema-{version} fixture has no row in {table}"
    for table, content in before.items():
        if table == "sqlite_sequence":  # counters of tables the upgrade adds come in too
            assert set(content[1]) <= set(after[table][1])
        else:
            assert kept(content, after[table]) == content, table
    # and the upgraded journal is built exactly like a new one
    upgraded = sqlite3.connect(path)
    fresh = built_by_migrations(migrations.SCHEMA_VERSION, tmp_path / "fresh.db")
    try:
        assert schema_of(upgraded) == schema_of(fresh)
    finally:
        upgraded.close()
        fresh.close()


def _every_v1_word_in_a_child_table() -> list[Entry]:
    """Entries naming, between them, every word each child table of schema 1 allowed."""
    entries = [
        Entry(kind="weakness", at=AT, severity=4, regions=(r,)) for r in migrations.V1["regions"]
    ]
    entries += [
        Entry(
            kind="fatigue",
            at=AT,
            severity=5,
            fatigue_type="both",
            activities=(a,),
            tags=(f"t-{a}",),
        )
        for a in migrations.V1["activities"]
    ]
    entries += [
        Entry(kind="fall", at=AT, near_fall=False, injury="none", causes=(c,))
        for c in migrations.V1["causes"]
    ]
    entries += [
        Entry(kind="fall", at=AT, near_fall=False, injury="minor", aids=(a,))
        for a in migrations.V1["aids"]
    ]
    entries += [
        Entry(kind="exercise", at=AT, minutes=20, exercise_type=t, with_therapist=False)
        for t in migrations.V1["exercise_types"]
    ]
    entries.append(
        Entry(
            kind="weakness",
            at=AT,
            severity=9,
            regions=migrations.V1["regions"],
            activities=migrations.V1["activities"],
            tags=("heat", "poor-sleep", "=1+1"),
            note="every region at once",
        )
    )
    return [
        e.replace(uuid=f"00000000-0000-4000-8000-{n:012d}") for n, e in enumerate(entries, start=1)
    ]


def test_a_journal_with_every_child_table_full_upgrades_row_for_row(tmp_path: Path) -> None:
    """The rebuild drops and re-makes `entries`: no child row may go with it."""
    path = tmp_path / "full.db"
    conn = built_by_migrations(2, path)
    journal = Journal(conn, path)
    now = datetime(2025, 11, 10, 8, 0).astimezone()
    with as_of(2):
        journal.import_entries(_every_v1_word_in_a_child_table(), now)
        journal.record_notice("cloud-folder", now)
        last = journal.last_logged()
        assert last is not None and last.id is not None
        conn.execute("PRAGMA foreign_keys = ON")  # as msjournal itself deletes
        journal.delete([last.id])  # so the id counter stands above the highest id
    conn.close()
    before = every_row(path)
    children = child_tables(path)
    assert children == CHILD_TABLES
    for table in children:
        assert before[table][1], table
    # every word of every child vocabulary is there to lose
    for table, column in (
        ("entry_regions", "regions"),
        ("entry_activities", "activities"),
        ("entry_causes", "causes"),
        ("entry_aids", "aids"),
    ):
        stored = {row[1] for row in before[table][1]}
        assert stored == set(migrations.V1[column]), table
    assert before["notices"][1]
    [(name, seq)] = before["sqlite_sequence"][1]
    assert name == "entries" and seq == last.id

    upgrade(path)

    after = every_row(path)
    later = {table for tables in LATER_TABLES.values() for table in tables}
    assert set(after) == set(before) | {"changes", "scores", *TIMELINE_TABLES, *later}
    assert after["changes"][1] == []  # an old journal starts with an empty history
    assert after["scores"][1] == []
    for table, content in before.items():
        if table == "sqlite_sequence":
            assert [row for row in after[table][1] if row[0] != "changes"] == content[1]
        else:
            assert kept(content, after[table]) == content, table
    with open_journal(JournalPath(path, "option"), create=False) as opened:
        new = opened.add(Entry(kind="fatigue", at=AT, severity=2, fatigue_type="both"), now)
    assert new.id == last.id + 1  # an id once given out is never given out again


class _Day(date):
    """date.today() fixed, so a test does not depend on the clock (nor span midnight)."""

    @classmethod
    def today(cls) -> _Day:
        return cls(2026, 1, 2)


def test_upgrading_a_journal_file_first_backs_it_up_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "date", _Day)
    path = tmp_path / "data" / "journal.db"
    path.parent.mkdir()
    load(2, path)
    before = every_row(path)
    upgrade(path)
    [backup] = backups(path)  # and no temp file left over
    assert backup.name == "before-schema-3-2026-01-02.db"
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    assert oct(backup.parent.stat().st_mode & 0o777) == oct(0o700)
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 2
        assert copy.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one whole file
    finally:
        copy.close()
    assert every_row(backup) == before
    assert version_of(path) == migrations.SCHEMA_VERSION
    # once upgraded, opening it again makes no more backups
    upgrade(path)
    assert backups(path) == [backup]


def test_a_second_upgrade_on_the_same_day_keeps_the_first_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "date", _Day)
    path = tmp_path / "journal.db"
    load(1, path)
    upgrade(path)
    [first] = backups(path)
    kept = first.read_bytes()
    path.unlink()  # as if an older copy were put back in its place
    load(2, path)
    upgrade(path)
    second = first.with_name("before-schema-3-2026-01-02-2.db")
    assert set(backups(path)) == {first, second}
    assert first.name == "before-schema-3-2026-01-02.db" and first.read_bytes() == kept
    assert (version_of(first), version_of(second)) == (1, 2)


def test_a_new_journal_needs_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_journal(JournalPath(path, "option"), create=True) as journal:
        assert journal.schema_version() == migrations.SCHEMA_VERSION
        assert journal.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not (tmp_path / "backups").exists()


def test_no_backup_no_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    load(2, path)
    (tmp_path / "backups").write_text("a file where the backups folder would go\n")
    before = every_row(path)
    with pytest.raises(JournalUnavailable, match="cannot write"):
        upgrade(path)
    assert version_of(path) == 2
    assert every_row(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "journal.db"]


def _boom(conn: sqlite3.Connection) -> None:
    raise RuntimeError("migration failed")


def test_a_failure_after_the_rebuild_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    load(2, path)
    before = every_row(path)
    conn = sqlite3.connect(path)
    schema = schema_of(conn)
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _boom])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with pytest.raises(RuntimeError, match="migration failed"):
        open_journal(JournalPath(path, "option"), create=False)
    assert version_of(path) == 2
    assert every_row(path) == before
    check = sqlite3.connect(path)
    try:
        assert schema_of(check) == schema
    finally:
        check.close()


def test_foreign_keys_are_on_and_hold_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    load(2, path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        conn = journal.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in CHILD_TABLES:
            [fk] = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert (fk[2], fk[3], fk[4], fk[6]) == ("entries", "entry_id", "id", "CASCADE")
        # still enforced: no child row without its entry; deleting an entry takes its rows
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute("INSERT INTO entry_regions (entry_id, region) VALUES (999, 'legs')")
        held = conn.execute("SELECT count(*) FROM entry_regions WHERE entry_id = 1").fetchone()
        assert held[0] > 0
        journal.delete([1])
        for table in CHILD_TABLES:
            sql = f"SELECT count(*) FROM {table} WHERE entry_id = 1"
            assert conn.execute(sql).fetchone()[0] == 0, table


NEW_REGIONS = ("eyes", "left-eye", "right-eye", "other")
NEW_EXERCISE_TYPES = ("pilates", "tai-chi")


def test_schema_2_refuses_the_new_words(tmp_path: Path) -> None:
    """What makes the migration necessary (and lets the next test fail)."""
    path = tmp_path / "journal.db"
    load(2, path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT kind FROM entries WHERE id = 5").fetchone() == ("exercise",)
        for region in NEW_REGIONS:
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute("INSERT INTO entry_regions VALUES (1, ?)", (region,))
        for kind in NEW_EXERCISE_TYPES:
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute("UPDATE entries SET exercise_type = ? WHERE id = 5", (kind,))
    finally:
        conn.close()


def test_the_new_checks_accept_the_new_words_and_still_refuse_unknown_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.db"
    load(2, path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        added = [
            journal.add(Entry(kind="weakness", at=AT, severity=3, regions=(region,)), AT)
            for region in NEW_REGIONS
        ]
        added.append(
            journal.add(Entry(kind="weakness", at=AT, severity=4, regions=NEW_REGIONS), AT)
        )
        added += [
            journal.add(
                Entry(kind="exercise", at=AT, minutes=30, exercise_type=kind, with_therapist=True),
                AT,
            )
            for kind in NEW_EXERCISE_TYPES
        ]
        for entry in added:
            assert entry.id is not None
            stored = journal.get(entry.id)
            assert stored is not None
            assert (stored.regions, stored.exercise_type) == (entry.regions, entry.exercise_type)
        conn = journal.conn
        for region in ("elbow", "spleen", "Eyes", "left eye", ""):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute(
                    "INSERT INTO entry_regions (entry_id, region) VALUES (1, ?)", (region,)
                )
        assert conn.execute("SELECT kind FROM entries WHERE id = 5").fetchone() == ("exercise",)
        for kind in ("chess", "taichi", "Pilates"):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute("UPDATE entries SET exercise_type = ? WHERE id = 5", (kind,))
        # the other CHECK constraints came through the rebuild too
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("UPDATE entries SET minutes = 601 WHERE id = 5")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("UPDATE entries SET hopkins_grade = 4 WHERE id = 3")


def test_schema_3_changes_nothing_but_the_grown_checks(tmp_path: Path) -> None:
    v2 = dict(schema_of(built_by_migrations(2, tmp_path / "v2.db")))
    v3 = dict(schema_of(built_by_migrations(3, tmp_path / "v3.db")))
    assert set(v3) == set(v2)
    grown = {
        "entries": ("exercise_type", "exercise_types"),
        "entry_regions": ("region", "regions"),
    }
    for name, sql in v3.items():
        if name in grown:
            column, words = grown[name]
            new = migrations._one_of(column, migrations.V3[words])
            old = migrations._one_of(column, migrations.V1[words])
            assert new in sql and old not in sql
            sql = sql.replace(new, old).replace(f'CREATE TABLE "{name}"', f"CREATE TABLE {name}")
        assert sql == v2[name], name
    assert set(migrations.V3["regions"]) - set(migrations.V1["regions"]) == set(NEW_REGIONS)
    assert set(migrations.V3["exercise_types"]) - set(migrations.V1["exercise_types"]) == set(
        NEW_EXERCISE_TYPES
    )


def test_a_rebuild_refuses_to_run_with_foreign_keys_on(tmp_path: Path) -> None:
    """With them on, dropping entries would delete every row of every child table."""
    path = tmp_path / "journal.db"
    load(2, path)
    before = every_row(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(RuntimeError, match="foreign keys off"):
        migrations.apply(conn)
    conn.execute("ROLLBACK")
    conn.close()
    assert every_row(path) == before


def test_views_and_triggers_are_made_again_after_the_rebuild(tmp_path: Path) -> None:
    """A person's own view or trigger (say, from Datasette) survives the upgrade."""
    path = tmp_path / "journal.db"
    load(2, path)
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE deleted_log (uuid TEXT);
        CREATE VIEW weak_regions AS
            SELECT e.day, r.region FROM entries AS e JOIN entry_regions AS r ON r.entry_id = e.id;
        CREATE TRIGGER remember_deleted AFTER DELETE ON entries
            BEGIN INSERT INTO deleted_log VALUES (old.uuid); END;
        """
    )
    made = {
        name: sql
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('view', 'trigger')"
        )
    }
    regions = conn.execute("SELECT * FROM weak_regions ORDER BY 1, 2").fetchall()
    conn.close()
    assert regions

    upgrade(path)

    conn = sqlite3.connect(path)
    try:
        again = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                "AND tbl_name <> 'changes'"  # the history's own triggers came with schema 4
            )
        )
        assert again == made
        assert conn.execute("SELECT * FROM weak_regions ORDER BY 1, 2").fetchall() == regions
        conn.execute("DELETE FROM entries WHERE id = 1")
        assert conn.execute("SELECT uuid FROM deleted_log").fetchall() == [
            ("00000000-0000-4000-8000-000000000001",)
        ]
    finally:
        conn.close()


def test_a_read_only_old_journal_is_still_refused_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    load(2, path)
    before = path.read_bytes()
    # as if the file were read-only (the tests may run as root, who may write anyway)
    monkeypatch.setattr("msjournal.db.os.access", lambda *args, **kwargs: False)
    with pytest.raises(JournalUnavailable, match="needs an upgrade"):
        open_journal(JournalPath(path, "option"), create=False, write=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_rows_that_already_pointed_nowhere_are_kept_for_check_to_report(tmp_path: Path) -> None:
    """The rebuild may add no broken reference, but it loses no row that was there."""
    path = tmp_path / "journal.db"
    load(2, path)
    conn = sqlite3.connect(path)  # foreign keys off, as any other tool may leave them
    conn.execute("INSERT INTO entry_regions VALUES (99, 'arms')")
    conn.commit()
    conn.close()
    before = every_row(path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        assert journal.schema_version() == migrations.SCHEMA_VERSION
        assert journal.health() == [
            "a row of entry_regions points to an entry that is missing (entries)"
        ]
    assert every_row(path)["entry_regions"] == before["entry_regions"]


@pytest.mark.parametrize("version", range(1, HISTORY_SINCE))
def test_a_journal_from_before_the_history_starts_with_an_empty_one(
    version: int, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    load(version, path)
    upgrade(path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        assert journal.history() == []
        assert journal.next_undo() is None
        journal.add(Entry(kind="fatigue", at=AT, severity=2, fatigue_type="both"), AT)
        assert [change.action for change in journal.history()] == ["log"]


# --- schema 5: other symptoms (an entries column) and questionnaire scores -----------------


@pytest.mark.parametrize("version", range(1, SCORES_SINCE))
def test_an_upgraded_journal_takes_every_symptom_and_keeps_them(
    version: int, tmp_path: Path
) -> None:
    from msjournal import vocab

    path = tmp_path / "old.db"
    load(version, path)
    upgrade(path)
    with open_journal(JournalPath(path, "option"), create=False) as journal:
        before = {e.uuid: e.to_dict() for e in journal.entries(Query())}
        assert {record["symptom"] for record in before.values()} == {None}
        added = [
            journal.add(Entry(kind="symptom", at=AT, symptom=name, severity=3), AT)
            for name in vocab.SYMPTOMS
        ]
        added.append(
            journal.add(
                Entry(
                    kind="symptom",
                    at=AT,
                    symptom="vision",
                    severity=6,
                    regions=("left-eye",),
                    duration_minutes=120,
                    tags=("heat",),
                ),
                AT,
            )
        )
        for entry in added:
            assert entry.id is not None
            assert journal.get(entry.id) == entry
        assert journal.health() == []
        listed = journal.entries(Query(kinds=("symptom",)))
        assert len(listed) == len(vocab.SYMPTOMS) + 1
        others = {e.uuid: e.to_dict() for e in journal.entries(Query())} | {}
        for uuid, record in before.items():
            assert others[uuid] == record
    result = CliRunner().invoke(app, ["--db", str(path), "list", "--kind", "symptom"])
    assert result.exit_code == 0, result.output
    assert "vision 6/10; left-eye; 2h" in result.stdout


def test_schema_4_refuses_symptoms_which_schema_5_checks(tmp_path: Path) -> None:
    old = tmp_path / "v4.db"
    load(4, old)
    conn = sqlite3.connect(old)
    try:
        assert "symptom" not in [row[1] for row in conn.execute("PRAGMA table_info(entries)")]
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("UPDATE entries SET kind = 'symptom' WHERE id = 1")
    finally:
        conn.close()
    path = tmp_path / "journal.db"
    load(4, path)
    upgrade(path)
    conn = sqlite3.connect(path)
    try:
        (kind,) = conn.execute("SELECT kind FROM entries WHERE id = 1").fetchone()
        assert kind == "weakness"
        for bad in (
            # a weakness entry names no symptom
            "UPDATE entries SET symptom = 'pain' WHERE id = 1",
            # a symptom entry needs its name and its severity, from the list
            "UPDATE entries SET kind = 'symptom' WHERE id = 2",
            "UPDATE entries SET kind = 'symptom', fatigue_type = NULL, symptom = 'weakness' "
            "WHERE id = 2",
            "UPDATE entries SET kind = 'symptom', fatigue_type = NULL, symptom = 'Pain' "
            "WHERE id = 2",
            "UPDATE entries SET kind = 'symptom', fatigue_type = NULL, symptom = 'pain', "
            "severity = NULL WHERE id = 2",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute(bad)
        conn.execute(
            "UPDATE entries SET kind = 'symptom', fatigue_type = NULL, symptom = 'pain', "
            "duration_minutes = 30 WHERE id = 2"
        )
        conn.rollback()
    finally:
        conn.close()


def test_the_schema_5_fixture_holds_symptoms_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    load(SCORES_SINCE, path)
    tables = every_row(path)
    columns, rows = tables["entries"]
    named = [
        row[columns.index("symptom")] for row in rows if row[columns.index("kind")] == "symptom"
    ]
    assert named == ["vision", "cognition", "tingling", "heat-sensitivity", "other"]
    scores_columns, scores = tables["scores"]
    assert [row[scores_columns.index("instrument")] for row in scores] == ["fss", "edss"]
