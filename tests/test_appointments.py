"""Appointments and questions (records, commands, history, export and import, upgrade),
the Markdown report's naming of entries and notes, and ``msjournal rules``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from msjournal import summary, timeline
from msjournal.cli import app
from msjournal.errors import InvalidInput
from msjournal.markdown import escape
from msjournal.timeline import Appointment, Question

from .conftest import dump
from .test_upgrades import VISITS_SINCE, load

Run = Callable[..., Result]
README = Path(__file__).resolve().parent.parent / "README.md"
# Wednesday 4 November 2026, 18:10 local time
NOW = datetime(2026, 11, 4, 18, 10).astimezone()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def listed(run: Run, *args: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(run(*args, "--format", "json")).stdout)
    return data


def at_width(width: int, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- appointment times --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow 9am", "2026-11-05 09:00"),
        ("tomorrow", "2026-11-05 12:00"),
        ("day after tomorrow morning", "2026-11-06 09:00"),
        ("next tuesday 9am", "2026-11-10 09:00"),
        ("next wednesday at 10:30", "2026-11-11 10:30"),
        ("in 2 weeks", "2026-11-18 12:00"),
        ("in a week at 14:00", "2026-11-11 14:00"),
        ("2026-12-15 10:30", "2026-12-15 10:30"),
        ("15 dec 10:30", "2026-12-15 10:30"),  # no year: the nearest 15 December
        ("20 oct", "2026-10-20 12:00"),  # the nearest 20 October is behind
        ("yesterday 3pm", "2026-11-03 15:00"),  # a past one, as --at reads it elsewhere
        ("wednesday 9pm", "2026-11-04 21:00"),  # later today
    ],
)
def test_appointment_times_may_be_ahead(typed: str, expected: str) -> None:
    assert f"{timeline.appointment_time(typed, NOW):%Y-%m-%d %H:%M}" == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "--at is empty"),
        ("next fortnightly", "does not understand"),
        ("2030-01-01", "more than two years ahead"),
    ],
)
def test_appointment_times_refused_say_what_works(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        timeline.appointment_time(typed, NOW)
    assert "tomorrow 10:30" in caught.value.message or "year" in caught.value.message


def test_with_words_are_forgiving() -> None:
    from msjournal import vocab

    words = {
        "Neurologist": "neurology",
        "neuro": "neurology",
        "nurse": "ms-nurse",
        "MS nurse": "ms-nurse",
        "physiotherapy": "physio",
        "GP": "gp",
        "scan": "mri",
        "MRI": "mri",
        "oth": "other",
    }
    for typed, word in words.items():
        assert vocab.match("appointment type", typed) == word


def test_a_question_is_in_a_period_while_open_and_an_appointment_on_its_day() -> None:
    asked = datetime(2026, 10, 1, 9, 0).astimezone()
    open_one = Question("Heat?", logged_at=asked)
    answered = Question("Physio?", logged_at=asked, done_at=asked + timedelta(days=10))
    november = (date(2026, 11, 1), date(2026, 11, 30))
    assert open_one.running_in(*november) and not answered.running_in(*november)
    assert answered.running_in(date(2026, 10, 5), date(2026, 10, 5))
    visit = Appointment(at=datetime(2026, 11, 30, 23, 0).astimezone(), with_whom="gp")
    assert visit.running_in(*november) and not visit.running_in(date(2026, 12, 1), None)


# --- the commands -------------------------------------------------------------------------


def test_appointment_add_list_and_which_are_past(run: Run) -> None:
    result = ok(run("appointment", "add", "--at", "in 2 weeks 10:30", "--with", "neurologist"))
    assert "Added the neurology appointment on" in result.stderr
    assert "(in 14 days), id 1." in result.stderr
    ok(run("appointment", "add", "--at", "3 days ago", "--with", "scan", "-n", "Dr Okafor"))
    ok(run("appointment", "add", "--at", "200 days ago 9am", "--with", "gp"))
    ok(run("appointment", "add", "--at", "300 days ago 9am", "--with", "gp"))
    ok(run("appointment", "add", "--at", "150 days ago 9am", "--with", "mri"))
    shown = listed(run, "appointment", "list")
    # the last 90 days and what is coming, and the last one of each kind however long
    # ago (a visit summary counts from it): the older gp and scan are left out
    assert [(a["with"], a["past"]) for a in shown] == [
        ("gp", True), ("mri", True), ("neurology", False)
    ]  # fmt: skip
    assert shown[0]["at"][:10] == (date.today() - timedelta(days=200)).isoformat()
    assert shown[1]["note"] == "Dr Okafor"
    every = listed(run, "appointment", "list", "--all")
    assert [a["with"] for a in every] == ["gp", "gp", "mri", "mri", "neurology"]
    result = ok(run("appointment", "list"))
    assert "past" in result.stdout and "in 14 days" in result.stdout and "gp" in result.stdout
    said = result.stderr.strip().splitlines()[-1]
    assert said == "3 appointments (1 upcoming), earliest first; and 2 earlier: --all."


def test_appointment_add_refusals_are_short_and_change_nothing(
    run: Run, journal_path: Path
) -> None:
    ok(run("appointment", "add", "--with", "gp"))
    before = dump(journal_path)
    missing = run("appointment", "add", "--at", "tomorrow")
    assert missing.exit_code == 2 and "Add --with" in missing.stderr
    wrong = run("appointment", "add", "--with", "dentist")
    assert wrong.exit_code == 2 and "not an appointment type" in wrong.stderr
    assert "neurology, ms-nurse, physio, gp, mri, other" in wrong.stderr
    far = run("appointment", "add", "--with", "gp", "--at", "2099-01-01")
    assert far.exit_code == 2 and "check the year" in far.stderr
    assert dump(journal_path) == before


@pytest.mark.usefixtures("terminal")
def test_a_terminal_asks_who_and_when(run: Run) -> None:
    result = ok(run("appointment", "add", input="physio\ntomorrow 10am\n"))
    assert "With?" in result.output and "When?" in result.output
    [saved] = listed(run, "appointment", "list")
    assert saved["with"] == "physio" and saved["at"][11:16] == "10:00"


@pytest.mark.usefixtures("terminal")
def test_a_terminal_asks_the_priority_when_it_is_not_given(run: Run) -> None:
    first = ok(run("question", "add", "Heat?", input="1\n"))
    assert "Priority, 1 (most important) to 3? [2]" in first.output
    ok(run("question", "add", "Bladder?", input="\n"))  # Enter: 2
    given = ok(run("question", "add", "MRI?", "-p", "3", input=""))
    assert "Priority" not in given.output  # given: not asked
    shown = listed(run, "question", "list")
    assert [(q["text"], q["priority"]) for q in shown] == [("Heat?", 1), ("Bladder?", 2),
                                                           ("MRI?", 3)]  # fmt: skip


def test_lists_end_with_a_count(run: Run) -> None:
    ok(run("appointment", "add", "--at", "3 days ago", "--with", "gp"))
    ok(run("appointment", "add", "--at", "tomorrow 9am", "--with", "neurology"))
    said = ok(run("appointment", "list")).stderr
    assert said.strip().splitlines()[-1] == "2 appointments (1 upcoming), earliest first."
    for text in ("Heat?", "Bladder?", "MRI?"):
        ok(run("question", "add", text))
    assert ok(run("question", "list")).stderr.strip() == "3 open questions."
    ok(run("question", "done", "1"))
    assert ok(run("question", "list", "--all")).stderr.strip() == "3 questions: 2 open, 1 answered."
    ok(run("question", "done", "2"))
    assert ok(run("question", "list")).stderr.strip() == "1 open question."


def test_question_add_list_done_and_the_order(run: Run) -> None:
    ok(run("question", "add", "Physio", "referral?"))  # words without quotes
    ok(run("question", "add", "Could the heat make my legs weaker?", "--priority", "1"))
    ok(run("question", "add", "Bladder?", "-p", "low"))
    ok(run("question", "add", "New MRI?", "-p", "1"))
    shown = listed(run, "question", "list")
    assert [(q["text"], q["priority"]) for q in shown] == [
        ("Could the heat make my legs weaker?", 1),
        ("New MRI?", 1),
        ("Physio referral?", 2),
        ("Bladder?", 3),
    ]
    done = ok(run("question", "done", "2"))
    assert "Question 2 is answered" in done.stderr
    assert [q["id"] for q in listed(run, "question", "list")] == [4, 1, 3]
    every = listed(run, "question", "list", "--all")
    assert [q["id"] for q in every] == [4, 1, 3, 2] and every[-1]["done_at"] is not None
    assert "Answered" in ok(run("question", "list", "--all")).stdout


def test_question_refusals(run: Run, journal_path: Path) -> None:
    ok(run("question", "add", "Heat?"))
    before = dump(journal_path)
    for args, message in [
        (("question", "add"), "Missing the question"),
        (("question", "add", "x", "--priority", "5"), "not a priority"),
        (("question", "add", "x" * 1001), "the most is 1,000"),
        (("question", "done", "7"), "There is no question with id 7"),  # status 1, below
        (("question", "done", "two"), "not a question id"),
        (("question", "delete", "1"), "needs confirmation"),
    ]:
        result = run(*args)
        assert result.exit_code == (1 if args[-1] == "7" else 2), (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    ok(run("question", "done", "last"))
    again = run("question", "done", "1")
    assert again.exit_code == 2 and "already marked answered" in again.stderr
    assert dump(journal_path) != before  # only the done went in


def test_empty_lists_say_how_to_begin(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    assert "msjournal appointment add" in ok(run("appointment", "list")).stderr
    assert "msjournal question add" in ok(run("question", "list")).stderr


def test_a_long_question_wraps_indented_at_40_columns(run: Run) -> None:
    question = "Is the new numbness in my left leg a relapse, and should I have an MRI first?"
    ok(run("question", "add", question, "-p", "1"))
    ok(run("question", "add", "Physio?"))
    lines = at_width(40, "question", "list").splitlines()
    assert lines[0].startswith("ID 1  Is the new")
    wrapped = lines[1 : lines.index("  Priority: 1")]
    assert len(wrapped) >= 2  # the question goes on under itself, never at the margin
    assert all(line.startswith("      ") and line[6] != " " for line in wrapped)
    assert " ".join(" ".join(lines[: len(wrapped) + 1]).split()) == f"ID 1 {question}"
    assert [line for line in lines if line and not line.startswith(" ")] == [
        lines[0], "ID 2  Physio?"
    ]  # fmt: skip


@pytest.mark.parametrize("width", [40, 80])
def test_lists_are_whole_at_40_and_80_columns(run: Run, width: int) -> None:
    note = "Ask about the new walking aid and the clinic letter from October"
    ok(run("appointment", "add", "--at", "tomorrow 9am", "--with", "ms-nurse", "-n", note))
    question = "Could the heat make my legs weaker in the afternoons?"
    ok(run("question", "add", question, "-p", "1"))
    ok(run("question", "add", "Physio?"))
    ok(run("question", "done", "2"))
    for args in (("appointment", "list"), ("question", "list", "--all")):
        out = at_width(width, *args)
        assert max(len(line.rstrip()) for line in out.splitlines()) <= width
        assert "…" not in out and "..." not in out
        flat = " ".join(out.split())
        for words in (note, question) if args[0] == "appointment" else (question, "Physio?"):
            if args[0] == "appointment" and words == question:
                continue
            assert all(word in flat for word in words.split())


# --- history and undo ---------------------------------------------------------------------


def test_every_change_is_in_the_history_and_undone(run: Run) -> None:
    def both() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return (
            listed(run, "appointment", "list", "--all"),
            listed(run, "question", "list", "--all"),
        )

    ok(run("appointment", "add", "--at", "tomorrow", "--with", "gp"))
    after_one = both()
    ok(run("question", "add", "Heat?"))
    after_two = both()
    ok(run("question", "done", "1"))
    after_done = both()
    ok(run("question", "delete", "1", "--yes"))
    ok(run("appointment", "delete", "1", "--yes"))
    changes = json.loads(ok(run("history", "--format", "json")).stdout)
    assert [(c["action"], c["family"]) for c in changes] == [
        ("delete", "appointment"),
        ("delete", "question"),
        ("edit", "question"),
        ("log", "question"),
        ("log", "appointment"),
    ]
    assert "question 1: answered" in changes[2]["text"]
    assert "appointment 1 is back" in ok(run("undo", "--yes")).stderr
    ok(run("undo", "--yes"))
    assert both() == after_done
    assert "question 1 is back as it was" in ok(run("undo", "--yes")).stderr
    assert both() == after_two and after_two[1][0]["done_at"] is None
    ok(run("undo", "--yes"))
    assert both() == after_one
    assert "appointment 1 removed" in ok(run("undo", "--yes")).stderr
    assert both() == ([], [])


# --- export and import --------------------------------------------------------------------


def fill(run: Run) -> None:
    ok(run("appointment", "add", "--at", "2025-10-20 10:30", "--with", "neuro", "-n", "=1+1"))
    ok(run("appointment", "add", "--at", "in 3 weeks", "--with", "mri"))
    ok(run("question", "add", "Could the heat make my legs weaker?", "-p", "1"))
    ok(run("question", "add", "Physio; referral, please?"))
    ok(run("question", "done", "2"))


def records(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run("export", "--format", "json")).stdout)
    return {name: data[name] for name in ("appointments", "questions")}


def test_json_export_then_import_gives_the_same_records(
    run: Run, tmp_path: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(run)
    first = records(run)
    assert list(first["appointments"][0]) == list(timeline.APPOINTMENT_FIELDS)
    assert list(first["questions"][0]) == list(timeline.QUESTION_FIELDS)
    saved = tmp_path / "all.json"
    ok(run("export", "-o", str(saved)))
    monkeypatch.setenv("MSJOURNAL_DB", str(tmp_path / "other.db"))
    result = ok(run("import", str(saved)))
    assert "2 appointments" in result.stderr and "2 questions" in result.stderr
    assert records(run) == first
    again = ok(run("import", str(saved)))
    assert "skipped 4 already in the journal" in again.stderr
    assert records(run) == first
    ok(run("undo", "--yes"))  # the import, all of it
    assert records(run) == {"appointments": [], "questions": []}


@pytest.mark.parametrize("table", ["appointments", "questions"])
def test_csv_tables_round_trip(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    fill(run)
    first = records(run)[table]
    csv_file = tmp_path / f"{table}.csv"
    ok(run("export", "--table", table, "-o", str(csv_file)))
    text = csv_file.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(
        timeline.APPOINTMENT_FIELDS if table == "appointments" else timeline.QUESTION_FIELDS
    )
    if table == "appointments":
        assert ",'=1+1," in text  # a formula stays text in a spreadsheet
    monkeypatch.setenv("MSJOURNAL_DB", str(tmp_path / "other.db"))
    ok(run("import", str(csv_file)))
    assert records(run)[table] == first


@pytest.mark.parametrize(
    ("family", "bad", "message"),
    [
        ("appointments", {"at": "2025-10-20T10:30:00+01:00", "with": "dentist"}, "dentist"),
        ("appointments", {"with": "gp"}, "needs its at time"),
        ("questions", {"text": "Heat?", "priority": 7}, "priority must be 1, 2 or 3"),
        ("questions", {"text": "  "}, "question is empty"),
        (
            "questions",
            {
                "text": "Heat?",
                "logged_at": "2025-10-20T10:30:00+01:00",
                "done_at": "2025-10-01T10:30:00+01:00",
            },
            "answered before it was asked",
        ),
    ],
)
def test_a_bad_record_refuses_the_whole_import(
    run: Run, tmp_path: Path, journal_path: Path, family: str, bad: dict[str, Any], message: str
) -> None:
    ok(run("log", "fatigue", "4"))
    before = dump(journal_path)
    good = {"text": "Fine?"} if family == "questions" else {"at": "2025-10-01T09:00:00+01:00"}
    if family == "appointments":
        good["with"] = "gp"
    data = {
        "format": "msjournal",
        "version": 2,
        "entries": [
            {
                "kind": "weakness",
                "severity": 3,
                "regions": ["legs"],
                "at": "2025-10-02T09:00:00+01:00",
            }
        ],
        family: [good, bad],
    }
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2, result.output
    assert "Nothing was imported" in result.stderr and message in result.stderr
    assert dump(journal_path) == before


def test_an_upcoming_appointment_imports_but_a_future_answer_does_not(
    run: Run, tmp_path: Path
) -> None:
    ahead = (datetime.now().astimezone() + timedelta(days=40)).replace(microsecond=0)
    data = {
        "format": "msjournal",
        "version": 2,
        "appointments": [{"at": ahead.isoformat(), "with": "neurology"}],
    }
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    ok(run("import", str(source)))
    answer = {"text": "x", "done_at": ahead.isoformat()}
    data = {"format": "msjournal", "version": 2, "questions": [answer]}
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2 and "in the future" in result.stderr


def test_the_schema_8_journal_shows_its_appointments_and_questions(
    run: Run, journal_path: Path
) -> None:
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    load(VISITS_SINCE, journal_path)
    appointments = listed(run, "appointment", "list", "--all")
    assert [(a["id"], a["with"], a["note"]) for a in appointments] == [
        (1, "neurology", "Dr Okafor"),
        (2, "mri", None),
    ]
    questions = listed(run, "question", "list", "--all")
    assert [(q["id"], q["text"], q["done_at"] is None) for q in questions] == [
        (1, "Could my legs be weaker from the heat?", True),
        (2, "Physio referral?", False),
    ]


def test_the_visit_summary_reads_the_export_shape(run: Run, journal_path: Path) -> None:
    from msjournal.db import open_journal
    from msjournal.paths import resolve

    fill(run)
    with open_journal(resolve(str(journal_path)), create=False) as journal:
        found = journal.timeline_records("question")
        asked = journal.timeline_records("appointment", date(2025, 10, 20), date(2025, 10, 20))
    assert found[0]["text"] == "Could the heat make my legs weaker?"
    assert [a["with"] for a in asked] == ["neurology"]


# --- the Markdown report -------------------------------------------------------------------

HOSTILE = "[click](http://evil.example) <script>alert(1)</script> | a|b *x* `y`"


def test_markdown_names_entries_by_date_and_time_and_keeps_notes_inert(run: Run) -> None:
    ok(run("log", "fall", "--place", "kitchen", "--injury", "medical", "--at", "2 days ago 18:10"))
    ok(run("log", "fall", "--place", "stairs", "--at", "yesterday 09:05", "-n", HOSTILE))
    out = ok(run("report", "--format", "markdown")).stdout
    flags = out.split("## Raise with your doctor")[1]
    day = (datetime.now().astimezone() - timedelta(days=1)).date()
    named = f"{day:%a} {day.day} {day:%b} 09:05"
    assert named in flags
    assert not re.search(r"Entries: [0-9]", flags)  # never internal ids
    notes = out.split("## Notes on flagged entries")[1]
    assert f"**{named}, fall.**" in notes
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script>" not in html and "<a " not in html
    assert (
        "[click](http://evil.example) &lt;script&gt;alert(1)&lt;/script&gt; | a|b *x* `y`" in html
    )
    terminal = ok(run("report")).stdout
    assert re.search(r"Entries: [0-9]+ \(", terminal)  # the terminal keeps the ids


def test_escape_keeps_a_table_cell_whole() -> None:
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(f"| note | x |\n| --- | --- |\n| {escape(HOSTILE)} | 1 |\n")
    )
    assert html.count("<td>") == 2 and "<a " not in html and "<script>" not in html


# --- msjournal rules -------------------------------------------------------------------------


def test_rules_prints_every_rule_in_plain_words(run: Run) -> None:
    out = ok(run("rules")).stdout
    for number, when, listed_ in summary.RULES:
        assert f"Rule {number}" in out
        assert f"When: {when}." in " ".join(out.split())
        assert f"Entries listed: {listed_}." in " ".join(out.split())
    assert "not a diagnosis" in out


def test_rules_are_whole_at_40_columns() -> None:
    out = at_width(40, "rules")
    flat = " ".join(out.split())
    for _number, when, _listed in summary.RULES:
        assert " ".join(when.split()) in flat


def test_the_readme_table_is_the_rules_of_the_program() -> None:
    rows = re.findall(r"^\| (\d) \| (.*?) \| (.*?) \|$", README.read_text(encoding="utf-8"), re.M)
    shown = [(int(n), when.replace("`", ""), what.replace("`", "")) for n, when, what in rows]
    assert shown == list(summary.RULES)
