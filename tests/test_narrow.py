"""Narrow screens: at 40, 50, 60 and 80 columns every value is on screen.

People with MS often use a large font, which makes a narrow terminal. Cells wrap
between words, or a table becomes one block per record; nothing is cut, nothing
is hidden behind an ellipsis, and no line is wider than the screen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from typer.testing import CliRunner, Result

from msjournal.cli import app

WIDTHS = (40, 50, 60, 80)
NOTES = (
    "Fell on two steps outside the pharmacy after a very long walk in the afternoon sun",
    "Legs felt like lead all morning; could not lift the kettle, needed the rollator",
    "Escape \x1b[2J pasted here and [bold]markup[/bold] that must stay literal",
)
# Header words of a first column, which a narrow block shows by leading with its value.
HEADERS = {"When", "Day", "line", "Guideline", "Symptom"}


def at(width: int, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


def words(text: str) -> list[str]:
    return re.findall(r"[^\s:·─━│]+", text)


@pytest.fixture
def journal(run: Callable[..., Result]) -> list[dict[str, object]]:
    logs = [
        ["weakness", "6", "-w", "legs,left-hand,right-arm", "-a", "dressing,cooking,stairs"],
        ["fatigue", "7", "--type", "cognitive", "-a", "work,typing", "--duration", "1h30m"],
        ["fall", "--place", "kitchen", "--doing", "turning", "--cause", "tripped,leg-gave-way"],
        ["near-fall", "--place", "bathroom", "--aid", "cane,ankle-brace"],
        ["exercise", "45", "--type", "walking", "--effort", "5", "--after", "3"],
        ["symptom", "heat-sensitivity", "4", "-w", "left-eye,right-eye,left-hand", "-d", "2h"],
    ]
    for i, args in enumerate(logs):
        tags = ["-t", "heat,poor-sleep,stress,long-day,infection-check"] if i % 2 == 0 else []
        note = ["-n", NOTES[i % len(NOTES)]]
        assert run("log", *args, *tags, *note, "--at", f"{i + 1} hours ago").exit_code == 0
    listed = json.loads(run("list", "--format", "json").stdout)
    assert len(listed) == len(logs)
    return listed  # type: ignore[no-any-return]


def check_screen(out: str, width: int) -> None:
    assert "…" not in out and "..." not in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    assert "\x1b" not in out  # escape sequences are shown, never obeyed


def in_order(needles: list[str], haystack: list[str]) -> bool:
    position = 0
    for needle in needles:
        try:
            position = haystack.index(needle, position) + 1
        except ValueError:
            return False
    return True


@pytest.mark.parametrize("width", WIDTHS)
def test_list_shows_every_value(width: int, journal: list[dict[str, object]]) -> None:
    out = at(width, "list")
    check_screen(out, width)
    shown = words(out)
    for entry in journal:
        assert str(entry["id"]) in shown
        for tag in entry["tags"]:  # type: ignore[attr-defined]
            assert f"#{tag}" in shown
        if entry["note"]:
            note = str(entry["note"]).replace("\x1b", "\\x1b")
            assert in_order(words(note), shown), note
    wide = [word for word in words(at(400, "list")) if word not in HEADERS]
    assert set(wide) <= set(shown)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_shows_every_value(width: int, journal: list[dict[str, object]]) -> None:
    for entry in journal:
        out = at(width, "show", str(entry["id"]))
        check_screen(out, width)
        shown = words(out)
        assert str(entry["uuid"]) in shown
        wide = [word for word in words(at(400, "show", str(entry["id"])))]
        assert in_order(wide, shown) or set(wide) <= set(shown)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("period", ["--week", "--month"])
def test_report_shows_every_value(width: int, period: str, journal: object) -> None:
    out = at(width, "report", period)
    check_screen(out, width)
    wide = {word for word in words(at(400, "report", period)) if word not in HEADERS}
    assert wide <= set(words(out))
    for column in ("Exercise", "Near"):
        assert column in out  # the last columns of the grid are never dropped


def test_markup_in_a_note_stays_literal(journal: object) -> None:
    assert "[bold]markup[/bold]" in at(80, "list")


@pytest.mark.parametrize("width", WIDTHS)
def test_history_shows_every_change(width: int, run: Callable[..., Result]) -> None:
    assert (
        run("log", "weakness", "6", "-w", "legs,left-hand,right-arm", "-a", "dressing").exit_code
        == 0
    )
    assert run("edit", "1", "--severity", "7").exit_code == 0
    assert run("delete", "1", "--yes").exit_code == 0
    assert run("undo", "--yes").exit_code == 0
    out = at(width, "history")
    check_screen(out, width)
    wide = {word for word in words(at(400, "history")) if word not in HEADERS | {"#"}}
    assert wide <= set(words(out))
    for number in ("1", "2", "3", "4"):
        assert number in words(out)


def test_a_one_word_entry_reads_as_a_field_in_a_block(run: Callable[..., Result]) -> None:
    """A plain fall is 'Entry: fall', like every other block line, never 'Entry fall'."""
    assert run("log", "fall", "-n", "x" * 60).exit_code == 0
    out = at(40, "list")
    assert "Entry: fall" in out
    assert not [line for line in out.splitlines() if line != line.rstrip()]  # no padding


def test_show_keeps_wrapped_values_indented_at_40_columns(run: Callable[..., Result]) -> None:
    note = "a long note " * 8
    assert run("log", "fatigue", "4", "-n", note).exit_code == 0
    out = at(40, "show", "1")
    lines = out.splitlines()
    start = lines.index("Note:")
    value = [line for line in lines[start + 1 :] if not line.endswith(":")][:3]
    assert all(line.startswith("  ") for line in value), value


def test_days_with_and_without_a_check_in_read_alike_at_40_columns(
    run: Callable[..., Result],
) -> None:
    """'Checked in yes' is as short as a number: each day's values join the same way,
    and a name is never split from its value ('Near' and 'falls 0')."""
    assert run("log", "weakness", "5", "-w", "legs", "--at", "2 days ago").exit_code == 0
    checked = ["--weakness", "5", "-w", "legs", "--fatigue", "4", "--falls", "0"]
    assert run("today", *checked, "--exercise", "20 walk", "--day", "yesterday").exit_code == 0
    out = at(40, "report")
    check_screen(out, 40)
    together = " ".join(out.split())
    assert "Weakness 5, Falls 0, Near falls 0, Exercise min 0" in together
    assert (
        "Weakness 5, Fatigue 4, Falls 0, Near falls 0, Exercise min 20, Checked in yes" in together
    )
    assert "Weakness: 5" not in out and "Checked in: yes" not in out
    lines = [line.strip() for line in out.splitlines()]
    assert not [line for line in lines if line.endswith(("Near", "Exercise", "Checked"))]
    plain = at(40, "report", "--plain")
    assert "Checked in: yes" in plain.splitlines() and "Weakness: 5" in plain.splitlines()
