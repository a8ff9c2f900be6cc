"""`msjournal report`: periods, the six sections, JSON, Markdown, legibility."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from msjournal.cli import app
from msjournal.db import Query, open_journal
from msjournal.paths import JournalPath
from msjournal.summary import report_window

Run = Callable[..., Result]
TODAY = date.today()
SECTION_TITLES = [
    "DAY BY DAY",
    "WEAKNESS",
    "FATIGUE (KEPT APART FROM WEAKNESS)",
    "FALLS AND NEAR-FALLS",
    "EXERCISE",
    "RAISE WITH YOUR DOCTOR",
]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def ago(days: int, clock: str = "10:00") -> str:
    return f"{TODAY - timedelta(days=days)} {clock}"


def report_json(run: Run, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run("report", "--format", "json", *args)).stdout)
    return data


def report_at(width: int, *args: str) -> str:
    result = CliRunner().invoke(app, ["report", *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def fortnight(run: Run) -> None:
    """Two weeks of entries: the last 7 days worse than the 7 before."""
    for day in range(7, 14):
        ok(run("log", "weakness", "3", "-w", "legs", "--at", ago(day)))
        ok(run("log", "fatigue", "4", "--at", ago(day, "20:00")))
    for day in (1, 2, 3):
        ok(run("log", "weakness", "7", "-w", "legs,left-hand", "-a", "dressing", "--at", ago(day)))
    ok(run("log", "fatigue", "5", "--type", "physical", "--at", ago(2, "20:00")))
    ok(run("log", "fall", "--injury", "medical", "--place", "bathroom", "--at", ago(2, "07:00")))
    ok(run("log", "fall", "--near", "--at", ago(1, "07:00")))
    ok(run("log", "exercise", "30", "--type", "walking", "--effort", "4", "--at", ago(3, "11:00")))
    ok(run("log", "exercise", "20", "--type", "strength", "--at", ago(1, "11:00")))


# --- periods ---------------------------------------------------------------------------


def test_the_default_is_the_week_ending_today(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    data = report_json(run)
    assert data["period"]["start"] == (TODAY - timedelta(days=6)).isoformat()
    assert data["period"]["end"] == TODAY.isoformat()
    assert data["previous_period"]["start"] == (TODAY - timedelta(days=13)).isoformat()
    assert data["previous_period"]["end"] == (TODAY - timedelta(days=7)).isoformat()
    assert len(data["days"]) == 7
    assert data == report_json(run, "--week")


def test_month_and_custom_periods(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    month = report_json(run, "--month")
    assert len(month["days"]) == 30
    assert month["previous_period"]["end"] == (TODAY - timedelta(days=30)).isoformat()
    custom = report_json(run, "--from", "2 weeks ago", "--to", "yesterday")
    assert custom["period"] == {
        "start": (TODAY - timedelta(days=14)).isoformat(),
        "end": (TODAY - timedelta(days=1)).isoformat(),
        "days": 14,
    }
    assert custom["previous_period"]["start"] == (TODAY - timedelta(days=28)).isoformat()


@pytest.mark.parametrize(
    "args",
    [
        ("--week", "--month"),
        ("--month", "--from", "monday"),
        ("--from", "today", "--to", "last year sometime"),
        ("--from", "2026-11-20", "--to", "2026-11-01"),
        ("--format", "pdf"),
    ],
)
def test_bad_periods_exit_2(run: Run, args: tuple[str, ...]) -> None:
    ok(run("log", "fatigue", "3"))
    result = run("report", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_entries_land_on_their_own_local_day(run: Run) -> None:
    ok(run("log", "weakness", "4", "-w", "legs", "--at", ago(2, "23:59")))
    ok(run("log", "weakness", "8", "-w", "legs", "--at", ago(1, "00:00")))
    days = {d["date"]: d for d in report_json(run)["days"]}
    assert days[(TODAY - timedelta(days=2)).isoformat()]["weakness_max"] == 4
    assert days[(TODAY - timedelta(days=1)).isoformat()]["weakness_max"] == 8


# --- content ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("fortnight")
def test_json_report_content(run: Run) -> None:
    data = report_json(run)
    for key in (
        "period",
        "previous_period",
        "days",
        "weakness",
        "fatigue",
        "falls",
        "exercise",
        "flags",
    ):
        assert key in data
    weakness, fatigue = data["weakness"], data["fatigue"]
    assert (weakness["entries"], weakness["mean"], weakness["max"]) == (3, 7.0, 7)
    assert weakness["previous"] == {"entries": 7, "mean": 3.0, "max": 3}
    assert weakness["trend"] == {"arrow": "↑", "word": "worse"}
    assert weakness["regions"] == {"legs": 3, "left-hand": 3}
    assert weakness["activities"] == {"dressing": 3}
    assert "regions" not in fatigue
    assert fatigue["trend"]["word"] == "worse"  # 5.0 against 4.0
    falls = data["falls"]
    assert (falls["falls"], falls["near_falls"]) == (1, 1)
    assert falls["by_hopkins_grade"] == {"1": 1, "2": 0, "3": 1, "4": 0}
    assert falls["places"] == {"bathroom": 1}
    exercise = data["exercise"]
    assert (exercise["minutes"], exercise["sessions"], exercise["mean_effort"]) == (50, 2, 4.0)
    assert exercise["by_type"] == {"walking": 30, "strength": 20}
    guideline = exercise["guideline"]
    assert (guideline["minutes_target"], guideline["minutes_met"]) == (150, False)
    assert (guideline["aerobic_sessions"], guideline["strength_sessions"]) == (1, 1)
    rules = [flag["rule"] for flag in data["flags"]]
    assert rules == sorted(rules)
    # 1 a fall needed medical care; 4 weakness up from 3.0 to 7.0; 5 left-hand is new
    # (legs was logged in the 90 days before); 6 three days in a row at 7 >= 3.0 + 2
    assert rules == [1, 4, 5, 6]
    for flag in data["flags"]:
        assert flag["title"] and flag["reason"] and flag["entries"]


@pytest.mark.usefixtures("fortnight")
def test_blank_days_are_null_not_zero(run: Run) -> None:
    days = report_json(run)["days"]
    today = days[-1]
    assert today["date"] == TODAY.isoformat()
    assert today["logged"] is False
    assert [today[k] for k in ("weakness_max", "fatigue_max", "falls", "exercise_minutes")] == [
        None,
        None,
        None,
        None,
    ]
    one_day_ago = days[-2]
    assert one_day_ago["logged"] is True
    assert one_day_ago["falls"] == 0 and one_day_ago["near_falls"] == 1
    assert one_day_ago["fatigue_max"] is None  # not logged that day: blank, not 0


@pytest.mark.usefixtures("fortnight")
def test_table_report_has_all_six_sections_in_order(run: Run) -> None:
    out = report_at(80)
    positions = [out.index(title) for title in SECTION_TITLES]
    assert positions == sorted(positions)
    assert "↑ worse" in out
    flat = " ".join(out.split())
    assert "Rule 1" in flat and "not a diagnosis" in flat


@pytest.mark.usefixtures("fortnight")
def test_markdown_report(run: Run) -> None:
    out = ok(run("report", "--format", "markdown")).stdout
    assert out.startswith("# msjournal report")
    for title in (
        "## Day by day",
        "## Weakness",
        "## Fatigue",
        "## Falls",
        "## Exercise",
        "## Raise with your doctor",
    ):
        assert title in out
    assert "| Day | Weakness | Fatigue |" in out
    assert "\x1b[" not in out


@pytest.mark.usefixtures("fortnight")
@pytest.mark.parametrize("width", [80, 60])
def test_legible_at_80_and_60_columns_without_colour(width: int) -> None:
    out = report_at(width)
    assert "\x1b[" not in out
    assert "…" not in out  # nothing cut off
    assert max(len(line) for line in out.splitlines()) <= width
    # every day of the grid is on one line, with its numbers whole
    rows = [line for line in out.splitlines() if re.match(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", line)]
    assert len(rows) == 7
    assert rows[-2].split()[3:] == ["7", "0", "1", "20"]  # yesterday: fatigue blank
    assert rows[-1].split()[3:] == []  # today: nothing logged, all blank


@pytest.mark.parametrize("no_color", ["1", None])
def test_no_color_means_no_escape_codes_even_on_a_terminal(run: Run, no_color: str | None) -> None:
    ok(run("log", "weakness", "5", "-w", "legs"))
    env = {"NO_COLOR": no_color, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    out = CliRunner().invoke(app, ["report"], env=env).stdout
    assert ("\x1b[" in out) is (no_color is None)


# --- empty and partial journals ------------------------------------------------------------


def test_an_empty_journal_gives_a_friendly_report(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    ok(run("undo", "--yes"))
    result = ok(run("report"))
    assert "Nothing was logged in this period" in result.stdout
    assert "msjournal log" in result.stdout
    data = report_json(run)
    assert data["flags"] == [] and data["weakness"]["entries"] == 0


def test_an_empty_period_mentions_the_period_before(run: Run) -> None:
    ok(run("log", "fatigue", "3", "--at", ago(10)))
    out = ok(run("report")).stdout
    assert "Nothing was logged in this period" in out
    assert "The period before has 1 entry" in out


def test_a_period_with_only_one_kind(run: Run) -> None:
    ok(run("log", "exercise", "40", "--type", "cardio"))
    out = ok(run("report")).stdout
    assert "No weakness logged in this period." in out
    assert "No fatigue logged in this period." in out
    assert "No falls or near-falls logged in this period." in out
    assert "40 minutes in 1 session" in out


def test_report_on_a_missing_journal_is_an_error_that_creates_nothing(
    run: Run, journal_path: Path
) -> None:
    result = run("report")
    assert result.exit_code == 1
    assert "no journal yet" in result.stderr
    assert not journal_path.parent.exists()


# --- the query uses the time index --------------------------------------------------------


@pytest.mark.usefixtures("fortnight")
def test_report_query_uses_the_day_index(journal_path: Path) -> None:
    window = report_window(_week())
    with open_journal(JournalPath(journal_path, "env"), create=False) as journal:
        statements: list[str] = []
        journal.conn.set_trace_callback(statements.append)
        found = journal.entries(Query(start=window.start, end=window.end))
        journal.conn.set_trace_callback(None)
        assert found
        select = next(s for s in statements if s.startswith("SELECT"))
        plan = " | ".join(row[3] for row in journal.conn.execute(f"EXPLAIN QUERY PLAN {select}"))
    assert "entries_day" in plan, plan
    assert "SCAN e " not in plan + " ", plan


def _week() -> Any:
    from msjournal.dates import last_days

    return last_days(7, TODAY)


def test_no_entries_before_means_unknown_not_zero_falls(run: Run) -> None:
    ok(run("log", "fall", "--at", ago(1)))
    out = ok(run("report")).stdout
    falls_row = next(line for line in out.splitlines() if line.startswith("Falls "))
    assert falls_row.split()[1:] == ["1", "-"]


def test_a_change_just_under_the_threshold_is_not_shown_as_the_threshold(run: Run) -> None:
    for day, value in ((8, 5), (9, 5), (10, 6)):  # before: 5.33
        ok(run("log", "fatigue", str(value), "--at", ago(day)))
    for day, value in enumerate((6, 6, 6, 6, 6, 7, 7), start=0):  # now: 6.29
        ok(run("log", "fatigue", str(value), "--at", ago(day, "00:00")))
    out = " ".join(ok(run("report")).stdout.split())
    assert "about the same (average up 0.95)" in out


def test_a_change_too_small_to_show_is_never_up_or_down_0_0(run: Run) -> None:
    for day, value in ((8, 4), (9, 4), (10, 4), (11, 5), (12, 4)):  # before: 4.2
        ok(run("log", "fatigue", str(value), "--at", ago(day)))
    for day, value in enumerate((4, 4, 4, 4, 4, 5)):  # now: 4.17
        ok(run("log", "fatigue", str(value), "--at", ago(day, "00:00")))
    out = " ".join(ok(run("report")).stdout.split())
    assert "about the same (average down less than 0.1)" in out
    assert "0.0)" not in out
    ok(run("log", "fatigue", "4", "--at", ago(13)))  # before: 4.17 too
    same = " ".join(ok(run("report")).stdout.split())
    assert "about the same (average unchanged)" in same


def test_flags_name_their_entries_with_dates(run: Run) -> None:
    ok(run("log", "fall", "--injury", "medical", "--at", ago(2)))
    out = " ".join(ok(run("report")).stdout.split())
    day = TODAY - timedelta(days=2)
    assert f"Entries: 1 ({day.day} {day:%b})." in out


def test_a_flags_entries_are_listed_by_time_not_by_id(run: Run) -> None:
    for back in (1, 3, 2):  # entered out of order: ids 1, 2, 3
        ok(run("log", "fall", "--near", "--at", ago(back)))
    out = " ".join(ok(run("report")).stdout.split())
    days = [TODAY - timedelta(days=back) for back in (3, 2, 1)]
    named = ", ".join(f"{i} ({d.day} {d:%b})" for i, d in zip((2, 3, 1), days, strict=True))
    assert f"Entries: {named}." in out


def test_heat_days_left_out_of_rule_6_are_named_only_when_they_mattered(run: Run) -> None:
    for back in (10, 12, 14):  # the usual level: 3
        ok(run("log", "weakness", "3", "-w", "legs", "--at", ago(back)))
    ok(run("log", "weakness", "2", "-w", "legs", "-t", "heat", "--at", ago(3)))
    quiet = " ".join(ok(run("report")).stdout.split())
    assert "Left out of rule 6" not in quiet  # 2 is below the bar: the heat did not matter
    ok(run("log", "weakness", "8", "-w", "legs", "-t", "heat", "--at", ago(1)))
    out = " ".join(ok(run("report")).stdout.split())
    day = TODAY - timedelta(days=1)
    assert f"Left out of rule 6, for heat, fever or infection that day: {day.day} {day:%b}" in out


def test_effort_says_how_many_sessions_were_rated(run: Run) -> None:
    ok(run("log", "exercise", "30", "--type", "walking", "--effort", "4", "--at", ago(1)))
    ok(run("log", "exercise", "20", "--type", "yoga", "--at", ago(2)))
    out = " ".join(ok(run("report")).stdout.split())
    assert "average effort 4.0 (0-10, rated in 1 of 2 sessions)" in out


@pytest.mark.parametrize("width", [80, 60])
def test_a_month_of_trend_lines_is_never_cut_off(run: Run, width: int) -> None:
    for day in range(30):
        ok(run("log", "weakness", str(day % 10), "-w", "legs", "--at", ago(day, "00:00")))
    out = report_at(width, "--month")
    assert "…" not in out
    bars = "".join(ch for line in out.splitlines() for ch in line if ch in "▁▂▃▄▅▆▇█")
    assert len(bars) >= 30  # every day of the weakness line is there


def test_the_report_shows_the_latest_score_and_the_change_since_the_one_before(run: Run) -> None:
    ok(run("score", "fss", "3 3 3 3 3 3 3 3 3", "--at", ago(40)))  # before the period
    ok(run("score", "fss", "5 5 5 5 5 5 5 5 5", "--at", ago(2)))
    ok(run("log", "fatigue", "5", "--at", ago(1)))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    fss = report["scores"]["fss"]
    assert fss["latest"]["score"] == 5
    assert fss["previous"]["score"] == 3
    assert fss["change"] == 2
    assert fss["latest"]["reading"].startswith("mean of 4 or more")
    out = " ".join(ok(run("report")).stdout.split())
    assert "QUESTIONNAIRES" in out and "+2.0 since" in out  # as msjournal scores shows it
    assert "## Questionnaires" in ok(run("report", "--format", "markdown")).stdout


def test_an_edss_has_one_decimal_in_the_report_as_in_scores(run: Run) -> None:
    ok(run("score", "edss", "3", "--at", ago(2)))
    ok(run("log", "fatigue", "5", "--at", ago(1)))
    assert "3.0" in ok(run("scores")).stdout
    table = [line for line in ok(run("report")).stdout.splitlines() if "EDSS" in line]
    markdown = [
        line
        for line in ok(run("report", "--format", "markdown")).stdout.splitlines()
        if "EDSS" in line
    ]
    assert len(table) == 1 and " 3.0 " in table[0]
    assert len(markdown) == 1 and "| 3.0 |" in markdown[0]


def test_other_symptoms_have_their_own_section(run: Run) -> None:
    ok(run("log", "symptom", "vision", "4", "--where", "left-eye", "--at", ago(1)))
    ok(run("log", "symptom", "numbness", "6", "--at", ago(2)))
    ok(run("log", "weakness", "3", "-w", "legs", "--at", ago(1)))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    assert set(report["symptoms"]) == {"numbness", "vision"}
    assert report["weakness"]["entries"] == 1
    out = " ".join(ok(run("report")).stdout.split())
    assert "OTHER SYMPTOMS" in out


def test_the_report_shows_treatments_relapses_and_aids_and_the_aids_on_fall_days(
    run: Run,
) -> None:
    ok(run("treatment", "start", "baclofen", "--dose", "10 mg", "--at", ago(20)))
    ok(run("treatment", "missed", "baclofen", "--at", ago(2)))
    ok(run("treatment", "start", "prednisolone", "--at", ago(60)))
    ok(run("treatment", "stop", "prednisolone", "--at", ago(50)))  # over before the period
    ok(run("aid", "start", "cane", "--for", "outdoors", "--at", ago(30)))
    ok(run("log", "relapse", "--at", ago(3), "--confirmed", "--steroids"))
    ok(run("log", "fall", "--place", "kitchen", "--at", ago(1)))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    assert [t["name"] for t in report["treatments"]] == ["baclofen"]
    assert len(report["treatments"][0]["missed_doses"]) == 1
    assert [r["confirmed"] for r in report["relapses"]] == [True]
    assert report["relapses_per_year"] is None  # a week is too short for a rate
    assert [a["aid"] for a in report["aids"]] == ["cane"]
    assert report["falls"]["list"][0]["aids_in_use"] == ["cane"]
    out = " ".join(ok(run("report")).stdout.split())
    assert "TREATMENTS, RELAPSES AND AIDS" in out
    assert "Aids in use on those days (from msjournal aid): cane 1" in out
    markdown = ok(run("report", "--format", "markdown")).stdout
    assert "## Treatments, relapses and aids" in markdown
