"""No silent surprises (product.md, Part 2): what msjournal used to do quietly, said.

Each test fails on the quiet behaviour it replaces: a journal started without a
word, a tag that was meant as --type, an export whose format ignored the file name,
a listing that did not say how much it left out, an edit that did not say what it
changed, the same entry saved twice in a minute, a typed escape sequence obeyed.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from msjournal.cli import common
from msjournal.dates import display
from msjournal.db import open_journal
from msjournal.entries import Entry
from msjournal.paths import JournalPath

Run = Callable[..., Result]
ESC = "\x1b"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def stored(run: Run) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(ok(run("list", "--format", "json")).stdout)
    return entries


def lines(text: str) -> list[str]:
    return text.strip().splitlines()


class Clock:
    """The time every log command sees, moved on by hand."""

    def __init__(self) -> None:
        self.moment = datetime.now().astimezone().replace(second=0, microsecond=0)
        self.moment -= timedelta(hours=1)

    def __call__(self) -> datetime:
        return self.moment

    def wait(self, minutes: float) -> None:
        self.moment += timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    now = Clock()
    monkeypatch.setattr("msjournal.cli.log.now", now)
    monkeypatch.setattr("msjournal.cli.browse.now", now)
    return now


def fill(path: Path, count: int, **fields: Any) -> None:
    """A journal of ``count`` fatigue entries, an hour apart, ending now."""
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(hours=count)
    with open_journal(JournalPath(path, "option"), create=True) as journal:
        for i in range(count):
            at = start + timedelta(hours=i)
            entry = Entry(kind="fatigue", at=at, severity=i % 11, fatigue_type="both", **fields)
            journal.add(entry.replace(uuid=str(uuid.uuid4())), at)


# --- 1. a new journal is announced ------------------------------------------------------


def test_the_write_that_starts_a_journal_says_where(run: Run, journal_path: Path) -> None:
    first = ok(run("log", "fatigue", "5"))
    assert lines(first.stderr)[0] == f"Started a new journal at {journal_path}."
    assert "Started" not in ok(run("log", "fatigue", "6")).stderr  # only the first time
    assert "Started" not in ok(run("list")).stderr


def test_a_mistyped_db_is_noticed_not_refused(run: Run, tmp_path: Path) -> None:
    meant, typed = tmp_path / "j1.db", tmp_path / "j1.bd"
    ok(run("--db", str(meant), "log", "fatigue", "5"))
    result = ok(run("--db", str(typed), "log", "fatigue", "6"))
    assert f"Started a new journal at {typed}." in result.stderr
    assert typed.exists()  # saved, as typed: the announcement is the warning


def test_an_import_that_starts_a_journal_says_so(run: Run, tmp_path: Path) -> None:
    ok(run("log", "weakness", "4", "-w", "legs"))
    export = tmp_path / "all.json"
    ok(run("export", "-o", str(export)))
    other = tmp_path / "other.db"
    result = ok(run("--db", str(other), "import", str(export)))
    assert lines(result.stderr)[0] == f"Started a new journal at {other}."


# --- 2. a tag that is a --type ----------------------------------------------------------


def test_a_script_saves_a_type_tag_as_typed_and_names_type(run: Run) -> None:
    result = ok(run("log", "fatigue", "6", "-t", "cog"))
    assert lines(result.stderr)[-1] == (
        "Saved 'cog' as a tag. For the fatigue type, use --type cognitive."
    )
    [entry] = stored(run)
    assert (entry["fatigue_type"], entry["tags"]) == ("both", ["cog"])


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("tag", "meant"), [("cog", "cognitive"), ("Physical", "physical"), ("brain", "cognitive")]
)
def test_at_a_terminal_enter_moves_a_type_tag_to_the_type(run: Run, tag: str, meant: str) -> None:
    result = ok(run("log", "fatigue", "6", "-t", f"heat,{tag}", input="\n"))
    assert f"Did you mean --type {meant}? [Y/n]" in result.stderr
    assert "as a tag" not in result.stderr
    [entry] = stored(run)
    assert (entry["fatigue_type"], entry["tags"]) == (meant, ["heat"])


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_no_keeps_the_tag(run: Run) -> None:
    result = ok(run("log", "fatigue", "6", "-t", "cog", input="n\n"))
    assert "Did you mean --type cognitive? [Y/n]" in result.stderr
    assert "as a tag" not in result.stderr  # they said so themselves
    [entry] = stored(run)
    assert (entry["fatigue_type"], entry["tags"]) == ("both", ["cog"])


@pytest.mark.usefixtures("terminal")
def test_the_severity_is_asked_before_the_type_tag(run: Run) -> None:
    result = ok(run("log", "fatigue", "-t", "cog", input="6\ny\n"))
    assert result.stderr.index("How tired") < result.stderr.index("Did you mean --type")
    [entry] = stored(run)
    assert (entry["severity"], entry["fatigue_type"], entry["tags"]) == (6, "cognitive", [])


@pytest.mark.parametrize("args", [("--type", "physical"), ()], ids=["type-given", "plain-tag"])
def test_no_question_when_type_is_given_or_the_tag_is_no_type(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)
    tag = "cog" if args else "heat"
    result = ok(run("log", "fatigue", "6", "-t", tag, *args, input=""))
    assert "Did you mean" not in result.stderr and "as a tag" not in result.stderr
    assert stored(run)[0]["tags"] == [tag]


@pytest.mark.usefixtures("terminal")
def test_exercise_a_type_tag_at_a_terminal_is_the_type(run: Run) -> None:
    result = ok(run("log", "exercise", "30", "-t", "walk", input="\n"))
    assert "Did you mean --type walking? [Y/n]" in result.stderr
    assert "What type" not in result.stderr  # answered by the tag
    [entry] = stored(run)
    assert (entry["exercise_type"], entry["tags"]) == ("walking", [])


@pytest.mark.usefixtures("terminal")
def test_exercise_no_to_the_type_tag_asks_for_the_type(run: Run) -> None:
    result = ok(run("log", "exercise", "30", "-t", "pool", input="n\nyoga\n"))
    assert "Did you mean --type aquatic? [Y/n]" in result.stderr
    assert "What type" in result.stderr
    [entry] = stored(run)
    assert (entry["exercise_type"], entry["tags"]) == ("yoga", ["pool"])


def test_exercise_in_a_script_names_type_for_the_tag(run: Run, journal_path: Path) -> None:
    result = run("log", "exercise", "30", "-t", "walk")
    assert result.exit_code == 2
    assert "'walk' was given as a tag (-t)" in result.stderr
    assert "use --type walking" in result.stderr
    assert not journal_path.exists()


# --- 3. a fall asks whether you were hurt: tests/test_cli_log.py and test_prompts_pty.py

# --- 4. export takes its format from the file name ----------------------------------------


@pytest.fixture
def one_entry(run: Run) -> None:
    ok(run("log", "weakness", "4", "-w", "legs"))


@pytest.mark.usefixtures("one_entry")
@pytest.mark.parametrize(
    ("name", "args", "first"),
    [
        ("all.json", (), '{"format": "msjournal"'),
        ("ALL.JSON", (), '{"format": "msjournal"'),
        ("visit.csv", (), "\ufeffid,uuid,kind"),
        ("visit.csv", ("--format", "csv"), "\ufeffid,uuid,kind"),
        ("all.json", ("-f", "json"), '{"format": "msjournal"'),
        ("visit.txt", ("--format", "csv"), "\ufeffid,uuid,kind"),  # said, so done
    ],
)
def test_export_writes_the_format_its_file_is_named_for(
    run: Run, tmp_path: Path, name: str, args: tuple[str, ...], first: str
) -> None:
    target = tmp_path / name
    ok(run("export", "-o", str(target), *args))
    text = target.read_text(encoding="utf-8")
    assert text.startswith(first)
    if first.startswith("{"):
        assert json.loads(text)["entries"][0]["kind"] == "weakness"


@pytest.mark.usefixtures("one_entry")
@pytest.mark.parametrize(
    ("name", "args", "said"),
    [
        ("visit.txt", (), "add --format csv"),
        ("visit", (), "add --format csv"),
        ("visit.md", (), "msjournal report --format markdown > visit.md"),
        ("visit.md", ("--format", "csv"), "msjournal report"),
        ("visit.html", ("--format", "json"), "Name the file .csv or .json."),
        ("visit.csv", ("--format", "json"), "leave out --format, or name the file .json"),
        ("all.json", ("--format", "csv"), "leave out --format, or name the file .csv"),
    ],
)
def test_export_refuses_a_file_named_for_another_format(
    run: Run, tmp_path: Path, name: str, args: tuple[str, ...], said: str
) -> None:
    target = tmp_path / name
    result = run("export", "-o", str(target), *args)
    assert result.exit_code == 2
    assert ".csv" in result.stderr and ".json" in result.stderr  # names the formats
    assert said in result.stderr
    assert not target.exists()
    assert len(lines(result.stderr)) == 2


@pytest.mark.usefixtures("one_entry")
def test_export_to_the_screen_is_still_csv_unless_told(run: Run) -> None:
    assert ok(run("export")).stdout.startswith("\ufeffid,uuid,kind")
    assert ok(run("export", "--format", "json")).stdout.startswith('{"format": "msjournal"')


# --- 5. every listing says how many matched and how many it shows -------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("-n", "3"), "3 of 43 entries, newest first."),
        ((), "43 entries, newest first."),
        (("-n", "43"), "43 entries, newest first."),
        (("-n", "100"), "43 entries, newest first."),
        (("-n", "3", "--format", "json"), "3 of 43 entries, newest first."),
        (("-n", "3", "--format", "csv"), "3 of 43 entries, newest first."),
        (("--kind", "weakness"), "No entries match."),
        (("--kind", "weakness", "--format", "json"), "No entries match."),
        (("-n", "2", "--tag", "heat"), "2 of 43 entries, newest first."),
    ],
)
def test_a_listing_says_how_many_it_shows_of_how_many(
    run: Run, journal_path: Path, args: tuple[str, ...], said: str
) -> None:
    fill(journal_path, 43, tags=("heat",))
    result = ok(run("list", *args))
    assert lines(result.stderr) == [said]


def test_the_default_table_says_it_shows_the_newest_50(run: Run, journal_path: Path) -> None:
    fill(journal_path, 60)
    result = ok(run("list"))
    assert lines(result.stderr) == [
        "50 of 60 entries, newest first.",
        "To see more, use -n or --from.",
    ]
    assert ok(run("list", "--format", "json")).stderr.strip() == "60 entries, newest first."


def test_one_entry_and_an_empty_journal(run: Run, journal_path: Path) -> None:
    fill(journal_path, 1)
    assert lines(ok(run("list")).stderr) == ["1 entry."]
    assert lines(ok(run("list", "-n", "1", "--format", "csv")).stderr) == ["1 entry."]
    ok(run("delete", "1", "--yes"))
    assert lines(ok(run("list")).stderr) == ["The journal has no entries yet."]


# --- 6. edit says what changed ------------------------------------------------------------


@pytest.fixture
def weak(run: Run) -> None:
    ok(run("log", "weakness", "5", "-w", "legs", "-t", "heat,poor-sleep"))


@pytest.mark.usefixtures("weak")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("--severity", "6", "--tag", "heat"),
            "Updated entry 1: severity 5 → 6; tags: heat, poor-sleep → heat.",
        ),
        (("--remove-tag", "poor-sleep"), "Updated entry 1: tags: heat, poor-sleep → heat."),
        (
            ("--add-tag", "stress,Cold", "--add-tag", "tired"),
            "Updated entry 1: tags: heat, poor-sleep → cold, heat, poor-sleep, stress, tired.",
        ),
        (
            ("--add-tag", "stress", "--remove-tag", "heat,poor-sleep"),
            "Updated entry 1: tags: heat, poor-sleep → stress.",
        ),
        (("--tag", ""), "Updated entry 1: tags: heat, poor-sleep → none."),
        (("-w", "legs,left-hand"), "Updated entry 1: where: legs → legs, left-hand."),
        (("--duration", "2h"), "Updated entry 1: lasted none → 2h."),
        (("--note", "after the walk"), "Updated entry 1: note: none → 'after the walk'."),
    ],
)
def test_edit_says_what_changed_field_by_field(run: Run, args: tuple[str, ...], said: str) -> None:
    result = ok(run("edit", "1", *args))
    assert lines(result.stderr) == [said]


@pytest.mark.usefixtures("weak")
@pytest.mark.parametrize(
    "args",
    [
        ("--severity", "5"),
        ("--tag", "poor-sleep,heat"),
        ("--add-tag", "heat"),
        ("-w", "Legs"),
    ],
)
def test_edit_that_changes_nothing_says_so(run: Run, args: tuple[str, ...]) -> None:
    before = stored(run)
    result = ok(run("edit", "1", *args))
    assert lines(result.stderr) == ["Nothing changed: entry 1 already says that."]
    assert stored(run) == before  # updated_at as it was


@pytest.mark.usefixtures("weak")
def test_removing_a_tag_the_entry_does_not_have_is_status_2(run: Run) -> None:
    before = stored(run)
    result = run("edit", "1", "--remove-tag", "heat,stress")
    assert result.exit_code == 2
    assert "Entry 1 has no tag 'stress' to remove; its tags are heat, poor-sleep." in (
        result.stderr
    )
    assert stored(run) == before


@pytest.mark.usefixtures("weak")
@pytest.mark.parametrize(
    "args",
    [("--tag", "x", "--add-tag", "y"), ("--tag", "x", "--remove-tag", "heat")],
)
def test_tag_replaces_so_it_does_not_mix_with_add_or_remove(
    run: Run, args: tuple[str, ...]
) -> None:
    result = run("edit", "1", *args)
    assert result.exit_code == 2
    assert "--tag replaces all the tags" in result.stderr


def test_edit_a_fall_names_what_it_became(run: Run) -> None:
    ok(run("log", "fall", "--place", "kitchen"))
    result = ok(run("edit", "1", "--near", "--place", "bath"))
    assert lines(result.stderr) == ["Updated entry 1: fall → near-fall; place kitchen → bathroom."]


def test_the_arrow_is_ascii_where_the_terminal_cannot_show_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stderr", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert common.arrow() == "->"
    monkeypatch.setattr("sys.stderr", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert common.arrow() == "→"


# --- 7. the same entry again within ten minutes ---------------------------------------------


def test_a_script_saves_the_same_entry_again_and_says_so(run: Run, clock: Clock) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    clock.wait(2)
    result = ok(run("log", "weakness", "5", "-w", "legs"))
    assert lines(result.stderr) == [
        f"Saved entry 2: weakness 5/10; legs ({display(clock.moment, clock.moment.date())}).",
        "You logged the same 2 minutes ago (entry 1); saved again.",
    ]
    assert len(stored(run)) == 2


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_enter_saves_nothing_the_second_time(run: Run, clock: Clock) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    clock.wait(3)
    result = ok(run("log", "weakness", "5", "-w", "legs", input="\n"))
    assert "You logged this 3 minutes ago. Save it again? [y/N]" in result.stderr
    assert result.stderr.endswith("[y/N]Nothing was saved.\n")  # the answer is not echoed
    assert len(stored(run)) == 1
    yes = ok(run("log", "weakness", "5", "-w", "legs", input="y\n"))
    assert "Saved entry 2" in yes.stderr and "saved again" not in yes.stderr
    assert len(stored(run)) == 2


@pytest.mark.usefixtures("terminal")
def test_a_moment_later_is_said_plainly(run: Run, clock: Clock) -> None:
    ok(run("log", "exercise", "30", "--type", "walking"))
    clock.wait(0.5)
    result = ok(run("log", "exercise", "30", "--type", "walking", input="n\n"))
    assert "You logged this a moment ago. Save it again? [y/N]" in result.stderr
    assert len(stored(run)) == 1


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("first", "again", "wait"),
    [
        (("weakness", "5", "-w", "legs"), ("weakness", "5", "-w", "legs"), 11),  # too long ago
        (("weakness", "5", "-w", "legs"), ("weakness", "6", "-w", "legs"), 1),  # other values
        (("fatigue", "5"), ("fatigue", "5", "-t", "heat"), 1),  # another tag
        (
            ("weakness", "5", "-w", "legs"),
            ("weakness", "5", "-w", "legs", "--at", "yesterday 9am"),
            1,
        ),
    ],
    ids=["11-minutes", "severity", "tag", "backfilled"],
)
def test_no_question_unless_it_is_the_same_entry_again(
    run: Run, clock: Clock, first: tuple[str, ...], again: tuple[str, ...], wait: float
) -> None:
    ok(run("log", *first))
    clock.wait(wait)
    result = ok(run("log", *again, input=""))
    assert "You logged" not in result.stderr
    assert len(stored(run)) == 2


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "typed", "question", "saved"),
    [
        (
            ("near-fall", "--place", "kitchen"),
            "\n",
            "You logged a near-fall in the kitchen 2 minutes ago. Is this another one? [Y/n]",
            2,
        ),
        (
            ("near-fall", "--place", "kitchen"),
            "n\n",
            "You logged a near-fall in the kitchen 2 minutes ago. Is this another one? [Y/n]",
            1,
        ),
        (
            ("fall", "--injury", "none"),
            "\n",
            "You logged a fall 2 minutes ago. Is this another one? [Y/n]",
            2,
        ),
        (
            ("fall", "--place", "stairs", "--injury", "minor"),
            "no\n",
            "You logged a fall on the stairs 2 minutes ago. Is this another one? [Y/n]",
            1,
        ),
    ],
)
def test_a_fall_again_is_likely_another_fall(
    run: Run, clock: Clock, args: tuple[str, ...], typed: str, question: str, saved: int
) -> None:
    ok(run("log", *args))
    clock.wait(2)
    result = ok(run("log", *args, input=typed))
    assert question in result.stderr
    assert len(stored(run)) == saved
    if saved == 1:
        assert result.stderr.endswith("Nothing was saved.\n")


@pytest.mark.usefixtures("terminal")
def test_ctrl_d_at_the_same_entry_question_saves_nothing(run: Run, clock: Clock) -> None:
    ok(run("log", "fatigue", "4"))
    clock.wait(1)
    result = run("log", "fatigue", "4", input="")
    assert result.exit_code == 130
    assert len(stored(run)) == 1


def test_the_check_runs_in_the_same_opening_as_the_save(
    run: Run, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    opened: list[Path] = []
    real = common.open_journal

    def counting(*args: Any, **kwargs: Any) -> Any:
        journal = real(*args, **kwargs)
        opened.append(journal.path)
        return journal

    monkeypatch.setattr(common, "open_journal", counting)
    ok(run("log", "fatigue", "4"))
    clock.wait(1)
    opened.clear()
    ok(run("log", "fatigue", "4"))
    assert len(opened) == 1


# --- 8. what a person typed is shown, never obeyed -------------------------------------------


def test_an_escape_sequence_in_a_wrong_value_is_shown_not_obeyed(run: Run) -> None:
    result = run("log", "weakness", "5", "-w", f"le{ESC}[2Jgs")
    assert result.exit_code == 2
    assert "'le\\x1b[2Jgs' is not a region" in result.stderr
    assert ESC not in result.output


@pytest.mark.usefixtures("terminal")
def test_an_escape_sequence_at_a_terminal_is_shown_not_obeyed(run: Run) -> None:
    result = ok(run("log", "weakness", "5", "-w", f"le{ESC}[2Jgs", input="legs\n"))
    assert "'le\\x1b[2Jgs' is not a region" in result.stderr
    assert ESC not in result.output
    assert stored(run)[0]["regions"] == ["legs"]


def test_a_note_with_an_escape_is_shown_inert_by_edit(run: Run) -> None:
    ok(run("log", "fatigue", "4", "--note", f"ok{ESC}[31m red"))
    result = ok(run("edit", "1", "--note", f"now{ESC}]0;title{chr(7)} fine"))
    assert ESC not in result.output and chr(7) not in result.output
    assert (
        lines(result.stderr)[-1]
        == "Updated entry 1: note: 'ok\\x1b[31m red' → 'now\\x1b]0;title\\x07 fine'."
    )
    shown = ok(run("show", "1"))
    assert ESC not in shown.output and "now\\x1b]0;title\\x07 fine" in shown.stdout


def test_say_shows_control_characters_but_keeps_its_own_line_breaks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    common.say(f"First line\nsecond {ESC}[2J line\tend\r")
    assert capsys.readouterr().err == "First line\nsecond \\x1b[2J line end\\x0d\n"


def test_a_question_shows_control_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def prompt(text: str, **_: Any) -> str:
        asked.append(text)
        return "y"

    monkeypatch.setattr("typer.prompt", prompt)
    assert common.yes_no(f"Keep 'a{ESC}[2Jb'?", default=False) is True
    assert asked == ["Keep 'a\\x1b[2Jb'? [y/N]"]
