"""`msjournal insights`: what went with worse days (insights.py and its command).

The arithmetic is checked by hand here; tests/test_insights_scipy.py checks it
against scipy on generated data.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from msjournal import insights
from msjournal.cli import app
from msjournal.dates import Period
from msjournal.db import open_journal
from msjournal.entries import Entry
from msjournal.insights import (
    BETTER,
    NEXT_DAY,
    SAME_DAY,
    TOO_FEW,
    UNCLEAR,
    WORSE,
    Comparison,
    t_cdf,
    t_quantile,
    welch,
)
from msjournal.paths import resolve

TODAY = date(2026, 6, 15)
ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def on(days_ago: int, kind: str = "weakness", severity: int | None = None, **fields: Any) -> Entry:
    """An entry at noon, ``days_ago`` days before TODAY."""
    day = TODAY - timedelta(days=days_ago)
    at = datetime.combine(day, time(12)).astimezone()
    if kind == "weakness":
        fields.setdefault("regions", ("legs",))
    if kind == "exercise":
        fields.setdefault("minutes", 30)
        fields.setdefault("exercise_type", "walking")
    return Entry(kind=kind, at=at, severity=severity, **fields)


def find(result: insights.Insights, factor: str, symptom: str, when: str) -> Comparison:
    (found,) = [
        c for c in result.comparisons if (c.factor, c.symptom, c.when) == (factor, symptom, when)
    ]
    return found


# --- the t quantile -------------------------------------------------------------------------


@pytest.mark.parametrize("p", [1e-300, 1e-12, 0.001, 0.025, 0.3, 0.5 + 1e-9, 0.7, 0.975, 1 - 1e-12])
def test_t_quantile_matches_the_closed_forms_for_1_2_and_4_degrees(p: float) -> None:
    # df 1 (Cauchy): tan(pi (p - 1/2)); in the tails 1 / tan(pi q), q the smaller tail
    tail = min(p, 1 - p)
    cauchy = math.copysign(1 / math.tan(math.pi * tail), p - 0.5)
    if tail > 0.25:
        cauchy = math.tan(math.pi * (p - 0.5))
    assert t_quantile(p, 1) == pytest.approx(cauchy, rel=1e-9)
    # df 2: (2p - 1) / sqrt(2 p (1 - p))
    two = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    assert t_quantile(p, 2) == pytest.approx(two, rel=1e-9)
    # df 4: sign(p - 1/2) 2 sqrt(q - 1), q = cos(arccos(sqrt(a)) / 3) / sqrt(a), a = 4p(1 - p)
    if 1e-6 < p < 1 - 1e-6 and abs(p - 0.5) > 0.01:  # elsewhere the form loses digits
        a = 4 * p * (1 - p)
        q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
        four = math.copysign(2 * math.sqrt(q - 1), p - 0.5)
        assert t_quantile(p, 4) == pytest.approx(four, rel=1e-9)


def test_t_quantile_gives_the_printed_table_values() -> None:
    # two-sided 95% critical values as printed in every statistics table
    for df, printed in [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042)]:
        assert round(t_quantile(0.975, df), 3) == printed
    assert t_quantile(0.975, 1e9) == pytest.approx(1.959964, rel=1e-6)  # the normal limit


@pytest.mark.parametrize("df", [1, 1.3, 2.5, 6.68, 17.25, 250.5, 4000, 2e6])
@pytest.mark.parametrize("p", [1e-8, 0.01, 0.2, 0.49, 0.6, 0.975, 0.999999])
def test_t_quantile_and_cdf_undo_each_other(df: float, p: float) -> None:
    t = t_quantile(p, df)
    assert t_cdf(t, df) == pytest.approx(p, rel=1e-9)
    if p >= 0.01:  # (1 - p is not exact for smaller p)
        assert t_quantile(1 - p, df) == pytest.approx(-t, rel=1e-9)  # symmetric


def test_t_quantile_refuses_what_it_cannot_answer() -> None:
    for p, df in [(0, 5), (1, 5), (0.5, 0.5), (0.9, math.inf), (0.9, math.nan)]:
        with pytest.raises(ValueError):
            t_quantile(p, df)
    assert t_quantile(0.5, 3) == 0


# --- Welch's interval, by hand --------------------------------------------------------------


def test_welch_by_hand() -> None:
    # with    6 7 5 6 8: mean 6.4; squared deviations .16 .36 1.96 .16 2.56 = 5.2; var 5.2/4 = 1.3
    # without 4 4 5 3 4: mean 4.0; squared deviations 0 0 1 1 0 = 2;            var 2/4   = 0.5
    # difference 6.4 - 4.0 = 2.4; se^2 = 1.3/5 + 0.5/5 = 0.26 + 0.10 = 0.36, se = 0.6
    # df = 0.36^2 / (0.26^2/4 + 0.10^2/4) = 0.1296 / 0.0194 = 6.680412...
    # the t quantile lies between the table's 2.364624 (df 7) and 2.446912 (df 6), so
    # the interval is 2.4 -+ (1.419 to 1.468): low between 0.932 and 0.981.
    result = welch([6, 7, 5, 6, 8], [4, 4, 5, 3, 4])
    assert result.difference == pytest.approx(2.4, abs=1e-12)
    assert result.df == pytest.approx(0.1296 / 0.0194, rel=1e-12)
    assert 2.4 - 2.446912 * 0.6 < result.low < 2.4 - 2.364624 * 0.6
    assert result.low + result.high == pytest.approx(4.8, abs=1e-12)  # centred
    assert t_cdf((result.high - 2.4) / 0.6, 0.1296 / 0.0194) == pytest.approx(0.975, rel=1e-12)


def test_welch_when_neither_group_varies() -> None:
    """No spread at all: no degrees of freedom, and the interval is the difference itself
    (the limit as the spread shrinks), so 6 every day against 4 every day is worse."""
    result = welch([6] * 5, [4] * 7)
    assert (result.difference, result.low, result.high, result.df) == (2, 2, 2, None)
    same = welch([5] * 5, [5] * 9)
    assert (same.low, same.high, same.df) == (0, 0, None)


def test_welch_when_one_group_does_not_vary() -> None:
    # only the second group's spread counts: df = its days - 1 = 5; se^2 = var/6
    second = [3, 4, 5, 4, 3, 5]  # mean 4, squared deviations 1 0 1 0 1 1 = 4, var 0.8
    result = welch([6] * 5, second)
    assert result.df == pytest.approx(5, rel=1e-12)
    half = 2.570581835636314 * math.sqrt(0.8 / 6)  # t(0.975, 5)
    assert (result.low, result.high) == pytest.approx((2 - half, 2 + half), rel=1e-9)


# --- days, groups and verdicts ---------------------------------------------------------------


def heat_journal() -> list[Entry]:
    """Ten days: weakness 7 on the five #heat days (3, 5, 7, 9, 11 days ago) and 4 on the
    other five (2, 4, 6, 8, 10), fatigue 5 every day."""
    found = []
    for days_ago in range(2, 12):
        hot = days_ago % 2 == 1
        found.append(on(days_ago, "weakness", 7 if hot else 4, tags=("heat",) if hot else ()))
        found.append(on(days_ago, "fatigue", 5, fatigue_type="physical"))
    return found


def test_a_tag_against_the_other_days() -> None:
    result = insights.insights(heat_journal(), TODAY)
    same = find(result, "tag:heat", "weakness", SAME_DAY)
    assert (same.with_.days, same.with_.mean, same.without.days, same.without.mean) == (5, 7, 5, 4)
    assert same.result is not None and same.result.low == 3  # no spread: exactly 3 worse
    assert same.verdict == WORSE == "went with worse days"
    # next day: a #heat day is followed by a plain one (weakness 4), and the reverse;
    # the plain day 2 days ago is followed by yesterday, with nothing logged: not counted
    after = find(result, "tag:heat", "weakness", NEXT_DAY)
    assert (after.with_.days, after.with_.mean, after.without.days, after.without.mean) == (
        5,
        4,
        4,
        7,
    )
    assert after.verdict == TOO_FEW
    flat = find(result, "tag:heat", "fatigue", SAME_DAY)
    assert flat.verdict == UNCLEAR and flat.result is not None and flat.result.high == 0


def test_a_day_is_its_highest_rating_and_a_tag_on_any_entry_counts() -> None:
    found = heat_journal()
    found.append(on(4, "weakness", 9))  # a plain day's worst moment: 9, not 4
    found.append(on(6, "fall", tags=("heat",), near_fall=True))  # tagged on a fall: #heat day
    result = insights.insights(found, TODAY)
    same = find(result, "tag:heat", "weakness", SAME_DAY)
    assert (same.with_.days, same.without.days) == (6, 4)
    assert same.with_.mean == pytest.approx((7 * 5 + 4) / 6)
    assert same.without.mean == pytest.approx((9 + 4 + 4 + 4) / 4)


def test_exercise_against_days_with_no_session_at_all() -> None:
    found = []
    for days_ago in range(1, 31):
        found.append(on(days_ago, "weakness", 3 + days_ago % 3))
    for days_ago in range(1, 31, 3):  # ten walking days, effort 5
        found.append(on(days_ago, "exercise", exercise_type="walking", effort=5))
    for days_ago in (2, 5):  # two strength days, effort 8 and unrated
        found.append(
            on(days_ago, "exercise", exercise_type="strength", effort=8 if days_ago == 2 else None)
        )
    result = insights.insights(found, TODAY)
    any_session = find(result, "exercise", "weakness", SAME_DAY)
    assert (any_session.with_.days, any_session.without.days) == (12, 18)
    walking = find(result, "exercise:walking", "weakness", SAME_DAY)
    # strength days are neither with walking nor without any session
    assert (walking.with_.days, walking.without.days) == (10, 18)
    assert walking.with_.mean == 4  # 1, 4, 7 ... days ago: 3 + 1
    moderate = find(result, "effort:4-6", "weakness", SAME_DAY)
    assert (moderate.with_.days, moderate.without.days) == (10, 18)
    hard = find(result, "effort:7-10", "weakness", SAME_DAY)
    assert (hard.with_.days, hard.without.days, hard.verdict) == (1, 18, TOO_FEW)
    assert "effort:0-3" not in {c.factor for c in result.comparisons}  # none in the window
    assert "exercise:strength" in {c.factor for c in result.comparisons}
    # next day: the day after each walking day (2, 5, ... days ago; today has nothing)
    after = find(result, "exercise:walking", "weakness", NEXT_DAY)
    assert after.with_.days == 9


def test_other_symptoms_are_compared_too_and_weakness_and_fatigue_always() -> None:
    found = heat_journal()
    found += [
        on(days_ago, "symptom", 2 if days_ago % 2 == 0 else 6, symptom="numbness")
        for days_ago in range(2, 12)
    ]
    result = insights.insights(found, TODAY)
    numb = find(result, "tag:heat", "numbness", SAME_DAY)
    assert (numb.with_.mean, numb.without.mean, numb.verdict) == (6, 2, WORSE)
    assert {c.symptom for c in result.comparisons} == {"weakness", "fatigue", "numbness"}
    only_weakness = [e for e in found if e.kind == "weakness"]
    fatigue = find(insights.insights(only_weakness, TODAY), "tag:heat", "fatigue", SAME_DAY)
    assert (fatigue.with_.days, fatigue.with_.mean, fatigue.verdict) == (0, None, TOO_FEW)


def test_fewer_than_five_days_is_not_enough_and_json_says_null() -> None:
    found = [e for e in heat_journal() if not (e.tags and e.at.date() == TODAY - timedelta(3))]
    comparison = find(insights.insights(found, TODAY), "tag:heat", "weakness", SAME_DAY)
    assert comparison.with_.days == 4
    shape = comparison.to_dict()
    assert shape["difference"] is None and shape["interval"] is None
    assert shape["verdict"] == "not enough days yet"
    assert shape["with"] == {"days": 4, "mean": 7.0}


def test_better_days_and_the_order_clearest_first() -> None:
    found = []
    for days_ago in range(1, 21):
        rest = days_ago % 2 == 1
        tags = ("rest",) if rest else ()
        tags += ("heat",) if days_ago in (2, 4) else ()  # two days: not enough
        # #rest days 2 or 3, the others 5 or 6; fatigue 5 every day
        weakness = (2 if rest else 5) + days_ago % 4 // 2
        found.append(on(days_ago, "weakness", weakness, tags=tags))
        found.append(on(days_ago, "fatigue", 5))
    result = insights.insights(found, TODAY)
    verdicts = [c.verdict for c in result.comparisons]
    assert {BETTER, WORSE, UNCLEAR, TOO_FEW} <= set(verdicts)
    ranks = [insights.VERDICT_ORDER[v] for v in verdicts]
    assert ranks == sorted(ranks)  # went with ... first, then no clear difference, then too few
    rest = find(result, "tag:rest", "weakness", SAME_DAY)
    assert rest.verdict == BETTER and rest.result is not None and rest.result.high < 0


def test_the_window_is_the_months_ending_today() -> None:
    assert insights.window(TODAY, 6) == Period(date(2025, 12, 16), TODAY)
    assert insights.window(date(2026, 3, 31), 1) == Period(date(2026, 3, 1), date(2026, 3, 31))
    old = [e.replace(at=e.at - timedelta(days=200)) for e in heat_journal()]
    assert insights.insights(old, TODAY).comparisons == ()  # all before the window
    assert insights.insights(old, TODAY, months=12).comparisons != ()
    with pytest.raises(ValueError):
        insights.window(TODAY, 121)


def test_json_shape_and_rounding() -> None:
    found = [*heat_journal(), on(20, "weakness", 6, tags=("heat",))]
    shape = insights.insights(found, TODAY).to_dict()
    assert list(shape) == ["window", "comparisons", "caution"]
    assert shape["window"] == {"start": "2025-12-16", "end": "2026-06-15"}
    first = shape["comparisons"][0]
    assert list(first) == [
        "factor",
        "symptom",
        "when",
        "with",
        "without",
        "difference",
        "interval",
        "verdict",
    ]
    assert first["factor"] == "tag:heat" and first["when"] == "same-day"
    assert first["with"] == {"days": 6, "mean": 6.83}  # 41/6 = 6.8333... to two decimals
    low, high = first["interval"]
    assert low == round(low, 2) and high == round(high, 2) and low > 0
    assert "neighbouring days are alike" in shape["caution"]
    assert "intervals are narrower than they should be" in shape["caution"]
    # the count of comparisons, and how many could differ by chance alone, lead it
    enough = sum(1 for c in shape["comparisons"] if c["interval"] is not None)
    assert shape["caution"].startswith(f"{len(shape['comparisons'])} comparisons, {enough} with")
    assert "1 in 20 could show a clear difference by chance alone" in shape["caution"]


# --- in words -------------------------------------------------------------------------------


def made_up(verdicts: list[str], first_day: date | None = None) -> insights.Insights:
    """Insights holding one comparison of each of these verdicts."""
    results = {
        WORSE: insights.Welch(1.5, 0.5, 2.5, 9.0),
        BETTER: insights.Welch(-0.9, -1.8, -0.02, 9.0),
        UNCLEAR: insights.Welch(0.2, -0.5, 0.9, 9.0),
        TOO_FEW: None,
    }
    found = tuple(
        Comparison(
            f"tag:t{i}",
            "weakness",
            SAME_DAY,
            insights.Group(5, 4.0),
            insights.Group(3 if verdict == TOO_FEW else 6, 5.0),
            results[verdict],
        )
        for i, verdict in enumerate(verdicts)
    )
    return insights.Insights(insights.window(TODAY), 6, found, first_day)


def test_an_interval_end_near_zero_keeps_its_sign_and_size() -> None:
    """A line that went with better days never shows 0.0 as its upper end: ends near
    zero get the decimals they need."""
    words = insights.difference_words(insights.Welch(-0.9, -1.8, -0.02, 20.0))
    assert words == "-0.9 (-1.8 to -0.02)"
    assert insights.difference_words(insights.Welch(0.5, 0.004, 0.996, 20.0)) == (
        "+0.5 (+0.004 to +1.0)"
    )
    assert insights.difference_words(insights.Welch(0, -0.7, 0.7, 20.0)) == "0.0 (-0.7 to +0.7)"
    assert insights.difference_words(insights.Welch(-0.04, -0.04, -0.04, None)) == (
        "-0.04 (-0.04 to -0.04)"
    )


@given(st.floats(-20, 20, allow_nan=False))
def test_a_number_shown_never_loses_its_sign_or_turns_to_zero(value: float) -> None:
    shown = insights._signed(value)
    assert (float(shown) > 0, float(shown) < 0) == (value > 0, value < 0)
    assert shown == "0.0" or shown[0] in "+-"
    assert abs(float(shown) - value) <= 0.05 + 1e-12  # rounded, never further off
    if abs(value) >= 0.05:
        assert re.fullmatch(r"[+-]\d+\.\d", shown)  # one decimal, as everywhere


def test_the_heading_says_the_numbers_are_each_rounded() -> None:
    """With 4.26 and 5.14 days, the difference -0.88 shows as -0.9, not 4.3 - 5.1: the
    arithmetic is exact and the heading says each number is rounded on its own."""
    comparison = Comparison(
        "tag:heat",
        "weakness",
        SAME_DAY,
        insights.Group(50, 4.26),
        insights.Group(50, 5.14),
        insights.Welch(4.26 - 5.14, -1.5, -0.3, 90.0),
    )
    found = insights.Insights(insights.window(TODAY), 6, (comparison,))
    (row,) = insights.rows(found)
    assert row[3:6] == ("4.3 (50 days)", "5.1 (50 days)", "-0.9 (-1.5 to -0.3)")
    _, lines = insights.heading(found)
    assert insights.ROUNDED in lines
    assert insights.ROUNDED.startswith("Averages and differences are each rounded, so they")


@pytest.mark.parametrize(
    ("worse", "unclear", "few", "said"),
    [
        (4, 74, 0, "78 comparisons: about 4 could show a clear difference by chance alone."),
        (2, 8, 60, "70 comparisons, 10 with enough days: about 1 could show"),
        (1, 2, 3, "6 comparisons, 3 with enough days: 1 in 20 could show"),
        (0, 0, 4, "4 comparisons, none with enough days yet."),
    ],
)
def test_the_caution_counts_what_chance_alone_could_show(
    worse: int, unclear: int, few: int, said: str
) -> None:
    found = made_up([WORSE] * worse + [UNCLEAR] * unclear + [TOO_FEW] * few)
    lines = insights.cautions(found)
    assert lines[0].startswith(said)
    assert lines[1].startswith("Also, neighbouring days are alike")
    assert found.to_dict()["caution"] == " ".join(lines)  # JSON says the same
    assert insights.cautions(made_up([])) == []


def test_the_closing_line_counts_what_the_default_leaves_out() -> None:
    found = made_up([WORSE, BETTER, UNCLEAR, UNCLEAR, TOO_FEW])
    assert [r[-1] for r in insights.rows(found)] == [WORSE, BETTER]
    assert [r[-1] for r in insights.rows(found, every=True)] == [
        WORSE,
        BETTER,
        UNCLEAR,
        UNCLEAR,
        TOO_FEW,
    ]
    assert insights.closing(found) == [
        "2 showed no clear difference; 1 had not enough days yet: "
        "msjournal insights --all lists each."
    ]
    assert insights.closing(found, every=True) == []
    assert insights.closing(made_up([UNCLEAR])) == [
        "None went with worse or better days.",
        "1 showed no clear difference: msjournal insights --all lists each.",
    ]
    assert insights.closing(made_up([WORSE])) == []


def test_the_heading_says_when_the_entries_start_well_into_the_window() -> None:
    start = insights.window(TODAY).start  # Tue 16 Dec 2025
    late = insights.heading(made_up([WORSE], start + timedelta(days=15)))[1][0]
    assert "The 6 months ending today. Your entries in it start on Wed 31 Dec 2025. " in late
    soon = insights.heading(made_up([WORSE], start + timedelta(days=14)))[1][0]
    assert "Your entries" not in soon
    this_year = insights.heading(made_up([WORSE], date(2026, 3, 7)))[1][0]
    assert "Your entries in it start on Sat 7 Mar. " in this_year


def test_the_first_day_is_the_first_entry_in_the_window() -> None:
    old = on(400, "weakness", 5)  # before the window: not counted
    result = insights.insights([old, *heat_journal()], TODAY)
    assert result.first_day == TODAY - timedelta(days=11)
    assert insights.insights([], TODAY).first_day is None


# --- properties ---------------------------------------------------------------------------------

TAGS = ("heat", "stress", "poor-sleep")


@st.composite
def journals(draw: st.DrawFn, first: int = 10, last: int = 40) -> list[Entry]:
    """Entries between ``first`` and ``last`` days ago: ratings, tags, exercise."""
    found = []
    for _ in range(draw(st.integers(0, 60))):
        days_ago = draw(st.integers(first, last))
        tags = tuple(sorted(draw(st.sets(st.sampled_from(TAGS), max_size=2))))
        kind = draw(st.sampled_from(["weakness", "fatigue", "symptom", "exercise", "fall"]))
        fields: dict[str, Any] = {"tags": tags}
        if kind == "symptom":
            fields["symptom"] = draw(st.sampled_from(["numbness", "pain"]))
        if kind == "exercise":
            fields["exercise_type"] = draw(st.sampled_from(["walking", "yoga"]))
            fields["effort"] = draw(st.none() | st.integers(0, 10))
            found.append(on(days_ago, kind, **fields))
        elif kind == "fall":
            found.append(on(days_ago, kind, near_fall=True, **fields))
        else:
            found.append(on(days_ago, kind, draw(st.integers(0, 10)), **fields))
    return found


@settings(max_examples=60, deadline=None)
@given(journals(), st.randoms(use_true_random=False))
def test_the_order_of_entries_never_changes_a_result(
    found: list[Entry], rng: random.Random
) -> None:
    shuffled = list(found)
    rng.shuffle(shuffled)
    assert insights.insights(shuffled, TODAY) == insights.insights(found, TODAY)


def groups(result: insights.Insights, factor: str, symptom: str, when: str) -> tuple[Any, Any]:
    matches = [
        c for c in result.comparisons if (c.factor, c.symptom, c.when) == (factor, symptom, when)
    ]
    if not matches:
        return insights.Group(0, None), insights.Group(0, None)
    return matches[0].with_, matches[0].without


@settings(max_examples=60, deadline=None)
@given(journals(), st.sampled_from(TAGS), st.integers(0, 10), st.booleans())
def test_a_new_day_changes_only_its_own_group(
    found: list[Entry], tag: str, rating: int, tagged: bool
) -> None:
    """A new day (5 days ago, nothing else near it) with a weakness rating joins the "with"
    group of a tag if it carries the tag, else its "without" group; the other group's days
    and mean stay exactly as they were. The same for exercise."""
    assume(any(tag in e.tags for e in found))  # else there is no comparison before
    before = insights.insights(found, TODAY)
    day = on(5, "weakness", rating, tags=(tag,) if tagged else ())
    after = insights.insights([*found, day], TODAY)
    old_with, old_without = groups(before, f"tag:{tag}", "weakness", SAME_DAY)
    new_with, new_without = groups(after, f"tag:{tag}", "weakness", SAME_DAY)
    if tagged:
        assert (new_with.days, new_without) == (old_with.days + 1, old_without)
    else:
        assert (new_without.days, new_with) == (old_without.days + 1, old_with)
    # a session that day: exercise's "with" grows; "without" (no session at all) stays
    assume(any(e.kind == "exercise" for e in found))
    session = on(5, "exercise", exercise_type="yoga", effort=2)
    moved = insights.insights([*found, day, session], TODAY)
    ex_with, ex_without = groups(insights.insights(found, TODAY), "exercise", "weakness", SAME_DAY)
    got_with, got_without = groups(moved, "exercise", "weakness", SAME_DAY)
    assert (got_with.days, got_without) == (ex_with.days + 1, ex_without)


@settings(max_examples=60, deadline=None)
@given(journals(), st.sampled_from(TAGS), st.booleans())
def test_a_new_day_changes_only_its_own_next_day_group(
    found: list[Entry], tag: str, tagged: bool
) -> None:
    """A day with no rating (a near-fall 4 days ago), followed by a day with weakness
    logged: the day joins the next-day "with" group if tagged, else "without"."""
    assume(any(tag in e.tags for e in found))
    base = [*found, on(3, "weakness", 6)]
    before = groups(insights.insights(base, TODAY), f"tag:{tag}", "weakness", NEXT_DAY)
    near = on(4, "fall", near_fall=True, tags=(tag,) if tagged else ())
    after = groups(insights.insights([*base, near], TODAY), f"tag:{tag}", "weakness", NEXT_DAY)
    grew, stayed = (0, 1) if tagged else (1, 0)
    assert after[grew].days == before[grew].days + 1
    assert after[stayed] == before[stayed]


# --- the command ---------------------------------------------------------------------------------

WIDTHS = (40, 80)


@pytest.fixture
def journal(journal_path: Path) -> Path:
    """Eight weeks: weakness 6 on the 14 #heat days (every fourth), else 4 or 5 (mean
    196/42 = 4.67); fatigue 3 the day after a walk (every third day), else 5 or 6; a
    near-fall tagged #stress every other week (4 days: not enough)."""
    today = date.today()
    with open_journal(resolve(str(journal_path)), create=True) as opened:
        stamp = datetime.now().astimezone()
        for days_ago in range(1, 57):
            day = today - timedelta(days=days_ago)
            at = datetime.combine(day, time(9)).astimezone()
            hot = days_ago % 4 == 0
            opened.add(
                Entry(
                    kind="weakness",
                    at=at,
                    severity=6 if hot else 4 + days_ago % 2,
                    regions=("legs",),
                    tags=("heat",) if hot else (),
                ),
                stamp,
            )
            walked = (days_ago + 1) % 3 == 0
            opened.add(
                Entry(
                    kind="fatigue",
                    at=at,
                    fatigue_type="physical",
                    severity=3 if walked else 5 + days_ago % 2,
                ),
                stamp,
            )
            if days_ago % 3 == 0:
                opened.add(
                    Entry(
                        kind="exercise",
                        at=at,
                        minutes=30,
                        exercise_type="walking",
                        effort=5,
                        with_therapist=False,
                    ),
                    stamp,
                )
            if days_ago % 14 == 0:
                opened.add(
                    Entry(kind="fall", at=at, near_fall=True, injury="none", tags=("stress",)),
                    stamp,
                )
    return journal_path


def at_width(width: int, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["insights", *args], env={"COLUMNS": str(width), "NO_COLOR": "1"}
    )


def check_screen(out: str, width: int) -> None:
    assert "…" not in out and "..." not in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    assert "\x1b" not in out


@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_reads_at_each_width(journal: Path, width: int) -> None:
    result = at_width(width)
    assert result.exit_code == 0, result.output
    out = result.stdout
    check_screen(out, width)
    flat = " ".join(out.split())
    assert "What went with worse days" in flat
    assert "#heat, weakness same day: went with worse days" in flat
    assert "with 6.0 (14 days), without 4.7 (42 days)" in flat
    assert "exercise: walking, fatigue next day: went with better days" in flat
    assert "not causes" in flat
    assert "neighbouring days are alike" in flat
    # only the clear lines; the others counted (#stress is on too few days)
    assert ": no clear difference" not in flat and ": not enough days yet" not in flat
    assert "9 showed no clear difference; 4 had not enough days yet: " in flat
    assert flat.endswith("msjournal insights --all lists each.")
    assert "caused" not in flat


def test_the_json_and_markdown(journal: Path) -> None:
    data = json.loads(at_width(80, "--format", "json").stdout)
    heat = next(
        c
        for c in data["comparisons"]
        if (c["factor"], c["symptom"], c["when"]) == ("tag:heat", "weakness", "same-day")
    )
    assert heat["with"] == {"days": 14, "mean": 6.0}
    assert heat["without"] == {"days": 42, "mean": 4.67}
    assert heat["difference"] == 1.33 and heat["verdict"] == WORSE
    stress = next(c for c in data["comparisons"] if c["factor"] == "tag:stress")
    assert stress["verdict"] == TOO_FEW and stress["interval"] is None
    for width in WIDTHS:
        text = at_width(width, "--format", "markdown").stdout.replace("\\#", "#")
        assert text.startswith("# What went with worse days: ")
        assert "| What | Symptom | When | With | Without | Difference | Verdict |" in text
        assert "| #heat | weakness | same day | 6.0 (14 days) | 4.7 (42 days) | +1.3 (" in text
        assert "no clear difference |" not in text and "not enough days yet |" not in text
        caution = text.index("could show a clear difference by chance alone")
        assert caution < text.index("narrower than they should be.") < text.index("| What |")
        assert text.rstrip().endswith("msjournal insights --all lists each.")


def test_plain_markdown_is_a_list(journal: Path) -> None:
    text = at_width(80, "--plain", "--format", "markdown").stdout.replace("\\#", "#")
    assert "| What |" not in text
    assert "What: #heat\n\n- Symptom: weakness\n- When: same day\n" in text
    assert "- Verdict: went with worse days" in text


def test_months_is_checked_and_an_empty_journal_says_so(journal_path: Path) -> None:
    result = at_width(80, "--months", "0")
    assert result.exit_code == 2 and "--months takes 1 to 120" in result.output
    assert at_width(80, "--months", "121").exit_code == 2
    open_journal(resolve(str(journal_path)), create=True).close()
    empty = at_width(40)
    flat = " ".join(empty.stdout.split())
    assert empty.exit_code == 0 and "Nothing to compare yet" in flat
    # no comparisons: nothing to be cautious about, and nothing rounded
    assert "comparisons" not in flat and "chance" not in flat and "neighbouring" not in flat
    assert "rounded" not in flat and "Your entries in it start" not in flat
    check_screen(empty.stdout, 40)
    data = json.loads(at_width(80, "--format", "json", "--months", "1").stdout)
    assert data["comparisons"] == [] and data["caution"]


def test_the_caution_comes_first_and_the_entries_start_is_named(journal: Path) -> None:
    out = at_width(80).stdout
    flat = " ".join(out.split())
    # the window is 6 months; the journal's entries are its last 8 weeks
    first = date.today() - timedelta(days=56)
    assert f"Your entries in it start on {first:%a} {first.day} {first:%b}" in flat
    assert "Your entries in it start" not in " ".join(at_width(80, "--months", "2").stdout.split())
    # right after the heading: the count, and chance; then the first line found
    chance = flat.index("20 comparisons, 16 with enough days: about 1 could show a clear")
    assert flat.index("not causes.") < chance < flat.index("neighbouring days are alike")
    assert flat.index("narrower than they should be.") < flat.index("#heat, weakness same day")


def test_narrow_blocks_keep_numbers_with_their_units_and_indent_what_wraps(journal: Path) -> None:
    out = at_width(40, "--all").stdout
    check_screen(out, 40)
    blocks = out.split("narrower than they should be.")[1].strip().split("\n\n")
    assert len(blocks) == 20
    for block in blocks:
        lead, *rest = block.splitlines()
        assert not lead.startswith(" ") and all(line.startswith("  ") for line in rest)
        details = [line for line in rest if not line.startswith("    ")]
        assert [line.split()[0] for line in details] == ["with", "difference"], block
    assert "  with 6.0 (14 days),\n    without 4.7 (42 days)\n" in out
    assert "#heat, weakness same day:\n    went with worse days\n" in out
    for line in out.splitlines():  # a number never apart from its unit or interval
        assert not re.search(r"\(\d+$|^\s*days\)|\($|\(\S+$|^\s*to ", line), line


# --- the README's example is real output ------------------------------------------------------

EXAMPLE = re.compile(
    r"(<!-- insights:start -->\n```console\n)(.*?)(```\n<!-- insights:end -->)", re.S
)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The README's example ran on 1 Dec 2025 (its journal is in the eight weeks before)."""
    moment = datetime(2025, 12, 1, 18, 0).astimezone()
    monkeypatch.setattr("msjournal.cli.insights.now", lambda: moment)
    yield


def readme_journal(path: Path) -> None:
    """Eight weeks of a made-up person's days (the same every run): weakness and fatigue
    most days, #heat on hot days, a walk a few times a week, #poor-sleep twice."""
    rng = random.Random(15)
    today = date(2025, 12, 1)
    with open_journal(resolve(str(path)), create=True) as opened:
        stamp = datetime(2025, 12, 1, 18, 0).astimezone()

        def add(days_ago: int, kind: str, **fields: Any) -> None:
            day = today - timedelta(days=days_ago)
            at = datetime.combine(day, time(9 if kind == "weakness" else 20)).astimezone()
            opened.add(Entry(kind=kind, at=at, **fields), stamp)

        walked = False
        for days_ago in range(56, 0, -1):
            hot = rng.random() < 0.25
            tags = ("heat",) if hot else ()
            if days_ago in (40, 12):
                tags += ("poor-sleep",)
            if rng.random() < 0.9:
                weakness = min(10, rng.choice((3, 4, 4, 5)) + (2 if hot else 0))
                add(days_ago, "weakness", severity=weakness, regions=("legs",), tags=tags)
            if rng.random() < 0.85:
                tired = rng.choice((4, 5, 5, 6)) - (1 if walked else 0) + (1 if hot else 0)
                add(days_ago, "fatigue", severity=tired, fatigue_type="physical", tags=tags)
            walked = rng.random() < 0.4
            if walked:
                effort = rng.choice((4, 5, 6))
                add(
                    days_ago,
                    "exercise",
                    minutes=30,
                    exercise_type="walking",
                    effort=effort,
                    with_therapist=False,
                )


@pytest.mark.usefixtures("fixed_today")
def test_the_readme_example_is_real_output(journal_path: Path) -> None:
    readme_journal(journal_path)
    text = README.read_text(encoding="utf-8")
    found = EXAMPLE.search(text)
    assert found, "README needs an insights:start block"
    command = "msjournal insights --months 2"
    result = CliRunner().invoke(app, command.split()[1:], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    fresh = f"$ {command}\n" + "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())
    if os.environ.get("UPDATE_README"):
        README.write_text(text[: found.start(2)] + fresh + text[found.end(2) :], "utf-8")
    assert found.group(2) == fresh, "run: UPDATE_README=1 pytest tests/test_insights.py"


def test_the_readme_says_what_an_insight_is_and_is_not() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "## Insights: what went with worse days" in text
    assert "not causes" in text
    assert "rounded to two decimals" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_all_lists_every_comparison_and_the_default_only_the_clear_ones(
    journal: Path, width: int
) -> None:
    default = at_width(width)
    every = at_width(width, "--all")
    assert every.exit_code == 0, every.output
    check_screen(every.stdout, width)
    flat, flat_all = " ".join(default.stdout.split()), " ".join(every.stdout.split())
    comparisons = json.loads(at_width(width, "--format", "json").stdout)["comparisons"]
    counts = {v: sum(1 for c in comparisons if c["verdict"] == v) for v in (WORSE, BETTER)}
    counts |= {v: sum(1 for c in comparisons if c["verdict"] == v) for v in (UNCLEAR, TOO_FEW)}
    assert all(counts.values()), "the journal has comparisons of each verdict"
    for verdict in (WORSE, BETTER):
        assert flat.count(f": {verdict}") == flat_all.count(f": {verdict}") == counts[verdict]
    for verdict in (UNCLEAR, TOO_FEW):
        assert f": {verdict}" not in flat
        assert flat_all.count(f": {verdict}") == counts[verdict]
    assert f"{counts[UNCLEAR]} showed no clear difference; {counts[TOO_FEW]} had not" in flat
    assert "--all lists each" not in flat_all
    # clear ones first (as by default), then no clear difference, then not enough days
    shown = flat.split(f" {counts[UNCLEAR]} showed no clear difference")[0]
    assert flat_all.startswith(shown)
    assert flat_all.rindex(f": {UNCLEAR}") < flat_all.index(f": {TOO_FEW}")
    markdown = at_width(width, "--all", "--format", "markdown").stdout
    assert markdown.count(f"| {UNCLEAR} |") == counts[UNCLEAR]
    assert markdown.count(f"| {TOO_FEW} |") == counts[TOO_FEW]
    assert "--all lists each" not in markdown


def test_the_command_knows_the_window_limits_without_loading_the_statistics() -> None:
    from msjournal import insights
    from msjournal.cli import insights as command

    assert (command.DEFAULT_MONTHS, command.MAX_MONTHS) == (
        insights.DEFAULT_MONTHS,
        insights.MAX_MONTHS,
    )
