"""`msjournal log ...`: every kind, every option, prompts, and invalid input."""

from __future__ import annotations

import json
import re
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


def test_log_weakness_stores_every_field_and_confirms_on_stderr(
    run: Run, journal_path: Path
) -> None:
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
    started, saved = result.stderr.strip().splitlines()  # the first entry starts the journal
    assert started == f"Started a new journal at {journal_path}."
    assert saved.startswith("Saved entry 1: weakness 6/10")
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
    unknown = run("log", "weakness", "5", "--where", "tail")
    assert unknown.exit_code == 2
    assert "'tail'" in unknown.stderr and "left-leg" in unknown.stderr
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
        (("log", "symptom"), "symptom"),
        (("log", "symptom", "4"), "symptom"),
        (("log", "symptom", "pain"), "severity"),
        (("log", "symptom", "--where", "left-eye"), "symptom"),
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
    # The prompt shows the choices once, compactly, and takes the same abbreviations.
    assert "Where? (legs, feet, arms, … ? for all)" in result.stderr
    assert "whole-body" not in result.stderr
    entry = only_entry(run)
    assert entry["severity"] == 6
    assert entry["regions"] == ["left-leg", "arms"]


@pytest.mark.usefixtures("terminal")
def test_a_wrong_answer_is_explained_and_asked_again(run: Run) -> None:
    result = run("log", "exercise", input="lots\n30\nswim\n")
    assert result.exit_code == 0, result.output
    assert "must be a number such as 20, 20min" in result.stderr
    entry = only_entry(run)
    assert (entry["minutes"], entry["exercise_type"]) == (30, "aquatic")


@pytest.mark.usefixtures("terminal")
def test_a_wrong_value_at_a_terminal_is_explained_and_asked_again(run: Run) -> None:
    result = run("log", "weakness", "12", "--where", "legg", input="6\n\n")
    assert result.exit_code == 0, result.output
    assert "0 to 10; got 12" in result.stderr  # what was wrong, then the question
    assert "Did you mean legs? [Y/n]" in result.stderr
    entry = only_entry(run)
    assert (entry["severity"], entry["regions"]) == (6, ["legs"])


@pytest.mark.usefixtures("terminal")
def test_a_wrong_time_at_a_terminal_is_asked_again(run: Run) -> None:
    result = run("log", "fatigue", "4", "--at", "yesterday 25:00", input="yesterday 9pm\n")
    assert result.exit_code == 0, result.output
    assert "When? (e.g. 9am, yesterday 3pm)" in result.stderr
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
    ("log", "weakness", "5", "-w", "tail"),
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
    ("log", "exercise", "lots", "--type", "yoga"),
    ("log", "exercise", "30", "--type", "dancing"),
    ("log", "exercise", "30", "--type", ""),
    ("log", "exercise", "30", "--type", "yoga", "--effort", "11"),
    ("log", "exercise", "30", "--type", "yoga", "--effort", ""),
    ("log", "exercise", "30", "--type", "yoga", "--after", "-3"),
    ("log", "exercise", "30", "--type", "yoga", "--at", "garbage"),
    ("log", "symptom", "pain", "11"),
    ("log", "symptom", "pain", "six"),
    ("log", "symptom", "pain", "4", "5"),
    ("log", "symptom", "headache", "5"),
    ("log", "symptom", "", "5"),
    ("log", "symptom", "s", "5"),  # which of five?
    ("log", "symptom", "weakness", "5"),
    ("log", "symptom", "tired", "5"),
    ("log", "symptom", "pain", "5", "-w", "tail"),
    ("log", "symptom", "pain", "5", "-w", ""),
    ("log", "symptom", "pain", "5", "-a", "walking"),
    ("log", "symptom", "pain", "5", "--type", "physical"),
    ("log", "symptom", "pain", "5", "--duration", "forever"),
    ("log", "symptom", "pain", "5", "--at", "next week"),
    ("log", "symptom", "pain", "5", "--note", ""),
    ("log", "symptom", "visoin", "5"),  # a did-you-mean stays an error in a script
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
@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (("log", "weakness"), ""),
        (("log", "weakness", "5"), ""),
        (("log", "weakness", "5", "-w", "legs", "-a", "dresing"), ""),  # at did-you-mean
        (("log", "fall"), ""),
        (("log", "exercise", "30"), "?\n"),
    ],
    ids=" ".join,
)
def test_ctrl_d_at_a_question_saves_nothing_and_exits_130(
    run: Run, journal_path: Path, args: tuple[str, ...], typed: str
) -> None:
    result = run(*args, input=typed)
    assert result.exit_code == 130
    assert result.stderr.endswith("\nStopped. Nothing was saved.\n")
    assert not journal_path.exists()


# --- the order and form of questions -------------------------------------------------------


def prompts(stderr: str, *questions: str) -> list[int]:
    """Where each question first appears, to check their order."""
    found = [stderr.find(question) for question in questions]
    assert -1 not in found, (questions, stderr)
    return found


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "typed", "order", "expected"),
    [
        (
            ("log", "weakness", "5", "--activity", "jugling"),
            "legs\ncooking\n",
            ("Where?", "'jugling' is not an activity", "What was hard?"),
            {"regions": ["legs"], "activities": ["cooking"]},
        ),
        (
            ("log", "weakness", "-a", "jugling", "--at", "garbage"),
            "4\narms\nstairs\n9am\n",
            ("How weak", "Where?", "'jugling'", "What was hard?", "'garbage'", "When?"),
            {"severity": 4, "regions": ["arms"], "activities": ["stairs"]},
        ),
        (
            ("log", "exercise", "--effort", "11", "--type", "yuga"),
            "20min\n\n5\n",
            ("How many minutes?", "Did you mean yoga? [Y/n]", "got 11", "Effort, 0"),
            {"minutes": 20, "exercise_type": "yoga", "effort": 5},
        ),
        (
            ("log", "fall", "--place", "moon"),
            "minor\nkitchen\n",
            ("Were you hurt?", "'moon' is not a place", "Where? (bathroom"),
            {"injury": "minor", "place": "kitchen"},
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) and value[0] == "log" else "",
)
def test_required_values_are_asked_first_then_the_wrongly_typed_ones(
    run: Run, args: tuple[str, ...], typed: str, order: tuple[str, ...], expected: dict[str, object]
) -> None:
    result = run(*args, input=typed)
    assert result.exit_code == 0, result.output
    found = prompts(result.stderr, *order)
    assert found == sorted(found), result.stderr
    entry = only_entry(run)
    assert {name: entry[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("label", "vocabulary", "question"),
    [
        ("Where", "region", "Where? (legs, feet, arms, … ? for all)"),
        ("Which type", "fatigue type", "Which type? (physical, cognitive, both)"),
        ("What was hard", "activity", "What was hard? (dressing, … ? for all)"),
        ("Where", "place", "Where? (bathroom, bedroom, … ? for all)"),
    ],
)
def test_each_question_shows_its_choices_once_within_40_columns(
    label: str, vocabulary: str, question: str
) -> None:
    from msjournal import vocab
    from msjournal.cli.common import choices_question

    assert choices_question(label, vocabulary) == question
    for name in vocab.VOCABULARIES:  # every vocabulary, even as it grows
        assert len(choices_question("What caused it", name)) < 40


@pytest.mark.usefixtures("terminal")
def test_every_question_of_a_run_fits_40_columns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from msjournal.cli import common

    asked: list[str] = []
    original = common.prompt

    def recorded(question: str) -> str:
        asked.append(question)
        return original(question)

    monkeypatch.setattr(common, "prompt", recorded)
    result = run(
        "log", "fall", "--place", "x", "--doing", "x", "--cause", "x", "--aid", "x", "--at", "x",
        input="\n" * 5 + "now\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert asked[0] == HURT  # the design's words; wrapped at a narrow terminal
    assert len(asked) == 6
    assert all(len(question) < 40 for question in asked[1:]), asked


@pytest.mark.usefixtures("terminal")
def test_a_question_mark_lists_every_choice_and_asks_again(run: Run) -> None:
    result = run("log", "weakness", "5", input="?\nwhole\n")
    assert result.exit_code == 0, result.output
    assert "'?'" not in result.stderr  # not a wrong answer: a request for the list
    assert "Choose from: legs, left-leg, right-leg," in result.stderr
    assert "whole-body" in result.stderr
    assert result.stderr.count("Where? (") == 2
    assert only_entry(run)["regions"] == ["whole-body"]


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "field", "left"),
    [
        (("log", "weakness", "5", "-w", "legs", "-a", "jugling"), "activities", []),
        (
            ("log", "weakness", "5", "-w", "legs", "-a", "cooking,jugling"),
            "activities",
            ["cooking"],
        ),
        (("log", "weakness", "5", "-w", "legs", "-d", "forever"), "duration_minutes", None),
        (("log", "fatigue", "5", "--type", "emotional"), "fatigue_type", "both"),
        (("log", "fall", "--injury", "broken"), "injury", "none"),
        (("log", "fall", "--near", "--cause", "gravity"), "causes", []),
        (("log", "exercise", "30", "--type", "yoga", "--after", "-3"), "after", None),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_enter_leaves_out_a_wrongly_typed_optional_value(
    run: Run, args: tuple[str, ...], field: str, left: object
) -> None:
    result = run(*args, input="\n")
    assert result.exit_code == 0, result.output
    assert "Type it again, or press Enter" in result.stderr
    assert only_entry(run)[field] == left


@pytest.mark.usefixtures("terminal")
def test_a_wrong_time_must_be_typed_again_enter_never_makes_it_now(run: Run) -> None:
    """A person who typed a time meant one: Enter must not quietly store now."""
    result = run("log", "fatigue", "4", "--at", "3/11", input="\n\n\n")
    assert result.exit_code == 2
    assert "press Enter for now" not in result.stderr
    assert "Nothing was saved." in result.stderr
    before = datetime.now().astimezone().replace(microsecond=0)
    result = run("log", "fatigue", "4", "--at", "garbage", input="\n?\nnow\n")
    assert result.exit_code == 0, result.output
    assert "last night" in result.stderr  # ? shows the forms that work
    assert datetime.fromisoformat(str(only_entry(run)["at"])) >= before


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "question"),
    [
        (("log", "weakness"), "How weak, 0 (none) to 10 (worst)?"),
        (("log", "weakness", "5"), "Where? ("),
        (("log", "weakness", "5", "-w", "tail"), "Where? ("),
        (("log", "weakness", "11", "-w", "legs"), "How weak"),
        (("log", "exercise", "30"), "What type? ("),
        (("log", "exercise", "--type", "yoga"), "How many minutes?"),
    ],
    ids=" ".join,
)
def test_an_empty_answer_to_a_required_question_is_asked_twice_more_then_stops(
    run: Run, journal_path: Path, args: tuple[str, ...], question: str
) -> None:
    result = run(*args, input="\n\n\n")
    assert result.exit_code == 2
    assert result.stderr.count(question) == 3
    assert result.stderr.count("Please answer, or press Ctrl-C to stop.") == 2
    assert result.stderr.endswith("Nothing was saved.\n")
    assert not journal_path.exists()


@pytest.mark.usefixtures("terminal")
def test_two_empty_answers_then_a_real_one_is_saved(run: Run) -> None:
    result = run("log", "weakness", "5", input="\n\nlegs\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Please answer, or press Ctrl-C to stop.") == 2
    assert only_entry(run)["regions"] == ["legs"]


@pytest.mark.parametrize(
    ("args", "typed", "field", "stored"),
    [
        (("-a", "dresing"), "\n", "activities", ["dressing"]),  # Enter is yes
        (("-a", "dresing"), "y\n", "activities", ["dressing"]),
        (("-a", "dresing"), "Yes\n", "activities", ["dressing"]),
        (("-a", "dresing"), "n\ncooking\n", "activities", ["cooking"]),  # no: asked
        (("-a", "dresing"), "n\n\n", "activities", []),  # no, then Enter: left out
        (("-a", "dresing"), "cooking\n", "activities", ["cooking"]),  # the answer itself
        (("-a", "cooking,dresing"), "\n", "activities", ["dressing", "cooking"]),
        (("-w", "legs,armz"), "\n", "regions", ["legs", "arms"]),
        (("-w", "legs,armz"), "no\n\n", "regions", ["legs"]),
        (("-w", "legz"), "n\nfeet\n", "regions", ["feet"]),
        ((), "legz\n\n", "regions", ["legs"]),  # a wrong answer at the question
        ((), "legz\nn\narms\n", "regions", ["arms"]),
    ],
)
def test_did_you_mean_takes_a_one_key_answer_at_a_terminal_and_is_an_error_in_a_script(
    run: Run,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    typed: str,
    field: str,
    stored: list[str],
) -> None:
    where = ("-w", "hands") if args and "-w" not in args else ()  # else: asked for
    if args:
        script = run("log", "weakness", "5", *where, *args, input=typed)
        assert script.exit_code == 2
        assert "Did you mean" in script.stderr and "[Y/n]" not in script.stderr
        assert not journal_path.exists()
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)
    result = run("log", "weakness", "5", *where, *args, input=typed)
    assert result.exit_code == 0, result.output
    assert "Did you mean" in result.stderr and "? [Y/n]" in result.stderr
    assert only_entry(run)[field] == stored


def test_did_you_mean_in_a_script_stays_an_error_with_status_2(
    run: Run, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = run("log", "exercise", "30", "--type", "yuga", input="y\n")
    assert script.exit_code == 2
    assert "Did you mean yoga?" in script.stderr and "[Y/n]" not in script.stderr
    assert not journal_path.exists()
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)
    assert run("log", "exercise", "30", "--type", "yuga", input="y\n").exit_code == 0
    assert only_entry(run)["exercise_type"] == "yoga"


# --- a fall's injury -----------------------------------------------------------------------

HURT = "Were you hurt? (none, minor, medical, hospital) [none]"


@pytest.mark.parametrize(
    ("at_terminal", "args", "typed", "injury", "grade"),
    [
        (True, (), "\n", "none", 2),  # Enter is none
        (True, (), "minor\n", "minor", 2),
        (True, (), "hosp\n", "hospital", 4),
        (True, (), "?\nmedical\n", "medical", 3),
        (True, (), "hopsital\n\n", "hospital", 4),  # did you mean hospital? Enter
        (True, ("--injury", "medical"), "", "medical", 3),  # given: not asked
        (True, ("--near",), "", "none", 1),  # a near-fall has no injury
        (False, (), "minor\n", "none", 2),  # a script keeps the default
    ],
)
def test_a_fall_at_a_terminal_asks_whether_you_were_hurt(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    at_terminal: bool,
    args: tuple[str, ...],
    typed: str,
    injury: str,
    grade: int,
) -> None:
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: at_terminal)
    result = run("log", "fall", *args, input=typed)
    assert result.exit_code == 0, result.output
    assert (HURT in result.stderr) is (at_terminal and not args)
    entry = only_entry(run)
    assert (entry["injury"], entry["hopkins_grade"]) == (injury, grade)


# --- exercise minutes with units -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("20min", 20),
        ("20 min", 20),
        ("1h", 60),
        ("1.5h", 90),
        ("1h15", 75),
        ("45", 45),
        ("11h", None),  # more than 600 minutes
        ("0min", None),
        ("1.5h30", None),
        ("lots", None),
    ],
)
def test_exercise_minutes_accept_units(
    run: Run, journal_path: Path, typed: str, minutes: int | None
) -> None:
    result = run("log", "exercise", typed, "--type", "walking")
    if minutes is None:
        assert result.exit_code == 2
        assert "The number of minutes must be" in result.stderr
        assert not journal_path.exists()
    else:
        assert result.exit_code == 0, result.output
        assert only_entry(run)["minutes"] == minutes


# --- other symptoms (product.md, "More than weakness: other symptoms") -----------------------


def test_log_symptom_stores_every_field_and_confirms(run: Run, journal_path: Path) -> None:
    result = run(
        "log", "symptom", "vision", "4", "--where", "left-eye", "--duration", "2h",
        "--note", "Blurred after a hot bath", "-t", "heat", "--at", "today 7:45",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    started, saved = result.stderr.strip().splitlines()
    assert started == f"Started a new journal at {journal_path}."
    assert re.fullmatch(r"Saved entry 1: vision 4/10; left-eye; 2h \(.*07:45\)\.", saved), saved
    entry = only_entry(run)
    assert entry["kind"] == "symptom"
    assert (entry["symptom"], entry["severity"]) == ("vision", 4)
    assert entry["regions"] == ["left-eye"]
    assert entry["duration_minutes"] == 120
    assert entry["note"] == "Blurred after a hot bath"
    assert entry["tags"] == ["heat"]
    assert entry["activities"] == [] and entry["fatigue_type"] is None
    assert entry["hopkins_grade"] is None


def test_log_symptom_needs_only_its_name_and_severity(run: Run) -> None:
    result = run("log", "symptom", "pain", "6", "--format", "json")
    assert result.exit_code == 0, result.output
    assert re.search(r"^Saved entry 1: pain 6/10 \(.+\)\.$", result.stderr, re.M), result.stderr
    entry = json.loads(result.stdout)
    assert list(entry) == list(FIELDS)
    assert list(entry).index("symptom") == list(entry).index("after") + 1
    assert (entry["symptom"], entry["severity"], entry["regions"]) == ("pain", 6, [])
    assert entry["duration_minutes"] is None
    assert entry == only_entry(run)


@pytest.mark.parametrize(
    ("words", "symptom", "severity"),
    [
        (("brain", "fog", "4"), "cognition", 4),  # a name of several words, unquoted
        (("brain fog", "4"), "cognition", 4),
        (("pain 5",), "pain", 5),  # quoted together
        (("pins", "and", "needles", "3"), "tingling", 3),
        (("3", "pins", "and", "needles"), "tingling", 3),  # the number first
        (("7", "pain"), "pain", 7),
        (("Low", "Mood", "6/10"), "mood", 6),
        (("stiff", "5"), "spasticity", 5),
        (("uhthoff", "2"), "heat-sensitivity", 2),
        (("spe", "5"), "speech", 5),
        (("h", "0"), "heat-sensitivity", 0),
        (("other", "10"), "other", 10),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_symptom_names_forgive_case_starts_other_words_and_order(
    run: Run, words: tuple[str, ...], symptom: str, severity: int
) -> None:
    result = run("log", "symptom", *words)
    assert result.exit_code == 0, result.output
    entry = only_entry(run)
    assert (entry["symptom"], entry["severity"]) == (symptom, severity)


@pytest.mark.parametrize("at_terminal", [False, True], ids=["script", "terminal"])
@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("weakness", "5"), "Weakness is logged with: msjournal log weakness ..."),
        (("weak", "5"), "Weakness is logged with: msjournal log weakness ..."),
        (("5", "weakness"), "Weakness is logged with: msjournal log weakness ..."),
        (("fatigue", "5"), "Fatigue is logged with: msjournal log fatigue ..."),
        (("tired", "5"), "Fatigue is logged with: msjournal log fatigue ..."),
        (("exhausted",), "Fatigue is logged with: msjournal log fatigue ..."),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_weakness_and_fatigue_are_never_logged_as_symptoms(
    run: Run,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    at_terminal: bool,
    words: tuple[str, ...],
    message: str,
) -> None:
    """They keep their own commands, at a terminal too: nothing is asked, nothing saved."""
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: at_terminal)
    result = run("log", "symptom", *words, input="pain\n5\n")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not journal_path.exists()


@pytest.mark.usefixtures("terminal")
def test_missing_name_and_severity_are_asked_for_at_a_terminal(run: Run) -> None:
    result = run("log", "symptom", "--where", "l eye", input="blurred vision\n4\n")
    assert result.exit_code == 0, result.output
    order = prompts(result.stderr, "Which symptom? (", "How bad, 0 (none) to 10 (worst)?")
    assert order == sorted(order)
    assert "Where?" not in result.stderr  # optional: never asked
    entry = only_entry(run)
    assert (entry["symptom"], entry["severity"], entry["regions"]) == ("vision", 4, ["left-eye"])


@pytest.mark.usefixtures("terminal")
def test_a_severity_alone_asks_only_for_the_name(run: Run) -> None:
    result = run("log", "symptom", "6", input="numb\n")
    assert result.exit_code == 0, result.output
    assert "Which symptom? (" in result.stderr and "How bad" not in result.stderr
    assert (only_entry(run)["symptom"], only_entry(run)["severity"]) == ("numbness", 6)


@pytest.mark.usefixtures("terminal")
def test_the_symptom_question_fits_40_columns_and_lists_every_name_on_question_mark(
    run: Run,
) -> None:
    from msjournal import vocab
    from msjournal.cli.common import choices_question

    assert len(choices_question("Which symptom", "symptom")) < 40
    result = run("log", "symptom", "3", input="?\nsleep\n")
    assert result.exit_code == 0, result.output
    assert f"Choose from: {', '.join(vocab.SYMPTOMS)}." in result.stderr
    assert result.stderr.count("Which symptom? (") == 2
    assert only_entry(run)["symptom"] == "sleep"


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "typed", "said", "expected"),
    [
        (("visoin", "4"), "\n", "Did you mean vision? [Y/n]", ("vision", 4)),
        (("visoin", "4"), "n\npain\n", "Did you mean vision? [Y/n]", ("pain", 4)),
        (("pain", "11"), "7\n", "0 to 10; got 11", ("pain", 7)),
        (("headache", "5"), "pain\n", "'headache' is not a symptom", ("pain", 5)),
        (("s", "5"), "sleep\n", "'s' could be spasticity, spasms, sleep", ("sleep", 5)),
        ((), "weakness\npain\n5\n", "Weakness is logged with", ("pain", 5)),
    ],
    ids=["did-you-mean yes", "did-you-mean no", "severity", "unknown", "ambiguous", "weakness"],
)
def test_a_wrong_name_or_severity_is_explained_and_asked_again(
    run: Run, args: tuple[str, ...], typed: str, said: str, expected: tuple[str, int]
) -> None:
    result = run("log", "symptom", *args, input=typed)
    assert result.exit_code == 0, result.output
    assert said in result.stderr
    entry = only_entry(run)
    assert (entry["symptom"], entry["severity"]) == expected


@pytest.mark.usefixtures("terminal")
def test_an_empty_answer_for_the_symptom_is_asked_twice_more_then_stops(
    run: Run, journal_path: Path
) -> None:
    result = run("log", "symptom", "4", input="\n\n\n")
    assert result.exit_code == 2
    assert result.stderr.count("Which symptom? (") == 3
    assert result.stderr.endswith("Nothing was saved.\n")
    assert not journal_path.exists()


@pytest.mark.usefixtures("terminal")
def test_ctrl_d_at_the_symptom_question_saves_nothing(run: Run, journal_path: Path) -> None:
    result = run("log", "symptom", input="")
    assert result.exit_code == 130
    assert result.stderr.endswith("\nStopped. Nothing was saved.\n")
    assert not journal_path.exists()


def test_a_symptom_logged_twice_within_minutes_is_asked_about(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The duplicate check covers other symptoms like every kind."""
    assert run("log", "symptom", "vision", "4", "-w", "left-eye").exit_code == 0
    script = run("log", "symptom", "vision", "4", "-w", "left-eye")
    assert script.exit_code == 0
    assert "You logged the same a moment ago (entry 1); saved again." in script.stderr
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)
    asked = run("log", "symptom", "vision", "4", "-w", "left-eye", input="\n")
    assert asked.exit_code == 0
    assert "You logged this a moment ago. Save it again? [y/N]" in asked.stderr
    assert "Nothing was saved." in asked.stderr
    other = run("log", "symptom", "vision", "5", "-w", "left-eye", input="")
    assert other.exit_code == 0 and "Save it again" not in other.stderr  # not the same
    assert len(entries_json(run)) == 3


def test_a_logged_symptom_is_in_the_history_and_undo_takes_it_back(run: Run) -> None:
    assert run("log", "symptom", "numbness", "3", "-w", "left-foot").exit_code == 0
    history = run("history", "--format", "json")
    assert history.exit_code == 0, history.output
    [change] = json.loads(history.stdout)
    assert change["action"] == "log"
    assert change["summary"] == "entry 1: numbness 3/10; left-foot"
    undone = run("undo", "--yes")
    assert undone.exit_code == 0, undone.output
    assert entries_json(run) == []


def test_log_symptom_help_reads_at_40_columns() -> None:
    from typer.testing import CliRunner

    from msjournal.cli import app

    result = CliRunner().invoke(
        app, ["log", "symptom", "--help"], env={"COLUMNS": "40", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    assert "NAME SEVERITY" in result.stdout
    assert "heat-sensitivity" in result.stdout.replace("\n", " ").replace("  ", " ")
