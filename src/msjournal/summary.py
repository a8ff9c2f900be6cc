"""Report arithmetic: pure functions over entries, with ``today`` passed in.

No clock, no disk, no terminal. The command fetches the entries (see
``report_window``) and hands them here; render.py and markdown.py draw the result.
Every "raise with your doctor" rule lives in ``flags`` and its helpers, with its
thresholds in the constants below (documented in the README).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from msjournal import vocab
from msjournal.dates import Period
from msjournal.entries import Entry

# --- thresholds (clinical.md, "Raise with your doctor" rules) -------------------------
TREND_POINTS = Fraction(1)  # mean severity change that makes "worse"/"better"
FALL_TREND_COUNT = 1  # change in the number of falls that makes "worse"/"better"
RULE2_MAX_DAYS_APART = 29
RULE3_NEAR_FALLS = 3
RULE4_RISE = Fraction(2)
RULE4_MIN_ENTRIES = 3
RULE5_LOOKBACK_DAYS = 90
RULE6_ABOVE_MEAN = 2
RULE6_BASELINE_DAYS = 28  # or the previous period, whichever is longer
RULE6_MIN_BASELINE_DAYS = 3  # days with a rating the baseline needs
RULE6_MIN_DAYS_IN_A_ROW = 2
RULE6_EXCUSING_TAGS = frozenset({"heat", "fever", "infection"})
RULE6_EXCUSING_SYMPTOM = "heat-sensitivity"
RULE7_LOOKBACK_DAYS = 90
RULE7_MIN_ENTRIES_BEFORE = 3
FALL_RATE_MIN_DAYS = 28  # falls per 30 days only for periods this long or longer

# --- exercise guidelines (clinical.md, "Exercise") ------------------------------------
WEEKLY_MINUTES = 150
WEEKLY_AEROBIC_SESSIONS = 2
AEROBIC_SESSION_MINUTES = 30
WEEKLY_STRENGTH_SESSIONS = 2
CANADIAN_MIN_EFFORT = 4  # an aerobic session counts at moderate effort (or unrated)

SYMPTOMS = ("weakness", "fatigue")


def report_window(period: Period) -> Period:
    """The days a report needs: this period, the previous one, and rule lookbacks."""
    earliest = min(
        period.previous().start,
        period.start - timedelta(days=RULE5_LOOKBACK_DAYS),
        period.start - timedelta(days=RULE7_LOOKBACK_DAYS),
        period.start - timedelta(days=RULE6_BASELINE_DAYS),
        period.start - timedelta(days=RULE2_MAX_DAYS_APART),
    )
    return Period(earliest, period.end)


def day_of(entry: Entry) -> date:
    """The local calendar day of the entry's own recorded time."""
    return entry.at.date()


def in_period(entries: Iterable[Entry], period: Period) -> list[Entry]:
    return [e for e in entries if period.start <= day_of(e) <= period.end]


def symptom_of(entry: Entry) -> str | None:
    """What a rated entry is about: weakness, fatigue, or an other symptom's name.

    Weakness, fatigue and each other symptom are kept apart, like with like.
    """
    if entry.kind in SYMPTOMS:
        return entry.kind
    if entry.kind == "symptom":
        return entry.symptom
    return None


def other_symptoms(*groups: Iterable[Entry]) -> list[str]:
    """The other symptoms logged in any of the groups, in the vocabulary's order."""
    return list(
        vocab.ordered(
            "symptom",
            {e.symptom for group in groups for e in group if e.kind == "symptom" and e.symptom},
        )
    )


# --- trends -------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    arrow: str
    word: str

    def to_dict(self) -> dict[str, str]:
        return {"arrow": self.arrow, "word": self.word}


WORSE = Trend("↑", "worse")
BETTER = Trend("↓", "better")
SAME = Trend("→", "about the same")
NO_COMPARISON = Trend("·", "no comparison")


def trend(change: Fraction | int | None, threshold: Fraction | int) -> Trend:
    """Worse when the change is at least the threshold, better at most minus it."""
    if change is None:
        return NO_COMPARISON
    if change >= threshold:
        return WORSE
    if change <= -threshold:
        return BETTER
    return SAME


# --- the per-day grid ------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """One row of the grid. A day with nothing logged has every value None."""

    date: date
    logged: bool
    weakness_max: int | None = None
    fatigue_max: int | None = None
    falls: int | None = None
    near_falls: int | None = None
    exercise_minutes: int | None = None
    other_max: int | None = None  # the highest rating of any other symptom
    checked_in: bool = False  # a check-in confirmed the day's falls

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "logged": self.logged,
            "checked_in": self.checked_in,
            "weakness_max": self.weakness_max,
            "fatigue_max": self.fatigue_max,
            "falls": self.falls,
            "near_falls": self.near_falls,
            "exercise_minutes": self.exercise_minutes,
            "other_symptoms_max": self.other_max,
        }


def _max_severity(entries: Iterable[Entry], symptom: str) -> int | None:
    values = [e.severity for e in entries if symptom_of(e) == symptom and e.severity is not None]
    return max(values) if values else None


def days(entries: Sequence[Entry], period: Period, checked_in: Collection[date] = ()) -> list[Day]:
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(day_of(entry), []).append(entry)
    grid: list[Day] = []
    for offset in range(period.days):
        current = period.start + timedelta(days=offset)
        todays = by_day.get(current, [])
        if not todays:
            grid.append(Day(current, logged=False, checked_in=current in checked_in))
            continue
        falls = [e for e in todays if e.kind == "fall"]
        grid.append(
            Day(
                current,
                logged=True,
                weakness_max=_max_severity(todays, "weakness"),
                fatigue_max=_max_severity(todays, "fatigue"),
                falls=sum(1 for e in falls if not e.near_fall),
                near_falls=sum(1 for e in falls if e.near_fall),
                exercise_minutes=sum(e.minutes or 0 for e in todays if e.kind == "exercise"),
                other_max=max(
                    (e.severity for e in todays if e.kind == "symptom" and e.severity is not None),
                    default=None,
                ),
                checked_in=current in checked_in,
            )
        )
    return grid


# --- weakness and fatigue ------------------------------------------------------------------


@dataclass(frozen=True)
class SeverityStats:
    entries: int
    mean: Fraction | None
    max: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "mean": rounded(self.mean), "max": self.max}


def rounded(value: Fraction | None, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def severity_stats(entries: Iterable[Entry], symptom: str) -> SeverityStats:
    values = [e.severity for e in entries if symptom_of(e) == symptom and e.severity is not None]
    if not values:
        return SeverityStats(0, None, None)
    return SeverityStats(len(values), Fraction(sum(values), len(values)), max(values))


def _counts(vocabulary: str, values: Iterable[str]) -> dict[str, int]:
    """Counts, most first, ties in vocabulary order."""
    counted = Counter(values)
    order = {word: i for i, word in enumerate(vocab.VOCABULARIES[vocabulary])}
    return dict(sorted(counted.items(), key=lambda item: (-item[1], order[item[0]])))


@dataclass(frozen=True)
class SymptomSummary:
    kind: str
    current: SeverityStats
    previous: SeverityStats
    trend: Trend
    regions: dict[str, int]
    activities: dict[str, int]
    first: date | None = None  # the first day of the period with an entry of it

    def to_dict(self) -> dict[str, Any]:
        out = self.current.to_dict()
        out["previous"] = self.previous.to_dict()
        out["trend"] = self.trend.to_dict()
        if self.kind == "weakness":
            out["regions"] = self.regions
        if self.kind in SYMPTOMS:
            out["activities"] = self.activities
        return out


def symptom_summary(
    kind: str, current: Sequence[Entry], previous: Sequence[Entry]
) -> SymptomSummary:
    now_stats = severity_stats(current, kind)
    before = severity_stats(previous, kind)
    change = None if now_stats.mean is None or before.mean is None else now_stats.mean - before.mean
    mine = [e for e in current if symptom_of(e) == kind]
    return SymptomSummary(
        kind=kind,
        current=now_stats,
        previous=before,
        trend=trend(change, TREND_POINTS),
        regions=_counts("region", (r for e in mine for r in e.regions)),
        activities=_counts("activity", (a for e in mine for a in e.activities)),
        first=min((day_of(e) for e in mine), default=None),
    )


# --- falls ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FallSummary:
    falls: int
    near_falls: int
    by_hopkins_grade: dict[str, int]
    places: dict[str, int]
    causes: dict[str, int]
    aids: dict[str, int]
    per_30_days: float | None  # None for periods under FALL_RATE_MIN_DAYS days
    days: int
    previous_falls: int
    previous_near_falls: int
    trend: Trend
    listed: tuple[dict[str, Any], ...] = ()  # each fall and near-fall of the period
    confirmed_days: int = 0  # days of the period with a check-in: their falls are known
    # the open hazards of the latest home check (home.py) in the rooms where falls
    # and near-falls of the period happened: [{id, room, text, since}]
    open_hazards: tuple[dict[str, Any], ...] = ()
    home_checked: str | None = None  # that check's day, when falls happened in its rooms

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": [dict(item) for item in self.listed],
            "falls": self.falls,
            "near_falls": self.near_falls,
            "by_hopkins_grade": self.by_hopkins_grade,
            "places": self.places,
            "causes": self.causes,
            "aids": self.aids,
            "per_30_days": self.per_30_days,
            "previous": {"falls": self.previous_falls, "near_falls": self.previous_near_falls},
            "trend": self.trend.to_dict(),
            "confirmed_days": self.confirmed_days,
            "open_hazards": [dict(h) for h in self.open_hazards],
        }


def hazards_where_fallen(
    home_checks: Sequence[dict[str, Any]], current: Sequence[Entry], period: Period
) -> tuple[dict[str, Any], ...]:
    """The open hazards of the latest home check made by the period's end, in the
    rooms of the places where the period's falls and near-falls happened."""
    if not home_checks:
        return ()
    from msjournal import home

    rooms = home.rooms_of_places(e.place for e in current if e.kind == "fall")
    if not rooms:
        return ()
    checks = [home.HomeCheck.from_record(record) for record in home_checks]
    return tuple(h.to_dict() for h in home.open_hazards(checks, period.end, rooms))


def home_checked(
    home_checks: Sequence[dict[str, Any]], current: Sequence[Entry], period: Period
) -> str | None:
    """The day of the latest home check made by the period's end, when the period's
    falls happened in rooms the checklist covers (else None)."""
    if not home_checks:
        return None
    from msjournal import home

    if not home.rooms_of_places(e.place for e in current if e.kind == "fall"):
        return None
    checks = [home.HomeCheck.from_record(record) for record in home_checks]
    last = home.latest(checks, period.end)
    return None if last is None else last.at.date().isoformat()


def fall_summary(
    current: Sequence[Entry], previous: Sequence[Entry], period: Period
) -> FallSummary:
    mine = [e for e in current if e.kind == "fall"]
    before = [e for e in previous if e.kind == "fall"]
    falls = sum(1 for e in mine if not e.near_fall)
    previous_falls = sum(1 for e in before if not e.near_fall)
    grades = Counter(e.hopkins_grade for e in mine)
    comparable = bool(current) and bool(previous)  # both periods have logged days
    return FallSummary(
        falls=falls,
        near_falls=len(mine) - falls,
        by_hopkins_grade={str(g): grades.get(g, 0) for g in (1, 2, 3, 4)},
        places=_counts("place", (e.place for e in mine if e.place)),
        causes=_counts("cause", (c for e in mine for c in e.causes)),
        aids=_counts("aid", (a for e in mine for a in e.aids if a != "none")),
        per_30_days=(
            round(falls * 30 / period.days, 1) if period.days >= FALL_RATE_MIN_DAYS else None
        ),
        days=period.days,
        previous_falls=previous_falls,
        previous_near_falls=len(before) - previous_falls,
        trend=trend(falls - previous_falls if comparable else None, FALL_TREND_COUNT),
    )


# --- exercise ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSummary:
    minutes: int
    sessions: int
    mean_effort: Fraction | None
    rated: int  # sessions with an effort rating
    by_type: dict[str, int]
    weeks: int
    aerobic_sessions: int
    strength_sessions: int
    aerobic_unrated: int = 0  # aerobic sessions counted without an effort rating

    @property
    def minutes_target(self) -> int:
        return WEEKLY_MINUTES * self.weeks

    @property
    def aerobic_target(self) -> int:
        return WEEKLY_AEROBIC_SESSIONS * self.weeks

    @property
    def strength_target(self) -> int:
        return WEEKLY_STRENGTH_SESSIONS * self.weeks

    @property
    def minutes_met(self) -> bool:
        return self.minutes >= self.minutes_target

    @property
    def sessions_met(self) -> bool:
        return (
            self.aerobic_sessions >= self.aerobic_target
            and self.strength_sessions >= self.strength_target
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "minutes": self.minutes,
            "sessions": self.sessions,
            "mean_effort": rounded(self.mean_effort),
            "sessions_with_effort": self.rated,
            "by_type": self.by_type,
            "guideline": {
                "weeks": self.weeks,
                "minutes_target": self.minutes_target,
                "minutes_met": self.minutes_met,
                "aerobic_sessions": self.aerobic_sessions,
                "aerobic_unrated": self.aerobic_unrated,
                "aerobic_target": self.aerobic_target,
                "strength_sessions": self.strength_sessions,
                "strength_target": self.strength_target,
                "sessions_met": self.sessions_met,
            },
        }


def guideline_weeks(period: Period) -> int:
    """Days / 7 rounded to a whole number (at least 1): a 7-day period is 1 week."""
    return max(1, round(period.days / 7))


def exercise_summary(current: Sequence[Entry], period: Period) -> ExerciseSummary:
    sessions = [e for e in current if e.kind == "exercise"]
    efforts = [e.effort for e in sessions if e.effort is not None]
    by_type: Counter[str] = Counter()
    for e in sessions:
        by_type[e.exercise_type or "other"] += e.minutes or 0
    order = {word: i for i, word in enumerate(vocab.EXERCISE_TYPES)}
    aerobic = [
        e
        for e in sessions
        if e.exercise_type in vocab.AEROBIC_TYPES
        and (e.minutes or 0) >= AEROBIC_SESSION_MINUTES
        and (e.effort is None or e.effort >= CANADIAN_MIN_EFFORT)
    ]
    return ExerciseSummary(
        minutes=sum(e.minutes or 0 for e in sessions),
        sessions=len(sessions),
        mean_effort=Fraction(sum(efforts), len(efforts)) if efforts else None,
        rated=len(efforts),
        by_type=dict(sorted(by_type.items(), key=lambda item: (-item[1], order[item[0]]))),
        weeks=guideline_weeks(period),
        aerobic_sessions=len(aerobic),
        aerobic_unrated=sum(1 for e in aerobic if e.effort is None),
        strength_sessions=sum(1 for e in sessions if e.exercise_type in vocab.STRENGTH_TYPES),
    )


# --- "raise with your doctor" -----------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    rule: int
    title: str
    reason: str
    entries: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "reason": self.reason,
            "entries": list(self.entries),
        }


def _ids(entries: Iterable[Entry]) -> tuple[int, ...]:
    return tuple(sorted({e.id for e in entries if e.id is not None}))


def _fmt(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1f}"


def _runs(days_: Sequence[date]) -> str:
    """Days as runs: '19-20 Nov, 24-25 Nov'."""
    runs: list[list[date]] = []
    for day in sorted(days_):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    out = []
    for run in runs:
        first, last = run[0], run[-1]
        if first == last:
            out.append(f"{first.day} {first:%b}")
        elif first.month == last.month:
            out.append(f"{first.day}-{last.day} {last:%b}")
        else:
            out.append(f"{first.day} {first:%b}-{last.day} {last:%b}")
    return ", ".join(out)


def rule1_medical_falls(current: Sequence[Entry]) -> list[Flag]:
    serious = [e for e in current if e.kind == "fall" and (e.hopkins_grade or 0) >= 3]
    if not serious:
        return []
    hospital = sum(1 for e in serious if e.hopkins_grade == 4)
    detail = f"{len(serious)} fall{'s' if len(serious) > 1 else ''} in this period"
    detail += " needed medical attention" + (" or a hospital stay" if hospital else "")
    return [
        Flag(
            1,
            "A fall needed medical care",
            f"Any fall that needs medical attention or a hospital stay "
            f"(Hopkins grade 3 or 4). {detail}.",
            _ids(serious),
        )
    ]


def rule2_repeated_falls(window: Sequence[Entry], period: Period) -> list[Flag]:
    falls = sorted(
        (e for e in window if e.kind == "fall" and not e.near_fall and day_of(e) <= period.end),
        key=day_of,
    )
    # Every fall that pairs with another at most 29 days away, one of the two in the
    # period: not only neighbours (falls 20 and 10 days before and one in it are 3).
    raised = [
        fall
        for fall in falls
        if any(
            other is not fall
            and abs((day_of(other) - day_of(fall)).days) <= RULE2_MAX_DAYS_APART
            and max(day_of(other), day_of(fall)) >= period.start
            for other in falls
        )
    ]
    if not raised:
        return []
    return [
        Flag(
            2,
            "Repeated falls",
            f"Two or more falls at most {RULE2_MAX_DAYS_APART} days apart, "
            f"at least one of them in this period. {len(_ids(raised))} falls qualify.",
            _ids(raised),
        )
    ]


def rule3_near_falls(current: Sequence[Entry]) -> list[Flag]:
    near = [e for e in current if e.kind == "fall" and e.near_fall]
    if len(near) < RULE3_NEAR_FALLS:
        return []
    return [
        Flag(
            3,
            "Frequent near-falls",
            f"{RULE3_NEAR_FALLS} or more near-falls in a period. "
            f"{len(near)} near-falls were logged in this one.",
            _ids(near),
        )
    ]


def rule4_worse(kind: str, current: Sequence[Entry], previous: Sequence[Entry]) -> list[Flag]:
    """``kind``: weakness, fatigue, or an other symptom's name (each apart)."""
    now_stats = severity_stats(current, kind)
    before = severity_stats(previous, kind)
    enough = min(now_stats.entries, before.entries) >= RULE4_MIN_ENTRIES
    if not enough or now_stats.mean is None or before.mean is None:
        return []
    if now_stats.mean - before.mean < RULE4_RISE:
        return []
    return [
        Flag(
            4,
            f"{kind.capitalize()} is worse than the period before",
            f"Average {kind} up by {float(RULE4_RISE):.1f} points or more, with at "
            f"least {RULE4_MIN_ENTRIES} entries in each period. It went from "
            f"{_fmt(before.mean)} to {_fmt(now_stats.mean)}.",
            _ids(e for e in current if symptom_of(e) == kind),
        )
    ]


# A region is covered by itself and by every region that contains it (clinical.md 5).
CONTAINS = {
    "legs": ("left-leg", "right-leg"),
    "feet": ("left-foot", "right-foot"),
    "arms": ("left-arm", "right-arm"),
    "hands": ("left-hand", "right-hand"),
    "eyes": ("left-eye", "right-eye"),
}
NOT_IN_WHOLE_BODY = frozenset({"speech", "cognition"})


def covered(region: str, known: set[str]) -> bool:
    """Whether weakness in ``region`` was already covered by the regions ``known``."""
    if region in known:
        return True
    if "whole-body" in known and region not in NOT_IN_WHOLE_BODY:
        return True
    return any(region in parts and whole in known for whole, parts in CONTAINS.items())


def rule5_new_region(
    window: Sequence[Entry], current: Sequence[Entry], period: Period
) -> list[Flag]:
    lookback = Period(
        period.start - timedelta(days=RULE5_LOOKBACK_DAYS), period.start - timedelta(days=1)
    )
    before = [e for e in in_period(window, lookback) if e.kind == "weakness"]
    if not before:
        return []
    known = {r for e in before for r in e.regions}
    mine = [e for e in current if e.kind == "weakness"]
    new = vocab.ordered("region", {r for e in mine for r in e.regions if not covered(r, known)})
    if not new:
        return []
    return [
        Flag(
            5,
            "Weakness in a new place",
            f"Weakness in a body region not covered in the {RULE5_LOOKBACK_DAYS} days "
            f"before this period (legs cover left-leg and right-leg, and so on). "
            f"New: {', '.join(new)}.",
            _ids(e for e in mine if set(e.regions) & set(new)),
        )
    ]


def excused(todays: Iterable[Entry]) -> bool:
    """A day rule 6 leaves out: heat, fever or infection (a tag, or heat sensitivity)."""
    return any(
        RULE6_EXCUSING_TAGS & set(e.tags)
        or (e.kind == "symptom" and e.symptom == RULE6_EXCUSING_SYMPTOM)
        for e in todays
    )


def rule6_baseline(kind: str, window: Sequence[Entry], period: Period) -> Fraction | None:
    """The mean of the symptom's daily highest ratings over the previous period or
    the 28 days before the period, whichever is longer; None with fewer than 3 days."""
    length = max(period.days, RULE6_BASELINE_DAYS)
    before = Period(period.start - timedelta(days=length), period.start - timedelta(days=1))
    highest: dict[date, int] = {}
    for entry in in_period(window, before):
        if symptom_of(entry) == kind and entry.severity is not None:
            day = day_of(entry)
            highest[day] = max(highest.get(day, entry.severity), entry.severity)
    if len(highest) < RULE6_MIN_BASELINE_DAYS:
        return None
    return Fraction(sum(highest.values()), len(highest))


def rule6_relapse_pattern(
    kind: str, window: Sequence[Entry], period: Period
) -> tuple[list[Flag], list[date]]:
    """The flag, and the excused days that would otherwise have counted."""
    baseline = rule6_baseline(kind, window, period)
    if baseline is None:
        return [], []
    bar = baseline + RULE6_ABOVE_MEAN
    by_day: dict[date, list[Entry]] = {}
    for entry in in_period(window, period):
        by_day.setdefault(day_of(entry), []).append(entry)
    qualifying: list[date] = []
    left_out: list[date] = []
    for day, todays in sorted(by_day.items()):
        highest = _max_severity(todays, kind)
        if highest is None or highest < bar:
            continue
        (left_out if excused(todays) else qualifying).append(day)
    in_runs: list[date] = []
    run: list[date] = []
    for day in [*qualifying, date.max]:
        if run and day - run[-1] == timedelta(days=1):
            run.append(day)
            continue
        if len(run) >= RULE6_MIN_DAYS_IN_A_ROW:
            in_runs.extend(run)
        run = [day]
    if not in_runs:
        return [], left_out
    flagged_days = set(in_runs)
    current = in_period(window, period)
    return [
        Flag(
            6,
            f"Possible relapse pattern ({kind})",
            f"On {RULE6_MIN_DAYS_IN_A_ROW} or more days in a row, the day's highest "
            f"{kind} was at least {RULE6_ABOVE_MEAN} points above its usual level "
            f"({_fmt(baseline)}: the average daily highest over the "
            f"{max(period.days, RULE6_BASELINE_DAYS)} days before), with no heat, fever or "
            f"infection that day. Days: {_runs(in_runs)}. New or worse symptoms lasting "
            "more than a day are worth telling your MS team about.",
            _ids(e for e in current if symptom_of(e) == kind and day_of(e) in flagged_days),
        )
    ], left_out


def rule7_before(window: Sequence[Entry], period: Period) -> list[Entry]:
    """The other-symptom entries of the 90 days before the period (rule 7's baseline)."""
    lookback = Period(
        period.start - timedelta(days=RULE7_LOOKBACK_DAYS), period.start - timedelta(days=1)
    )
    return [e for e in in_period(window, lookback) if e.kind == "symptom"]


def rule7_new_symptom(window: Sequence[Entry], period: Period) -> list[Flag]:
    """Other symptoms logged in the period but not in the 90 days before it, once
    those days hold at least 3 other-symptom entries."""
    before = rule7_before(window, period)
    if len(before) < RULE7_MIN_ENTRIES_BEFORE:
        return []
    known = {e.symptom for e in before}
    current = in_period(window, period)
    new = [name for name in other_symptoms(current) if name not in known]
    if not new:
        return []
    return [
        Flag(
            7,
            "A new symptom",
            f"A symptom logged in this period that was not logged in the "
            f"{RULE7_LOOKBACK_DAYS} days before it. New: {', '.join(new)}. New problems "
            "with sight, numbness or balance are among the common signs of a relapse.",
            _ids(e for e in current if e.kind == "symptom" and e.symptom in new),
        )
    ]


@dataclass(frozen=True)
class NotChecked:
    """A rule that could not be checked for lack of days logged before the period:
    rule 6 for the symptoms rated in the period whose usual level has fewer than 3
    days, rule 7 (the period's other symptoms) with fewer than 3 other-symptom entries
    in the 90 days before."""

    rule: int
    symptoms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "symptoms": list(self.symptoms)}


def not_checked(window: Sequence[Entry], period: Period) -> list[NotChecked]:
    """Rules 6 and 7 where they had something to check but too few days before."""
    current = in_period(window, period)
    rated = {symptom_of(e) for e in current if e.severity is not None}
    kinds = [*SYMPTOMS, *other_symptoms(current)]
    lacking = tuple(
        kind for kind in kinds if kind in rated and rule6_baseline(kind, window, period) is None
    )
    out = [NotChecked(6, lacking)] if lacking else []
    others = tuple(other_symptoms(current))
    if others and len(rule7_before(window, period)) < RULE7_MIN_ENTRIES_BEFORE:
        out.append(NotChecked(7, others))
    return out


# The "raise with your doctor" rules in plain words, each (number, raised when,
# entries listed), with the numbers of the constants above: `msjournal rules` prints
# them and the README's table shows them (tests/test_appointments.py checks both).
RULES: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "any fall in the period needed medical attention or a hospital stay (Hopkins grade 3 or 4)",
        "those falls",
    ),
    (
        2,
        "two or more falls (not near-falls) at most 29 calendar days apart, at least one of "
        "them in the period and none after its end",
        "the falls in each such pair, including one just before the period",
    ),
    (
        3,
        "3 or more near-falls in the period",
        "those near-falls",
    ),
    (
        4,
        "the average of weakness, fatigue or another symptom (each apart) is up by 2.0 points"
        " or more on the period before, with at least 3 entries of it in each period",
        "that symptom's entries in the period",
    ),
    (
        5,
        "weakness in a body region not covered in the 90 days before the period, when those "
        "90 days hold at least one weakness entry. A region is covered by itself and by any "
        "region that contains it: legs contains left-leg and right-leg (likewise feet, arms, "
        "hands, eyes), and whole-body contains every region but speech and cognition. So "
        "left-leg after legs is not new; legs after only left-leg is (the right leg is); the "
        "flag names the region as logged",
        "the weakness entries naming a new region",
    ),
    (
        6,
        "possible relapse pattern: on 2 or more consecutive days of the period, the day's "
        "highest rating of weakness, fatigue or another symptom (each apart) is at least its "
        "usual level + 2. The usual level is the average of that symptom's daily highest "
        "ratings over the previous period or the 28 days before, whichever is longer, and "
        "needs at least 3 days with a rating (so a weekly report compares against the last "
        "four weeks). A day with any entry tagged heat, fever or infection, or with heat "
        "sensitivity logged, does not count; the report names such days only when one would "
        "otherwise have counted",
        "that symptom's entries on those days",
    ),
    (
        7,
        "a new symptom: an other symptom logged in the period that was not logged in the 90 "
        "days before it, when those 90 days hold at least 3 other-symptom entries (so the "
        "first symptoms you ever log raise nothing)",
        "the entries of the new symptoms",
    ),
)


def flags(window: Sequence[Entry], period: Period) -> tuple[list[Flag], list[date]]:
    """Every rule of clinical.md, in rule order; one flag per rule (4 and 6: per
    symptom, weakness, fatigue and each other symptom apart), and the days rule 6
    left out that would otherwise have counted."""
    current = in_period(window, period)
    previous = in_period(window, period.previous())
    rated = [*SYMPTOMS, *other_symptoms(current, previous)]
    raised = rule1_medical_falls(current)
    raised += rule2_repeated_falls(window, period)
    raised += rule3_near_falls(current)
    for kind in rated:
        raised += rule4_worse(kind, current, previous)
    raised += rule5_new_region(window, current, period)
    left_out: set[date] = set()
    for kind in [*SYMPTOMS, *other_symptoms(current)]:
        found, excused_days = rule6_relapse_pattern(kind, window, period)
        raised += found
        left_out.update(excused_days)
    raised += rule7_new_symptom(window, period)
    return raised, sorted(left_out)


# --- questionnaire scores --------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    """An instrument scored in the period: its latest score there, and the one before
    it (which may be older than the period). Scores in their JSON shape."""

    instrument: str
    latest: dict[str, Any]
    previous: dict[str, Any] | None

    @property
    def change(self) -> float | None:
        if self.previous is None:
            return None
        return round(float(self.latest["score"]) - float(self.previous["score"]), 2)

    def to_dict(self) -> dict[str, Any]:
        return {"latest": self.latest, "previous": self.previous, "change": self.change}


# --- treatments, relapses and aids over time --------------------------------------------------

RELAPSE_RATE_MIN_DAYS = 182  # relapses per year only for periods of about 6 months or more


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def overlaps(start: str | None, stop: str | None, period: Period) -> bool:
    """Whether an interval (ISO times; ``stop`` None while running) touches the
    period's local days."""
    began = _moment(start)
    ended = _moment(stop)
    if began is not None and began.date() > period.end:
        return False
    return ended is None or ended.date() >= period.start


def in_use_on(intervals: Sequence[dict[str, Any]], day: date, what: str) -> list[str]:
    """The ``what`` of every interval running on ``day`` (an aid's name, say)."""
    found = []
    for record in intervals:
        began, ended = _moment(record.get("start")), _moment(record.get("stop"))
        if (began is None or began.date() <= day) and (ended is None or ended.date() >= day):
            found.append(str(record[what]))
    return found


@dataclass(frozen=True)
class Timeline:
    """What was done about MS in the period: treatments running (with the missed
    doses in the period), relapses, aids in use. Records in their JSON shapes."""

    treatments: list[dict[str, Any]]
    relapses: list[dict[str, Any]]
    aids: list[dict[str, Any]]
    relapses_per_year: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "treatments": self.treatments,
            "relapses": self.relapses,
            "relapses_per_year": self.relapses_per_year,
            "aids": self.aids,
        }


def timeline(
    period: Period,
    treatments: Sequence[dict[str, Any]] = (),
    relapses: Sequence[dict[str, Any]] = (),
    aids: Sequence[dict[str, Any]] = (),
) -> Timeline:
    running = []
    for course in treatments:
        if not overlaps(course.get("start"), course.get("stop"), period):
            continue
        missed = [
            when
            for when in course.get("missed_doses") or []
            if period.start <= datetime.fromisoformat(when).date() <= period.end
        ]
        running.append(dict(course, missed_doses=missed))
    attacks = [r for r in relapses if overlaps(r.get("onset"), r.get("ended"), period)]
    began = [r for r in relapses if period.start <= _onset_day(r) <= period.end]
    rate = (
        round(len(began) * 365.25 / period.days, 2)
        if period.days >= RELAPSE_RATE_MIN_DAYS
        else None
    )
    used = [a for a in aids if overlaps(a.get("start"), a.get("stop"), period)]
    return Timeline(running, attacks, used, rate)


def _onset_day(relapse: dict[str, Any]) -> date:
    onset = _moment(relapse.get("onset"))
    return onset.date() if onset is not None else date.min


# --- week by week, and the notes a clinician reads (the doctor-visit summary) -----------------


@dataclass(frozen=True)
class Week:
    """Seven days of the period from its first day (the last week may be shorter):
    the average of every weakness and fatigue rating in it, as the report's averages
    are taken, and its exercise minutes."""

    start: date
    end: date
    weakness: SeverityStats
    fatigue: SeverityStats
    exercise_minutes: int
    logged_days: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def minutes_target(self) -> int:
        """The weekly guideline, in proportion for a shorter last week."""
        return round(WEEKLY_MINUTES * self.days / 7)


def weekly(current: Sequence[Entry], period: Period) -> list[Week]:
    by_week: dict[int, list[Entry]] = {}
    for entry in current:
        by_week.setdefault((day_of(entry) - period.start).days // 7, []).append(entry)
    out = []
    for index in range((period.days + 6) // 7):
        start = period.start + timedelta(days=7 * index)
        mine = by_week.get(index, [])
        out.append(
            Week(
                start=start,
                end=min(start + timedelta(days=6), period.end),
                weakness=severity_stats(mine, "weakness"),
                fatigue=severity_stats(mine, "fatigue"),
                exercise_minutes=sum(e.minutes or 0 for e in mine if e.kind == "exercise"),
                logged_days=len({day_of(e) for e in mine}),
            )
        )
    return out


@dataclass(frozen=True)
class NoteLine:
    """The note of a fall or of an entry a flag names, with what it is about."""

    at: datetime
    kind: str  # fall, near-fall, weakness, fatigue, exercise, or a symptom's name
    note: str
    tags: tuple[str, ...]
    rules: tuple[int, ...]  # the flags that name the entry


def record_notes(
    period: Period, treatments: Sequence[dict[str, Any]], relapses: Sequence[dict[str, Any]]
) -> list[NoteLine]:
    """The notes of treatments written in the period (side effects, remarks) and of the
    relapses that ran in it, oldest first; records in their export shape (``notes``
    of a treatment, ``note`` of a relapse). A relapse's note is dated at its onset."""
    out = []
    for course in treatments:
        for item in course.get("notes") or []:
            moment = datetime.fromisoformat(item["at"])
            if period.start <= moment.date() <= period.end:
                out.append(NoteLine(moment, f"treatment: {course['name']}", item["note"], (), ()))
    for relapse in relapses:
        if relapse.get("note") and overlaps(relapse.get("onset"), relapse.get("ended"), period):
            out.append(
                NoteLine(
                    datetime.fromisoformat(relapse["onset"]), "relapse", relapse["note"], (), ()
                )
            )
    return sorted(out, key=lambda line: line.at)


def notes_to_read(current: Sequence[Entry], raised: Sequence[Flag]) -> list[NoteLine]:
    """Notes on the period's falls and flagged entries, oldest first."""
    rules: dict[int, list[int]] = {}
    for flag in raised:
        for entry_id in flag.entries:
            rules.setdefault(entry_id, []).append(flag.rule)
    out = []
    for entry in sorted(current, key=lambda e: e.at):
        named = tuple(sorted(set(rules.get(entry.id, ())))) if entry.id is not None else ()
        if entry.note and (entry.kind == "fall" or named):
            kind = entry.kind
            if kind == "fall" and entry.near_fall:
                kind = "near-fall"
            elif kind == "symptom":
                kind = entry.symptom or kind
            out.append(NoteLine(entry.at, kind, entry.note, entry.tags, named))
    return out


# --- the whole report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    period: Period
    previous_period: Period
    days: list[Day]
    weakness: SymptomSummary
    fatigue: SymptomSummary
    falls: FallSummary
    exercise: ExerciseSummary
    flags: list[Flag]
    entries: int
    previous_entries: int
    logged_days: int = field(default=0)
    # when each entry the flags name happened, and the days rule 6 left out
    entry_days: dict[int, date] = field(default_factory=dict)
    excused_days: list[date] = field(default_factory=list)
    symptoms: dict[str, SymptomSummary] = field(default_factory=dict)
    scores: dict[str, ScoreLine] = field(default_factory=dict)
    timeline: Timeline = field(default_factory=lambda: Timeline([], [], [], None))
    # for the doctor-visit summary: the period week by week, the notes to read, and
    # when each entry the flags name happened (entries are named by their time)
    weeks: list[Week] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    entry_times: dict[int, datetime] = field(default_factory=dict)
    # days of the period before with an entry (few: comparisons with it say little),
    # the rules that had too few days before to be checked, and the notes of the
    # period's treatments and relapses
    previous_logged_days: int = 0
    not_checked: list[NotChecked] = field(default_factory=list)
    record_notes: list[NoteLine] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": _period_dict(self.period),
            "previous_period": _period_dict(self.previous_period),
            "entries": self.entries,
            "logged_days": self.logged_days,
            "previous_logged_days": self.previous_logged_days,
            "days": [d.to_dict() for d in self.days],
            "weakness": self.weakness.to_dict(),
            "fatigue": self.fatigue.to_dict(),
            "symptoms": {name: part.to_dict() for name, part in self.symptoms.items()},
            "scores": {name: line.to_dict() for name, line in self.scores.items()},
            **self.timeline.to_dict(),
            "falls": self.falls.to_dict(),
            "exercise": self.exercise.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "rule6_excused_days": [d.isoformat() for d in self.excused_days],
            "flags_not_checked": [n.to_dict() for n in self.not_checked],
        }


def _period_dict(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "days": period.days}


def build_report(
    window: Sequence[Entry],
    period: Period,
    scores: Sequence[tuple[dict[str, Any], dict[str, Any] | None]] = (),
    treatments: Sequence[dict[str, Any]] = (),
    relapses: Sequence[dict[str, Any]] = (),
    aids: Sequence[dict[str, Any]] = (),
    checked_in: Collection[date] = (),
    home_checks: Sequence[dict[str, Any]] = (),
    notes_of_records: Sequence[NoteLine] = (),
) -> Report:
    """Everything the report shows, from the entries of ``report_window(period)`` and,
    for each instrument scored in the period, its latest score and the one before;
    ``notes_of_records``: ``record_notes`` of the treatments and relapses."""
    current = in_period(window, period)
    previous = in_period(window, period.previous())
    grid = days(current, period, checked_in)
    raised, left_out = flags(window, period)
    named = {i for flag in raised for i in flag.entries}
    falls = fall_summary(current, previous, period)
    fallen = tuple(
        {
            "id": e.id,
            "at": e.at.isoformat(timespec="seconds"),
            "near_fall": e.near_fall,
            "place": e.place,
            "causes": list(e.causes),
            "injury": e.injury,
            "aids": list(e.aids),  # as logged with the fall
            "aids_in_use": in_use_on(aids, day_of(e), "aid"),  # from the aids timeline
            "got_up_alone": e.got_up_alone,
            "hopkins_grade": e.hopkins_grade,
        }
        for e in sorted((e for e in current if e.kind == "fall"), key=lambda e: e.at)
    )
    return Report(
        period=period,
        previous_period=period.previous(),
        days=grid,
        weakness=symptom_summary("weakness", current, previous),
        fatigue=symptom_summary("fatigue", current, previous),
        falls=dataclasses.replace(
            falls,
            listed=fallen,
            confirmed_days=sum(1 for d in grid if d.checked_in),
            open_hazards=hazards_where_fallen(home_checks, current, period),
            home_checked=home_checked(home_checks, current, period),
        ),
        exercise=exercise_summary(current, period),
        flags=raised,
        entries=len(current),
        previous_entries=len(previous),
        logged_days=sum(1 for d in grid if d.logged),
        entry_days={e.id: day_of(e) for e in window if e.id in named},
        excused_days=left_out,
        symptoms={
            name: symptom_summary(name, current, previous)
            for name in other_symptoms(current, previous)
        },
        scores={
            latest["instrument"]: ScoreLine(latest["instrument"], latest, before)
            for latest, before in scores
        },
        timeline=timeline(period, treatments, relapses, aids),
        weeks=weekly(current, period),
        notes=notes_to_read(current, raised),
        entry_times={e.id: e.at for e in window if e.id in named},
        previous_logged_days=len({day_of(e) for e in previous}),
        not_checked=not_checked(window, period),
        record_notes=list(notes_of_records),
    )


# --- sparklines -------------------------------------------------------------------------------

BARS = "▁▂▃▄▅▆▇█"
NOTHING = "·"


def sparkline(values: Sequence[int | None], top: int | None = None) -> str:
    """One character a day; '·' where nothing was logged. Scale 0..top (default: max)."""
    known = [v for v in values if v is not None]
    ceiling = top if top is not None else (max(known) if known else 0)
    out = []
    for value in values:
        if value is None:
            out.append(NOTHING)
        elif ceiling <= 0:
            out.append(BARS[0])
        else:
            level = round(min(value, ceiling) / ceiling * (len(BARS) - 1))
            out.append(BARS[level])
    return "".join(out)
