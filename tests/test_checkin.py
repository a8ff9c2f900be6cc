"""The daily check-in (`msjournal today`), honest "no falls" days, and `msjournal due`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from msjournal import checkin as ci
from msjournal.checkin import CheckIn, parse_exercise, parse_falls, plan, wanted_entries
from msjournal.entries import Entry
from msjournal.errors import InvalidInput

NOW = datetime(2026, 12, 1, 20, 15).astimezone()
TYPICAL = ("--weakness", "4", "--where", "legs", "--fatigue", "5", "--falls", "0")
TYPICAL += ("--exercise", "20 walk")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Make every command see ``moment`` as now (NOW to begin with)."""
    import importlib

    def set_clock(moment: datetime) -> None:
        for name in ("common", "log", "browse", "report", "data", "history", "checkin"):
            module = importlib.import_module(f"msjournal.cli.{name}")
            if hasattr(module, "now"):
                monkeypatch.setattr(module, "now", lambda: moment)

    set_clock(NOW)
    return set_clock


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def entries(run: Callable[..., Result]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(ok(run("list", "--format", "json")).stdout)
    return sorted(listed, key=lambda e: e["id"])


def exported(run: Callable[..., Result]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(run("export", "--format", "json")).stdout)
    return result


# --- reading the answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "falls"),
    [
        ("0", (0, 0)),
        ("none", (0, 0)),
        ("1", (1, 0)),
        ("1 fall", (1, 0)),
        ("2 falls", (2, 0)),
        ("2 near", (0, 2)),
        ("a near-fall", (0, 1)),
        ("1 fall, 1 near", (1, 1)),
        ("1 fall and 2 near falls", (1, 2)),
        ("one fall", (1, 0)),
    ],
)
def test_falls_are_read_as_people_say_them(typed: str, falls: tuple[int, int]) -> None:
    assert parse_falls(typed) == falls


@pytest.mark.parametrize("typed", ["", "lots", "1 tumble", "2 near, x", "99 falls"])
def test_a_falls_answer_that_is_not_a_count_is_refused_with_the_forms(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_falls(typed)


@pytest.mark.parametrize(
    ("typed", "sessions"),
    [
        ("0", ()),
        ("none", ()),
        ("20 walk", ((20, "walking"),)),
        ("walk 20", ((20, "walking"),)),
        ("20 min walk", ((20, "walking"),)),
        ("1h swimming", ((60, "aquatic"),)),
        ("20 walk, 15 strength", ((20, "walking"), (15, "strength"))),
    ],
)
def test_exercise_is_read_as_people_say_it(
    typed: str, sessions: tuple[tuple[int, str], ...]
) -> None:
    assert parse_exercise(typed) == sessions


@pytest.mark.parametrize("typed", ["20", "walk", "20 juggling", "20 walk, 30"])
def test_exercise_needs_minutes_and_a_known_type(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_exercise(typed)


def test_a_second_check_in_keeps_what_it_can_and_changes_only_ratings() -> None:
    at = NOW
    first = CheckIn(
        day=at.date(), at=at, weakness=4, regions=("legs",), fatigue=5, falls=1, near_falls=0
    )
    earlier = [e.replace(id=i, uuid=f"u{i}") for i, e in enumerate(wanted_entries(first), start=1)]
    # the fall got its details since
    earlier[2] = earlier[2].replace(place="kitchen", causes=("tripped",))
    second = first.replace(weakness=6, falls=0, near_falls=1, exercise=((20, "walking"),))
    add, change, remove = plan(earlier, wanted_entries(second))
    assert [(old.id, new.severity) for old, new in change] == [(1, 6)]  # weakness 4 -> 6
    assert [e.id for e in remove] == [3]  # the fall answered away
    assert sorted(e.kind for e in add) == ["exercise", "fall"]
    assert [e.near_fall for e in add if e.kind == "fall"] == [True]
    # the same answers again change nothing, and a fall keeps its details
    same = plan(earlier, wanted_entries(first))
    assert same == ([], [], [])


def test_weakness_0_is_saved_without_a_place() -> None:
    zero = CheckIn(day=NOW.date(), at=NOW, weakness=0, falls=0, near_falls=0)
    assert ci.validate(zero) == zero
    [entry] = wanted_entries(zero)
    assert entry.kind == "weakness" and entry.severity == 0 and entry.regions == ()
    with pytest.raises(InvalidInput):  # above 0, it needs where
        ci.validate(zero.replace(weakness=3))


def test_an_earlier_day_is_timed_at_8_in_the_evening() -> None:
    assert ci.timed(NOW.date(), NOW) == NOW.replace(microsecond=0)
    earlier = ci.timed(date(2026, 11, 28), NOW)
    assert (earlier.date(), earlier.hour, earlier.minute) == (date(2026, 11, 28), 20, 0)
    assert earlier.utcoffset() is not None


# --- the one-line form ---------------------------------------------------------------------


def test_the_one_line_check_in_saves_the_entries_and_says_so_in_one_line(
    run: Callable[..., Result], clock: Any
) -> None:
    result = ok(run("today", *TYPICAL))
    assert (
        "Checked in today: weakness 4/10 (legs), fatigue 5/10, no falls, 20 min walking."
        in result.stderr
    )
    made = entries(run)
    assert [(e["kind"], e["severity"], e["minutes"]) for e in made] == [
        ("weakness", 4, None),
        ("fatigue", 5, None),
        ("exercise", None, 20),
    ]
    assert all(e["at"] == NOW.replace(microsecond=0).isoformat() for e in made)
    [checkin] = exported(run)["checkins"]
    assert checkin["day"] == "2026-12-01"
    assert (checkin["falls"], checkin["near_falls"]) == (0, 0)
    assert checkin["entries"] == [e["uuid"] for e in made]


def test_checkin_is_the_same_command(run: Callable[..., Result], clock: Any) -> None:
    ok(run("checkin", *TYPICAL))
    assert len(entries(run)) == 3


def test_no_weakness_is_saved_as_a_0(run: Callable[..., Result], clock: Any) -> None:
    ok(run("today", "--weakness", "0", "--falls", "0"))
    [entry] = entries(run)
    assert (entry["kind"], entry["severity"], entry["regions"]) == ("weakness", 0, [])


def test_a_script_must_say_the_falls(run: Callable[..., Result], clock: Any) -> None:
    result = run("today", "--weakness", "4", "--where", "legs")
    assert result.exit_code == 2
    assert "--falls 0" in result.stderr
    assert not Path(__import__("os").environ["MSJOURNAL_DB"]).exists() or entries(run) == []


def test_a_script_must_say_where_the_weakness_is(run: Callable[..., Result], clock: Any) -> None:
    result = run("today", "--weakness", "4", "--falls", "0")
    assert result.exit_code == 2
    assert "--where" in result.stderr


def test_checking_in_twice_replaces_never_doubles_and_leaves_logged_entries_alone(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("log", "weakness", "7", "--where", "arms", "--at", "9am"))  # logged apart
    logged = entries(run)[0]
    ok(run("today", *TYPICAL))
    ok(run("today", "--weakness", "6", "--where", "legs", "--fatigue", "5", "--falls", "0"))
    result = ok(run("today", *TYPICAL[:-2], "--exercise", "20 walk", "--falls", "1 near"))
    assert "replaces your earlier check-in" in result.stderr
    made = entries(run)
    assert made[0] == logged  # untouched
    kinds = [e["kind"] for e in made[1:]]
    assert sorted(kinds) == ["exercise", "fall", "fatigue", "weakness"]
    assert [e["severity"] for e in made[1:] if e["kind"] == "weakness"] == [4]
    [checkin] = exported(run)["checkins"]
    assert checkin["near_falls"] == 1
    assert sorted(checkin["entries"]) == sorted(e["uuid"] for e in made[1:])


def test_a_second_check_in_keeps_the_details_added_to_a_fall(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", "--falls", "1 fall"))
    [fall] = entries(run)
    ok(run("edit", str(fall["id"]), "--place", "kitchen"))
    ok(run("today", "--falls", "1 fall", "--fatigue", "6"))
    falls = [e for e in entries(run) if e["kind"] == "fall"]
    assert [(f["id"], f["place"]) for f in falls] == [(fall["id"], "kitchen")]


def test_options_not_given_keep_the_days_earlier_answers(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "-n", "A slow morning"))
    ok(run("today", "--fatigue", "7", "--falls", "0"))
    [checkin] = exported(run)["checkins"]
    assert (checkin["weakness"], checkin["where"], checkin["fatigue"]) == (4, ["legs"], 7)
    assert checkin["exercise"] == [{"minutes": 20, "type": "walking"}]
    assert checkin["note"] == "A slow morning"


def test_a_check_in_for_yesterday_is_timed_at_8_in_the_evening(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    made = entries(run)
    assert {e["at"][:16] for e in made} == {"2026-11-30T20:00"}
    assert exported(run)["checkins"][0]["day"] == "2026-11-30"


def test_a_future_day_is_refused(run: Callable[..., Result], clock: Any) -> None:
    result = run("today", *TYPICAL, "--day", "2026-12-05")
    assert result.exit_code == 2


def test_same_repeats_the_last_check_in_and_needs_yes_in_a_script(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    refused = run("today", "--same")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    ok(run("today", "--same", "--yes"))
    today_ = [e for e in entries(run) if e["at"].startswith("2026-12-01")]
    assert sorted((e["kind"], e["severity"], e["minutes"]) for e in today_) == sorted(
        [("weakness", 4, None), ("fatigue", 5, None), ("exercise", None, 20)]
    )


def test_same_never_repeats_a_fall(run: Callable[..., Result], clock: Any) -> None:
    ok(run("today", "--weakness", "3", "--where", "legs", "--falls", "1", "--day", "yesterday"))
    result = run("today", "--same", "--yes")
    assert result.exit_code == 2 and "--falls" in result.stderr
    ok(run("today", "--same", "--yes", "--falls", "0"))
    falls = [e for e in entries(run) if e["kind"] == "fall"]
    assert len(falls) == 1  # only yesterday's


def test_same_with_nothing_to_repeat_says_so(run: Callable[..., Result], clock: Any) -> None:
    result = run("today", "--same", "--yes")
    assert result.exit_code == 2 and "no check-in before today to repeat" in result.stderr


# --- at a terminal ------------------------------------------------------------------------


def test_at_a_terminal_enter_keeps_yesterdays_answers_but_never_the_falls(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    # Enter, Enter, Enter; falls: Enter (asked again), then 0; Enter; Enter
    result = ok(run("today", input="\n\n\n\n0\n\n\n"))
    assert "Weakness today, 0-10? [4]" in result.stderr
    assert "Where? [legs]" in result.stderr
    assert "Please answer" in result.stderr  # falls have no default
    assert "Exercise? (0, or 20 walk) [20 walking]" in result.stderr
    today_ = [e for e in entries(run) if e["at"].startswith("2026-12-01")]
    assert len(today_) == 3


def test_falls_logged_today_are_shown_and_the_answer_counts_the_others(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    ok(run("log", "fall", "--place", "bathroom", "--injury", "none", "--at", "8am"))
    result = ok(
        run(
            "today",
            "--weakness",
            "2",
            "--where",
            "legs",
            "--fatigue",
            "3",
            "--exercise",
            "0",
            input="1 near\n\n",
        )
    )
    assert "Logged: fall; in the bathroom" in result.stderr
    assert "Any other falls?" in result.stderr
    falls = [e for e in entries(run) if e["kind"] == "fall"]
    assert sorted(f["near_fall"] for f in falls) == [False, True]


def test_question_mark_shows_the_forms(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    result = ok(
        run("today", "--weakness", "0", "--fatigue", "1", "--exercise", "0", input="?\n0\n\n")
    )
    assert ci.FALLS_FORMS in result.stderr


# --- reports, exports, history -----------------------------------------------------------


def test_reports_know_the_checked_in_days_and_the_confirmed_falls(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    ok(run("log", "fatigue", "3", "--at", "3 days ago"))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    checked = {d["date"]: d["checked_in"] for d in report["days"]}
    assert checked["2026-11-30"] is True and checked["2026-11-28"] is False
    assert sum(checked.values()) == 1
    assert report["falls"]["confirmed_days"] == 1
    text = ok(run("report")).stdout
    assert "Checked in" in text
    assert "Falls confirmed by a check-in (msjournal today) on 1 of 7 days." in text


def test_check_ins_are_exported_and_imported_exactly(
    run: Callable[..., Result], clock: Any, tmp_path: Path
) -> None:
    ok(run("today", *TYPICAL, "-n", "Hot day; <b>tired</b>", "--day", "yesterday"))
    ok(run("today", "--weakness", "0", "--falls", "1 fall, 1 near", "--exercise", "0"))
    ok(run("export", "--format", "json", "-o", str(tmp_path / "all.json")))
    ok(run("export", "--format", "csv", "--table", "checkins", "-o", str(tmp_path / "c.csv")))
    before = exported(run)
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "import", str(tmp_path / "all.json")))
    after = json.loads(ok(run("--db", str(other), "export", "--format", "json")).stdout)
    assert after["checkins"] == before["checkins"]
    assert after["entries"] == before["entries"]
    again = ok(run("--db", str(other), "import", str(tmp_path / "all.json")))
    assert "skipped 8 already" in again.stderr  # 6 entries and 2 check-ins
    from_csv = tmp_path / "csv.db"
    ok(run("--db", str(from_csv), "import", str(tmp_path / "c.csv")))
    csv_back = json.loads(ok(run("--db", str(from_csv), "export", "--format", "json")).stdout)
    assert csv_back["checkins"] == before["checkins"]


def test_a_bad_check_in_record_refuses_the_whole_import(
    run: Callable[..., Result], clock: Any, tmp_path: Path
) -> None:
    ok(run("today", *TYPICAL))
    data = exported(run)
    data["checkins"][0]["uuid"] = "00000000-0000-4000-8000-00000000abcd"
    data["checkins"][0]["day"] = "2026-11-20"
    data["checkins"][0]["at"] = "2026-11-20T20:00:00+00:00"
    data["checkins"][0]["weakness"] = 11
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.db"
    result = run("--db", str(other), "import", str(path))
    assert result.exit_code == 2 and "check-in 1" in result.stderr


def test_undo_takes_back_a_check_in_and_a_second_one_exactly(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("log", "fall", "--near", "--at", "7am"))
    ok(run("today", *TYPICAL))
    first = exported(run)
    ok(run("today", "--weakness", "6", "--falls", "2 fall", "--exercise", "0"))
    history = ok(run("history", "-n", "1")).stdout
    assert "edited check-in 1" in " ".join(history.split())
    undone = ok(run("undo", "--yes"))
    assert "back as they were" in undone.stderr
    assert exported(run) == first
    ok(run("undo", "--yes"))
    left = exported(run)
    assert left["checkins"] == []
    assert [e["kind"] for e in left["entries"]] == ["fall"]  # the near-fall logged apart


# --- due -----------------------------------------------------------------------------------


def test_due_says_what_is_not_logged_with_status_3_then_0_once_checked_in(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("log", "fatigue", "4"))
    result = run("due")
    assert result.exit_code == 3
    assert "Due: today's check-in (msjournal today)." in result.stdout
    assert "Logged today: fatigue." in result.stdout
    ok(run("today", *TYPICAL))
    done = run("due")
    assert done.exit_code == 0
    assert "Checked in today at 20:15" in done.stdout


def test_due_without_a_journal_is_a_problem_not_a_reminder(
    run: Callable[..., Result], clock: Any
) -> None:
    result = run("due")
    assert result.exit_code == 1


def test_a_check_in_for_yesterday_does_not_make_today_done(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    assert run("due").exit_code == 3
    clock(NOW + timedelta(days=-1))
    assert run("due").exit_code == 0


def test_an_entry_made_by_a_check_in_is_an_ordinary_entry(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL))
    shown = ok(run("show", "1")).stdout
    assert "weakness" in shown.lower()
    assert isinstance(Entry.from_dict(entries(run)[0]), Entry)


def test_at_a_terminal_each_new_fall_is_asked_whether_it_hurt(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    given = ("--weakness", "0", "--fatigue", "2", "--exercise", "0")
    result = ok(run("today", *given, input="2 falls\nmedical\n\n\n"))
    assert "Fall 1: were you hurt?" in result.stderr
    falls = [e for e in entries(run) if e["kind"] == "fall"]
    assert sorted((f["injury"], f["hopkins_grade"]) for f in falls) == [
        ("medical", 3),
        ("none", 2),
    ]
    assert "msjournal edit" in result.stderr  # where to add the place
    # a second check-in that day keeps both falls as they are, and asks of none
    again = ok(run("today", *given, input="2 falls\n\n"))
    assert "were you hurt" not in again.stderr
    assert [e for e in entries(run) if e["kind"] == "fall"] == falls


def test_the_readme_shows_what_due_says(run: Callable[..., Result], clock: Any) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```console\n$ msjournal due\n", 1)[1].split("```", 1)[0]
    ok(run("log", "fatigue", "4"))
    assert run("due").stdout == shown


# --- from a new user's trial -----------------------------------------------------------


@pytest.mark.parametrize(("typed", "falls"), [("1 fall 1 near", (1, 1)), ("1 fal", (1, 0))])
def test_falls_without_a_comma_or_with_a_slip_are_read(typed: str, falls: tuple[int, int]) -> None:
    assert parse_falls(typed) == falls


def test_same_never_undoes_the_falls_already_answered_that_day(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL, "--day", "yesterday"))  # no falls yesterday
    ok(run("today", "--weakness", "5", "--where", "legs", "--falls", "1 fall"))
    ok(run("today", "--same", "--yes"))
    today_ = [e for e in entries(run) if e["at"].startswith("2026-12-01")]
    assert [e["kind"] for e in today_].count("fall") == 1
    [_, checkin] = exported(run)["checkins"]
    assert (checkin["falls"], checkin["weakness"]) == (1, 4)  # yesterday's weakness


def test_same_at_a_terminal_shows_what_it_repeats_before_asking_falls(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    ok(run("today", *TYPICAL[:-2], "--exercise", "0", "--falls", "1", "--day", "yesterday"))
    result = ok(run("today", "--same", input="0\n\n"))
    shown = result.stderr
    assert shown.index("Your last check-in (Mon 30 Nov)") < shown.index("Falls?")
    assert "Save them?" in shown


def test_yes_to_a_corrected_exercise_type_keeps_the_whole_answer(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    given = ("--weakness", "0", "--fatigue", "2", "--falls", "0")
    result = ok(run("today", *given, input="20 wlak, 15 strenght\n\n\n\n"))
    assert "Did you mean 20 walking, 15 strenght?" in result.stderr
    assert "Did you mean 20 walking, 15 strength?" in result.stderr
    sessions = sorted((e["minutes"], e["exercise_type"]) for e in entries(run) if e["minutes"])
    assert sessions == [(15, "strength"), (20, "walking")]


def test_a_day_of_another_year_says_its_year(run: Callable[..., Result], clock: Any) -> None:
    result = ok(run("today", "--falls", "0", "--day", "2 dec"))
    assert "Checked in for Tue 2 Dec 2025: no falls." in result.stderr


def test_no_falls_is_never_said_of_a_day_with_a_fall_logged_apart(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("log", "fall", "--place", "bathroom", "--at", "10am"))
    result = ok(run("today", "--fatigue", "3", "--falls", "0"))
    assert "no other falls (1 fall logged apart)" in result.stderr
    assert "no falls" not in result.stderr


def test_show_prints_the_days_check_in_with_its_note(
    run: Callable[..., Result], clock: Any
) -> None:
    assert run("today", "--show").exit_code == 1  # no journal yet: a problem
    ok(run("log", "fatigue", "2"))
    assert "No check-in for today yet." in ok(run("today", "--show")).stdout
    ok(run("today", *TYPICAL, "-n", "Legs heavy after shopping"))
    shown = ok(run("today", "--show")).stdout
    assert "Check-in for today (20:15): weakness 4/10 (legs)" in shown
    assert "Note: Legs heavy after shopping" in shown
    assert "Entries it made: 2, 3, 4" in shown


def test_an_earlier_day_asks_about_that_day_and_says_which(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    result = ok(run("today", "--day", "saturday", input="3\nlegs\n4\n0\n0\n\n"))
    assert "Check-in for Sat 28 Nov." in result.stderr
    assert "Weakness that day, 0-10?" in result.stderr


# --- from a second new user's trial --------------------------------------------------------


def test_an_entry_edited_since_is_the_persons_own_and_a_new_check_in_never_removes_it(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", "--falls", "1 fall"))
    [fall] = entries(run)
    clock(NOW + timedelta(minutes=5))
    ok(run("edit", str(fall["id"]), "--place", "kitchen", "--near"))
    clock(NOW + timedelta(minutes=10))
    result = ok(run("today", "--falls", "0"))
    assert "no other falls (1 near-fall logged apart)" in result.stderr
    kept = [e for e in entries(run) if e["kind"] == "fall"]
    assert [(e["id"], e["near_fall"], e["place"]) for e in kept] == [(fall["id"], True, "kitchen")]
    [checkin] = exported(run)["checkins"]
    assert fall["uuid"] not in checkin["entries"]  # the person's now


def test_show_says_when_entries_it_made_changed_since(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("today", *TYPICAL))
    ok(run("delete", "2", "--yes"))
    shown = ok(run("today", "--show")).stdout
    assert "Entries it made: 1, 3" in shown
    assert "1 of the entries it made was deleted since" in shown
    plain = ok(run("--plain", "today", "--show")).stdout
    assert "Weakness 4/10 (legs).\nFatigue 5/10.\nNo falls.\n" in plain


def test_same_never_says_no_falls_after_a_day_with_a_fall_logged_apart(
    run: Callable[..., Result], clock: Any
) -> None:
    ok(run("log", "fall", "--near", "--at", "yesterday 9am"))
    ok(run("today", *TYPICAL, "--day", "yesterday"))
    result = run("today", "--same", "--yes")
    assert result.exit_code == 2 and "--falls" in result.stderr  # not repeated
    history = " ".join(ok(run("history", "-n", "1")).stdout.split())
    assert "no other falls (1 near-fall logged apart)" in history


def test_a_question_mark_at_the_note_is_never_saved_and_enter_keeps_the_earlier_note(
    run: Callable[..., Result], clock: Any, terminal: None
) -> None:
    ok(run("today", "--weakness", "0", "--fatigue", "2", "--exercise", "0", input="0\n?\nFirst\n"))
    assert exported(run)["checkins"][0]["note"] == "First"
    again = ok(run("today", "--weakness", "0", "--fatigue", "3", "--exercise", "0", input="0\n\n"))
    assert "Enter keeps: First" in again.stderr
    assert exported(run)["checkins"][0]["note"] == "First"
    ok(run("today", "--weakness", "0", "--fatigue", "3", "--exercise", "0", input="0\n-\n"))
    assert exported(run)["checkins"][0]["note"] is None
