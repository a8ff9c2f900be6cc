"""Insights' statistics against scipy on generated data (scipy is a test-only dependency).

msjournal itself never needs scipy: insights.py has its own Student t quantile and
Welch interval. Here they must agree with scipy.stats to 1e-9.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from msjournal import insights
from msjournal.entries import Entry
from msjournal.insights import NEXT_DAY, t_quantile, welch

stats = pytest.importorskip(
    "scipy.stats", reason="scipy checks the statistics: pip install -e '.[test]'"
)

TOLERANCE = {"rel": 1e-9, "abs": 1e-9}
DFS = [1, 1.0001, 1.25, 1.5, 2, 2.5, 3, 3.7, 4.5, 5, 6.68, 9.99, 17.3, 30, 64.5, 100, 999.5]
DFS += [1e4, 123456.7, 1e6, 3e6]
PS = [1e-12, 1e-9, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.499]
PS += [0.501, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999, 0.9999, 1 - 1e-6, 1 - 1e-9]


@pytest.mark.parametrize("df", DFS)
def test_the_t_quantile_agrees_with_scipy(df: float) -> None:
    for p in PS:
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9), (p, df)


def test_the_t_quantile_agrees_with_scipy_at_random_df_and_p() -> None:
    rng = random.Random(396)
    for _ in range(2000):
        df = 1 + rng.expovariate(1 / 40)
        p = rng.uniform(0.0001, 0.9999)
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9), (p, df)


def check_welch(first: list[float], second: list[float]) -> None:
    mine = welch(first, second)
    theirs = stats.ttest_ind(first, second, equal_var=False)
    low, high = theirs.confidence_interval(0.95)
    assert mine.difference == pytest.approx(
        sum(first) / len(first) - sum(second) / len(second), **TOLERANCE
    )
    assert mine.df == pytest.approx(theirs.df, rel=1e-9)
    assert (mine.low, mine.high) == pytest.approx((low, high), **TOLERANCE)


@pytest.mark.parametrize("seed", range(40))
def test_welch_agrees_with_scipy_on_generated_groups(seed: int) -> None:
    rng = random.Random(seed)
    sizes = (rng.randint(5, 12), rng.randint(5, 300))
    if seed % 2:  # ratings, as insights has them
        first = [float(rng.randint(0, 10)) for _ in range(sizes[0])]
        second = [float(min(10, max(0, round(rng.gauss(5, 2))))) for _ in range(sizes[1])]
    else:  # any numbers, groups of very different spread
        first = [rng.gauss(3, 0.1) for _ in range(sizes[0])]
        second = [rng.gauss(4, 5) for _ in range(sizes[1])]
    if len(set(first)) == 1 and len(set(second)) == 1:
        return  # no spread: scipy has no interval either (tests/test_insights.py)
    check_welch(first, second)


def generated_journal(seed: int, today: date) -> list[Entry]:
    """Almost a year of days: weakness and fatigue most days, worse on #heat days, fatigue a
    little lower the day after exercise, numbness now and then."""
    rng = random.Random(seed)
    found = []
    walked = False
    for days_ago in range(1, 360):  # inside the 12 months ending today
        day = today - timedelta(days=days_ago)
        at = datetime.combine(day, time(10)).astimezone()
        hot = rng.random() < 0.15
        tags = ("heat",) if hot else ()
        if rng.random() < 0.3:
            tags += ("stress",)
        for _ in range(rng.choice((0, 1, 1, 2))):
            severity = min(10, rng.randint(2, 6) + (2 if hot else 0))
            found.append(Entry("weakness", at, severity, regions=("legs",), tags=tags))
        if rng.random() < 0.9:
            severity = min(10, rng.randint(3, 7) - (1 if walked else 0))
            found.append(Entry("fatigue", at, severity, fatigue_type="physical"))
        if rng.random() < 0.2:
            found.append(Entry("symptom", at, rng.randint(1, 8), symptom="numbness"))
        walked = rng.random() < 0.4
        if walked:
            kind = rng.choice(("walking", "yoga", "strength"))
            effort = rng.choice((None, *range(11)))
            found.append(Entry("exercise", at, minutes=30, exercise_type=kind, effort=effort))
    return found


def naive_groups(
    found: list[Entry], factor: str, symptom: str, when: str
) -> tuple[list[float], list[float]]:
    """The two groups of a comparison, worked out again the plain way, day by day."""
    days: dict[date, list[Entry]] = {}
    for entry in found:
        days.setdefault(entry.at.date(), []).append(entry)

    def value(day: date) -> float | None:
        ratings = [
            e.severity
            for e in days.get(day, [])
            if e.severity is not None
            and (e.kind == symptom or (e.kind == "symptom" and e.symptom == symptom))
        ]
        return float(max(ratings)) if ratings else None

    def has(day: date) -> bool:
        kind, _, name = factor.partition(":")
        for e in days[day]:
            if kind == "tag" and name in e.tags:
                return True
            if e.kind != "exercise":
                continue
            if kind == "exercise" and (not name or e.exercise_type == name):
                return True
            if kind == "effort" and e.effort is not None:
                low, high = map(int, name.split("-"))
                if low <= e.effort <= high:
                    return True
        return False

    def other(day: date) -> bool:
        if factor.startswith("tag:"):
            return not has(day)
        return not any(e.kind == "exercise" for e in days[day])

    shift = timedelta(days=1 if when == NEXT_DAY else 0)
    first, second = [], []
    for day in sorted(days):
        compared = value(day + shift)
        if compared is None:
            continue
        if has(day):
            first.append(compared)
        elif other(day):
            second.append(compared)
    return first, second


@pytest.mark.parametrize("seed", range(3))
def test_every_comparison_agrees_with_scipy_on_a_generated_journal(seed: int) -> None:
    today = date(2026, 6, 15)
    found = generated_journal(seed, today)
    result = insights.insights(found, today, months=12)
    checked = 0
    for comparison in result.comparisons:
        first, second = naive_groups(found, comparison.factor, comparison.symptom, comparison.when)
        assert (comparison.with_.days, comparison.without.days) == (len(first), len(second))
        if comparison.result is None:
            assert min(len(first), len(second)) < insights.MIN_DAYS
            continue
        assert comparison.with_.mean == pytest.approx(stats.tmean(first), **TOLERANCE)
        assert comparison.without.mean == pytest.approx(stats.tmean(second), **TOLERANCE)
        check_welch(first, second)
        checked += 1
    assert checked >= 30  # tags, exercise, types and efforts, same day and next
