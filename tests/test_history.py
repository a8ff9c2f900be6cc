"""The change history: every change recorded with it, undo of any kind, forgetting.

product.md "History and real undo"; reliability.md item 13.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.db import changes, open_journal
from msjournal.entries import Entry
from msjournal.paths import JournalPath

Run = Callable[..., Result]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def entries_of(run: Run) -> dict[int, dict[str, object]]:
    return {e["id"]: e for e in json.loads(ok(run("list", "--format", "json")).stdout)}


def history_of(run: Run) -> list[dict[str, object]]:
    return json.loads(ok(run("history", "-n", "100", "--format", "json")).stdout)  # type: ignore[no-any-return]


def test_undo_takes_back_a_log(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("log", "fatigue", "6"))
    result = ok(run("undo", "--yes"))
    assert "logged entry 2: fatigue 6/10" in result.output
    assert "entry 2 removed" in result.output
    assert list(entries_of(run)) == [1]


def test_undo_after_an_edit_puts_the_edit_back_and_deletes_nothing(run: Run) -> None:
    """The old undo removed the last logged entry even after an edit."""
    ok(run("log", "weakness", "5", "-w", "legs", "-t", "heat,poor-sleep"))
    ok(run("log", "fatigue", "6"))
    before = entries_of(run)
    ok(run("edit", "1", "--severity", "7", "--tag", "heat"))
    assert entries_of(run)[1]["severity"] == 7
    result = ok(run("undo", "--yes"))
    assert "edited entry 1" in result.output
    assert entries_of(run) == before  # both entries, entry 1 as it was (updated_at too)


def test_a_deleted_entry_comes_back_with_its_id_uuid_and_times(run: Run) -> None:
    ok(run("log", "fall", "--place", "kitchen", "--cause", "tripped", "-n", "on the step"))
    ok(run("log", "exercise", "30", "--type", "walking", "-t", "outdoors"))
    before = entries_of(run)
    ok(run("delete", "1,2", "--yes"))
    assert entries_of(run) == {}
    result = ok(run("undo", "--yes"))
    assert "entries 1, 2 are back" in result.output
    assert entries_of(run) == before


def test_undo_takes_an_import_out_whole_and_nothing_else(run: Run, tmp_path: Path) -> None:
    ok(run("log", "weakness", "3", "-w", "arms"))
    exported = json.loads(ok(run("export", "--format", "json")).stdout)
    records = exported["entries"] if isinstance(exported, dict) else exported
    records[0]["uuid"] = "11111111-1111-4111-8111-111111111111"
    records.append(dict(records[0], uuid="22222222-2222-4222-8222-222222222222", id=None))
    source = tmp_path / "other.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    ok(run("import", str(source)))
    ok(run("log", "fatigue", "2"))  # a later log is undone first
    assert len(entries_of(run)) == 4
    ok(run("undo", "--yes"))
    assert len(entries_of(run)) == 3
    result = ok(run("undo", "--yes"))
    assert "imported 2 entries" in result.output
    remaining = entries_of(run)
    assert list(remaining) == [1]
    assert remaining[1]["severity"] == 3


def test_undo_repeats_back_through_every_change_then_stops(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("edit", "1", "--severity", "6"))
    ok(run("log", "fatigue", "4"))
    ok(run("delete", "1", "--yes"))
    for expected in ([1, 2], [1], [1], []):
        ok(run("undo", "--yes"))
        assert sorted(entries_of(run)) == expected
    nothing = run("undo", "--yes")
    assert nothing.exit_code == 1
    assert "Nothing to undo" in nothing.output


def test_undo_takes_back_delete_all(run: Run) -> None:
    for severity in range(5):
        ok(run("log", "fatigue", str(severity)))
    before = entries_of(run)
    ok(run("delete", "--all", "--yes"))
    ok(run("undo", "--yes"))
    assert entries_of(run) == before


def test_undo_asks_first_and_needs_yes_in_a_script(run: Run, terminal: None) -> None:
    ok(run("log", "fatigue", "4"))
    declined = ok(run("undo", input="n\n"))
    assert "Undo it?" in declined.output and "Nothing was changed" in declined.output
    assert list(entries_of(run)) == [1]
    ok(run("undo", input="y\n"))
    assert entries_of(run) == {}


def test_undo_in_a_script_without_yes_is_status_2(run: Run) -> None:
    ok(run("log", "fatigue", "4"))
    refused = run("undo")
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    assert list(entries_of(run)) == [1]


def test_history_lists_changes_newest_first_with_what_each_did(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("edit", "1", "--severity", "6"))
    ok(run("delete", "1", "--yes"))
    ok(run("undo", "--yes"))
    listed = history_of(run)
    assert [c["action"] for c in listed] == ["undo", "delete", "edit", "log"]
    assert listed[1]["undone_by"] == listed[0]["id"]
    assert listed[0]["undoes"] == listed[1]["id"]
    table = ok(run("history")).output
    assert "logged entry 1: weakness 5/10; legs" in table
    assert "edited entry 1: severity" in table
    assert "(undone by #4)" in table
    assert "4 changes, newest first." in table
    assert "2 of 4 changes" in ok(run("history", "-n", "2")).output


def test_history_never_appears_in_an_export(run: Run) -> None:
    ok(run("log", "fatigue", "4", "-n", "first"))
    ok(run("edit", "1", "--note", "second"))
    exported = ok(run("export", "--format", "json")).stdout
    assert "first" not in exported  # the edit's copy of the old note stays inside


def test_forget_removes_the_copies_of_deleted_entries_for_good(
    run: Run, terminal: None, journal_path: Path
) -> None:
    secret = "unmistakable-note-" + "q" * 30
    ok(run("log", "fatigue", "4", "-n", secret))
    ok(run("log", "weakness", "2", "-w", "arms"))
    ok(run("delete", "1", "--yes"))
    ok(run("edit", "2", "--severity", "3"))
    declined = ok(run("history", "--forget", input="n\n"))
    assert "1 change holds a copy of deleted entries" in declined.output
    assert "Nothing was changed" in declined.output
    ok(run("history", "--forget", input="y\n"))
    assert secret.encode() not in journal_path.read_bytes()
    listed = history_of(run)
    assert [c["forgotten"] for c in listed] == [False, True, False, False]
    ok(run("undo", "--yes"))  # the edit of entry 2 still comes undone
    stuck = run("undo", "--yes")
    assert stuck.exit_code == 1
    assert "can no longer be undone" in stuck.output
    assert list(entries_of(run)) == [2]
    again = ok(run("history", "--forget", "--yes"))
    assert "nothing to forget" in again.output


def test_forget_in_a_script_needs_yes(run: Run) -> None:
    ok(run("log", "fatigue", "4"))
    ok(run("delete", "1", "--yes"))
    assert run("history", "--forget").exit_code == 2


def test_the_history_is_append_only(run: Run, journal_path: Path) -> None:
    ok(run("log", "fatigue", "4"))
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM changes")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE changes SET summary = 'nothing happened'")
    finally:
        conn.close()


def test_a_change_and_its_record_commit_together(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never a change without its record: a failing record leaves no entry."""
    where = JournalPath(journal_path, "option")
    now = datetime(2026, 1, 3, 9, 0).astimezone()
    entry = Entry(kind="fatigue", severity=3, fatigue_type="both", at=now)
    with open_journal(where, create=True) as journal:
        journal.add(entry, now)

        def broken(*args: object, **kwargs: object) -> int:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(changes, "record", broken)
        with pytest.raises(Exception):  # noqa: B017 (whatever it becomes, it stops the write)
            journal.add(entry, now)
        with pytest.raises(Exception):  # noqa: B017 (whatever it becomes, it stops the write)
            journal.edit(1, lambda e: e.replace(severity=9), now)
        with pytest.raises(Exception):  # noqa: B017 (whatever it becomes, it stops the write)
            journal.delete([1], now=now)
        monkeypatch.undo()
        assert journal.count() == 1
        (stored,) = journal.entries(__import__("msjournal.db").db.Query())
        assert stored.severity == 3
        assert journal.history_count() == 1


def test_an_undo_that_another_change_overtook_does_nothing(journal_path: Path) -> None:
    where = JournalPath(journal_path, "option")
    now = datetime(2026, 1, 3, 9, 0).astimezone()
    with open_journal(where, create=True) as journal:
        journal.add(Entry(kind="fatigue", severity=3, fatigue_type="both", at=now), now)
        shown = journal.next_undo()
        assert shown is not None
        journal.add(Entry(kind="fatigue", severity=4, fatigue_type="both", at=now), now)
        with pytest.raises(Exception, match="changed"):
            journal.undo(now, expected=shown.id)
        assert journal.count() == 2


def test_check_verifies_the_history(run: Run, journal_path: Path) -> None:
    ok(run("log", "fatigue", "4"))
    ok(run("undo", "--yes"))
    assert ok(run("check")).exit_code == 0
    conn = sqlite3.connect(journal_path)
    conn.execute(
        "INSERT INTO changes (at, action, family, summary, undoes) "
        "VALUES ('2026-01-01T00:00:00+00:00', 'undo', 'entry', 'bad', 2)"
    )  # an undo of an undo
    conn.commit()
    conn.close()
    damaged = run("check")
    assert damaged.exit_code == 1
    assert "undo records in the history point at the wrong change" in damaged.output


def test_an_undo_that_cannot_be_done_is_refused_before_anything_is_asked(
    run: Run, terminal: None
) -> None:
    ok(run("log", "fatigue", "4"))
    ok(run("delete", "1", "--yes"))
    ok(run("history", "--forget", "--yes"))
    refused = run("undo", input="y\n")
    assert refused.exit_code == 1
    assert "Undo it?" not in refused.output
    assert "can no longer be undone" in refused.output
    assert "changes before it" in refused.output  # and why nothing older can be undone


def test_history_names_fields_in_words_and_json_carries_the_sentence(run: Run) -> None:
    ok(run("log", "exercise", "30", "--type", "walking"))
    ok(run("edit", "1", "--type", "cardio", "--minutes", "40"))
    table = ok(run("history")).output
    assert "edited entry 1: minutes, type" in table
    assert "exercise_type" not in table
    (edit, log) = history_of(run)
    assert edit["text"] == "edited entry 1: minutes, type"
    assert log["text"].startswith("logged entry 1: exercise 30 min")
    assert run("history", "-n", "0").exit_code == 2


def test_delete_all_says_undo_brings_everything_back(run: Run, terminal: None) -> None:
    ok(run("log", "fatigue", "4"))
    asked = ok(run("delete", "--all", input="yes\n"))
    assert "cannot be undone" not in asked.output
    assert "msjournal undo brings them back" in asked.output
    assert "it takes the number 1 to go ahead" in asked.output
    assert list(entries_of(run)) == [1]
