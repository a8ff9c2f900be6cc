"""Questionnaire scores on the command line: score, scores, score edit, score delete,
undo and history of them, and their export and import.

product.md Part 2: "Questionnaires", "History and real undo", "Data out and back in,
for every record family"; clinical.md "Questionnaires".
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from msjournal.cli import app
from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.export import (
    SCORES_CSV_HEADER,
    entries_from_records,
    read_export,
    scores_from_records,
    write_export_json,
)
from msjournal.instruments import INSTRUMENTS, Score
from msjournal.paths import JournalPath

from .conftest import dump
from .strategies import any_entry, moments, notes

Run = Callable[..., Result]
FSS = "5 6 4 7 3 5 6 4 3"  # 43 / 9: 4.777..., shown 4.8
SIGNIFICANT = "mean of 4 or more: commonly read as significant fatigue"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def listed(run: Run, *args: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(run("scores", *args, "--format", "json")).stdout)
    return data


def exported(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run("export", "--format", "json")).stdout)
    return data


def history(run: Run) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        ok(run("history", "-n", "100", "--format", "json")).stdout
    )
    return data


# --- score ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("fss", *FSS.split()), f"Saved FSS score 4.8 ({SIGNIFICANT}), id 1."),
        (("fss", "111111111"), "Saved FSS score 1.0 (below the usual cut-off of 4), id 1."),
        (
            ("mfis", "4" * 9 + "2" + "0" * 11),
            "Saved MFIS score 38 (38 or more: above the commonly used cut-off), id 1.",
        ),
        (("mfis", "0" * 21), "Saved MFIS score 0 (below the cut-off of 38), id 1."),
        (("mfis5", "1,2,3,4,0"), "Saved MFIS-5 score 10, id 1."),
        (
            ("msws12", "4", *["1"] * 11),
            "Saved MSWS-12 score 6.3 (0-100, higher means walking is more affected), id 1.",
        ),
        (("pdds", "3"), "Saved PDDS score 3 (moderate), id 1."),
        (("edss", "3.5"), "Saved EDSS score 3.5, id 1."),
        (("edss", "6"), "Saved EDSS score 6.0, id 1."),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else "",
)
def test_score_saves_and_says_the_score_and_reading(
    run: Run, args: tuple[str, ...], said: str
) -> None:
    result = ok(run("score", *args))
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == said


def test_the_listing_shape(run: Run) -> None:
    ok(run("score", "mfis", "4" * 9 + "2" + "0" * 11, "--at", "2025-11-03 09:30", "-n", "clinic"))
    ok(run("score", "fss", FSS, "--at", "2025-11-04 10:00"))
    ok(run("score", "edss", "3.5", "--at", "2025-11-05 11:00"))
    found = listed(run)
    assert [tuple(record) for record in found] == [
        ("id", "uuid", "instrument", "at", "responses", "score", "subscores", "reading")
    ] * 3
    edss, fss, mfis = found
    assert (edss["instrument"], edss["responses"], edss["score"]) == ("edss", [3.5], 3.5)
    assert (edss["subscores"], edss["reading"]) == ({}, None)
    assert fss["responses"] == [5, 6, 4, 7, 3, 5, 6, 4, 3]
    assert fss["score"] == 43 / 9  # exact; the table shows 4.8
    assert fss["reading"] == SIGNIFICANT
    assert mfis["score"] == 38
    assert mfis["subscores"] == {"physical": 14, "cognitive": 16, "psychosocial": 8}
    assert mfis["at"].startswith("2025-11-03T09:30:00")
    assert [record["id"] for record in found] == [3, 2, 1]  # newest first


@pytest.mark.parametrize(
    ("typed", "name"),
    [("FSS", "fss"), ("f", "fss"), ("mfis-5", "mfis5"), ("MSWS-12", "msws12"), ("msws", "msws12")],
)
def test_instrument_names_are_forgiving(run: Run, typed: str, name: str) -> None:
    definition = INSTRUMENTS[name]
    low = str(definition.low)
    ok(run("score", typed, *[low] * definition.items))
    assert listed(run)[0]["instrument"] == name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fss", "5647356"), "Error: FSS has 9 items; 7 were given."),
        (("fss", "564795645"), "Error: Item 5 is 9; FSS items are 1-7."),
        (
            ("fss", *["5", "6", "4", "9", "3", "5", "6", "4", "5"]),
            "Error: Item 4 is 9; FSS items are 1-7.",
        ),
        (("mfis5", "1", "2", "5", "0", "0"), "Error: Item 3 is 5; MFIS-5 items are 0-4."),
        (("edss", "10.5"), "Error: EDSS is 0-10 in steps of 0.5; 10.5 was given."),
        (("edss", "0.25"), "Error: EDSS is 0-10 in steps of 0.5; 0.25 was given."),
        (("pdds", "9"), "Error: PDDS is 0-8; 9 was given."),
        (("fss",), "Error: Missing the FSS responses: give them after 'fss'."),
        (("edss",), "Error: Missing the EDSS score: give it after 'edss'."),
        (("m", "3"), "Error: 'm' could be mfis, mfis5 or msws12; type a little more."),
        (("hads", "3"), "Error: 'hads' is not a questionnaire msjournal knows."),
        (("e", "3"), "Error: 'e' could be edss or edit; type a little more of the"),
    ],
)
def test_wrong_responses_in_a_script_exit_2_and_save_nothing(
    run: Run, journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("score", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output
    assert not journal_path.exists()


def test_a_script_without_responses_is_shown_an_example(run: Run) -> None:
    result = run("score", "fss")
    assert result.exit_code == 2
    example = result.stderr.splitlines()[1]
    assert example.startswith("E.g. msjournal score fss ")
    ok(run(*example.removeprefix("E.g. msjournal ").split()))  # the example works


def test_a_time_in_the_future_is_refused(run: Run, journal_path: Path) -> None:
    result = run("score", "pdds", "2", "--at", "tomorrow 9am")
    assert result.exit_code == 2
    assert not journal_path.exists()


def test_format_json_prints_the_saved_score(run: Run) -> None:
    result = ok(run("score", "pdds", "6", "--format", "json"))
    saved = json.loads(result.stdout)
    assert (saved["id"], saved["score"], saved["reading"]) == (1, 6, "severe")


# --- asking item by item at a terminal ------------------------------------------------------

QUESTION = re.compile(r"^FSS item (\d) of 9 \(1-7\): ")


@pytest.mark.usefixtures("terminal")
def test_a_terminal_is_asked_item_by_item_without_the_wording(run: Run) -> None:
    result = ok(run("score", "fss", input="\n".join(FSS.split()) + "\n"))
    asked = [int(m.group(1)) for line in result.output.splitlines() if (m := QUESTION.match(line))]
    assert asked == list(range(1, 10))
    for line in result.output.splitlines():  # nothing but the questions and messages
        assert (
            QUESTION.match(line)
            or line.startswith(("Type each FSS answer", "Started a new journal", "Saved FSS"))
            or line == ""
        ), line
    assert listed(run)[0]["responses"] == [5, 6, 4, 7, 3, 5, 6, 4, 3]


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_b_goes_back_several_fill_the_next_and_wrong_is_asked_again(
    run: Run,
) -> None:
    typed = ["5", "9", "6 4", "b", "?", "8", "4 7", "3 5 6 4 3"]
    result = ok(run("score", "fss", input="\n".join(typed) + "\n"))
    assert "Item 2 is 9; FSS items are 1-7." in result.output
    assert "Item 3 is 8; FSS items are 1-7." in result.output
    assert "Several at once: 5 6 4. b goes back one item." in result.output  # what ? says
    assert listed(run)[0]["responses"] == [5, 6, 4, 7, 3, 5, 6, 4, 3]


@pytest.mark.usefixtures("terminal")
def test_too_many_at_once_is_refused_and_asked_again(run: Run) -> None:
    result = ok(run("score", "mfis5", input="1 2 3\n4 0 1\n4 0\n"))
    assert "Only 2 items are left; 3 numbers were typed." in result.output
    assert listed(run)[0]["responses"] == [1, 2, 3, 4, 0]


@pytest.mark.usefixtures("terminal")
def test_typed_wrongly_at_a_terminal_only_the_wrong_item_is_asked(run: Run) -> None:
    result = ok(run("score", "fss", "564795645", input="3\n"))
    assert "Item 5 is 9; FSS items are 1-7." in result.output
    assert "FSS item 5 of 9 (1-7): " in result.output
    assert "FSS item 4 of 9" not in result.output
    assert listed(run)[0]["responses"] == [5, 6, 4, 7, 3, 5, 6, 4, 5]


@pytest.mark.usefixtures("terminal")
def test_a_wrong_count_at_a_terminal_asks_every_item(run: Run) -> None:
    result = ok(run("score", "mfis5", "1", "2", input="0\n1\n2\n3\n4\n"))
    assert "MFIS-5 has 5 items; 2 were given." in result.output
    assert "MFIS-5 item 5 of 5 (0-4): " in result.output
    assert listed(run)[0]["responses"] == [0, 1, 2, 3, 4]


@pytest.mark.usefixtures("terminal")
def test_the_edss_at_a_terminal(run: Run) -> None:
    result = ok(run("score", "edss", input="3,5\n"))
    assert "EDSS score (0-10 in steps of 0.5): " in result.output
    assert listed(run)[0]["responses"] == [3.5]


@pytest.mark.usefixtures("terminal")
def test_ctrl_d_at_an_item_saves_nothing_and_exits_130(run: Run, journal_path: Path) -> None:
    result = run("score", "fss", input="5\n6\n")
    assert result.exit_code == 130
    assert "Stopped. Nothing was saved." in result.output
    assert not journal_path.exists()


@pytest.mark.usefixtures("terminal")
def test_three_empty_answers_save_nothing(run: Run, journal_path: Path) -> None:
    result = run("score", "pdds", input="\n\n\n")
    assert result.exit_code == 2
    assert "Nothing was saved." in result.output
    assert not journal_path.exists()


# --- scores -----------------------------------------------------------------------------------


@pytest.fixture
def three(run: Run) -> None:
    ok(run("score", "fss", FSS, "--at", "2025-11-03 09:30", "-n", "=before the visit"))
    ok(run("score", "mfis", "4" * 9 + "2" + "0" * 11, "--at", "2025-11-10 09:30"))
    ok(run("score", "edss", "3.5", "--at", "2025-11-17 09:30"))


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize("columns", ["40", "50", "60", "80", "130"])
def test_the_table_shows_every_value_at_every_width(columns: str) -> None:
    result = CliRunner().invoke(app, ["scores"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    words = set(result.stdout.split())
    for value in (
        "FSS",
        "4.8",
        "MFIS",
        "38",
        "EDSS",
        "3.5",
        "physical 14, cognitive 16, psychosocial 8",
        SIGNIFICANT,
        "38 or more: above the commonly used cut-off",
        "=before the visit",
        "Mon 3 Nov",
        "Mon 17 Nov",
    ):
        # a value may wrap within its cell, between words, never cut
        assert set(value.split()) <= words, (columns, value, result.stdout)
    width = int(columns)
    assert all(len(line.rstrip()) <= width for line in result.stdout.splitlines())
    assert result.stderr == "3 scores, newest first.\n"


@pytest.mark.usefixtures("three")
def test_scores_of_one_instrument_and_a_period(run: Run) -> None:
    assert [r["instrument"] for r in listed(run, "fss")] == ["fss"]
    assert [r["instrument"] for r in listed(run, "MFIS")] == ["mfis"]
    assert [r["id"] for r in listed(run, "--from", "2025-11-05", "--to", "2025-11-12")] == [2]
    assert "1 of 3 scores, newest first." in ok(run("scores", "edss")).stderr
    assert "No scores match." in ok(run("scores", "pdds")).stderr


def test_scores_of_a_journal_without_any(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    result = ok(run("scores"))
    assert result.stdout == ""
    assert result.stderr == "No scores yet. Record one with: msjournal score fss\n"


@pytest.mark.usefixtures("three")
def test_the_scores_csv(run: Run) -> None:
    text = ok(run("scores", "--format", "csv")).stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == SCORES_CSV_HEADER
    by_instrument = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    fss, mfis, edss = by_instrument["fss"], by_instrument["mfis"], by_instrument["edss"]
    assert (fss["date"], fss["time"], fss["responses"]) == ("2025-11-03", "09:30", FSS)
    assert (fss["score"], fss["reading"]) == ("4.8", SIGNIFICANT)
    assert fss["note"] == "'=before the visit"  # never run as a formula
    assert (mfis["physical"], mfis["cognitive"], mfis["psychosocial"]) == ("14", "16", "8")
    assert (edss["score"], edss["responses"], edss["reading"], edss["physical"]) == (
        "3.5",
        "3.5",
        "",
        "",
    )


# --- score edit and score delete ----------------------------------------------------------------


@pytest.mark.usefixtures("three")
def test_edit_says_what_changed(run: Run) -> None:
    result = ok(run("score", "edit", "1", "5", "6", "4", "7", "3", "5", "6", "4", "5"))
    assert result.stderr == "Updated score 1: item 9: 3 → 5; FSS 4.8 → 5.0.\n"
    result = ok(run("score", "edit", "1", "--note", "", "--at", "2025-11-04 08:00"))
    assert result.stderr == (
        "Updated score 1: when: Mon 3 Nov 2025 09:30 → Tue 4 Nov 2025 08:00; "
        "note: '=before the visit' → none.\n"
    )
    again = ok(run("score", "edit", "1", "--at", "2025-11-04 08:00"))
    assert again.stderr == "Nothing changed: score 1 already says that.\n"
    result = ok(run("score", "edit", "last", "4"))
    assert result.stderr == "Updated score 3: item 1: 3.5 → 4; EDSS 3.5 → 4.0.\n"


@pytest.mark.usefixtures("three")
def test_edit_refuses_wrong_answers_and_unknown_ids(run: Run, journal_path: Path) -> None:
    before = dump(journal_path)
    wrong = run("score", "edit", "2", "1", "2")
    assert wrong.exit_code == 2 and "MFIS has 21 items; 2 were given." in wrong.stderr
    missing = run("score", "edit", "9", "--note", "x")
    assert missing.exit_code == 1
    assert "There is no score with id 9." in missing.stderr
    nothing = run("score", "edit", "1")
    assert nothing.exit_code == 2 and "Nothing to change" in nothing.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("three")
def test_delete_asks_and_needs_yes_in_a_script(run: Run, journal_path: Path) -> None:
    before = dump(journal_path)
    refused = run("score", "delete", "1")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert dump(journal_path) == before
    result = ok(run("score", "delete", "1,2", "--yes"))
    assert result.stderr == "Deleted scores 1, 2. (msjournal undo brings them back.)\n"
    assert [r["id"] for r in listed(run)] == [3]
    unknown = run("score", "delete", "1", "--yes")
    assert unknown.exit_code == 1 and "There is no score with id 1." in unknown.stderr


@pytest.mark.usefixtures("three", "terminal")
def test_delete_at_a_terminal_shows_the_score_and_asks(run: Run) -> None:
    kept = ok(run("score", "delete", "last", input="n\n"))
    assert "EDSS" in kept.stderr and "Delete this score? [y/N]" in kept.output
    assert "Nothing was changed." in kept.stderr
    assert len(listed(run)) == 3
    ok(run("score", "delete", "last", input="y\n"))
    assert [r["id"] for r in listed(run)] == [2, 1]


# --- undo and history -------------------------------------------------------------------------


def full(run: Run) -> list[dict[str, Any]]:
    scores: list[dict[str, Any]] = exported(run)["scores"]
    return scores


def test_undo_takes_back_a_score_its_edit_and_its_delete(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    ok(run("score", "fss", FSS, "-n", "first"))
    recorded = full(run)
    ok(run("score", "edit", "1", "--note", "second", "111111111"))
    ok(run("score", "delete", "1", "--yes"))
    assert full(run) == []

    result = ok(run("undo", "--yes"))
    assert "deleted score 1: FSS 1.0" in result.stderr
    assert "Undone: score 1 is back." in result.stderr
    assert full(run)[0]["note"] == "second"

    result = ok(run("undo", "--yes"))
    assert "edited score 1" in result.stderr
    assert "Undone: score 1 is back as it was." in result.stderr
    assert full(run) == recorded  # responses, note, times: exactly as recorded

    result = ok(run("undo", "--yes"))
    assert "logged score 1: FSS 4.8" in result.stderr
    assert "Undone: score 1 removed." in result.stderr
    assert full(run) == []
    assert len(exported(run)["entries"]) == 1  # the entry logged before is untouched

    changes = history(run)
    assert [(c["action"], c["family"]) for c in changes[:6]] == [
        ("undo", "score"),
        ("undo", "score"),
        ("undo", "score"),
        ("delete", "score"),
        ("edit", "score"),
        ("log", "score"),
    ]
    assert changes[-1]["family"] == "entry"
    table = ok(run("history")).stdout
    assert "logged score 1: FSS 4.8" in " ".join(table.split())


def test_a_deleted_score_comes_back_with_its_id_uuid_and_times(run: Run) -> None:
    ok(run("score", "pdds", "2"))
    ok(run("score", "msws12", "123451234512"))
    before = full(run)
    ok(run("score", "delete", "1", "2", "--yes"))
    ok(run("undo", "--yes"))
    assert full(run) == before
    ok(run("score", "pdds", "4"))
    assert listed(run)[0]["id"] == 3  # ids are never given out twice


def test_forget_removes_the_copies_of_deleted_scores(run: Run, journal_path: Path) -> None:
    secret = "unmistakable-" + "z" * 30
    ok(run("score", "pdds", "2", "-n", secret))
    ok(run("score", "pdds", "3"))
    ok(run("score", "delete", "1", "--yes"))
    result = ok(run("history", "--forget", "--yes"))
    assert "Forgot the copies in 1 change." in result.stderr
    assert secret.encode() not in journal_path.read_bytes()
    undone = run("undo", "--yes")
    assert undone.exit_code == 1
    assert "can no longer be undone" in undone.stderr


# --- export and import --------------------------------------------------------------------------


def test_export_json_is_one_object_with_every_family(run: Run) -> None:
    ok(run("log", "fatigue", "4"))
    ok(run("score", "fss", FSS, "-n", "note"))
    data = exported(run)
    assert list(data)[:9] == [  # and the families added after these
        "format",
        "version",
        "entries",
        "treatments",
        "relapses",
        "aids",
        "scores",
        "appointments",
        "questions",
    ]
    assert (data["format"], data["version"]) == ("msjournal", 2)
    [score] = data["scores"]
    assert list(score) == [
        "id",
        "uuid",
        "instrument",
        "at",
        "responses",
        "score",
        "note",
        "logged_at",
        "updated_at",
    ]
    assert (score["score"], score["note"]) == (43 / 9, "note")
    assert score["logged_at"] == score["updated_at"]


def test_export_by_kind_leaves_the_scores_out_and_a_period_applies_to_them(run: Run) -> None:
    ok(run("log", "fatigue", "4", "--at", "2025-11-03 10:00"))
    ok(run("score", "pdds", "2", "--at", "2025-11-03 10:00"))
    ok(run("score", "pdds", "3", "--at", "2025-11-20 10:00"))
    assert exported(run)["scores"] != []
    by_kind = json.loads(ok(run("export", "--format", "json", "--kind", "fatigue")).stdout)
    assert by_kind["scores"] == [] and len(by_kind["entries"]) == 1
    period = json.loads(ok(run("export", "-f", "json", "--to", "2025-11-10")).stdout)
    assert [s["responses"] for s in period["scores"]] == [[2]]


def test_export_and_import_the_scores_csv(run: Run, tmp_path: Path) -> None:
    ok(run("score", "fss", FSS, "-n", "=formula"))
    ok(run("score", "mfis", "012340123401234012340"))
    target = tmp_path / "scores.csv"
    result = ok(run("export", "--table", "scores", "-o", str(target)))
    assert result.stderr == f"Exported 2 scores to {target}.\n"
    assert target.read_text(encoding="utf-8-sig").startswith(",".join(SCORES_CSV_HEADER))
    other = tmp_path / "other.db"
    first = ok(run("--db", str(other), "import", str(target)))
    assert "Imported 2 scores from CSV; skipped 0 already in the journal." in first.stderr
    again = ok(run("--db", str(other), "import", str(target)))
    assert "Imported 0 scores from CSV; skipped 2 already in the journal." in again.stderr
    assert (
        full(run)
        == json.loads(ok(run("--db", str(other), "export", "-f", "json")).stdout)["scores"]
    )
    empty = ok(run("export", "--table", "scores", "--from", "2099-01-01", "--no-bom"))
    assert empty.stdout_bytes == (",".join(SCORES_CSV_HEADER) + "\r\n").encode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "json", "--table", "scores"), "--table is for CSV"),
        (("--table", "scores", "--kind", "fall"), "--kind chooses entries"),
        (("--table", "symptoms"), "'symptoms' is not one of"),
    ],
)
def test_export_table_misuse(run: Run, args: tuple[str, ...], message: str) -> None:
    ok(run("log", "fatigue", "4"))
    result = run("export", *args)
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_the_json_export_round_trips_exactly_and_is_one_change(run: Run, tmp_path: Path) -> None:
    ok(run("log", "weakness", "5", "-w", "legs", "-n", "a"))
    ok(run("score", "fss", FSS))
    ok(run("score", "edit", "1", "-n", "edited"))
    ok(run("score", "edss", "4.5"))
    ok(run("score", "delete", "2", "--yes"))  # ids with a gap
    source = tmp_path / "all.json"
    ok(run("export", "-o", str(source)))
    text = source.read_text(encoding="utf-8")
    other = tmp_path / "other.db"
    result = ok(run("--db", str(other), "import", str(source)))
    assert "Imported 1 entry and 1 score from JSON; skipped 0" in result.stderr
    assert ok(run("--db", str(other), "export", "--format", "json")).stdout == text
    again = ok(run("--db", str(other), "import", str(source)))
    assert "Imported 0 entries from JSON; skipped 2 already in the journal." in again.stderr
    [change] = json.loads(ok(run("--db", str(other), "history", "--format", "json")).stdout)
    assert change["summary"] == "1 entry and 1 score from all.json"
    ok(run("--db", str(other), "undo", "--yes"))
    emptied = json.loads(ok(run("--db", str(other), "export", "--format", "json")).stdout)
    assert (emptied["entries"], emptied["scores"]) == ([], [])


def test_the_old_plain_array_of_entries_still_imports(run: Run, tmp_path: Path) -> None:
    ok(run("log", "fatigue", "6", "-n", "old"))
    entries = exported(run)["entries"]
    source = tmp_path / "old.json"
    source.write_text(json.dumps(entries), encoding="utf-8")
    other = tmp_path / "other.db"
    result = ok(run("--db", str(other), "import", str(source)))
    assert "Imported 1 entry from JSON; skipped 0" in result.stderr
    imported = json.loads(ok(run("--db", str(other), "export", "-f", "json")).stdout)
    assert imported["entries"] == entries and imported["scores"] == []


def test_the_scores_listing_json_imports_too(run: Run, tmp_path: Path) -> None:
    ok(run("score", "mfis", "012340123401234012340", "--at", "2025-11-03 10:00"))
    source = tmp_path / "listed.json"
    source.write_text(
        json.dumps({"format": "msjournal", "version": 2, "scores": listed(run)}), "utf-8"
    )
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "import", str(source)))
    assert json.loads(ok(run("--db", str(other), "scores", "-f", "json")).stdout) == listed(run)


def bad_score(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "uuid": "00000000-0000-4000-8000-000000000201",
        "instrument": "fss",
        "at": "2025-11-03T10:00:00+01:00",
        "responses": [5, 6, 4, 7, 3, 5, 6, 4, 3],
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"responses": [5, 6, 4, 9, 3, 5, 6, 4, 3]}, "Item 4 is 9; FSS items are 1-7."),
        ({"responses": [5, 6]}, "FSS has 9 items; 2 were given."),
        ({"responses": ["5"] * 9}, "responses must be a list of numbers"),
        ({"responses": [True] * 9}, "responses must be a list of numbers"),
        ({"instrument": "hads"}, "instrument 'hads' is not one of"),
        ({"score": 6}, "score 6 does not match the responses (4.8)"),
        ({"at": "2025-11-03T10:00:00"}, "has no UTC offset"),
        ({"at": "2999-11-03T10:00:00+00:00"}, "in the future"),
        ({"id": 0}, "id 0 is not a positive whole number"),
        ({"note": 5}, "note must be text"),
        ({"bogus": 1}, "unknown field 'bogus'"),
        ({"at": None}, "every score needs its time"),
    ],
)
def test_import_checks_every_score_and_is_all_or_nothing(
    run: Run, journal_path: Path, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    ok(run("log", "fatigue", "3"))
    before = dump(journal_path)
    data = exported(run)
    data["entries"][0]["uuid"] = "00000000-0000-4000-8000-000000000301"  # a new entry
    data["scores"] = [bad_score(uuid="00000000-0000-4000-8000-000000000202"), bad_score(**changes)]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2, result.output
    assert "Nothing was imported: 1 score is not valid (score 2: " in result.stderr
    assert message in result.stderr
    assert dump(journal_path) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "msjournal", "version": 3, "entries": []}, "newer msjournal"),
        ({"format": "other", "version": 2}, "not an msjournal export"),
        ({"format": "msjournal", "version": "2"}, "version '2'"),
        ({"format": "msjournal", "version": 2, "home_checks": [{}]}, "1 home check is not valid"),
        ({"format": "msjournal", "version": 2, "scores": {}}, '"scores" must be a list'),
        ({"format": "msjournal", "version": 2, "gadgets": []}, "'gadgets'"),
    ],
)
def test_import_refuses_an_export_object_it_cannot_take(
    run: Run, tmp_path: Path, journal_path: Path, data: dict[str, Any], message: str
) -> None:
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert not journal_path.exists()


def test_later_families_that_are_empty_are_fine(run: Run, tmp_path: Path) -> None:
    data = {"format": "msjournal", "version": 2, "entries": [], "treatments": [], "aids": []}
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert "Imported 0 entries" in ok(run("import", str(source))).stderr


# --- the storage: latest and previous per instrument (for reports) ----------------------------

NOW = datetime(2025, 12, 1, 12, 0).astimezone()


def journal_at(path: Path) -> Journal:
    return open_journal(JournalPath(path, "env"), create=True)


def test_latest_scores_with_the_one_before_even_older_than_the_period(
    journal_path: Path,
) -> None:
    def add(journal: Journal, name: str, day: int, *responses: int | float) -> None:
        moment = datetime(2025, 11, day, 10, 0).astimezone()
        journal.add_score(Score(name, moment, responses), NOW)

    with journal_at(journal_path) as journal:
        add(journal, "fss", 1, *[3] * 9)  # before the period
        add(journal, "fss", 12, *[4] * 9)
        add(journal, "fss", 20, *[5] * 9)  # the latest in the period
        add(journal, "pdds", 15, 3)  # only one, ever
        add(journal, "edss", 2, 3.5)  # only before the period: not shown
        add(journal, "mfis5", 25, 1, 1, 1, 1, 1)  # after the period
        found = journal.latest_scores(date(2025, 11, 10), date(2025, 11, 21))
        assert list(found) == ["fss", "pdds"]
        latest, previous = found["fss"]
        assert latest.score == 5 and previous is not None and previous.score == 4
        assert found["pdds"][1] is None
        only_fss = journal.latest_scores(date(2025, 11, 12), date(2025, 11, 12))
        assert only_fss["fss"][0].score == 4
        assert only_fss["fss"][1] is not None and only_fss["fss"][1].score == 3
        everything = journal.latest_scores(None, None)
        assert list(everything) == ["fss", "mfis5", "pdds", "edss"]


def test_two_scores_at_the_same_moment_are_ordered_by_id(journal_path: Path) -> None:
    moment = datetime(2025, 11, 5, 10, 0).astimezone()
    with journal_at(journal_path) as journal:
        first = journal.add_score(Score("pdds", moment, (2,)), NOW)
        second = journal.add_score(Score("pdds", moment, (4,)), NOW)
        latest, previous = journal.latest_scores(None, None)["pdds"]
        assert (latest.id, previous and previous.id) == (second.id, first.id)


# --- a hypothesis round trip of entries and scores ----------------------------------------------


@st.composite
def any_score(draw: st.DrawFn) -> Score:
    definition = draw(st.sampled_from(list(INSTRUMENTS.values())))
    if definition.name == "edss":
        responses: tuple[int | float, ...] = (draw(st.integers(0, 20)) / 2,)
        responses = tuple(int(r) if float(r).is_integer() else r for r in responses)
    else:
        responses = tuple(
            draw(
                st.lists(
                    st.integers(definition.low, definition.high),
                    min_size=definition.items,
                    max_size=definition.items,
                )
            )
        )
    at = draw(moments)
    logged = at + timedelta(minutes=draw(st.integers(0, 600)))
    edited = logged + timedelta(minutes=draw(st.integers(0, 600)))
    return Score(
        definition.name,
        at,
        responses,
        note=draw(st.none() | notes),
        uuid=str(draw(st.uuids(version=4))),
        logged_at=logged,
        updated_at=edited,
    )


def export_object(journal: Journal) -> str:
    out = io.StringIO(newline="")
    write_export_json(
        {
            "entries": journal.iter_records(Query(oldest_first=True)),
            "scores": journal.iter_score_records(),
        },
        out,
    )
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(any_entry(), max_size=6, unique_by=lambda e: e.uuid),
    scores=st.lists(any_score(), max_size=6, unique_by=lambda s: s.uuid),
)
def test_export_import_export_of_entries_and_scores_is_identical(
    found: list[Entry], scores: list[Score]
) -> None:
    now = datetime(2026, 1, 2).astimezone()
    with tempfile.TemporaryDirectory() as folder:
        with journal_at(Path(folder) / "a.db") as first:
            first.import_records(found, scores, now)
            text = export_object(first)
        fmt, records = read_export(text)
        assert fmt == "json"
        with journal_at(Path(folder) / "b.db") as second:
            counts = second.import_records(
                entries_from_records(records["entries"], now),
                scores_from_records(records["scores"], now),
                now,
            )
            assert counts == {"entries": (len(found), 0), "scores": (len(scores), 0)}
            assert export_object(second) == text
            # the same file again adds nothing
            again = second.import_records(
                entries_from_records(records["entries"]),
                scores_from_records(records["scores"]),
                now,
            )
            assert again == {"entries": (0, len(found)), "scores": (0, len(scores))}
