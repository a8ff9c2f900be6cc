"""`msjournal log ...`: every kind, every option, prompts, and invalid input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.entries import FIELDS

from .conftest import dump

Run = Callable[..., Result]


def entries_json(run: Run) -> list[dict[str, object]]:
    result = run("list", "--format", "json")
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def only_entry(run: Run) -> dict[str, object]:
    found = entries_json(run)
    assert len(found) == 1
    return found[0]


def test_log_weakness_stores_every_field_and_confirms_on_stderr(run: Run) -> None:
    result = run(
        "log",
        "weakness",
        "6",
        "--where",
        "legs",
        "--activity",
        "dressing",
        "--duration",
        "1h30m",
        "--note",
        "Worse after the shower",
        "-t",
        "Heat",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # data on stdout only when asked for
    assert result.stderr.startswith("Saved entry 1: weakness 6/10")
    assert len(result.stderr.strip().splitlines()) == 1
    entry = only_entry(run)
    assert entry["kind"] == "weakness"
    assert entry["severity"] == 6
    assert entry["regions"] == ["legs"]
    assert entry["activities"] == ["dressing"]
    assert entry["duration_minutes"] == 90
    assert entry["note"] == "Worse after the shower"
    assert entry["tags"] == ["heat"]
    assert entry["fatigue_type"] is None and entry["minutes"] is None


def test_log_format_json_prints_the_stored_entry_in_the_entry_shape(run: Run) -> None:
    result = run("log", "fatigue", "7", "--type", "cog", "--format", "json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert list(entry) == list(FIELDS)
    assert entry["id"] == 1
    assert entry["fatigue_type"] == "cognitive"
    assert entry["regions"] == [] and entry["causes"] == []
    assert entry["logged_at"] == entry["updated_at"]
    assert entry == only_entry(run)


def test_fatigue_type_defaults_to_both_and_stays_apart_from_weakness(run: Run) -> None:
    assert run("log", "fatigue", "4").exit_code == 0
    assert run("log", "weakness", "4", "-w", "arms").exit_code == 0
    fatigue, weakness = sorted(entries_json(run), key=lambda e: str(e["kind"]))
    assert fatigue["kind"] == "fatigue" and fatigue["fatigue_type"] == "both"
    assert fatigue["regions"] == []
    assert weakness["kind"] == "weakness" and weakness["fatigue_type"] is None


def test_choices_forgive_case_prefixes_synonyms_and_commas(run: Run) -> None:
    result = run(
        "log",
        "weakness",
        "5",
        "--where",
        "L leg,RIGHT-ARM",
        "-w",
        "hand",
        "-a",
        "cook",
        "-a",
        "Stairs",
    )
    assert result.exit_code == 0, result.output
    entry = only_entry(run)
    assert entry["regions"] == ["left-leg", "right-arm", "hands"]  # vocabulary order
    assert entry["activities"] == ["cooking", "stairs"]


def test_unknown_and_ambiguous_choices_list_the_valid_values(run: Run) -> None:
    unknown = run("log", "weakness", "5", "--where", "elbow")
    assert unknown.exit_code == 2
    assert "'elbow'" in unknown.stderr and "left-leg" in unknown.stderr
    ambiguous = run("log", "weakness", "5", "--where", "le")
    assert ambiguous.exit_code == 2
    assert "legs" in ambiguous.stderr and "left-hand" in ambiguous.stderr


@pytest.mark.parametrize(
    ("options", "grade", "injury"),
    [
        ((), 2, "none"),
        (("--injury", "minor"), 2, "minor"),
        (("--injury", "medical"), 3, "medical"),
        (("--injury", "hosp"), 4, "hospital"),
        (("--near",), 1, "none"),
    ],
)
def test_falls_carry_their_hopkins_grade(
    run: Run, options: tuple[str, ...], grade: int, injury: str
) -> None:
    assert run("log", "fall", *options).exit_code == 0
    entry = only_entry(run)
    assert entry["hopkins_grade"] == grade
    assert entry["injury"] == injury
    assert entry["near_fall"] is ("--near" in options)


def test_log_fall_with_every_option(run: Run) -> None:
    result = run(
        "log",
        "fall",
        "--place",
        "bath",
        "--doing",
        "turn",
        "--cause",
        "slipped,dizzy",
        "--aid",
        "afo",
        "--aid",
        "ankle splint",
        "--aid",
        "cane",
        "--needed-help",
    )
    assert result.exit_code == 0, result.output
    entry = only_entry(run)
    assert entry["place"] == "bathroom"
    assert entry["doing"] == "turning"
    assert entry["causes"] == ["slipped", "dizzy"]
    assert entry["aids"] == ["cane", "ankle-brace"]
    assert entry["got_up_alone"] is False


def test_near_fall_refuses_an_injury_and_got_up_alone(run: Run, journal_path: Path) -> None:
    result = run("log", "fall", "--near", "--injury", "minor")
    assert result.exit_code == 2
    assert "near-fall" in result.stderr
    assert run("log", "fall", "--near", "--got-up-alone").exit_code == 2
    assert not journal_path.exists()


def test_log_near_fall_is_log_fall_near(run: Run) -> None:
    result = run("log", "near-fall", "--doing", "turning", "--place", "kitchen")
    assert result.exit_code == 0, result.output
    entry = only_entry(run)
    assert (entry["near_fall"], entry["hopkins_grade"], entry["injury"]) == (True, 1, "none")
    assert (entry["doing"], entry["place"]) == ("turning", "kitchen")
    assert run("log", "near-fall", "--injury", "minor").exit_code == 2  # no such option


def test_log_exercise_with_every_option(run: Run) -> None:
    result = run(
        "log",
        "exercise",
        "45",
        "--type",
        "swimming",
        "--effort",
        "5",
        "--with-therapist",
        "--after",
        "3",
    )
    assert result.exit_code == 0, result.output
    entry = only_entry(run)
    assert entry["minutes"] == 45
    assert entry["exercise_type"] == "aquatic"
    assert entry["effort"] == 5
    assert entry["with_therapist"] is True
    assert entry["after"] == 3


def test_note_from_standard_input(run: Run) -> None:
    result = run("log", "weakness", "3", "-w", "feet", "-n", "-", input="Long walk\nto town\n")
    assert result.exit_code == 0, result.output
    assert only_entry(run)["note"] == "Long walk\nto town"


def test_at_is_stored_with_the_local_offset(run: Run) -> None:
    assert run("log", "weakness", "4", "-w", "legs", "--at", "yesterday 3pm").exit_code == 0
    at = datetime.fromisoformat(str(only_entry(run)["at"]))
    assert at.tzinfo is not None
    yesterday = datetime.now().astimezone().date() - timedelta(days=1)
    assert (at.date(), at.hour, at.minute) == (yesterday, 15, 0)


def test_a_time_in_the_future_is_refused(run: Run, journal_path: Path) -> None:
    tomorrow = (datetime.now() + timedelta(days=1)).date().isoformat()
    result = run("log", "weakness", "4", "-w", "legs", "--at", f"{tomorrow} 10:00")
    assert result.exit_code == 2
    assert "future" in result.stderr
    assert not journal_path.exists()


# --- missing values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (("log", "weakness", "--where", "legs"), "severity"),
        (("log", "weakness", "5"), "where"),
        (("log", "fatigue"), "severity"),
        (("log", "exercise", "--type", "yoga"), "minutes"),
        (("log", "exercise", "30"), "type"),
    ],
)
def test_missing_values_without_a_terminal_exit_2_with_one_line(
    run: Run, journal_path: Path, args: tuple[str, ...], missing: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert missing in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not journal_path.exists()


@pytest.mark.usefixtures("terminal")
def test_missing_values_are_asked_for_at_a_terminal(run: Run) -> None:
    result = run("log", "weakness", input="6\nl leg, arms\n")
    assert result.exit_code == 0, result.output
    # The prompt lists the choices, and takes the same abbreviations.
    assert "left-leg" in result.stderr and "whole-body" in result.stderr
    entry = only_entry(run)
    assert entry["severity"] == 6
    assert entry["regions"] == ["left-leg", "arms"]


@pytest.mark.usefixtures("terminal")
def test_a_wrong_answer_is_explained_and_asked_again(run: Run) -> None:
    result = run("log", "exercise", input="lots\n30\nswim\n")
    assert result.exit_code == 0, result.output
    assert "whole number from 1 to 600" in result.stderr
    entry = only_entry(run)
    assert (entry["minutes"], entry["exercise_type"]) == (30, "aquatic")


@pytest.mark.usefixtures("terminal")
def test_a_wrong_value_at_a_terminal_is_explained_and_asked_again(run: Run) -> None:
    result = run("log", "weakness", "12", "--where", "legg", input="6\nlegs\n")
    assert result.exit_code == 0, result.output
    assert "0 to 10; got 12" in result.stderr  # what was wrong, then the question
    assert "Did you mean legs?" in result.stderr
    entry = only_entry(run)
    assert (entry["severity"], entry["regions"]) == (6, ["legs"])


@pytest.mark.usefixtures("terminal")
def test_a_wrong_time_at_a_terminal_is_asked_again(run: Run) -> None:
    result = run("log", "fatigue", "4", "--at", "yesterday 25:00", input="yesterday 9pm\n")
    assert result.exit_code == 0, result.output
    assert "When did it happen?" in result.stderr
    assert str(only_entry(run)["at"])[11:16] == "21:00"


def test_got_up_alone_and_needed_help_together_are_refused(run: Run, journal_path: Path) -> None:
    result = run("log", "fall", "--got-up-alone", "--needed-help")
    assert result.exit_code == 2
    assert "one of" in result.stderr
    assert not journal_path.exists()


# --- invalid input never changes the journal -----------------------------------------

INVALID = [
    ("log", "weakness", "11", "-w", "legs"),
    ("log", "weakness", "-1", "-w", "legs"),
    ("log", "weakness", "six", "-w", "legs"),
    ("log", "weakness", "", "-w", "legs"),
    ("log", "weakness", "5", "-w", ""),
    ("log", "weakness", "5", "-w", "elbow"),
    ("log", "weakness", "5", "-w", "legs", "-a", "juggling"),
    ("log", "weakness", "5", "-w", "legs", "--duration", "forever"),
    ("log", "weakness", "5", "-w", "legs", "--duration", "0m"),
    ("log", "weakness", "5", "-w", "legs", "--at", "the day after tomorrow"),
    ("log", "weakness", "5", "-w", "legs", "--at", "2026-13-45"),
    ("log", "weakness", "5", "-w", "legs", "--at", ""),
    ("log", "weakness", "5", "-w", "legs", "--at", "1900-01-01 10:00"),
    ("log", "weakness", "5", "-w", "legs", "--note", ""),
    ("log", "weakness", "5", "-w", "legs", "--note", "   "),
    ("log", "weakness", "5", "-w", "legs", "--tag", ""),
    ("log", "fatigue", "99"),
    ("log", "fatigue", "5", "--type", "emotional"),
    ("log", "fatigue", "5", "--type", ""),
    ("log", "fatigue", "5", "--at", "yesterday 25:00"),
    ("log", "fatigue", "5", "--note", "a\x00b"),
    ("log", "fall", "--place", "moon"),
    ("log", "fall", "--place", ""),
    ("log", "fall", "--doing", "flying"),
    ("log", "fall", "--cause", "gravity"),
    ("log", "fall", "--injury", "broken"),
    ("log", "fall", "--aid", "jetpack"),
    ("log", "fall", "--aid", "none,cane"),
    ("log", "fall", "--near", "--injury", "hospital"),
    ("log", "fall", "--at", "next week"),
    ("log", "exercise", "0", "--type", "yoga"),
    ("log", "exercise", "601", "--type", "yoga"),
    ("log", "exercise", "thirty", "--type", "yoga"),
    ("log", "exercise", "30", "--type", "dancing"),
    ("log", "exercise", "30", "--type", ""),
    ("log", "exercise", "30", "--type", "yoga", "--effort", "11"),
    ("log", "exercise", "30", "--type", "yoga", "--effort", ""),
    ("log", "exercise", "30", "--type", "yoga", "--after", "-3"),
    ("log", "exercise", "30", "--type", "yoga", "--at", "garbage"),
]


@pytest.fixture
def existing_journal(run: Run, journal_path: Path) -> list[str] | None:
    assert run("log", "weakness", "5", "-w", "legs", "-n", "first").exit_code == 0
    return dump(journal_path)


@pytest.mark.parametrize("args", INVALID, ids=[" ".join(a)[:60] for a in INVALID])
def test_invalid_input_exits_2_names_the_problem_and_changes_nothing(
    run: Run, journal_path: Path, existing_journal: list[str] | None, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message, "an error must say what is wrong"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert dump(journal_path) == existing_journal


def test_messages_name_the_bad_value(run: Run) -> None:
    assert "11" in run("log", "weakness", "11", "-w", "legs").stderr
    assert "'moon'" in run("log", "fall", "--place", "moon").stderr
    assert "'forever'" in run("log", "weakness", "1", "-w", "legs", "-d", "forever").stderr
    assert "'garbage'" in run("log", "fatigue", "1", "--at", "garbage").stderr


# --- forgiving, plain usage --------------------------------------------------------------


def test_usage_errors_are_plain_sentences_not_boxes(run: Run) -> None:
    result = run("log", "weakness", "-1", "-w", "legs")
    assert result.exit_code == 2
    assert "cannot be negative" in result.stderr
    assert "╭" not in result.output and "│" not in result.output
    unknown = run("log", "fatigue", "5", "--where", "legs")
    assert unknown.exit_code == 2
    assert "--where" in unknown.stderr
    assert "msjournal log fatigue --help" in unknown.stderr


def test_command_names_forgive_capitals(run: Run) -> None:
    assert run("LOG", "Weakness", "3", "-w", "legs").exit_code == 0
    assert only_entry(run)["kind"] == "weakness"


def test_a_typo_gets_a_suggestion(run: Run) -> None:
    result = run("log", "weakness", "5", "-w", "left legg")
    assert result.exit_code == 2
    assert "Did you mean left-leg?" in result.stderr
    assert "an activity" in run("log", "weakness", "5", "-w", "legs", "-a", "dresing").stderr


def test_a_hash_before_a_tag_is_dropped(run: Run) -> None:
    assert run("log", "fatigue", "4", "-t", "#heat").exit_code == 0
    assert only_entry(run)["tags"] == ["heat"]


@pytest.mark.usefixtures("terminal")
def test_ctrl_d_at_a_question_saves_nothing(run: Run, journal_path: Path) -> None:
    result = run("log", "weakness", input="")
    assert result.exit_code == 1
    assert "Nothing was changed" in result.stderr
    assert not journal_path.exists()
