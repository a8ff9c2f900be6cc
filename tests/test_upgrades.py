"""Every schema that has shipped upgrades to the current one with nothing lost.

tests/fixtures/schema-N.sql is a journal built by the first N migrations, holding
the entries of tests/fixtures/entries.json, saved as SQL text. When a migration is
added, create the fixture for the new version with:

    UPDATE_FIXTURES=1 pytest tests/test_upgrades.py

Existing fixtures are never rewritten: they are what older versions shipped.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msjournal import migrations
from msjournal.cli import app
from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.errors import NewerJournal
from msjournal.export import entries_from_records
from msjournal.paths import JournalPath

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = FIXTURES / "entries.json"
VERSIONS = range(1, migrations.SCHEMA_VERSION + 1)


def sample_entries() -> list[Entry]:
    return entries_from_records(json.loads(EXPECTED.read_text(encoding="utf-8")))


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


def fixture_sql(version: int, folder: Path) -> str:
    """A journal at ``version`` with the sample entries, as SQL text."""
    conn = built_by_migrations(version, folder / f"v{version}.db")
    journal = Journal(conn, folder / f"v{version}.db")
    journal.import_entries(sample_entries(), datetime(2025, 1, 1).astimezone())
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
    expected = {e.uuid: e.to_dict() for e in sample_entries()}
    assert stored == expected
    # the upgraded journal works for writing
    result = CliRunner().invoke(app, ["--db", str(path), "log", "fatigue", "2"])
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
