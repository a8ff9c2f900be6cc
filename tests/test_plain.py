"""Plain output for screen readers and braille displays: ``--plain`` or MSJOURNAL_PLAIN=1.

Every listing and report, in plain mode, draws nothing: no box-drawing or block
characters, no trend lines of bars (they are described in words), no arrows or
dots standing for a word; one fact per line, each record led by its identifying
line. JSON and CSV are the same either way.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

from msjournal import plain, summary
from msjournal.cli import app, common
from msjournal.layout import day_label, trend_words
from tests.test_process import MSJOURNAL, child_env
from tests.test_startup import modules_of

WIDTHS = (40, 80)
# What plain output never holds: box drawing (U+2500-U+257F), blocks and the trend
# line's bars (U+2580-U+259F), the dot of a day with nothing logged or of "no
# comparison", arrows, bullets and ticks.
DRAWN = re.compile(
    "[\u2500-\u259f\u2190-\u21ff\u2022\u2713-\u2718"
    + re.escape(summary.BARS + summary.NOTHING)
    + "]"
)
# Arguments for the listings that need some (a listing not named here runs bare):
# a new listing that needs arguments is one line here.
ARGUMENTS: dict[tuple[str, ...], list[tuple[str, ...]]] = {
    ("show",): [("1",), ("1-40",)],
    ("report",): [(), ("--month",), ("--format", "markdown"), ("--month", "-f", "markdown")],
}
# Commands that print for a person without a table format: run in plain mode too.
# (Their own text may indent a line; what render.py draws never does.)
ALSO: list[tuple[str, ...]] = [("path",), ("due",), ("rules",)]


def commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the app, groups and their commands, with its path of names."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), get_command(app))]
    while stack:
        path, command = stack.pop()
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items(), reverse=True):
            stack.append(((*path, name), sub))


def is_listing(command: Any) -> bool:
    """A command that shows records or a report: its --format has a table."""
    return any(
        "--format" in param.opts and "table" in getattr(param.type, "choices", ())
        for param in command.params
    )


LISTINGS = [path for path, command in commands() if is_listing(command)]
RUNS = [(*path, *args) for path in LISTINGS for args in ARGUMENTS.get(path, [()])] + ALSO
HELP = [(*path, "--help") for path, _ in commands()]


def test_the_known_listings_are_found() -> None:
    """The enumeration finds the listings there are (so it will find new ones)."""
    for path in [("list",), ("show",), ("report",), ("history",), ("scores",)]:
        assert path in LISTINGS
    for family in ("treatment", "relapse", "aid"):
        assert (family, "list") in LISTINGS
    assert ("log", "weakness") not in LISTINGS  # --format text|json: one line, not a table


TODAY = datetime.now().astimezone().date()


def days_ago(n: int, clock: str = "09:00") -> str:
    return f"{TODAY - timedelta(days=n)} {clock}"


# A journal holding every record family; each line is one command.
JOURNAL: list[tuple[str, ...]] = [
    ("log", "weakness", "5", "-w", "legs", "-a", "walking", "--at", days_ago(6)),
    ("log", "weakness", "4", "-w", "legs", "--at", days_ago(5)),
    ("log", "weakness", "3", "-w", "legs", "--at", days_ago(4)),
    (
        "log",
        "weakness",
        "7",
        "-w",
        "legs,left-hand",
        "-a",
        "dressing,stairs",
        "-t",
        "heat",
        "-n",
        "Could not lift the kettle; needed the rollator all morning",
        "--at",
        days_ago(2),
    ),
    ("log", "weakness", "6", "-w", "legs", "--at", days_ago(1)),
    ("log", "fatigue", "6", "--type", "cognitive", "-d", "2h", "--at", days_ago(2, "20:00")),
    ("log", "fatigue", "4", "--at", days_ago(5, "20:00")),
    (
        "log",
        "fall",
        "--place",
        "kitchen",
        "--doing",
        "turning",
        "--cause",
        "tripped",
        "--injury",
        "medical",
        "--aid",
        "cane",
        "--needed-help",
        "--at",
        days_ago(2, "18:00"),
    ),
    ("log", "fall", "--near", "--place", "stairs", "--at", days_ago(1, "16:00")),
    ("log", "exercise", "30", "--type", "walking", "--effort", "5", "--at", days_ago(5, "11:00")),
    ("log", "exercise", "20", "--type", "strength", "--at", days_ago(1, "11:00")),
    ("log", "symptom", "heat-sensitivity", "4", "-w", "left-eye", "--at", days_ago(2, "15:00")),
    ("log", "relapse", "--at", days_ago(3, "07:00"), "--confirmed", "--steroids"),
    ("relapse", "end", "--at", days_ago(1, "07:00")),
    ("score", "fss", "5", "6", "4", "7", "3", "5", "6", "4", "3", "--at", days_ago(3)),
    ("score", "edss", "3.5", "--at", days_ago(2), "-n", "from the clinic"),
    ("treatment", "start", "baclofen", "--dose", "10 mg", "--at", days_ago(40)),
    ("treatment", "missed", "baclofen", "--at", days_ago(2, "08:00")),
    ("treatment", "note", "baclofen", "Drowsy after lunch", "--at", days_ago(2, "14:00")),
    ("aid", "start", "cane", "--for", "outdoors", "--taught", "--at", days_ago(60)),
    ("edit", "2", "--severity", "5"),
    ("today", "--weakness", "6", "-w", "legs", "--fatigue", "3", "--falls", "0", "--exercise", "0"),
    ("appointment", "add", "--at", days_ago(8, "10:00"), "--with", "neurology", "-n", "Dr Example"),
    ("appointment", "add", "--at", "in 10 days", "--with", "physio"),
    ("question", "add", "Could the heat make my legs weaker?", "--priority", "1"),
    ("home", "check", "--no", "floors-rugs,bathroom-grab-bars", "--na", "stairs"),
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "journal.db"
    runner = CliRunner()
    for args in JOURNAL:
        result = runner.invoke(app, list(args), env={"MSJOURNAL_DB": str(path)})
        assert result.exit_code == 0, (args, result.output)
    return path


def invoke(journal: Path, args: tuple[str, ...], width: int, how: str) -> Result:
    """Run a command in plain mode, asked for ``how``: by --plain, or MSJOURNAL_PLAIN."""
    env = {"MSJOURNAL_DB": str(journal), "COLUMNS": str(width), "NO_COLOR": None}
    if how == "--plain":
        args = ("--plain", *args) if len(args) % 2 else (*args, "--plain")  # before or after
    else:
        env["MSJOURNAL_PLAIN"] = how
    return CliRunner().invoke(app, list(args), env=env)


def check_plain(out: str, indented: bool = False) -> None:
    drawn = sorted(set(DRAWN.findall(out)))
    assert not drawn, f"drawn characters {drawn} in:\n{out}"
    assert "\x1b" not in out
    assert indented or not re.search(r"^[ \t]+\S", out, re.M), f"an indented line in:\n{out}"
    assert not re.search(r"[ \t]$", out, re.M), f"blanks at the end of a line in:\n{out}"


@pytest.mark.parametrize("how", ["--plain", "1", "yes", "True"])
def test_every_listing_and_report_is_plain(journal: Path, how: str) -> None:
    for args in RUNS:
        shown = []
        for width in WIDTHS:
            result = invoke(journal, args, width, how)
            assert result.exit_code == 0, (args, result.output)
            assert (result.stdout + result.stderr).strip(), args
            check_plain(result.stdout, indented=args in ALSO)
            check_plain(result.stderr, indented=args in ALSO)
            shown.append(result.stdout)
        # a fact is one line, never broken to fit the screen (the terminal wraps it)
        assert shown[0] == shown[1], args


@pytest.mark.parametrize("width", WIDTHS)
def test_every_help_is_plain(journal: Path, width: int) -> None:
    for args in HELP:
        result = invoke(journal, args, width, "--plain")
        assert result.exit_code == 0, (args, result.output)
        assert not DRAWN.search(result.stdout), (args, result.stdout)


def record(out: str, lead: str) -> list[str]:
    """The lines of the record led by ``lead``, up to the blank line after it."""
    lines = out.splitlines()
    start = lines.index(lead)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start + 1 : end]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_says_each_fact_on_its_own_line(journal: Path, width: int) -> None:
    out = invoke(journal, ("report",), width, "1").stdout
    lines = out.splitlines()
    day = day_label(TODAY - timedelta(days=2))
    assert "Weakness: 7" in record(out, f"Day: {day}")
    assert "Falls: 1" in record(out, f"Day: {day}")
    assert record(out, f"Day: {day_label(TODAY - timedelta(days=3))}") == ["Nothing logged."]
    # the trend lines in words, before the days
    assert (
        f"Weakness, highest of each day: lowest 3, highest 7 on {day}; higher in the second "
        "half than the first; no weakness logged on 1 day." in lines
    )
    assert out.index("Weakness, highest of each day") < out.index(f"Day: {day}")
    assert "trend lines" not in out  # no legend of a drawing that is not there
    # trends in their words alone
    assert re.search(r"^Trend: (worse|better|about the same|no comparison)\b", out, re.M)
    # a table as records: the row's name leads, then one value a line
    assert record(out, "Highest")[0] == "This period: 7"
    assert "Treatment: baclofen" in lines  # the first value leads, named
    assert "DAY BY DAY" not in out and "Day by day" in lines


def test_a_day_is_one_record_not_a_row(journal: Path) -> None:
    wide = invoke(journal, ("report",), 200, "1").stdout
    day = f"Day: {day_label(TODAY - timedelta(days=6))}"
    assert day in wide.splitlines()  # even with room for a table, none is drawn
    assert record(wide, day) == ["Weakness: 5", "Falls: 0", "Near falls: 0", "Exercise min: 0"]


@pytest.mark.parametrize("width", WIDTHS)
def test_listings_lead_each_record_with_its_id(journal: Path, width: int) -> None:
    listed = invoke(journal, ("list",), width, "--plain").stdout
    fields = record(listed, "ID 4")
    assert fields[0].startswith("When: ")
    assert "Tags: #heat" in fields
    assert "Entry: weakness 7/10; legs, left-hand; hard: dressing, stairs" in fields
    assert "Note: Could not lift the kettle; needed the rollator all morning" in fields
    scores = invoke(journal, ("scores",), width, "--plain").stdout
    assert any(line.startswith("Scale: FSS") for line in scores.splitlines())
    history = invoke(journal, ("history",), width, "--plain").stdout
    assert history.splitlines()[0].startswith("Change ")
    shown = invoke(journal, ("show", "4"), width, "--plain").stdout
    assert "Kind: weakness" in shown.splitlines()


def test_the_markdown_report_is_a_list_with_the_trends_in_words(journal: Path) -> None:
    out = invoke(journal, ("report", "--format", "markdown"), 80, "1").stdout
    check_plain(out)
    assert "|" not in out
    assert f"Day: {day_label(TODAY - timedelta(days=2))}\n\n- Weakness: 7\n" in out
    assert "Weakness, highest of each day: lowest 3, highest 7" in out
    drawn = invoke(journal, ("report", "--format", "markdown"), 80, "0").stdout
    assert "| Day |" in drawn and summary.NOTHING in drawn  # without plain: as before


@pytest.mark.parametrize(
    "args",
    [
        ("list", "-f", "json"),
        ("list", "-f", "csv"),
        ("report", "-f", "json"),
        ("history", "-f", "csv"),
        ("treatment", "list", "-f", "json"),
        ("export",),
    ],
)
def test_json_and_csv_are_the_same_either_way(journal: Path, args: tuple[str, ...]) -> None:
    plain_out = invoke(journal, args, 80, "--plain").stdout
    usual = CliRunner().invoke(app, list(args), env={"MSJOURNAL_DB": str(journal)}).stdout
    if args[0] == "report":  # made a moment apart
        plain_out, usual = (
            json.loads(text) | {"generated_at": None} for text in (plain_out, usual)
        )
    assert plain_out == usual


def test_the_visit_summary_in_markdown_is_plain(journal: Path, tmp_path: Path) -> None:
    written = tmp_path / "visit.md"
    result = invoke(journal, ("visit", "-o", str(written)), 80, "1")
    assert result.exit_code == 0, result.output
    check_plain(written.read_text(encoding="utf-8"))


def test_without_plain_the_report_still_draws(journal: Path) -> None:
    out = invoke(journal, ("report",), 80, "no").stdout
    assert re.search(f"[{re.escape(summary.BARS)}]", out)
    assert "DAY BY DAY" in out


def test_plain_is_for_this_run_only(journal: Path) -> None:
    invoke(journal, ("list",), 80, "--plain")
    assert not plain.plain()
    out = CliRunner().invoke(app, ["report"], env={"MSJOURNAL_DB": str(journal)}).stdout
    assert "DAY BY DAY" in out


def test_messages_speak_in_words(
    run: Any, monkeypatch: pytest.MonkeyPatch, journal_path: Path
) -> None:
    assert run("log", "weakness", "6", "-w", "legs").exit_code == 0
    result = run("--plain", "edit", "1", "--severity", "5")
    assert "severity 6 to 5" in result.stderr
    monkeypatch.setenv("MSJOURNAL_PLAIN", "1")
    assert common.ellipsis() == "..."
    assert common.printable("\u2192", "->") == "->"
    assert "\u2026" not in common.choices_question("Where", "region")


def test_help_names_the_option_and_the_variable(run: Any) -> None:
    out = " ".join(run("--help").stdout.split())
    assert "--plain" in out and "MSJOURNAL_PLAIN=1" in out


def test_plain_after_the_command_loads_only_that_command(tmp_path: Path) -> None:
    from msjournal.cli import needed_modules

    assert needed_modules(["--plain", "log", "weakness", "5"]) == ("log",)
    assert needed_modules(["list", "--plain"]) == ("browse",)
    loaded = modules_of(tmp_path, "log", "fatigue", "4", "--plain")
    assert "msjournal.plain" in loaded
    assert not {"rich", "msjournal.render", "msjournal.cli.browse"} & loaded


# --- the trend line in words ---------------------------------------------------------------

WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]  # Mon 23 to Sun 29 Nov


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (
            [3, None, 4, 7, None, 6, 7],
            "Weakness: lowest 3, highest 7 on Thu 26 Nov and Sun 29 Nov; "
            "higher in the second half than the first; none logged on 2 days.",
        ),
        (
            [7, 6, 7, None, 3, 7, 2],
            "Weakness: lowest 2, highest 7 on 3 days, the last Sat 28 Nov; "
            "lower in the second half than the first; none logged on 1 day.",
        ),
        ([None] * 7, "Weakness: none logged on any of the 7 days."),
        (
            [None, None, 5, None, None, None, None],
            "Weakness: 5 on Wed 25 Nov; none logged on 6 days.",
        ),
        ([4, 4, 4, 4, 4, 4, 4], "Weakness: 4 on each of 7 days."),
        ([0, 0, 0, 0, 0, 0, 0], "Weakness: 0 on each of 7 days."),
        # the halves differ by less than a point: nothing said about them
        ([3, 4, 3, 9, 4, 3, 4], "Weakness: lowest 3, highest 9 on Thu 26 Nov."),
        # the second half has only one day logged: too few to compare
        (
            [2, 2, 2, 2, None, None, 9],
            "Weakness: lowest 2, highest 9 on Sun 29 Nov; none logged on 2 days.",
        ),
    ],
)
def test_trend_words(values: list[int | None], said: str) -> None:
    assert trend_words("Weakness", "none logged", values, WEEK) == said


def test_trend_words_without_halves() -> None:
    minutes = [0, 0, 0, 30, 45, 60, 20]
    assert (
        trend_words("Exercise, minutes each day", "nothing logged", minutes, WEEK, halves=False)
        == "Exercise, minutes each day: lowest 0, highest 60 on Sat 28 Nov."
    )
    assert trend_words("Fatigue", "none", [5], WEEK[:1]) == "Fatigue: 5 on Mon 23 Nov."


def test_trend_words_hold_no_drawing() -> None:
    said = trend_words("Weakness", "none", [1, None, 10, 0, 5, None, 2], WEEK)
    assert said.isascii()


# --- a real process ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_real_report_in_plain_mode(tmp_path: Path, journal: Path) -> None:
    env = child_env(MSJOURNAL_DB=str(journal), MSJOURNAL_PLAIN="1", NO_COLOR=None, COLUMNS="40")
    result = subprocess.run(
        [str(MSJOURNAL), "report"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    check_plain(result.stdout)
    assert "Weakness, highest of each day" in result.stdout
