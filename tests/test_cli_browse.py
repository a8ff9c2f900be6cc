"""list, show, edit, delete, undo, path, help, and the one place errors are handled."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.db import Journal
from msjournal.entries import FIELDS
from msjournal.export import CSV_HEADER

from .conftest import dump

Run = Callable[..., Result]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def listed(run: Run, *args: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(ok(run("list", "--format", "json", *args)).stdout)
    return data


@pytest.fixture
def sample(run: Run) -> None:
    """Five entries over three weeks: ids 1-5 in logging order."""
    today = date.today()
    ok(run("log", "weakness", "6", "-w", "legs", "--at", f"{today - timedelta(days=20)} 09:00"))
    ok(run("log", "fatigue", "7", "--at", f"{today - timedelta(days=10)} 10:00", "-t", "heat"))
    ok(run("log", "fall", "--near", "--at", f"{today - timedelta(days=3)} 11:00"))
    ok(run("log", "exercise", "30", "--type", "walking", "--at", "2 days ago", "-t", "heat"))
    ok(run("log", "weakness", "3", "-w", "hands", "-n", "typing was hard"))


# --- list -----------------------------------------------------------------------------


@pytest.mark.usefixtures("sample")
def test_list_is_newest_first_in_a_table(run: Run) -> None:
    result = ok(run("list"))
    out = result.stdout
    assert "typing was hard" in out
    lines = [line for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [line.split()[0] for line in lines] == ["5", "4", "3", "2", "1"]
    assert "\x1b[" not in out  # no colour codes when not a terminal
    assert "5 entries" in result.stderr


@pytest.mark.usefixtures("sample")
def test_list_filters(run: Run) -> None:
    assert [e["id"] for e in listed(run, "--kind", "weak")] == [5, 1]
    assert [e["id"] for e in listed(run, "--kind", "fall,exercise")] == [4, 3]
    assert [e["id"] for e in listed(run, "--week")] == [5, 4, 3]
    assert [e["id"] for e in listed(run, "--month")] == [5, 4, 3, 2, 1]
    assert [e["id"] for e in listed(run, "--tag", "HEAT")] == [4, 2]
    assert [e["id"] for e in listed(run, "-n", "2")] == [5, 4]
    start = (date.today() - timedelta(days=10)).isoformat()
    end = (date.today() - timedelta(days=3)).isoformat()
    assert [e["id"] for e in listed(run, "--from", start, "--to", end)] == [3, 2]
    assert listed(run, "--kind", "fall", "--tag", "heat") == []


@pytest.mark.usefixtures("sample")
def test_list_json_uses_the_entry_shape(run: Run) -> None:
    for entry in listed(run):
        assert list(entry) == list(FIELDS)


@pytest.mark.usefixtures("sample")
def test_list_csv_has_the_documented_header(run: Run) -> None:
    rows = list(csv.reader(io.StringIO(ok(run("list", "--format", "csv")).stdout)))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[0][3:5] == ["date", "time"]
    assert len(rows) == 6


@pytest.mark.parametrize(
    "args",
    [
        ("--week", "--month"),
        ("--week", "--from", "monday"),
        ("--from", "today", "--to", "last week sometime"),
        ("--from", "2026-11-20", "--to", "2026-11-01"),
        ("-n", "0"),
        ("--kind", "mood"),
        ("--format", "xml"),
    ],
)
def test_list_refuses_bad_filters_with_status_2(run: Run, args: tuple[str, ...]) -> None:
    ok(run("log", "fatigue", "3"))
    result = run("list", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_read_commands_on_a_missing_journal_create_nothing(run: Run, journal_path: Path) -> None:
    for args in (("list",), ("show", "1"), ("edit", "1", "--note", "x"), ("undo", "--yes")):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "no journal yet" in result.stderr
        assert str(journal_path) in result.stderr
    assert not journal_path.parent.exists()


def test_an_empty_journal_lists_nothing_politely(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    ok(run("delete", "1", "--yes"))
    result = ok(run("list"))
    assert result.stdout == ""
    assert "no entries yet" in result.stderr
    assert "No entries match" in run("list", "--kind", "fall").stderr
    assert json.loads(ok(run("list", "--format", "json")).stdout) == []


# --- show -------------------------------------------------------------------------------


@pytest.mark.usefixtures("sample")
def test_show_an_entry(run: Run) -> None:
    out = ok(run("show", "3")).stdout
    assert "Hopkins grade" in out and "1 (near-fall)" in out
    data = json.loads(ok(run("show", "5", "--format", "json")).stdout)
    assert data["note"] == "typing was hard"
    assert list(data) == list(FIELDS)


@pytest.mark.usefixtures("sample")
def test_unknown_ids_exit_1_naming_them(run: Run) -> None:
    result = run("show", "42")
    assert result.exit_code == 1
    assert "42" in result.stderr
    assert "Traceback" not in result.output


# --- edit -------------------------------------------------------------------------------


def test_edit_changes_fields_but_keeps_uuid_and_logged_time(run: Run, journal_path: Path) -> None:
    ok(run("log", "weakness", "6", "-w", "legs", "-n", "old note"))
    # Pretend it was logged an hour ago, so a change of updated_at shows.
    conn = sqlite3.connect(journal_path)
    (logged,) = conn.execute("SELECT logged_at FROM entries").fetchone()
    earlier = (datetime.fromisoformat(logged) - timedelta(hours=1)).isoformat()
    with conn:
        conn.execute("UPDATE entries SET logged_at = ?, updated_at = ?", (earlier, earlier))
    conn.close()
    before = listed(run)[0]
    result = ok(run("edit", "1", "--severity", "4", "-w", "arms,hands", "--note", "", "-t", "x"))
    assert "Updated entry 1" in result.stderr
    after = listed(run)[0]
    assert after["severity"] == 4
    assert after["regions"] == ["arms", "hands"]
    assert after["note"] is None
    assert after["tags"] == ["x"]
    assert after["uuid"] == before["uuid"]
    assert after["logged_at"] == before["logged_at"]
    assert after["updated_at"] != before["updated_at"]


def test_edit_every_kind(run: Run) -> None:
    ok(run("log", "fatigue", "6"))
    ok(run("log", "fall", "--injury", "medical"))
    ok(run("log", "exercise", "20", "--type", "yoga"))
    ok(run("edit", "1", "--type", "physical", "--duration", "2h", "-a", "work"))
    refused = run("edit", "2", "--near")  # the medical injury is never dropped silently
    assert refused.exit_code == 2 and "--injury none" in refused.stderr
    ok(run("edit", "2", "--near", "--injury", "none"))
    ok(
        run(
            "edit",
            "3",
            "--minutes",
            "25",
            "--type",
            "strength",
            "--effort",
            "6",
            "--with-therapist",
            "--after",
            "2",
            "--at",
            "yesterday 9am",
        )
    )
    fatigue, fall, exercise = sorted(listed(run), key=lambda e: int(str(e["id"])))
    assert (fatigue["fatigue_type"], fatigue["duration_minutes"]) == ("physical", 120)
    assert fatigue["activities"] == ["work"]
    assert (fall["near_fall"], fall["injury"], fall["hopkins_grade"]) == (True, "none", 1)
    assert exercise["minutes"] == 25 and exercise["exercise_type"] == "strength"
    assert exercise["with_therapist"] is True and exercise["after"] == 2
    assert str(exercise["at"]).endswith(str(exercise["at"])[-6:])
    assert (date.today() - timedelta(days=1)).isoformat() in str(exercise["at"])


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("edit", "1"), 2),  # nothing to change
        (("edit", "1", "--place", "kitchen"), 2),  # not a fall
        (("edit", "1", "--minutes", "20"), 2),  # not exercise
        (("edit", "1", "--severity", "11"), 2),
        (("edit", "1", "--severity", ""), 2),  # required: cannot be emptied
        (("edit", "1", "--where", ""), 2),
        (("edit", "1", "--at", "tomorrow 9am"), 2),
        (("edit", "9", "--severity", "2"), 1),  # unknown id
    ],
)
def test_bad_edits_change_nothing(
    run: Run, journal_path: Path, args: tuple[str, ...], status: int
) -> None:
    ok(run("log", "weakness", "6", "-w", "legs"))
    before = dump(journal_path)
    result = run(*args)
    assert result.exit_code == status, result.output
    assert result.stderr.strip()
    assert dump(journal_path) == before


def test_a_slip_in_an_edit_stops_a_script_with_the_suggestion(run: Run, journal_path: Path) -> None:
    ok(run("log", "fall", "--place", "hallway"))
    before = dump(journal_path)
    result = run("edit", "1", "--place", "kitchn")
    assert result.exit_code == 2 and "Did you mean kitchen?" in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_a_slip_in_an_edit_is_offered_and_taken(run: Run) -> None:
    ok(run("log", "fall", "--place", "hallway", "--cause", "tripped", "--injury", "none"))
    result = ok(run("edit", "1", "--place", "kitchn", "--cause", "tripped,dizzy", input="\n"))
    assert "Did you mean kitchen? [Y/n]" in result.output
    (fall,) = listed(run)
    assert fall["place"] == "kitchen" and fall["causes"] == ["tripped", "dizzy"]
    # no: asked again; Enter then leaves the place as it is, the other change is made
    again = ok(run("edit", "1", "--place", "bathrom", "--doing", "turning", input="n\n\n"))
    assert "Type it again, or press Enter to leave it as it is." in again.output
    (fall,) = listed(run)
    assert fall["place"] == "kitchen" and fall["doing"] == "turning"
    # '' still empties an option, and a list option too
    ok(run("edit", "1", "--place", "", "--cause", ""))
    (fall,) = listed(run)
    assert fall["place"] is None and fall["causes"] == []


# --- delete and undo ---------------------------------------------------------------------


@pytest.mark.usefixtures("sample")
def test_delete_needs_ids_or_all(run: Run, journal_path: Path) -> None:
    before = dump(journal_path)
    result = run("delete", "--yes")
    assert result.exit_code == 2
    assert "msjournal delete 12" in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample")
def test_delete_without_terminal_or_yes_refuses(run: Run, journal_path: Path) -> None:
    before = dump(journal_path)
    result = run("delete", "2")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample")
def test_delete_checks_every_id_before_deleting_any(run: Run, journal_path: Path) -> None:
    before = dump(journal_path)
    result = run("delete", "2", "77", "--yes")
    assert result.exit_code == 1
    assert "77" in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample")
def test_delete_with_yes(run: Run) -> None:
    result = ok(run("delete", "2", "4", "--yes"))
    assert "Deleted entries 2, 4" in result.stderr
    assert [e["id"] for e in listed(run)] == [5, 3, 1]


@pytest.mark.usefixtures("sample", "terminal")
def test_delete_asks_at_a_terminal(run: Run) -> None:
    no = run("delete", "1", input="n\n")
    assert no.exit_code == 0
    assert "Nothing was changed" in no.stderr
    assert len(listed(run)) == 5
    yes = ok(run("delete", "1", input="y\n"))
    assert "weakness 6/10" in yes.stderr  # the entry was shown before the question
    assert [e["id"] for e in listed(run)] == [5, 4, 3, 2]


@pytest.mark.usefixtures("sample", "terminal")
@pytest.mark.parametrize(
    "args", [("delete", "1"), ("delete", "3-4"), ("undo",), ("delete", "--all")]
)
def test_ctrl_d_at_a_confirmation_changes_nothing_and_exits_130(
    run: Run, journal_path: Path, args: tuple[str, ...]
) -> None:
    before = dump(journal_path)
    result = run(*args, input="")
    assert result.exit_code == 130
    assert result.stderr.endswith("\nStopped. Nothing was changed.\n")
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample")
def test_delete_all(run: Run) -> None:
    assert run("delete", "--all").exit_code == 2
    assert run("delete", "1", "--all", "--yes").exit_code == 2
    result = ok(run("delete", "--all", "--yes"))
    assert "5" in result.stderr
    assert listed(run) == []


def test_undo_removes_the_last_logged_not_the_latest_in_time(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("log", "fatigue", "4", "--at", "3 days ago"))
    result = ok(run("undo", "--yes"))
    assert "fatigue 4/10" in result.stderr
    assert [e["kind"] for e in listed(run)] == ["weakness"]


def test_undo_without_terminal_or_yes_refuses(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    assert run("undo").exit_code == 2
    assert len(listed(run)) == 1


@pytest.mark.usefixtures("terminal")
def test_undo_shows_and_asks(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    result = ok(run("undo", input="y\n"))
    assert "weakness 5/10" in result.stderr
    assert listed(run) == []
    empty = run("undo", "--yes")
    assert empty.exit_code == 1
    assert "Nothing to undo" in empty.stderr


# --- last, lists and ranges of ids ---------------------------------------------------------


def words(value: object) -> str | None:
    """A test id: the words typed, or pytest's own for other parameters."""
    return " ".join(value) if isinstance(value, tuple) else None


@pytest.fixture
def logged_last(run: Run, sample: None) -> int:
    """An entry logged after the sample's five, about a time before theirs: id 6."""
    ok(run("log", "fatigue", "2", "--at", "30 days ago"))
    return 6


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (("show", "last", "-f", "json"), lambda out, entries: json.loads(out)["id"] == 6),
        (("show", "LAST", "-f", "json"), lambda out, entries: json.loads(out)["id"] == 6),
        (("edit", "last", "--note", "later"), lambda out, entries: entries[0]["note"] == "later"),
        (("delete", "last", "--yes"), lambda out, entries: [e["id"] for e in entries][:1] == [5]),
    ],
    ids=words,
)
def test_last_is_the_entry_logged_last(
    run: Run, logged_last: int, args: tuple[str, ...], check: Callable[..., bool]
) -> None:
    result = ok(run(*args))
    by_logging = sorted(listed(run), key=lambda e: -int(str(e["id"])))
    assert check(result.stdout, by_logging), (result.output, by_logging)


@pytest.mark.parametrize(
    "args", [("show", "last"), ("edit", "last", "--note", "x"), ("delete", "last", "--yes")]
)
def test_last_in_an_empty_journal_is_status_1(run: Run, args: tuple[str, ...]) -> None:
    ok(run("log", "fatigue", "3"))
    ok(run("delete", "1", "--yes"))
    result = run(*args)
    assert result.exit_code == 1
    assert "no entries" in result.stderr


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize(
    ("typed", "deleted"),
    [
        (("2,4",), [2, 4]),
        (("2,", "4"), [2, 4]),
        (("4,2",), [4, 2]),
        (("3-4",), [3, 4]),
        (("2-3", "5"), [2, 3, 5]),
        (("last", "1"), [5, 1]),
        (("1", "1-2"), [1, 2]),
    ],
    ids=words,
)
def test_delete_takes_lists_and_ranges(
    run: Run, typed: tuple[str, ...], deleted: list[int]
) -> None:
    result = ok(run("delete", *typed, "--yes"))
    assert f"{', '.join(map(str, deleted))}. (msjournal undo" in result.stderr
    assert {e["id"] for e in listed(run)} == {1, 2, 3, 4, 5} - set(deleted)


@pytest.mark.usefixtures("sample", "terminal")
@pytest.mark.parametrize(
    ("typed", "missing"),
    [(("4,77",), "no entry with id 77"), (("77,78", "2"), "no entries with ids 77, 78")],
)
def test_delete_a_list_needs_every_id_before_anything_is_asked(
    run: Run, journal_path: Path, typed: tuple[str, ...], missing: str
) -> None:
    before = dump(journal_path)
    result = run("delete", *typed, input="y\n")
    assert result.exit_code == 1
    assert missing in result.stderr
    assert "Delete" not in result.stderr  # nothing was asked
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample", "terminal")
def test_delete_a_range_lists_the_ids_that_exist_then_asks(run: Run) -> None:
    ok(run("delete", "4", "--yes"))
    result = ok(run("delete", "3-9", input="y\n"))
    shown = [line.split()[0] for line in result.stderr.splitlines() if line[:4].strip().isdigit()]
    assert shown == ["3", "5"]
    assert "Delete these 2 entries?" in result.stderr
    assert "Deleted entries 3, 5. (msjournal undo" in result.stderr
    assert [e["id"] for e in listed(run)] == [2, 1]


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("delete", "7-9", "--yes"), 1, "no entries with ids from 7 to 9"),
        (("show", "7-9"), 1, "no entries with ids from 7 to 9"),
        (("delete", "6-3", "--yes"), 2, "put the smaller id first, e.g. 3-6"),
        (("show", "x-3"), 2, "not an entry id"),
        (("edit", "2,3", "--note", "x"), 2, "one entry at a time"),
        (("edit", "2-3", "--note", "x"), 2, "one entry at a time"),
        (("show", ","), 2, "Say which entry"),
    ],
    ids=words,
)
def test_wrong_lists_and_ranges_change_nothing(
    run: Run, journal_path: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    before = dump(journal_path)
    result = run(*args)
    assert result.exit_code == status
    assert message in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize(
    ("typed", "ids"),
    [(("2,4",), [2, 4]), (("3-9",), [3, 4, 5]), (("last", "1"), [5, 1]), (("1", "2"), [1, 2])],
    ids=words,
)
def test_show_takes_lists_and_ranges(run: Run, typed: tuple[str, ...], ids: list[int]) -> None:
    shown = json.loads(ok(run("show", *typed, "-f", "json")).stdout)
    assert [entry["id"] for entry in shown] == ids
    table = ok(run("show", *typed)).stdout
    assert table.count("Hopkins grade") == (3 in ids)


@pytest.mark.parametrize(("typed", "minutes"), [("45", 45), ("1h30", 90), ("2h", 120)])
def test_edit_minutes_accept_units(run: Run, typed: str, minutes: int) -> None:
    ok(run("log", "exercise", "30", "--type", "walking"))
    ok(run("edit", "1", "--minutes", typed))
    assert listed(run)[0]["minutes"] == minutes
    assert run("edit", "1", "--minutes", "11h").exit_code == 2


# --- path, version, help -----------------------------------------------------------------


def test_path_prints_the_path_and_where_it_came_from(
    run: Run, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = ok(run("path"))
    assert result.stdout.strip() == str(journal_path)
    assert "MSJOURNAL_DB" in result.stderr and "no journal there yet" in result.stderr
    other = tmp_path / "other.db"
    result = ok(run("--db", str(other), "path"))
    assert result.stdout.strip() == str(other)
    assert "--db" in result.stderr
    monkeypatch.delenv("MSJOURNAL_DB")
    result = ok(run("path"))
    assert result.stdout.strip() == str(tmp_path / "xdg" / "msjournal" / "journal.db")
    assert "default" in result.stderr


def test_db_option_beats_the_environment(run: Run, tmp_path: Path, journal_path: Path) -> None:
    other = tmp_path / "elsewhere" / "j.db"
    ok(run("--db", str(other), "log", "fatigue", "2"))
    assert other.exists() and not journal_path.exists()


def test_version(run: Run) -> None:
    from msjournal import __version__

    assert ok(run("--version")).stdout.strip() == f"msjournal {__version__}"


COMMANDS = [
    (),
    ("log",),
    ("log", "weakness"),
    ("log", "fatigue"),
    ("log", "fall"),
    ("log", "near-fall"),
    ("log", "exercise"),
    ("list",),
    ("show",),
    ("edit",),
    ("delete",),
    ("undo",),
    ("path",),
    ("report",),
    ("export",),
    ("import",),
    ("backup",),
    ("check",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "msjournal" for c in COMMANDS])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(
    run: Run, command: tuple[str, ...], flag: str
) -> None:
    out = ok(run(*command, flag)).stdout
    assert "Usage" in out
    assert "Example" in out


def test_help_lists_choice_values(run: Run) -> None:
    out = ok(run("log", "fall", "--help")).stdout
    assert "ankle-brace" in out and "living-room" in out


# --- errors ----------------------------------------------------------------------------


def test_unexpected_errors_give_a_plain_message_and_no_traceback(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Journal, "add", broken)
    result = run("log", "fatigue", "3")
    assert result.exit_code == 1
    assert "unexpected problem" in result.stderr and "--debug" in result.stderr
    assert "Traceback" not in result.output


def test_debug_lets_the_traceback_through(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Journal, "add", broken)
    result = run("--debug", "log", "fatigue", "3")
    assert isinstance(result.exception, RuntimeError)


def test_a_failed_write_is_never_acknowledged(
    run: Run, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("log", "fatigue", "3"))
    before = dump(journal_path)

    def fail_after_insert(self: Journal, entry: object) -> None:
        self.conn.execute(
            "INSERT INTO entries (uuid) VALUES ('x')"
        )  # violates constraints: the transaction must roll back

    monkeypatch.setattr(Journal, "_insert", fail_after_insert)
    result = run("log", "weakness", "4", "-w", "legs")
    assert result.exit_code == 1
    assert "Saved" not in result.output
    assert dump(journal_path) == before


def test_not_a_journal_is_left_alone(run: Run, journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(b"")
    for args in (("list",), ("log", "fatigue", "3")):
        result = run(*args)
        assert result.exit_code == 1
        assert "not an msjournal journal" in result.stderr
    assert journal_path.read_bytes() == b""


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("msjournal log fall --place ba", ["bathroom"]),
        ("msjournal log weakness --where left-h", ["left-hand"]),
        ("msjournal log exercise 20 --type st", ["strength", "stretching"]),
    ],
)
def test_shell_completion_offers_the_choice_values(words: str, expected: list[str]) -> None:
    from typer.testing import CliRunner

    from msjournal.cli import app

    env = {
        "_MSJOURNAL_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="msjournal")
    assert result.stdout.split() == expected


@pytest.mark.parametrize("args", [("show", "abc"), ("edit", "x1", "--note", "n"), ("delete", "0")])
def test_ids_that_are_not_numbers_are_usage_errors(run: Run, args: tuple[str, ...]) -> None:
    ok(run("log", "fatigue", "3"))
    result = run(*args)
    assert result.exit_code == 2
    assert "not an entry id" in result.stderr


def test_near_fall_is_not_a_kind_of_its_own(run: Run) -> None:
    ok(run("log", "fall"))
    result = run("list", "--kind", "near-fall")
    assert result.exit_code == 2
    assert "weakness, fatigue, fall, exercise" in result.stderr


@pytest.mark.usefixtures("sample", "terminal")
def test_delete_all_at_a_terminal_needs_the_number_typed(run: Run) -> None:
    refused = run("delete", "--all", input="y\n")
    assert refused.exit_code == 0
    assert "Nothing was changed" in refused.stderr
    assert len(listed(run)) == 5
    ok(run("delete", "--all", input="5\n"))
    assert listed(run) == []


def test_ids_are_never_given_out_twice(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    ok(run("log", "fatigue", "4"))
    ok(run("undo", "--yes"))
    ok(run("log", "fatigue", "5"))
    assert [e["id"] for e in listed(run)] == [3, 1]  # 2 is gone for good, not reused


def test_delete_says_undo_brings_it_back(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    assert "msjournal undo brings it back" in ok(run("delete", "1", "--yes")).stderr


def test_notes_and_tags_are_never_read_as_markup(run: Run) -> None:
    ok(run("log", "fatigue", "4", "--note", "felt [/b] odd [bold]x", "-t", "[/x]"))
    table = ok(run("list")).stdout
    assert "felt [/b] odd [bold]x" in table and "#[/x]" in table
    assert "[/b]" in ok(run("show", "1")).stdout


def test_export_never_overwrites_the_journal(run: Run, journal_path: Path) -> None:
    ok(run("log", "fatigue", "4"))
    before = dump(journal_path)
    for target in (journal_path, Path(f"{journal_path}-wal")):
        result = run("export", "--format", "csv", "-o", str(target), "--force")
        assert result.exit_code == 2
        assert "journal itself" in result.stderr
        assert run("export", "-o", str(target), "--force").exit_code == 2  # not .csv/.json
    assert dump(journal_path) == before


# --- other symptoms ------------------------------------------------------------------------


@pytest.fixture
def symptoms(run: Run) -> None:
    """A weakness entry (1) and two other symptoms (2, 3)."""
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("log", "symptom", "vision", "4", "-w", "left-eye", "-d", "2h", "-t", "heat"))
    ok(run("log", "symptom", "pain", "6", "-n", "lower back"))


@pytest.mark.usefixtures("symptoms")
def test_list_kind_symptom_shows_only_other_symptoms(run: Run) -> None:
    assert [e["id"] for e in listed(run, "--kind", "symptom")] == [3, 2]
    assert [e["id"] for e in listed(run, "-k", "sym")] == [3, 2]  # a start of it works
    assert [e["id"] for e in listed(run, "--kind", "symptom,weakness")] == [3, 2, 1]
    result = ok(run("list", "--kind", "symptom"))
    assert "vision 4/10; left-eye; 2h" in result.stdout
    assert "pain 6/10" in result.stdout and "lower back" in result.stdout
    assert "weakness" not in result.stdout
    assert result.stderr == "2 entries, newest first.\n"
    rows = list(csv.reader(io.StringIO(ok(run("list", "-k", "symptom", "-f", "csv")).stdout)))
    column = rows[0].index("symptom")
    assert [row[column] for row in rows[1:]] == ["pain", "vision"]
    assert [e["symptom"] for e in listed(run, "--kind", "weakness")] == [None]


@pytest.mark.usefixtures("symptoms")
def test_show_a_symptom_names_it_first(run: Run) -> None:
    out = ok(run("show", "2")).stdout
    lines = [line.split(None, 1) for line in out.splitlines() if line.strip()]
    labels = [line[0] for line in lines]
    assert labels.index("Symptom") == labels.index("Kind") + 1  # before how bad it was
    assert labels.index("Symptom") < labels.index("Severity")
    assert "vision" in out and "left-eye" in out and "2h" in out
    data = json.loads(ok(run("show", "2", "--format", "json")).stdout)
    assert list(data) == list(FIELDS)
    assert (data["kind"], data["symptom"], data["severity"]) == ("symptom", "vision", 4)


@pytest.mark.usefixtures("symptoms")
def test_edit_a_symptom(run: Run) -> None:
    result = ok(
        run("edit", "2", "--symptom", "blurred vision", "--severity", "5", "--where", "")
    )  # its other word, and --where emptied: a symptom may be felt nowhere in particular
    assert result.stderr == "Updated entry 2: severity 4 → 5; where left-eye → none.\n"
    result = ok(run("edit", "2", "--symptom", "numb", "-w", "left-hand", "-d", "45m"))
    assert result.stderr == (
        "Updated entry 2: symptom vision → numbness; where none → left-hand; lasted 2h → 45m.\n"
    )
    entry = json.loads(ok(run("show", "2", "--format", "json")).stdout)
    assert (entry["symptom"], entry["severity"]) == ("numbness", 5)
    assert (entry["regions"], entry["duration_minutes"]) == (["left-hand"], 45)
    assert "Nothing changed" in ok(run("edit", "2", "--symptom", "numbness")).stderr
    history = json.loads(ok(run("history", "--format", "json")).stdout)
    assert history[0]["summary"] == "entry 2: regions, duration_minutes, symptom"
    ok(run("undo", "--yes"))  # an edit of a symptom is put back like any other
    entry = json.loads(ok(run("show", "2", "--format", "json")).stdout)
    assert (entry["symptom"], entry["regions"], entry["duration_minutes"]) == ("vision", [], 120)


@pytest.mark.usefixtures("symptoms")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "2", "--symptom", ""), "--symptom cannot be emptied."),
        (("edit", "2", "--severity", ""), "--severity cannot be emptied."),
        (("edit", "2", "--symptom", "weakness"), "Weakness is logged with: msjournal log weakness"),
        (("edit", "2", "--symptom", "headache"), "'headache' is not a symptom msjournal knows."),
        (
            ("edit", "2", "--type", "physical"),
            "--type needs a value and is for fatigue or exercise",
        ),
        (("edit", "2", "--activity", "walking"), "--activity does not apply: entry 2 is a symptom"),
        (("edit", "2", "--minutes", "20"), "--minutes does not apply: entry 2 is a symptom entry."),
        (("edit", "2", "--place", "kitchen"), "--place does not apply: entry 2 is a symptom entry"),
        (("edit", "2", "--after", "3"), "--after does not apply: entry 2 is a symptom entry."),
        (("edit", "1", "--symptom", "pain"), "--symptom does not apply: entry 1 is a weakness"),
        (("edit", "1", "--where", ""), "--where cannot be emptied."),  # weakness needs a place
    ],
    ids=lambda value: " ".join(value[1:]) if isinstance(value, tuple) else None,
)
def test_edits_that_do_not_fit_a_symptom_change_nothing(
    run: Run, journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(journal_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("symptoms")
def test_delete_and_undo_bring_a_symptom_back_whole(run: Run) -> None:
    before = listed(run, "--kind", "symptom")
    ok(run("delete", "2", "--yes"))
    assert [e["id"] for e in listed(run, "--kind", "symptom")] == [3]
    ok(run("undo", "--yes"))
    assert listed(run, "--kind", "symptom") == before
