"""Every write is one transaction that takes the write lock first (BEGIN IMMEDIATE)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from msjournal.db import Journal, open_journal
from msjournal.entries import Entry
from msjournal.errors import JournalBusy
from msjournal.paths import JournalPath

NOW = datetime(2026, 11, 20, 12, 0).astimezone()


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    with open_journal(JournalPath(journal_path, "env"), create=True) as opened:
        yield opened


def traced(journal: Journal) -> list[str]:
    statements: list[str] = []
    journal.conn.set_trace_callback(statements.append)
    return statements


def transactions(statements: list[str]) -> list[list[str]]:
    """Split traced statements into transactions; fail on writes outside one."""
    groups: list[list[str]] = []
    current: list[str] | None = None
    for statement in statements:
        word = statement.split()[0].upper()
        if word == "BEGIN":
            assert current is None, "nested BEGIN"
            current = [statement]
        elif word in ("COMMIT", "ROLLBACK"):
            assert current is not None
            current.append(statement)
            groups.append(current)
            current = None
        elif word in ("INSERT", "UPDATE", "DELETE"):
            assert current is not None, f"write outside a transaction: {statement}"
            current.append(statement)
        elif current is not None:
            current.append(statement)
    assert current is None, "transaction left open"
    return groups


def weakness(severity: int = 5) -> Entry:
    return Entry(kind="weakness", at=NOW, severity=severity, regions=("legs", "hands"))


def test_add_is_one_immediate_transaction(journal: Journal) -> None:
    statements = traced(journal)
    journal.add(weakness(), NOW)
    (only,) = transactions(statements)
    assert only[0] == "BEGIN IMMEDIATE"
    assert only[-1] == "COMMIT"
    inserts = [s for s in only if s.startswith("INSERT")]
    assert len(inserts) == 4  # entry + 2 regions + its change in the history
    assert inserts[-1].startswith("INSERT INTO changes")


def test_edit_reads_inside_the_immediate_transaction(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    assert saved.id is not None
    statements = traced(journal)
    journal.edit(saved.id, lambda old: old.replace(severity=2), NOW + timedelta(hours=1))
    (only,) = transactions(statements)
    assert only[0] == "BEGIN IMMEDIATE"
    assert only[1].startswith("SELECT")  # the read happens under the write lock
    assert only[-1] == "COMMIT"


def test_deletes_are_immediate_transactions(journal: Journal) -> None:
    first = journal.add(weakness(1), NOW)
    journal.add(weakness(2), NOW)
    assert first.id is not None
    statements = traced(journal)
    journal.delete([first.id])
    journal.undo(NOW)
    journal.delete_all()
    groups = transactions(statements)
    assert len(groups) == 3
    for group in groups:  # each change is recorded inside its own transaction
        assert any(s.startswith("INSERT INTO changes") for s in group)
    assert all(g[0] == "BEGIN IMMEDIATE" and g[-1] == "COMMIT" for g in groups)


def test_a_failing_change_rolls_back(journal: Journal) -> None:
    saved = journal.add(weakness(), NOW)
    assert saved.id is not None
    statements = traced(journal)

    def refuse(old: Entry) -> Entry:
        raise ValueError("no")

    with pytest.raises(ValueError):
        journal.edit(saved.id, refuse, NOW)
    (only,) = transactions(statements)
    assert only[-1] == "ROLLBACK"
    assert journal.get(saved.id) == saved


def test_a_writer_waits_for_another_then_reports_busy_plainly(
    journal: Journal, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = sqlite3.connect(journal_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        journal.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(JournalBusy) as caught:
            journal.add(weakness(), NOW)
        assert "busy" in caught.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert journal.add(weakness(), NOW).id == 1
