"""summary.py: the report's arithmetic and the "raise with your doctor" rules.

Hand-built entries with aware times and ids, ``today`` and periods passed in:
no disk, no clock, no CLI. Thresholds are tested at their edges (clinical.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from itertools import count

import pytest

from msjournal import summary
from msjournal.dates import Period, last_days
from msjournal.entries import Entry, validate
from msjournal.summary import (
    Flag,
    build_report,
    day_of,
    days,
    exercise_summary,
    fall_summary,
    flags,
    report_window,
    sparkline,
    symptom_summary,
)

PLUS_ONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 25)
WEEK = last_days(7, TODAY)  # Thu 19 Nov .. Wed 25 Nov
PREVIOUS = WEEK.previous()  # 12 Nov .. 18 Nov
MONTH = last_days(30, TODAY)

_next_id = count(1)


def nov(day: int) -> date:
    return date(2026, 11, day)


def at(day: date, hour: int = 12, minute: int = 0, offset: timezone = PLUS_ONE) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=offset)


def _make(
    kind: str, day: date, hour: int, minute: int, offset: timezone, **fields: object
) -> Entry:
    entry = Entry(kind=kind, at=at(day, hour, minute, offset), id=next(_next_id), **fields)
    return validate(entry)  # only entries the journal could really hold


def weakness(
    day: date,
    severity: int,
    regions: tuple[str, ...] = ("legs",),
    *,
    activities: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    hour: int = 12,
    minute: int = 0,
    offset: timezone = PLUS_ONE,
) -> Entry:
    return _make(
        "weakness",
        day,
        hour,
        minute,
        offset,
        severity=severity,
        regions=regions,
        activities=activities,
        tags=tags,
    )


def fatigue(
    day: date,
    severity: int,
    *,
    activities: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    hour: int = 12,
    minute: int = 0,
    offset: timezone = PLUS_ONE,
) -> Entry:
    return _make(
        "fatigue",
        day,
        hour,
        minute,
        offset,
        severity=severity,
        fatigue_type="both",
        activities=activities,
        tags=tags,
    )


def fall(
    day: date,
    injury: str = "none",
    *,
    place: str | None = None,
    causes: tuple[str, ...] = (),
    aids: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    hour: int = 12,
    minute: int = 0,
) -> Entry:
    return _make(
        "fall",
        day,
        hour,
        minute,
        PLUS_ONE,
        near_fall=False,
        injury=injury,
        place=place,
        causes=causes,
        aids=aids,
        tags=tags,
    )


def near_fall(day: date, *, hour: int = 12, tags: tuple[str, ...] = ()) -> Entry:
    return _make("fall", day, hour, 0, PLUS_ONE, near_fall=True, injury="none", tags=tags)


def exercise(
    day: date,
    minutes: int,
    exercise_type: str = "walking",
    *,
    effort: int | None = None,
    tags: tuple[str, ...] = (),
    hour: int = 12,
) -> Entry:
    return _make(
        "exercise",
        day,
        hour,
        0,
        PLUS_ONE,
        minutes=minutes,
        exercise_type=exercise_type,
        effort=effort,
        with_therapist=False,
        tags=tags,
    )


def symptom(
    day: date,
    name: str,
    severity: int,
    *,
    regions: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    hour: int = 12,
) -> Entry:
    return _make(
        "symptom",
        day,
        hour,
        0,
        PLUS_ONE,
        symptom=name,
        severity=severity,
        regions=regions,
        tags=tags,
    )


def ids(*entries: Entry) -> tuple[int, ...]:
    return tuple(sorted(e.id for e in entries if e.id is not None))


def raised(window: list[Entry], rule: int, period: Period = WEEK) -> list[Flag]:
    return [f for f in flags(window, period)[0] if f.rule == rule]


def days_before(n: int) -> date:
    """The day ``n`` days before the first day of the week under report."""
    return WEEK.start - timedelta(days=n)


def grid_day(grid: list[summary.Day], day: date) -> summary.Day:
    (found,) = [d for d in grid if d.date == day]
    return found


# --- days are local calendar days


def test_entries_at_2359_and_0000_next_day_land_on_different_days() -> None:
    late = weakness(nov(20), 3, hour=23, minute=59)
    early = weakness(nov(21), 7, hour=0, minute=0)
    grid = days([late, early], WEEK)
    assert grid_day(grid, nov(20)).weakness_max == 3
    assert grid_day(grid, nov(21)).weakness_max == 7


def test_each_entry_counts_on_the_day_of_its_own_clock_whatever_its_offset() -> None:
    # 21 Nov 00:30 in Tokyo is 20 Nov 15:30 UTC; 20 Nov 23:30 in New York is
    # 21 Nov 04:30 UTC. Each belongs to the day its own clock showed.
    tokyo = weakness(nov(21), 8, hour=0, minute=30, offset=timezone(timedelta(hours=9)))
    new_york = weakness(nov(20), 2, hour=23, minute=30, offset=timezone(timedelta(hours=-5)))
    assert day_of(tokyo) == nov(21)
    assert day_of(new_york) == nov(20)
    grid = days([tokyo, new_york], WEEK)
    assert grid_day(grid, nov(20)).weakness_max == 2
    assert grid_day(grid, nov(21)).weakness_max == 8


def test_an_entry_just_after_midnight_on_the_first_day_is_in_the_period() -> None:
    inside = weakness(WEEK.start, 5, hour=0, minute=0, offset=timezone(timedelta(hours=14)))
    outside = weakness(PREVIOUS.end, 9, hour=23, minute=59, offset=timezone(timedelta(hours=-12)))
    report = build_report([inside, outside], WEEK)
    assert report.entries == 1
    assert report.weakness.current.max == 5
    assert report.weakness.previous.max == 9


# --- the per-day grid


def test_grid_has_one_row_per_day_of_the_period_in_order() -> None:
    grid = days([], WEEK)
    assert [d.date for d in grid] == [WEEK.start + timedelta(days=i) for i in range(7)]


def test_a_day_with_nothing_logged_is_blank_not_zero() -> None:
    grid = days([weakness(nov(20), 4)], WEEK)
    blank = grid_day(grid, nov(21))
    assert blank.logged is False
    assert blank.weakness_max is None
    assert blank.fatigue_max is None
    assert blank.falls is None
    assert blank.near_falls is None
    assert blank.exercise_minutes is None


def test_a_logged_day_has_zero_counts_and_blank_ratings_not_logged() -> None:
    grid = days([fatigue(nov(20), 6)], WEEK)
    day = grid_day(grid, nov(20))
    assert day.logged is True
    assert day.fatigue_max == 6
    assert day.weakness_max is None  # not logged that day: unknown, not 0
    assert day.falls == 0
    assert day.near_falls == 0
    assert day.exercise_minutes == 0


def test_grid_day_shows_highest_ratings_and_sums_counts_and_minutes() -> None:
    day = nov(22)
    entries = [
        weakness(day, 3, hour=8),
        weakness(day, 8, hour=13),
        weakness(day, 5, hour=20),
        fatigue(day, 2, hour=9),
        fatigue(day, 7, hour=18),
        fall(day, hour=10),
        fall(day, "minor", hour=11),
        near_fall(day, hour=15),
        exercise(day, 20, hour=7),
        exercise(day, 15, "strength", hour=17),
    ]
    row = grid_day(days(entries, WEEK), day)
    assert (row.weakness_max, row.fatigue_max) == (8, 7)
    assert (row.falls, row.near_falls, row.exercise_minutes) == (2, 1, 35)


# --- weakness and fatigue


def test_weakness_and_fatigue_are_summarised_apart() -> None:
    weak = [weakness(nov(20), 4), weakness(nov(21), 6)]
    tired = [fatigue(nov(20), 9), fatigue(nov(21), 10), fatigue(nov(22), 9)]
    alone = symptom_summary("weakness", weak, [])
    mixed = symptom_summary("weakness", weak + tired, tired)
    assert mixed.current == alone.current
    assert mixed.current.entries == 2
    assert mixed.current.mean == 5
    assert mixed.current.max == 6
    assert mixed.previous.entries == 0
    tired_summary = symptom_summary("fatigue", weak + tired, [])
    assert tired_summary.current.entries == 3
    assert tired_summary.current.max == 10
    assert tired_summary.current.mean == pytest.approx(28 / 3)


def test_regions_and_activities_are_counted_most_first() -> None:
    # In vocabulary order legs < arms < hands, dressing < cooking < stairs: the
    # counts, not the vocabulary, must decide the order.
    entries = [
        weakness(nov(20), 5, ("hands",), activities=("stairs",)),
        weakness(nov(21), 5, ("arms", "hands"), activities=("cooking", "stairs")),
        weakness(nov(22), 5, ("legs", "arms", "hands"), activities=("dressing", "stairs")),
        weakness(nov(23), 5, ("legs",), activities=("cooking",)),
    ]
    # The first region tuple above is vocabulary-ordered as the journal stores it.
    result = symptom_summary("weakness", entries, [])
    assert result.regions == {"hands": 3, "legs": 2, "arms": 2}
    assert list(result.regions) == ["hands", "legs", "arms"]  # ties in vocabulary order
    assert list(result.activities) == ["stairs", "cooking", "dressing"]
    assert result.activities == {"stairs": 3, "cooking": 2, "dressing": 1}


def test_fatigue_activities_do_not_leak_into_weakness() -> None:
    entries = [
        weakness(nov(20), 5, activities=("dressing",)),
        fatigue(nov(20), 5, activities=("work",)),
    ]
    assert symptom_summary("weakness", entries, []).activities == {"dressing": 1}
    assert symptom_summary("fatigue", entries, []).activities == {"work": 1}


def _trend(previous: list[int], current: list[int]) -> summary.Trend:
    before = [weakness(PREVIOUS.start + timedelta(days=i % 7), s) for i, s in enumerate(previous)]
    now = [weakness(WEEK.start + timedelta(days=i % 7), s) for i, s in enumerate(current)]
    return symptom_summary("weakness", now, before).trend


@pytest.mark.parametrize(
    ("previous", "current", "arrow", "word"),
    [
        ([5, 5, 5], [6, 6, 6], "↑", "worse"),  # +1.0 exactly
        ([5, 5, 6], [6, 6, 7], "↑", "worse"),  # +1.0 between thirds
        ([5] * 10, [6] * 9 + [5], "→", "about the same"),  # +0.9
        ([5, 5, 5, 5, 5, 5], [6, 6, 6, 6, 6, 5], "→", "about the same"),  # +0.83
        ([5, 5, 5], [5, 5, 5], "→", "about the same"),
        ([6] * 10, [5] * 9 + [6], "→", "about the same"),  # -0.9
        ([6, 6, 6], [5, 5, 5], "↓", "better"),  # -1.0 exactly
        ([8, 8], [2], "↓", "better"),
    ],
)
def test_symptom_trend_words_at_the_one_point_threshold(
    previous: list[int], current: list[int], arrow: str, word: str
) -> None:
    result = _trend(previous, current)
    assert (result.arrow, result.word) == (arrow, word)


def test_symptom_trend_has_no_comparison_when_either_period_lacks_that_kind() -> None:
    assert _trend([], [9, 9]).word == "no comparison"
    assert _trend([1, 1], []).word == "no comparison"
    # Fatigue in the previous period is no basis for comparing weakness.
    now = [weakness(nov(20), 9)]
    before = [fatigue(nov(13), 1)]
    result = symptom_summary("weakness", now, before)
    assert result.trend.word == "no comparison"
    assert result.trend.arrow not in ("↑", "↓", "→")


# --- falls


def test_falls_and_near_falls_are_counted_apart_with_hopkins_grades() -> None:
    entries = [
        fall(nov(20)),
        fall(nov(21), "minor"),
        fall(nov(22), "medical"),
        near_fall(nov(20)),
        near_fall(nov(23)),
        near_fall(nov(24)),
        weakness(nov(20), 5),
    ]
    result = fall_summary(entries, [], WEEK)
    assert result.falls == 3
    assert result.near_falls == 3
    assert result.by_hopkins_grade == {"1": 3, "2": 2, "3": 1, "4": 0}
    assert list(result.by_hopkins_grade) == ["1", "2", "3", "4"]


def test_places_causes_and_aids_of_falls_are_counted() -> None:
    entries = [
        fall(nov(20), place="bathroom", causes=("slipped",), aids=("cane",)),
        fall(nov(21), place="kitchen", causes=("tripped", "slipped"), aids=("cane",)),
        fall(nov(22), place="bathroom", causes=("foot-drop",), aids=("walker",)),
    ]
    result = fall_summary(entries, [], WEEK)
    assert result.places == {"bathroom": 2, "kitchen": 1}
    assert list(result.causes) == ["slipped", "tripped", "foot-drop"]
    assert result.causes["slipped"] == 2
    assert result.aids == {"cane": 2, "walker": 1}


@pytest.mark.parametrize(
    ("period", "falls", "expected"),
    [
        (WEEK, 2, None),  # a rate from one week overstates: none under 28 days
        (WEEK, 1, None),
        (last_days(27, TODAY), 1, None),
        (last_days(28, TODAY), 1, 1.1),
        (MONTH, 1, 1.0),
        (MONTH, 3, 3.0),
        (MONTH, 0, 0.0),
    ],
)
def test_falls_per_30_days(period: Period, falls: int, expected: float) -> None:
    entries = [fall(period.end) for _ in range(falls)] + [near_fall(period.end)]
    assert fall_summary(entries, [], period).per_30_days == expected


@pytest.mark.parametrize(
    ("previous", "current", "arrow", "word"),
    [
        (1, 2, "↑", "worse"),
        (2, 1, "↓", "better"),
        (2, 2, "→", "about the same"),
        (0, 1, "↑", "worse"),
    ],
)
def test_fall_trend_is_decided_by_the_count(
    previous: int, current: int, arrow: str, word: str
) -> None:
    # Both periods have a logged day (a weakness entry), so they compare.
    before = [weakness(nov(13), 3)] + [fall(nov(14)) for _ in range(previous)]
    now = [weakness(nov(20), 3)] + [fall(nov(21)) for _ in range(current)]
    result = fall_summary(now, before, WEEK)
    assert (result.trend.arrow, result.trend.word) == (arrow, word)
    assert result.previous_falls == previous


def test_near_falls_do_not_move_the_fall_trend() -> None:
    before = [fall(nov(14))]
    now = [fall(nov(21)), near_fall(nov(22)), near_fall(nov(23))]
    result = fall_summary(now, before, WEEK)
    assert result.trend.word == "about the same"
    assert result.previous_near_falls == 0


def test_fall_trend_has_no_comparison_when_a_period_has_no_logged_day() -> None:
    now = [fall(nov(21))]
    assert fall_summary(now, [], WEEK).trend.word == "no comparison"
    assert fall_summary([], now, WEEK).trend.word == "no comparison"
    # A logged day without falls is "no falls", which does compare.
    assert fall_summary(now, [exercise(nov(13), 30)], WEEK).trend.word == "worse"


# --- exercise guidelines


def test_a_week_has_exactly_the_weekly_guideline() -> None:
    guideline = exercise_summary([], WEEK).to_dict()["guideline"]
    assert guideline["minutes_target"] == 150
    assert guideline["aerobic_target"] == 2
    assert guideline["strength_target"] == 2


def test_a_30_day_period_counts_as_four_weeks() -> None:
    result = exercise_summary([], MONTH)
    assert (result.minutes_target, result.aerobic_target, result.strength_target) == (600, 8, 8)


@pytest.mark.parametrize(("length", "weeks"), [(1, 1), (10, 1), (11, 2), (14, 2), (90, 13)])
def test_guideline_weeks_are_days_over_seven_rounded(length: int, weeks: int) -> None:
    result = exercise_summary([], last_days(length, TODAY))
    assert result.minutes_target == 150 * weeks
    assert result.aerobic_target == 2 * weeks


@pytest.mark.parametrize(
    ("exercise_type", "minutes", "aerobic"),
    [
        ("cardio", 30, True),
        ("walking", 30, True),
        ("aquatic", 45, True),
        ("walking", 29, False),
        ("cardio", 29, False),
        ("balance", 60, False),
        ("yoga", 60, False),
        ("strength", 60, False),
    ],
)
def test_aerobic_session_needs_an_aerobic_type_and_30_minutes(
    exercise_type: str, minutes: int, aerobic: bool
) -> None:
    result = exercise_summary([exercise(nov(20), minutes, exercise_type)], WEEK)
    assert result.aerobic_sessions == (1 if aerobic else 0)
    assert result.sessions == 1


@pytest.mark.parametrize(
    ("exercise_type", "strength"),
    [("strength", True), ("resistance", True), ("yoga", False), ("physio", False)],
)
def test_strength_sessions_are_strength_and_resistance(exercise_type: str, strength: bool) -> None:
    result = exercise_summary([exercise(nov(20), 10, exercise_type)], WEEK)
    assert result.strength_sessions == (1 if strength else 0)


@pytest.mark.parametrize(("effort", "counts"), [(0, False), (3, False), (4, True), (10, True)])
def test_an_aerobic_session_counts_from_moderate_effort(effort: int, counts: bool) -> None:
    result = exercise_summary([exercise(nov(20), 30, "walking", effort=effort)], WEEK)
    assert result.aerobic_sessions == (1 if counts else 0)
    assert result.minutes == 30  # the 150 minutes count every session
    assert result.aerobic_unrated == 0


def test_an_unrated_aerobic_session_counts_and_is_said_to_be_unrated() -> None:
    sessions = [
        exercise(nov(20), 30, "walking", effort=0),
        exercise(nov(21), 30, "cardio", effort=10),
        exercise(nov(22), 30, "aquatic"),
        exercise(nov(23), 10, "strength", effort=0),
        exercise(nov(24), 10, "resistance"),
    ]
    result = exercise_summary(sessions, WEEK)
    assert result.aerobic_sessions == 2  # cardio at 10, aquatic unrated
    assert result.aerobic_unrated == 1
    assert result.strength_sessions == 2  # strength counts whatever its effort
    assert result.mean_effort == pytest.approx(10 / 3)
    assert result.to_dict()["guideline"]["aerobic_unrated"] == 1


def test_guideline_met_exactly_at_the_targets() -> None:
    met = [
        exercise(nov(20), 30, "walking"),
        exercise(nov(21), 30, "cardio"),
        exercise(nov(22), 45, "strength"),
        exercise(nov(23), 45, "resistance"),
    ]
    result = exercise_summary(met, WEEK)
    assert result.minutes == 150
    assert result.minutes_met is True
    assert result.sessions_met is True
    short = exercise_summary([*met[:3], exercise(nov(23), 44, "resistance")], WEEK)
    assert short.minutes == 149
    assert short.minutes_met is False
    assert short.sessions_met is True
    one_strength = exercise_summary([*met[:3], exercise(nov(23), 45, "yoga")], WEEK)
    assert one_strength.minutes_met is True
    assert one_strength.sessions_met is False


def test_minutes_by_type_most_first_and_other_kinds_ignored() -> None:
    entries = [
        exercise(nov(20), 20, "cardio"),
        exercise(nov(21), 40, "yoga"),
        exercise(nov(22), 15, "cardio"),
        weakness(nov(22), 5),
    ]
    result = exercise_summary(entries, WEEK)
    assert result.by_type == {"yoga": 40, "cardio": 35}
    assert list(result.by_type) == ["yoga", "cardio"]
    assert (result.minutes, result.sessions) == (75, 3)


# --- rule 1: a fall needing medical care


@pytest.mark.parametrize(
    ("injury", "flagged"),
    [("medical", True), ("hospital", True), ("minor", False), ("none", False)],
)
def test_rule1_fall_with_medical_attention_or_hospital(injury: str, flagged: bool) -> None:
    entry = fall(nov(21), injury)
    found = raised([entry], 1)
    assert [f.entries for f in found] == ([ids(entry)] if flagged else [])


def test_rule1_near_falls_never_raise_it() -> None:
    assert raised([near_fall(nov(21)) for _ in range(5)], 1) == []


def test_rule1_one_flag_lists_every_such_fall() -> None:
    medical = fall(nov(20), "medical")
    hospital = fall(nov(23), "hospital")
    minor = fall(nov(22), "minor")
    before = fall(nov(10), "hospital")  # not in the period
    (flag,) = raised([medical, hospital, minor, before], 1)
    assert flag.entries == ids(medical, hospital)


# --- rule 2: repeated falls


def test_rule2_two_falls_29_calendar_days_apart_raise_it() -> None:
    later = fall(nov(22))
    earlier = fall(nov(22) - timedelta(days=29))  # 24 Oct, before the period
    (flag,) = raised([earlier, later], 2)
    assert flag.entries == ids(earlier, later)


def test_rule2_two_falls_30_calendar_days_apart_do_not() -> None:
    later = fall(nov(22))
    earlier = fall(nov(22) - timedelta(days=30))
    assert raised([earlier, later], 2) == []


def test_rule2_counts_calendar_days_not_hours() -> None:
    # 29 calendar days apart, though more than 29 x 24 hours.
    later = fall(nov(22), hour=23, minute=55)
    earlier = fall(nov(22) - timedelta(days=29), hour=0, minute=5)
    assert len(raised([earlier, later], 2)) == 1
    # 30 calendar days apart, though only just over 29 x 24 hours.
    later = fall(nov(22), hour=0, minute=5)
    earlier = fall(nov(22) - timedelta(days=30), hour=23, minute=55)
    assert raised([earlier, later], 2) == []


def test_rule2_needs_one_of_the_falls_in_the_period() -> None:
    assert raised([fall(nov(10)), fall(nov(15))], 2) == []
    # A close pair before the period plus a lone fall in it is still no flag.
    assert raised([fall(date(2026, 10, 1)), fall(date(2026, 10, 5)), fall(nov(20))], 2) == []


def test_rule2_lists_every_fall_within_29_days_of_a_fall_in_the_period() -> None:
    # 20 and 10 days before the period, and one in it: the first is 25 days from
    # the one in the period, so all three raise the flag.
    first = fall(days_before(20))
    second = fall(days_before(10))
    third = fall(nov(24))
    too_early = fall(days_before(45))  # close to the first only, and neither is in the period
    (flag,) = raised([too_early, first, second, third], 2)
    assert flag.entries == ids(first, second, third)
    assert "3 falls" in flag.reason


def test_rule2_both_falls_in_the_period_raise_it() -> None:
    first, second = fall(nov(21), hour=9), fall(nov(21), hour=18)
    (flag,) = raised([first, second], 2)
    assert flag.entries == ids(first, second)


def test_rule2_ignores_a_fall_after_the_period_end() -> None:
    inside = fall(nov(24))
    after = fall(nov(27))
    assert raised([inside, after], 2) == []


def test_rule2_near_falls_never_count() -> None:
    assert raised([fall(nov(20)), near_fall(nov(21))], 2) == []
    assert raised([near_fall(nov(20)), near_fall(nov(21))], 2) == []
    one, other = fall(nov(19)), fall(nov(25))
    (flag,) = raised([one, near_fall(nov(20)), other], 2)
    assert flag.entries == ids(one, other)


# --- rule 3: near-falls


def test_rule3_three_near_falls_raise_it() -> None:
    near = [near_fall(nov(20)), near_fall(nov(22)), near_fall(nov(25))]
    (flag,) = raised([*near, fall(nov(21))], 3)
    assert flag.entries == ids(*near)


def test_rule3_two_near_falls_do_not() -> None:
    assert raised([near_fall(nov(20)), near_fall(nov(22))], 3) == []
    # Near-falls before the period do not make up the number, nor do falls.
    assert raised([near_fall(nov(18)), near_fall(nov(20)), near_fall(nov(22))], 3) == []
    assert raised([fall(nov(19)), near_fall(nov(20)), near_fall(nov(22))], 3) == []


# --- rule 4: worse than the previous period


Make = Callable[[date, int], Entry]


def _spread(make: Make, period: Period, severities: list[int]) -> list[Entry]:
    """One entry a day from the period's start (wrapping), each at noon."""
    start, length = period.start, period.days
    return [make(start + timedelta(days=i % length), s) for i, s in enumerate(severities)]


def test_rule4_rise_of_exactly_two_points_with_three_entries_each() -> None:
    before = _spread(weakness, PREVIOUS, [3, 3, 3])
    now = _spread(weakness, WEEK, [5, 5, 5])
    (flag,) = raised(before + now, 4)
    assert flag.entries == ids(*now)
    assert "weakness" in (flag.title + flag.reason).lower()


def test_rule4_rise_between_thirds_is_exact() -> None:
    # 13/3 -> 19/3 is a rise of exactly 2.0.
    before = _spread(weakness, PREVIOUS, [4, 4, 5])
    now = _spread(weakness, WEEK, [6, 6, 7])
    assert len(raised(before + now, 4)) == 1


def test_rule4_rise_of_1_9_does_not() -> None:
    before = _spread(weakness, PREVIOUS, [3] * 10)
    now = _spread(weakness, WEEK, [5] * 9 + [4])  # mean 4.9
    assert raised(before + now, 4) == []


@pytest.mark.parametrize(("previous", "current"), [([3, 3], [9, 9, 9]), ([3, 3, 3], [9, 9])])
def test_rule4_needs_three_entries_in_each_period(previous: list[int], current: list[int]) -> None:
    window = _spread(weakness, PREVIOUS, previous) + _spread(weakness, WEEK, current)
    assert raised(window, 4) == []


def test_rule4_one_flag_per_symptom_with_that_symptoms_entries() -> None:
    weak_before = _spread(weakness, PREVIOUS, [2, 2, 2])
    weak_now = _spread(weakness, WEEK, [4, 5, 4])
    tired_before = _spread(fatigue, PREVIOUS, [1, 1, 1])
    tired_now = _spread(fatigue, WEEK, [8, 8, 8, 8])
    found = raised(weak_before + weak_now + tired_before + tired_now, 4)
    assert len(found) == 2
    by_kind = {("fatigue" if "fatigue" in f.title.lower() else "weakness"): f for f in found}
    assert by_kind["weakness"].entries == ids(*weak_now)
    assert by_kind["fatigue"].entries == ids(*tired_now)


def test_rule4_fatigue_alone_does_not_flag_weakness() -> None:
    window = (
        _spread(weakness, PREVIOUS, [5, 5, 5])
        + _spread(weakness, WEEK, [5, 5, 5])
        + _spread(fatigue, PREVIOUS, [2, 2, 2])
        + _spread(fatigue, WEEK, [9, 9, 9])
    )
    (flag,) = raised(window, 4)
    assert "fatigue" in flag.title.lower()
    assert all(e.kind == "fatigue" for e in window if e.id in flag.entries)


# --- rule 5: weakness in a new region


def test_rule5_region_logged_89_days_before_is_not_new() -> None:
    window = [weakness(days_before(89), 4, ("legs",)), weakness(nov(21), 6, ("legs",))]
    assert raised(window, 5) == []


def test_rule5_region_logged_90_days_before_is_still_within_the_lookback() -> None:
    window = [weakness(days_before(90), 4, ("legs",)), weakness(nov(21), 6, ("legs",))]
    assert raised(window, 5) == []


def test_rule5_region_last_logged_91_days_before_is_new() -> None:
    old = weakness(days_before(91), 4, ("legs",))
    recent = weakness(days_before(30), 4, ("arms",))  # the 90 days hold weakness
    now = weakness(nov(21), 6, ("legs",))
    (flag,) = raised([old, recent, now], 5)
    assert flag.entries == ids(now)
    assert "legs" in flag.reason


def test_rule5_needs_a_weakness_entry_in_the_90_days() -> None:
    # Only fatigue, falls and an old weakness entry before: nothing to compare with.
    window = [
        weakness(days_before(91), 4, ("arms",)),
        fatigue(days_before(10), 6),
        fall(days_before(5)),
        weakness(nov(21), 6, ("legs",)),
    ]
    assert raised(window, 5) == []
    assert raised([weakness(nov(21), 6, ("legs",))], 5) == []


@pytest.mark.parametrize(
    ("before", "now"),
    [
        ("legs", "left-leg"),
        ("legs", "right-leg"),
        ("feet", "left-foot"),
        ("arms", "right-arm"),
        ("hands", "left-hand"),
        ("eyes", "left-eye"),
        ("whole-body", "left-hand"),
        ("whole-body", "core"),
        ("whole-body", "face"),
    ],
)
def test_rule5_a_region_inside_one_logged_before_is_covered(before: str, now: str) -> None:
    window = [weakness(days_before(10), 4, (before,)), weakness(nov(21), 6, (now,))]
    assert raised(window, 5) == []


@pytest.mark.parametrize(
    ("before", "now"),
    [
        ("left-leg", "legs"),  # the right leg is new
        ("left-leg", "right-leg"),
        ("whole-body", "speech"),  # whole-body covers neither speech
        ("whole-body", "cognition"),  # nor cognition
        ("legs", "feet"),
    ],
)
def test_rule5_a_region_not_covered_is_new_and_named_as_logged(before: str, now: str) -> None:
    new = weakness(nov(21), 6, (now,))
    (flag,) = raised([weakness(days_before(10), 4, (before,)), new], 5)
    assert flag.entries == ids(new)
    assert f"New: {now}." in flag.reason


def test_rule5_fatigue_in_the_period_has_no_region_to_flag() -> None:
    before = weakness(days_before(10), 4, ("legs",))
    assert raised([before, fatigue(nov(21), 9), weakness(nov(22), 5, ("legs",))], 5) == []


# --- rule 6: possible relapse pattern


def _baseline(make: Make = weakness, severities: tuple[int, ...] = (3, 3, 3)) -> list[Entry]:
    return _spread(make, PREVIOUS, list(severities))


def test_rule6_two_days_in_a_row_across_midnight_raise_it() -> None:
    # Previous mean 3, so the bar is 5.
    late = weakness(nov(20), 5, hour=23, minute=50)
    early = weakness(nov(21), 5, hour=0, minute=10)
    (flag,) = raised([*_baseline(), late, early], 6)
    assert flag.entries == ids(late, early)
    assert "weakness" in (flag.title + flag.reason).lower()


def test_rule6_uses_each_days_highest_rating_and_lists_all_its_entries() -> None:
    low = weakness(nov(20), 2, hour=8)
    high = weakness(nov(20), 6, hour=18)
    next_day = weakness(nov(21), 7)
    outside = weakness(nov(23), 1)  # not a qualifying day
    other_kinds = [fatigue(nov(20), 9), exercise(nov(21), 30)]  # same days, other kinds
    (flag,) = raised([*_baseline(), low, high, next_day, outside, *other_kinds], 6)
    assert flag.entries == ids(low, high, next_day)


def test_rule6_below_the_bar_does_not() -> None:
    assert raised([*_baseline(), weakness(nov(20), 4), weakness(nov(21), 9)], 6) == []
    # Mean 10/3: the bar is 16/3, so 5 is not enough and 6 is.
    base = _baseline(severities=(3, 3, 4))
    assert raised([*base, weakness(nov(20), 5), weakness(nov(21), 9)], 6) == []
    assert len(raised([*base, weakness(nov(20), 6), weakness(nov(21), 6)], 6)) == 1


def test_rule6_a_single_day_does_not() -> None:
    one_day = [weakness(nov(20), 9, hour=8), weakness(nov(20), 9, hour=20)]
    assert raised([*_baseline(), *one_day], 6) == []


def test_rule6_days_not_in_a_row_do_not() -> None:
    window = [*_baseline(), weakness(nov(20), 9), weakness(nov(22), 9), weakness(nov(24), 9)]
    assert raised(window, 6) == []


def test_rule6_needs_three_days_with_a_rating_before() -> None:
    window = [*_baseline(severities=(3, 3)), weakness(nov(20), 9), weakness(nov(21), 9)]
    assert raised(window, 6) == []
    # three entries on one day are one day: still not enough
    same_day = [weakness(nov(15), 3, hour=h) for h in (8, 12, 18)]
    assert raised([*same_day, weakness(nov(20), 9), weakness(nov(21), 9)], 6) == []


def test_rule6_a_weekly_report_compares_with_the_last_four_weeks() -> None:
    """Two weak entries in the week before are too few; four weeks make a baseline."""
    older = [weakness(days_before(d), 3) for d in (20, 15, 10)]  # within 28 days, not 7
    assert len(raised([*older, weakness(nov(20), 6), weakness(nov(21), 6)], 6)) == 1
    too_old = [weakness(days_before(d), 3) for d in (29, 30, 31)]  # beyond 28 days
    assert raised([*too_old, weakness(nov(20), 6), weakness(nov(21), 6)], 6) == []


def test_rule6_the_baseline_is_the_mean_of_daily_highest_ratings() -> None:
    # one day with 1 and 9 (highest 9), two days with 1: daily highs 9, 1, 1 -> mean 11/3
    base = [weakness(nov(13), 1, hour=8), weakness(nov(13), 9, hour=9)]
    base += [weakness(nov(14), 1), weakness(nov(15), 1)]
    # the bar is 11/3 + 2 = 17/3: 5 is below it, 6 above (an entry mean would be 3 -> 5)
    assert raised([*base, weakness(nov(20), 5), weakness(nov(21), 5)], 6) == []
    assert len(raised([*base, weakness(nov(20), 6), weakness(nov(21), 6)], 6)) == 1


def test_rule6_a_month_report_uses_the_previous_month() -> None:
    base = _spread(weakness, MONTH.previous(), [3, 3, 3])
    now = [weakness(nov(1), 5), weakness(nov(2), 5)]
    assert len(raised([*base, *now], 6, MONTH)) == 1


def test_rule6_only_counts_days_of_the_period() -> None:
    # 18 Nov (previous period) and 19 Nov (first day) are consecutive, but only one is in it.
    base = _spread(weakness, Period(nov(12), nov(14)), [3, 3, 3])
    assert raised([*base, weakness(nov(18), 9), weakness(nov(19), 9)], 6) == []


@pytest.mark.parametrize("tag", ["heat", "fever", "infection"])
def test_rule6_an_excusing_tag_on_any_entry_stops_that_day_counting(tag: str) -> None:
    window = [
        *_baseline(),
        weakness(nov(20), 8),
        weakness(nov(21), 8),
        exercise(nov(21), 20, tags=(tag,)),  # the tag is on another entry of that day
        weakness(nov(22), 8),
    ]
    assert raised(window, 6) == []


def test_rule6_an_excused_day_leaves_the_other_days_counting() -> None:
    hot = weakness(nov(20), 8, tags=("heat",))
    one, two = weakness(nov(21), 8), weakness(nov(22), 8)
    (flag,) = raised([*_baseline(), hot, one, two], 6)
    assert flag.entries == ids(one, two)


def test_rule6_a_heat_sensitivity_entry_excuses_its_day_like_a_heat_tag() -> None:
    hot = symptom(nov(21), "heat-sensitivity", 6)
    window = [*_baseline(), weakness(nov(20), 8), weakness(nov(21), 8), hot]
    assert raised(window, 6) == []


def test_the_heat_note_names_only_days_that_would_have_counted() -> None:
    cool = weakness(nov(19), 2, tags=("heat",))  # excused, but far below the bar anyway
    hot = weakness(nov(21), 8, tags=("heat",))  # would have counted
    window = [*_baseline(), cool, weakness(nov(20), 8), hot]
    report = build_report(window, WEEK)
    assert report.excused_days == [nov(21)]
    assert build_report([*_baseline(), cool], WEEK).excused_days == []


def test_rule6_other_tags_do_not_excuse_a_day() -> None:
    window = [*_baseline(), weakness(nov(20), 8, tags=("hot", "poor-sleep")), weakness(nov(21), 8)]
    assert len(raised(window, 6)) == 1


def test_a_heat_tag_silences_only_rule6() -> None:
    hot = ("heat",)
    window = [
        *_baseline(),
        weakness(nov(20), 8, tags=hot),
        weakness(nov(21), 8, tags=hot),
        weakness(nov(22), 8, tags=hot),
        fall(nov(20), "medical", tags=hot),
        fall(nov(21), tags=hot),
        near_fall(nov(20), tags=hot),
        near_fall(nov(21), tags=hot),
        near_fall(nov(22), tags=hot),
    ]
    rules = [f.rule for f in flags(window, WEEK)[0]]
    assert 6 not in rules
    assert rules == [1, 2, 3, 4]


def test_rule6_one_flag_per_symptom_each_against_its_own_mean() -> None:
    weak = [weakness(nov(20), 5), weakness(nov(21), 5)]  # weakness bar: 3 + 2
    tired = [fatigue(nov(23), 9), fatigue(nov(24), 9)]  # fatigue bar: 7 + 2
    not_enough = [fatigue(nov(19), 8)]
    window = [*_baseline(), *_baseline(fatigue, (7, 7, 7)), *weak, *tired, *not_enough]
    found = raised(window, 6)
    assert len(found) == 2
    assert "weakness" in found[0].title.lower()
    assert found[0].entries == ids(*weak)
    assert "fatigue" in found[1].title.lower()
    assert found[1].entries == ids(*tired)


# --- all the flags together


def test_flags_come_in_rule_order_with_rule_title_reason_and_entries() -> None:
    window = [
        weakness(days_before(60), 2, ("arms",)),  # lookback for rule 5
        fall(days_before(10)),  # with a fall in the period: rule 2
        *_baseline(),
        *_baseline(fatigue, (2, 2, 2)),
        near_fall(nov(19)),
        near_fall(nov(20)),
        near_fall(nov(21)),  # rule 3
        weakness(nov(22), 8, ("hands",)),
        weakness(nov(23), 8, ("hands",)),
        weakness(nov(24), 8, ("hands",)),  # rules 4, 5, 6 for weakness
        fatigue(nov(22), 8),
        fatigue(nov(23), 8),
        fatigue(nov(24), 8),  # rules 4 and 6 for fatigue
        fall(nov(25), "hospital"),  # rule 1
    ]
    found, _ = flags(list(reversed(window)), WEEK)
    assert [f.rule for f in found] == [1, 2, 3, 4, 4, 5, 6, 6]
    for flag in found:
        assert flag.title.strip()
        assert len(flag.reason.split()) >= 5  # a sentence, not a code
        assert "diagnos" not in flag.reason.lower()
        assert flag.entries
        assert all(isinstance(i, int) for i in flag.entries)
        assert list(flag.entries) == sorted(set(flag.entries))


def test_no_flags_for_an_ordinary_week() -> None:
    window = [
        *_baseline(),
        weakness(nov(20), 4),
        weakness(nov(22), 3),
        fatigue(nov(21), 5),
        exercise(nov(21), 30),
        fall(nov(23), "minor"),
    ]
    assert flags(window, WEEK)[0] == []


# --- sparklines


def test_sparkline_shows_unlogged_days_as_a_dot() -> None:
    line = sparkline([None, 5, None], 10)
    assert len(line) == 3
    assert line[0] == line[2] == "·"
    assert line[1] != "·"


def test_sparkline_fixed_scale_runs_from_lowest_to_highest_bar() -> None:
    line = sparkline([0, 10, 2, 5], 10)
    assert line[0] == summary.BARS[0]
    assert line[1] == summary.BARS[-1]
    assert line[0] < line[2] < line[3] < line[1]  # the bars rise in code point order
    # On the fixed scale a week of low ratings stays low.
    assert sparkline([2, 2], 10) == sparkline([2], 10) * 2
    assert summary.BARS[-1] not in sparkline([2, 3], 10)


def test_sparkline_zero_is_a_bar_not_a_gap() -> None:
    assert sparkline([0, None], 10) == summary.BARS[0] + "·"
    assert sparkline([0, 0]) == summary.BARS[0] * 2


# --- report window, the whole report and its JSON


@pytest.mark.parametrize("length", [1, 7, 30, 120])
def test_report_window_covers_previous_period_and_lookbacks(length: int) -> None:
    period = last_days(length, TODAY)
    window = report_window(period)
    assert window.end == period.end
    assert window.start <= period.previous().start
    assert window.start <= period.start - timedelta(days=90)
    assert window.start <= period.start - timedelta(days=29)


def test_build_report_on_no_entries() -> None:
    report = build_report([], WEEK)
    assert report.entries == 0
    assert report.flags == []
    assert len(report.days) == 7
    assert not any(d.logged for d in report.days)
    assert report.weakness.trend.word == "no comparison"
    assert report.falls.trend.word == "no comparison"
    assert report.falls.per_30_days is None  # a week is too short for a rate
    assert report.exercise.minutes == 0
    assert report.exercise.minutes_met is False
    json.dumps(report.to_dict())


def test_build_report_keeps_periods_apart() -> None:
    window = [
        weakness(days_before(60), 2),
        weakness(nov(13), 3),
        weakness(nov(20), 6),
        fall(nov(21)),
    ]
    report = build_report(window, WEEK)
    assert report.entries == 2
    assert report.previous_entries == 1
    assert report.weakness.current.entries == 1
    assert report.weakness.previous.mean == 3
    assert sum(1 for d in report.days if d.logged) == 2


def test_report_to_dict_has_the_documented_shape() -> None:
    window = [
        *_baseline(),
        weakness(nov(20), 6, ("legs",), activities=("stairs",)),
        fatigue(nov(20), 5, activities=("work",)),
        fall(nov(21), "medical", place="kitchen"),
        exercise(nov(21), 40, "walking", effort=5),
    ]
    out = json.loads(json.dumps(build_report(window, WEEK).to_dict()))
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
        assert key in out
    assert out["period"]["start"] == "2026-11-19"
    assert out["period"]["end"] == "2026-11-25"
    assert out["previous_period"]["start"] == "2026-11-12"
    assert out["previous_period"]["end"] == "2026-11-18"

    day_rows = {d["date"]: d for d in out["days"]}
    assert set(day_rows) == {(WEEK.start + timedelta(days=i)).isoformat() for i in range(7)}
    blank = day_rows["2026-11-19"]
    assert blank["logged"] is False
    for key in ("weakness_max", "fatigue_max", "falls", "near_falls", "exercise_minutes"):
        assert blank[key] is None
    logged = day_rows["2026-11-21"]
    assert logged == {
        "date": "2026-11-21",
        "logged": True,
        "checked_in": False,
        "weakness_max": None,
        "fatigue_max": None,
        "falls": 1,
        "near_falls": 0,
        "exercise_minutes": 40,
        "other_symptoms_max": None,
    }

    weak = out["weakness"]
    assert (weak["entries"], weak["mean"], weak["max"]) == (1, 6, 6)
    assert isinstance(weak["mean"], (int, float))
    assert weak["previous"] == {"entries": 3, "mean": 3, "max": 3}
    assert weak["trend"] == {"arrow": "↑", "word": "worse"}
    assert weak["regions"] == {"legs": 1}
    assert weak["activities"] == {"stairs": 1}
    assert "regions" not in out["fatigue"]
    assert out["fatigue"]["activities"] == {"work": 1}
    assert out["fatigue"]["trend"]["word"] == "no comparison"

    falls = out["falls"]
    assert falls["falls"] == 1
    assert falls["by_hopkins_grade"] == {"1": 0, "2": 0, "3": 1, "4": 0}
    assert falls["per_30_days"] is None
    assert falls["previous"] == {"falls": 0, "near_falls": 0}
    assert falls["places"] == {"kitchen": 1}
    assert falls["confirmed_days"] == 0  # no check-ins

    ex = out["exercise"]
    assert (ex["minutes"], ex["sessions"], ex["mean_effort"]) == (40, 1, 5)
    assert ex["by_type"] == {"walking": 40}
    guideline = ex["guideline"]
    assert guideline["minutes_target"] == 150
    assert guideline["minutes_met"] is False
    assert (guideline["aerobic_sessions"], guideline["aerobic_target"]) == (1, 2)
    assert (guideline["strength_sessions"], guideline["strength_target"]) == (0, 2)
    assert guideline["sessions_met"] is False

    assert [f["rule"] for f in out["flags"]] == [1]
    (flag,) = out["flags"]
    assert set(flag) >= {"rule", "title", "reason", "entries"}
    assert out["previous_logged_days"] == 3  # the baseline's three days
    # fatigue was rated with no day of it before: rule 6 could not be checked for it
    assert out["flags_not_checked"] == [{"rule": 6, "symptoms": ["fatigue"]}]
    assert flag["entries"] == [e.id for e in window if e.kind == "fall"]


# --- other symptoms: each apart, rules 4, 6 and 7


def test_other_symptoms_are_summarised_each_apart_from_weakness_and_fatigue() -> None:
    window = [
        weakness(nov(20), 6),
        fatigue(nov(20), 5),
        symptom(nov(20), "vision", 4, regions=("left-eye",)),
        symptom(nov(21), "vision", 6),
        symptom(nov(14), "vision", 2),
        symptom(nov(22), "numbness", 3),
    ]
    report = build_report(window, WEEK)
    assert list(report.symptoms) == ["numbness", "vision"]  # the vocabulary's order
    vision = report.symptoms["vision"].to_dict()
    assert (vision["entries"], vision["mean"], vision["max"]) == (2, 5.0, 6)
    assert vision["previous"] == {"entries": 1, "mean": 2.0, "max": 2}
    assert vision["trend"]["word"] == "worse"
    assert report.weakness.current.entries == 1  # never mixed in with weakness
    assert report.fatigue.current.mean == 5
    out = report.to_dict()
    assert set(out["symptoms"]) == {"numbness", "vision"}
    assert set(out["symptoms"]["numbness"]) == {"entries", "mean", "max", "previous", "trend"}
    assert report.days[1].other_max == 4  # 20 Nov: the highest other symptom that day
    json.dumps(out)


def test_a_symptom_logged_only_before_is_still_shown_with_its_trend() -> None:
    report = build_report([symptom(nov(14), "pain", 5), weakness(nov(20), 2)], WEEK)
    assert report.symptoms["pain"].current.entries == 0
    assert report.symptoms["pain"].trend.word == "no comparison"


def test_rule4_for_each_other_symptom_apart() -> None:
    before = [symptom(nov(d), "pain", 3) for d in (13, 14, 15)]
    before += [symptom(nov(d), "tremor", 3) for d in (13, 14, 15)]
    now = [symptom(nov(d), "pain", 5) for d in (20, 21, 22)]  # up 2.0
    now += [symptom(nov(d), "tremor", 4) for d in (20, 21, 22)]  # up 1.0
    (flag,) = raised([*before, *now], 4)
    assert "pain" in flag.title.lower()
    assert flag.entries == ids(*now[:3])


def test_rule6_for_an_other_symptom_against_its_own_baseline() -> None:
    base = _spread(lambda day, sev, **k: symptom(day, "numbness", sev, **k), PREVIOUS, [2, 2, 2])
    rise = [symptom(nov(20), "numbness", 4), symptom(nov(21), "numbness", 4)]
    weak_base = _baseline()  # weakness at 3: its entries never mix with numbness
    (flag,) = raised([*base, *weak_base, *rise, weakness(nov(20), 4)], 6)
    assert "numbness" in flag.title
    assert flag.entries == ids(*rise)


def _earlier_symptoms(count: int, name: str = "pain") -> list[Entry]:
    return [symptom(days_before(10 + i), name, 3) for i in range(count)]


def test_rule7_a_new_symptom_once_three_entries_came_before() -> None:
    new = symptom(nov(21), "vision", 4)
    (flag,) = raised([*_earlier_symptoms(3), new, symptom(nov(22), "pain", 4)], 7)
    assert flag.entries == ids(new)
    assert "New: vision." in flag.reason


def test_rule7_needs_three_other_symptom_entries_in_the_90_days() -> None:
    new = symptom(nov(21), "vision", 4)
    assert raised([*_earlier_symptoms(2), new], 7) == []  # the first symptoms raise nothing
    old = [symptom(days_before(91 + i), "pain", 3) for i in range(3)]
    assert raised([*old, new], 7) == []  # beyond the 90 days


def test_rule7_one_flag_for_every_new_symptom_and_none_for_known_ones() -> None:
    new = [symptom(nov(21), "vision", 4), symptom(nov(22), "balance", 5)]
    known = symptom(nov(23), "pain", 6)
    (flag,) = raised([*_earlier_symptoms(3), *new, known], 7)
    assert flag.entries == ids(*new)
    assert "balance, vision" in flag.reason
    assert raised([*_earlier_symptoms(3), symptom(days_before(89), "vision", 2), new[0]], 7) == []


def test_rule7_weakness_and_fatigue_are_never_new_symptoms() -> None:
    assert raised([*_earlier_symptoms(3), weakness(nov(21), 5), fatigue(nov(21), 5)], 7) == []


# --- questionnaire scores in the report


def _fss(score: float, day: str, reading: str | None = "below the usual cut-off of 4") -> dict:  # type: ignore[type-arg]
    return {
        "id": 1,
        "uuid": "00000000-0000-4000-8000-000000000001",
        "instrument": "fss",
        "at": f"{day}T10:00:00+01:00",
        "responses": [4] * 9,
        "score": score,
        "subscores": {},
        "reading": reading,
    }


def test_the_report_shows_each_instruments_latest_score_and_the_change() -> None:
    latest = _fss(4.4, "2026-11-20", "mean of 4 or more: commonly read as significant fatigue")
    before = _fss(3.2, "2026-08-01")  # older than the period: still the one to compare with
    pdds = dict(_fss(3, "2026-11-21", "moderate"), instrument="pdds", responses=[3])
    report = build_report([weakness(nov(20), 3)], WEEK, [(latest, before), (pdds, None)])
    out = report.to_dict()["scores"]
    assert out["fss"] == {"latest": latest, "previous": before, "change": 1.2}
    assert out["pdds"]["previous"] is None and out["pdds"]["change"] is None
    from msjournal.layout import sections

    (section,) = [s for s in sections(report) if s.title == "Questionnaires"]
    rows = {row[0]: row for row in section.tables[0].rows}
    assert rows["FSS"][1:] == (
        "Fri 20 Nov",
        "4.4",
        "mean of 4 or more: commonly read as significant fatigue",
        "+1.2 since Sat 1 Aug",
    )
    assert rows["PDDS"][-1] == "first score"
    same = build_report([weakness(nov(20), 3)], WEEK, [(latest, dict(before, score=4.4))])
    (section,) = [s for s in sections(same) if s.title == "Questionnaires"]
    assert section.tables[0].rows[0][-1] == "no change since Sat 1 Aug"
    assert "Questionnaires" not in [
        s.title for s in sections(build_report([weakness(nov(20), 3)], WEEK))
    ]


# --- treatments, relapses and aids in the report


def _iso(day: date, hour: int = 9) -> str:
    return at(day, hour).isoformat()


def test_the_report_lists_what_ran_in_the_period_with_its_missed_doses() -> None:
    treatments = [
        {"name": "baclofen", "class": "muscle-relaxant", "dose": "10 mg", "start": _iso(nov(1)),
         "stop": None, "stop_reason": None,
         "missed_doses": [_iso(nov(5)), _iso(nov(21)), _iso(nov(24))]},
        {"name": "prednisolone", "class": "steroid", "dose": None, "start": _iso(nov(2)),
         "stop": _iso(nov(8)), "stop_reason": "course-finished", "missed_doses": []},
        {"name": "later", "class": "other", "dose": None, "start": _iso(nov(26)), "stop": None,
         "stop_reason": None, "missed_doses": []},
    ]  # fmt: skip
    report = build_report([weakness(nov(20), 3)], WEEK, treatments=treatments)
    running = report.to_dict()["treatments"]
    assert [t["name"] for t in running] == ["baclofen"]  # ended before, or began after
    assert running[0]["missed_doses"] == [_iso(nov(21)), _iso(nov(24))]  # in the period only
    from msjournal.layout import sections

    (section,) = [s for s in sections(report) if s.title == "Treatments, relapses and aids"]
    assert section.tables[0].rows == [
        ("baclofen", "muscle-relaxant", "10 mg", "Sun 1 Nov to now", "2")
    ]


def test_relapses_per_year_only_for_six_months_or_more() -> None:
    relapses = [
        {"onset": _iso(nov(20)), "ended": None, "confirmed": True, "steroids": True},
        {"onset": _iso(date(2026, 7, 1)), "ended": _iso(date(2026, 7, 20)),
         "confirmed": False, "steroids": False},
    ]  # fmt: skip
    week = build_report([weakness(nov(20), 3)], WEEK, relapses=relapses).to_dict()
    assert week["relapses_per_year"] is None
    assert [r["onset"] for r in week["relapses"]] == [_iso(nov(20))]
    half = last_days(182, TODAY)
    long = build_report([weakness(nov(20), 3)], half, relapses=relapses).to_dict()
    assert long["relapses_per_year"] == round(2 * 365.25 / 182, 2)
    assert (
        build_report([weakness(nov(20), 3)], last_days(181, TODAY), relapses=relapses).to_dict()[
            "relapses_per_year"
        ]
        is None
    )


def test_each_fall_names_the_aids_in_use_that_day_from_the_timeline() -> None:
    aids = [
        {"aid": "cane", "for": "outdoors", "taught": True, "start": _iso(nov(1)), "stop": None},
        {"aid": "walker", "for": "indoors", "taught": False, "start": _iso(nov(21)),
         "stop": _iso(nov(22))},
    ]  # fmt: skip
    first, second = fall(nov(20), aids=("ankle-brace",)), near_fall(nov(23))
    report = build_report([first, second], WEEK, aids=aids)
    listed = report.to_dict()["falls"]["list"]
    assert [(f["id"], f["aids"], f["aids_in_use"]) for f in listed] == [
        (first.id, ["ankle-brace"], ["cane"]),
        (second.id, [], ["cane"]),
    ]
    assert [a["aid"] for a in report.to_dict()["aids"]] == ["cane", "walker"]
    from msjournal.layout import sections

    (falls,) = [s for s in sections(report) if s.title == "Falls and near-falls"]
    assert "Aids in use on those days (from msjournal aid): cane 2" in falls.after


def test_checked_in_days_are_marked_and_count_as_days_whose_falls_are_confirmed() -> None:
    """A check-in confirms a day's falls: the grid marks the day, whether or not it
    has entries, and the falls summary counts the days of the period with one."""
    window = [
        Entry(
            kind="fatigue",
            at=datetime(2026, 11, 21, 9, 0, tzinfo=PLUS_ONE),
            severity=3,
            fatigue_type="both",
            id=1,
        ),
    ]
    checked = {date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 10)}  # one before
    report = summary.build_report(window, WEEK, checked_in=checked)
    marked = {d.date for d in report.days if d.checked_in}
    assert marked == {date(2026, 11, 20), date(2026, 11, 21)}
    assert report.falls.confirmed_days == 2
    out = report.to_dict()
    assert [d["checked_in"] for d in out["days"]].count(True) == 2
    assert out["falls"]["confirmed_days"] == 2


# --- a period before with few entries, and rules that could not be checked ------------


def test_a_period_before_with_few_days_logged_is_said_in_the_heading() -> None:
    from msjournal import layout

    window = [weakness(nov(18), 3), weakness(nov(20), 6)]  # 1 day of 7 before
    report = build_report(window, WEEK)
    assert report.previous_logged_days == 1
    _, lines = layout.heading(report)
    assert lines[0] == (
        "The period before (12 Nov to 18 Nov 2026) has entries on 1 of 7 days: "
        "comparisons with it say little."
    )
    full = build_report([*_spread(weakness, PREVIOUS, [3] * 4), weakness(nov(20), 6)], WEEK)
    assert full.previous_logged_days == 4  # half or more: the usual line
    assert layout.heading(full)[1][0].startswith("Compared with the 7 days before")


def test_rules_6_and_7_without_days_before_say_they_were_not_checked() -> None:
    from msjournal import layout

    # weakness high two days running, with nothing logged before: rule 6 has no usual
    # level; a new symptom with no other symptom before: rule 7 has nothing to go by
    window = [weakness(nov(20), 9), weakness(nov(21), 9), symptom(nov(21), "pain", 5)]
    report = build_report(window, WEEK)
    assert [(n.rule, n.symptoms) for n in report.not_checked] == [
        (6, ("weakness", "pain")),
        (7, ("pain",)),
    ]
    section = layout.flags_section(report)
    said = [line for line in section.lines if line.startswith("Not checked")]
    assert said == [
        "Not checked: rule 6 for weakness, pain (fewer than 3 days rated before); rule 7 "
        "(fewer than 3 other-symptom entries in the 90 days before)."
    ]
    # with enough days before, both rules are checked and nothing is said
    before = [
        *_spread(weakness, PREVIOUS, [3, 3, 3]),
        *(symptom(nov(10 + i), "pain", 3) for i in range(3)),
    ]
    checked = build_report([*before, *window], WEEK)
    assert checked.not_checked == []
    assert 6 in [f.rule for f in checked.flags]


def test_the_notes_of_treatments_and_relapses_in_the_period() -> None:
    treatments = [
        {
            "name": "baclofen",
            "notes": [
                {"at": "2026-11-10T13:00:00+01:00", "note": "before the period"},
                {"at": "2026-11-21T13:00:00+01:00", "note": "Drowsy after lunch dose"},
            ],
        }
    ]
    relapses = [
        {"onset": "2026-11-01T09:00:00+01:00", "ended": None, "note": "Left leg numb"},
        {"onset": "2026-10-01T09:00:00+01:00", "ended": "2026-10-10T09:00:00+01:00",
         "note": "over before the period"},
        {"onset": "2026-11-22T09:00:00+01:00", "ended": None, "note": None},
    ]  # fmt: skip
    found = summary.record_notes(WEEK, treatments, relapses)
    assert [(n.kind, n.note) for n in found] == [
        ("relapse", "Left leg numb"),  # began before the period and ran into it
        ("treatment: baclofen", "Drowsy after lunch dose"),
    ]
    report = build_report([weakness(nov(20), 4)], WEEK, notes_of_records=found)
    assert report.record_notes == found
