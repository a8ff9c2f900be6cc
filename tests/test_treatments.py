"""treatment, relapse and aid commands, and log relapse: through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.cli import app

Run = Callable[..., Result]


def started(run: Run, *args: str) -> Result:
    result = run("treatment", "start", *args)
    assert result.exit_code == 0, result.output
    return result


def test_start_a_known_treatment_its_class_is_implied(run: Run) -> None:
    result = started(run, "Baclofen", "--dose", "10 mg", "--at", "3 days ago")
    assert "Started Baclofen 10 mg (muscle-relaxant), id 1." in result.output
    listed = json.loads(run("treatment", "list", "--format", "json").stdout)
    assert [(t["name"], t["class"], t["dose"], t["stop"]) for t in listed] == [
        ("Baclofen", "muscle-relaxant", "10 mg", None)
    ]


def test_an_unknown_name_in_a_script_needs_class(run: Run) -> None:
    result = run("treatment", "start", "vitamin D")
    assert result.exit_code == 2
    assert "add --class" in result.output
    assert run("treatment", "start", "vitamin D", "--class", "oth").exit_code == 0
    assert json.loads(run("treatment", "list", "-f", "json").stdout)[0]["class"] == "other"


@pytest.mark.usefixtures("terminal")
def test_a_terminal_asks_for_the_name_and_the_class(run: Run) -> None:
    result = run("treatment", "start", input="vitamin D\nsympt\n")
    assert result.exit_code == 0, result.output
    assert "Which treatment?" in result.output and "Class?" in result.output
    assert "Started vitamin D (symptomatic), id 1." in result.output


def test_starting_a_running_course_again_lists_the_running_ones(run: Run) -> None:
    started(run, "baclofen", "--at", "2 days ago")
    started(run, "tizanidine", "--at", "2 days ago")
    result = run("treatment", "start", "BACLOFEN", "--dose", "20 mg")
    assert result.exit_code == 2
    assert "baclofen is already running (id 1" in result.output
    assert "Running now: baclofen (id 1); tizanidine (id 2)." in result.output


def test_stopping_what_is_not_running_lists_the_running_ones(run: Run) -> None:
    started(run, "baclofen", "--at", "2 days ago")
    result = run("treatment", "stop", "tizanidine")
    assert result.exit_code == 2
    assert "tizanidine is not running." in result.output
    assert "Running now: baclofen (id 1)." in result.output


def test_a_stop_before_its_start_is_refused_comparing_instants(run: Run) -> None:
    started(run, "baclofen", "--at", "2026-03-02T08:00:00+01:00")
    # 01:30 in New York is 07:30 in Paris: before the start, though later as text
    result = run("treatment", "stop", "baclofen", "--at", "2026-03-02T01:30:00-05:00")
    assert result.exit_code == 2, result.output
    assert "cannot stop before that" in result.output
    # 07:30 in New York is 13:30 in Paris: after it, though "07" sorts before "08"
    result = run("treatment", "stop", "baclofen", "--at", "2026-03-02T07:30:00-05:00")
    assert result.exit_code == 0, result.output
    assert "Stopped baclofen (id 1)." in result.output


def test_missed_note_stop_edit_delete_and_undo_of_each(run: Run) -> None:
    started(run, "baclofen", "--dose", "10 mg", "--at", "3 days ago")
    assert (
        "Missed dose of baclofen noted"
        in run("treatment", "missed", "Baclofen", "--at", "yesterday").output
    )
    assert "Note added to baclofen" in run("treatment", "note", "baclofen", "drowsy").output
    result = run("treatment", "stop", "baclofen", "--reason", "side")
    assert "Stopped baclofen (id 1): side-effects." in result.output
    course = json.loads(run("treatment", "list", "--all", "-f", "json").stdout)[0]
    assert len(course["missed_doses"]) == 1 and course["stop_reason"] == "side-effects"
    assert "dose: 10 mg" in run("treatment", "edit", "1", "--dose", "20 mg").output
    history = run("history").output
    for summary in ("started baclofen", "missed dose", "note", "stopped", "dose"):
        assert summary in history
    assert run("undo", "--yes").exit_code == 0  # the edit
    assert json.loads(run("treatment", "list", "-a", "-f", "json").stdout)[0]["dose"] == "10 mg"
    assert run("undo", "--yes").exit_code == 0  # the stop: running again
    assert json.loads(run("treatment", "list", "-f", "json").stdout)[0]["stop"] is None
    assert run("treatment", "delete", "1").exit_code == 2  # a script must say --yes
    assert "Deleted treatment 1" in run("treatment", "delete", "1", "--yes").output
    assert json.loads(run("treatment", "list", "-a", "-f", "json").stdout) == []
    assert "treatment 1 is back" in run("undo", "--yes").output
    back = json.loads(run("treatment", "list", "-a", "-f", "json").stdout)[0]
    assert len(back["missed_doses"]) == 1  # with its missed dose


def test_log_relapse_end_list_edit_delete_undo(run: Run) -> None:
    result = run("log", "relapse", "--at", "10 days ago", "--confirmed", "-n", "left leg")
    assert result.exit_code == 0, result.output
    assert "Saved relapse 1: from" in result.output
    assert "Relapse 1 ended" in run("relapse", "end", "--at", "2 days ago").output
    ended = run("relapse", "end")
    assert ended.exit_code == 2 and "No relapse is open" in ended.output
    [shown] = json.loads(run("relapse", "list", "--format", "json").stdout)
    assert shown["confirmed"] is True and shown["steroids"] is False and shown["ended"]
    assert set(shown) == {"id", "uuid", "onset", "ended", "confirmed", "steroids"}
    assert "steroids: False" in run("relapse", "edit", "1", "--steroids").output
    assert "relapse 1 is back as it was" in run("undo", "--yes").output
    assert run("relapse", "delete", "last", "--yes").exit_code == 0
    assert json.loads(run("relapse", "list", "-f", "json").stdout) == []
    run("undo", "--yes")
    assert len(json.loads(run("relapse", "list", "-f", "json").stdout)) == 1
    bad = run("log", "relapse", "--at", "2 days ago", "--ended", "3 days ago")
    assert bad.exit_code == 2 and "cannot end before" in bad.output


def test_aids_start_stop_list_edit_delete_undo(run: Run) -> None:
    result = run("aid", "start", "cane", "--for", "out", "--taught", "--at", "2 days ago")
    assert "Started the cane for outdoors, id 1." in result.output
    again = run("aid", "start", "Cane")
    assert again.exit_code == 2 and "In use now: cane for outdoors (id 1)." in again.output
    missing = run("aid", "stop", "walker")
    assert missing.exit_code == 2 and "The walker is not in use." in missing.output
    assert run("aid", "start", "none").exit_code == 2
    assert json.loads(run("aid", "list", "-f", "json").stdout)[0]["for"] == "outdoors"
    assert "Stopped the cane (id 1)." in run("aid", "stop", "cane").output
    assert json.loads(run("aid", "list", "-f", "json").stdout) == []
    assert "No aid is in use now" in run("aid", "list").output
    assert len(json.loads(run("aid", "list", "--all", "-f", "json").stdout)) == 1
    assert "for: outdoors" in run("aid", "edit", "1", "--for", "all").output
    assert run("aid", "delete", "1", "--yes").exit_code == 0
    assert "aid 1 is back" in run("undo", "--yes").output
    assert "aid 1 is back as it was" in run("undo", "--yes").output
    assert json.loads(run("aid", "list", "-a", "-f", "json").stdout)[0]["for"] == "outdoors"


@pytest.mark.usefixtures("terminal")
def test_a_terminal_asks_which_aid(run: Run) -> None:
    result = run("aid", "start", input="walker\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Started the walker, id 1." in result.output


def test_log_relapse_runs_on_the_log_fast_path(journal_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv = ['msjournal', 'log', 'relapse', '--at', '2 days ago']\n"
        "from msjournal.cli import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Saved relapse 1" in done.stderr


@pytest.mark.parametrize("width", [40, 50, 60, 80])
def test_lists_fit_narrow_screens(width: int, journal_path: Path) -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    env = {"COLUMNS": str(width)}
    for args in (
        ["treatment", "start", "interferon beta-1a", "--dose", "44 micrograms three times a week"],
        ["log", "relapse", "--at", "3 days ago", "--confirmed", "-n", "numb left hand and arm"],
        ["aid", "start", "ankle-brace", "--for", "outdoors", "--taught"],
    ):
        assert runner.invoke(app, args, env=env).exit_code == 0
    for family, word in (("treatment", "interferon"), ("relapse", "numb"), ("aid", "ankle")):
        result = runner.invoke(app, [family, "list"], env=env)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines and max(len(line) for line in lines) <= width, result.stdout
        assert word in result.stdout  # never cut or dropped


def test_an_edit_may_not_make_two_courses_of_one_medicine_overlap(run: Run) -> None:
    assert run("treatment", "start", "baclofen", "--at", "2026-11-01 08:00").exit_code == 0
    assert run("treatment", "stop", "baclofen", "--at", "2026-11-25 08:00").exit_code == 0
    assert run("treatment", "start", "baclofen", "--at", "2026-11-25 09:00").exit_code == 0
    moved = run("treatment", "edit", "2", "--start", "2026-11-24 08:00")
    assert moved.exit_code == 2
    assert "overlaps baclofen already logged (id 1" in moved.output
    backdated = run("aid", "start", "cane", "--at", "2026-10-01 10:00")
    assert backdated.exit_code == 0
    assert run("aid", "stop", "cane", "--at", "2026-10-20 10:00").exit_code == 0
    inside = run("aid", "start", "cane", "--at", "2026-10-10 10:00")
    assert inside.exit_code == 2 and "overlaps the cane" in inside.output


def test_a_missed_dose_logged_late_goes_on_the_course_that_ran_then(run: Run) -> None:
    assert (
        run(
            "treatment", "start", "baclofen", "--dose", "10 mg", "--at", "2026-11-01 08:00"
        ).exit_code
        == 0
    )
    assert run("treatment", "stop", "baclofen", "--at", "2026-11-25 08:00").exit_code == 0
    assert (
        run(
            "treatment", "start", "baclofen", "--dose", "20 mg", "--at", "2026-11-25 09:00"
        ).exit_code
        == 0
    )
    assert run("treatment", "missed", "baclofen", "--at", "2026-11-21 08:00").exit_code == 0
    courses = json.loads(run("treatment", "list", "--all", "--format", "json").stdout)
    assert [len(c["missed_doses"]) for c in courses] == [1, 0]


def test_a_relapse_cannot_begin_while_another_is_open_or_inside_one(run: Run) -> None:
    assert (
        run("log", "relapse", "--at", "2026-11-01 08:00", "--ended", "2026-11-10 08:00").exit_code
        == 0
    )
    inside = run("log", "relapse", "--at", "2026-11-05 08:00")
    assert inside.exit_code == 2 and "overlaps a relapse already logged (id 1" in inside.output
    assert run("log", "relapse", "--at", "2026-11-26 07:00").exit_code == 0
    second = run("log", "relapse", "--at", "2026-11-27 07:00")
    assert second.exit_code == 2
    assert "Relapse 2 (from" in second.output and "relapse end" in second.output
