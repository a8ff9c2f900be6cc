"""What the report says, in words and tables, whatever draws it.

render.py draws these sections with rich; markdown.py writes them as Markdown.
Pure: standard library only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from msjournal import summary
from msjournal.summary import Report, SymptomSummary, sparkline

NOT_A_DIAGNOSIS = (
    "These flags come from msjournal's own rules (see the README). "
    "They are not a diagnosis: they are things worth raising with your MS team."
)


@dataclass(frozen=True)
class TableData:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    right: tuple[int, ...] = ()  # columns of numbers, aligned right


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[TableData] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def period_label(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{start.day} {start:%b} to {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def _n(value: int | None) -> str:
    return "" if value is None else str(value)


def _mean(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1f}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none logged"


def heading(report: Report) -> tuple[str, list[str]]:
    period, previous = report.period, report.previous_period
    title = (
        f"msjournal report: {period_label(period.start, period.end)} "
        f"({_plural(period.days, 'day')})"
    )
    lines = [
        sparse_before(report)
        or f"Compared with the {_plural(period.days, 'day')} before: "
        f"{period_label(previous.start, previous.end)}.",
        f"{report.logged_days} of {_plural(period.days, 'day')} "
        f"{'has' if period.days == 1 else 'have'} entries "
        f"({_plural(report.entries, 'entry', 'entries')}).",
        "A blank day means nothing was logged, not that nothing happened.",
    ]
    return title, lines


def sparse_before(report: Report) -> str | None:
    """One line when fewer than half the days of the period before have entries."""
    previous, logged = report.previous_period, report.previous_logged_days
    if logged * 2 >= previous.days:
        return None
    return (
        f"The period before ({period_label(previous.start, previous.end)}) has entries on "
        f"{logged} of {_plural(previous.days, 'day')}: comparisons with it say little."
    )


def trend_words(
    name: str,
    missing: str,
    values: Sequence[int | None],
    days: Sequence[date],
    halves: bool = True,
) -> str:
    """A trend line in one sentence, for plain output (a screen reader, a braille
    display): 'Weakness, highest of each day: lowest 3, highest 7 on Sat 28 Nov;
    higher in the second half than the first; no weakness logged on 2 days.'

    ``values`` are one a day (None: nothing logged), ``missing`` says so in words.
    With ``halves`` (ratings 0-10), the first and the last half of the days (an odd
    middle day in neither) are compared when each has 2 or more days logged: one is
    higher when the average of its days is at least 1 point above the other's.
    """
    known = [(day, value) for day, value in zip(days, values, strict=True) if value is not None]
    absent = len(values) - len(known)
    if not known:
        return f"{name}: {missing} on any of the {_plural(len(values), 'day')}."
    low = min(value for _, value in known)
    high = max(value for _, value in known)
    tops = [day_label(day) for day, value in known if value == high]
    if len(known) == 1:
        parts = [f"{high} on {tops[0]}"]
    elif low == high:
        parts = [f"{high} on each of {_plural(len(known), 'day')}"]
    else:
        where = " and ".join(tops) if len(tops) <= 2 else f"{len(tops)} days, the last {tops[-1]}"
        parts = [f"lowest {low}, highest {high} on {where}"]
    half = len(values) // 2
    first = [v for v in values[:half] if v is not None]
    second = [v for v in values[len(values) - half :] if v is not None]
    if halves and len(first) >= 2 and len(second) >= 2:
        change = Fraction(sum(second), len(second)) - Fraction(sum(first), len(first))
        if abs(change) >= summary.TREND_POINTS:
            parts.append(f"{'higher' if change > 0 else 'lower'} in the second half than the first")
    if absent:
        parts.append(f"{missing} on {_plural(absent, 'day')}")
    return f"{name}: {'; '.join(parts)}."


def grid_section(report: Report, plain: bool = False) -> Section:
    """The days in a grid, and a trend line of each symptom and of exercise (in words
    for plain output)."""
    others = any(d.other_max is not None for d in report.days)
    checks = any(d.checked_in for d in report.days)  # a column once check-ins are used
    rows = [
        (
            day_label(d.date),
            _n(d.weakness_max),
            _n(d.fatigue_max),
            _n(d.falls),
            _n(d.near_falls),
            _n(d.exercise_minutes),
            *((_n(d.other_max),) if others else ()),
            *(("yes" if d.checked_in else "",) if checks else ()),
        )
        for d in report.days
    ]
    grid = TableData(
        (
            "Day",
            "Weakness",
            "Fatigue",
            "Falls",
            "Near falls",
            "Exercise min",
            *(("Other symptoms",) if others else ()),
            *(("Checked in",) if checks else ()),
        ),
        rows,
        right=(1, 2, 3, 4, 5, 6),
    )
    weakness = [d.weakness_max for d in report.days]
    fatigue = [d.fatigue_max for d in report.days]
    minutes = [d.exercise_minutes for d in report.days]
    if plain:  # the trend lines in words, before the days they sum up
        dates = [d.date for d in report.days]
        highest = "highest of each day"
        words = [
            trend_words(f"Weakness, {highest}", "no weakness logged", weakness, dates),
            trend_words(f"Fatigue, {highest}", "no fatigue logged", fatigue, dates),
            trend_words("Exercise, minutes each day", "nothing logged", minutes, dates, False),
        ]
        if others:
            other = [d.other_max for d in report.days]
            words.append(
                trend_words(f"Other symptoms, {highest}", "no other symptom logged", other, dates)
            )
        return Section("Day by day", words, [grid])
    top = max((m for m in minutes if m is not None), default=0)
    sparks = TableData(
        ("Trend line", "Day by day", "Scale"),
        [
            ("Weakness", sparkline(weakness, 10), "0-10, highest of the day"),
            ("Fatigue", sparkline(fatigue, 10), "0-10, highest of the day"),
            ("Exercise", sparkline(minutes), f"minutes, 0-{top}" if top else "no exercise"),
            *(
                (
                    (
                        "Other symptoms",
                        sparkline([d.other_max for d in report.days], 10),
                        "0-10, highest of the day",
                    ),
                )
                if others
                else ()
            ),
        ],
    )
    return Section(
        "Day by day",
        tables=[grid, sparks],
        after=[f"In the trend lines, {summary.NOTHING} marks a day with nothing of that logged."],
    )


def symptom_section(part: SymptomSummary) -> Section:
    title = part.kind.capitalize()
    if part.kind == "fatigue":
        title += " (kept apart from weakness)"
    now, before = part.current, part.previous
    if now.entries == 0:
        lines = [f"No {part.kind} logged in this period."]
        if before.entries:
            lines.append(
                f"The period before had {_plural(before.entries, 'entry', 'entries')}, "
                f"average {_mean(before.mean)}."
            )
        return Section(title, lines)
    rows = [
        ("Entries", str(now.entries), str(before.entries)),
        ("Average (0-10)", _mean(now.mean), _mean(before.mean)),
        ("Highest", _n(now.max), _n(before.max) or "-"),
    ]
    table = TableData(("", "This period", "Period before"), rows, right=(1, 2))
    lines = [f"Trend: {part.trend.arrow} {part.trend.word}" + _change(part)]
    if part.kind == "weakness":
        lines.append(f"Regions most affected: {_counts(part.regions)}")
    lines.append(f"Activities made hard: {_counts(part.activities)}")
    return Section(title, tables=[table], after=lines)


def _change(part: SymptomSummary) -> str:
    if part.current.mean is None or part.previous.mean is None:
        return " (nothing to compare with in the period before)"
    change = part.current.mean - part.previous.mean
    if change == 0:
        return " (average unchanged)"
    shown = points(abs(change))
    if Fraction(shown) == 0:  # never 'down 0.0' for a change too small to show
        shown = "less than 0.1"
    return f" (average {'up' if change > 0 else 'down'} {shown})"


def points(value: Fraction) -> str:
    """A change in points, to one decimal unless rounding would cross a threshold.

    0.95 shows as 0.95, not 1.0, so the number never contradicts the trend word
    (worse at 1.0 or more) or a flag (2.0 or more).
    """
    shown = f"{float(value):.1f}"
    for threshold in (summary.TREND_POINTS, summary.RULE4_RISE):
        if (value >= threshold) != (Fraction(shown) >= threshold):
            return f"{float(value):.2f}"
    return shown


def confirmed(report: Report) -> str:
    """On how many days a check-in confirmed the falls (none or some)."""
    days = report.period.days
    return (
        f"Falls confirmed by a check-in (msjournal today) on "
        f"{report.falls.confirmed_days} of {_plural(days, 'day')}."
    )


def falls_section(report: Report) -> Section:
    f = report.falls
    title = "Falls and near-falls"
    if f.falls == 0 and f.near_falls == 0:
        lines = ["No falls or near-falls logged in this period."]
        if report.logged_days < report.period.days:
            lines.append("Days with no entries are unknown, not counted as days without falls.")
        lines.append(confirmed(report))
        before = str(f.previous_falls) if report.previous_entries else "nothing logged"
        lines.append(
            f"Trend: {f.trend.arrow} {f.trend.word} (falls in the period before: {before})"
        )
        return Section(title, lines)
    # a period with nothing logged is unknown: "-", never 0 falls
    known_before = report.previous_entries > 0
    rows = [
        ("Falls", str(f.falls), str(f.previous_falls) if known_before else "-"),
        ("Near-falls", str(f.near_falls), str(f.previous_near_falls) if known_before else "-"),
    ]
    table = TableData(("", "This period", "Period before"), rows, right=(1, 2))
    grades = f.by_hopkins_grade
    after = [
        f"Trend: {f.trend.arrow} {f.trend.word} (by the number of falls)",
        confirmed(report),
        (
            f"Falls per 30 days: {f.per_30_days:.1f}"
            if f.per_30_days is not None
            else f"{_plural(f.falls, 'fall')} in {_plural(f.days, 'day')} (a rate per 30 days "
            f"needs {summary.FALL_RATE_MIN_DAYS} days or more)"
        ),
        f"Hopkins grades: 1: {grades['1']}, 2: {grades['2']}, 3: {grades['3']}, 4: {grades['4']}",
        "  (1 near-fall, 2 no medical care, 3 medical care, 4 hospital stay)",
        f"Places: {_counts(f.places)}",
        f"Causes: {_counts(f.causes)}",
        f"Aids in use: {_counts(f.aids)}",
    ]
    timeline_aids = Counter(a for fall in f.listed for a in fall["aids_in_use"])
    if timeline_aids:
        after.append(
            "Aids in use on those days (from msjournal aid): "
            + ", ".join(f"{name} {count}" for name, count in timeline_aids.items())
        )
    after += hazard_lines(report)
    return Section(title, tables=[table], after=after)


def hazard_lines(report: Report) -> list[str]:
    """One line for each open hazard of the last home check in the rooms where the
    period's falls happened: 'Open in the bathroom (found Mon 9 Nov): grab bars ...';
    when it found none there, one line saying so."""
    checked = report.falls.home_checked
    if not (report.falls.open_hazards or checked):
        return []
    from msjournal.home import checked_line, hazard_line

    year = report.period.end.year
    if not report.falls.open_hazards:
        return [checked_line(_day(checked, "", year))]
    return [
        hazard_line(h["room"], h["text"], _day(h["since"], "", year))
        for h in report.falls.open_hazards
    ]


def exercise_section(report: Report) -> Section:
    e = report.exercise
    if e.sessions == 0:
        return Section(
            "Exercise",
            [
                "No exercise logged in this period.",
                f"The guidelines suggest at least {summary.WEEKLY_MINUTES} minutes a week.",
            ],
        )
    per = "a week" if e.weeks == 1 else f"over {e.weeks} weeks"
    lines = [
        f"{e.minutes} minutes in {_plural(e.sessions, 'session')}; " + _effort(e),
        "By type: " + ", ".join(f"{name} {minutes} min" for name, minutes in e.by_type.items()),
    ]
    rows = [
        (
            f"At least {e.minutes_target} minutes {per}",
            f"{e.minutes} of {e.minutes_target}",
            "met" if e.minutes_met else "not yet",
        ),
        (
            f"{e.aerobic_target} aerobic sessions of {summary.AEROBIC_SESSION_MINUTES}+ min"
            + (f" ({e.aerobic_unrated} not rated)" if e.aerobic_unrated else ""),
            f"{e.aerobic_sessions} of {e.aerobic_target}",
            "met" if e.aerobic_sessions >= e.aerobic_target else "not yet",
        ),
        (
            f"{e.strength_target} strength sessions",
            f"{e.strength_sessions} of {e.strength_target}",
            "met" if e.strength_sessions >= e.strength_target else "not yet",
        ),
    ]
    table = TableData(("Guideline", "Done", "Result"), rows, right=(1,))
    after = [
        "Guidelines for adults with MS: 150 minutes of exercise a week (US National MS "
        "Society), and two aerobic plus two strength sessions a week (Canadian "
        f"guidelines). An aerobic session counts towards the Canadian guideline at effort "
        f"{summary.CANADIAN_MIN_EFFORT} or more (moderate), or when its effort was not rated."
    ]
    return Section("Exercise", lines, [table], after)


def _effort(e: summary.ExerciseSummary) -> str:
    if e.mean_effort is None:
        return "effort not rated."
    rated = "" if e.rated == e.sessions else f", rated in {e.rated} of {e.sessions} sessions"
    return f"average effort {_mean(e.mean_effort)} (0-10{rated})."


FLAGS_TITLE = "Raise with your doctor"


def flags_section(report: Report, by_time: bool = False) -> Section:
    """The flags with their rules; ``by_time`` names each entry by its date and time
    (for the clinic: Markdown), else by its id and day (``msjournal show`` takes ids)."""
    title = FLAGS_TITLE
    unchecked = not_checked_line(report)
    if not report.flags:
        lines = ["None of msjournal's flag rules were met in this period."]
        if report.excused_days:
            lines.append(_excused(report))
        if unchecked:
            lines.append(unchecked)
        return Section(title, lines)
    named = _timed if by_time else _named
    items = [
        (f"Rule {flag.rule}: {flag.title}", f"{flag.reason} Entries: {named(report, flag)}.")
        for flag in report.flags
    ]
    after = [NOT_A_DIAGNOSIS]
    if unchecked:
        after.insert(0, unchecked)
    if report.excused_days:
        after.insert(0, _excused(report))
    return Section(title, items=items, after=after)


def not_checked_line(report: Report) -> str | None:
    """One line naming the rules 6 and 7 that had too few entries before the period
    to be checked (so their silence says nothing)."""
    parts = []
    for item in report.not_checked:
        if item.rule == 6:
            parts.append(
                f"rule 6 for {', '.join(item.symptoms)} (fewer than "
                f"{summary.RULE6_MIN_BASELINE_DAYS} days rated before)"
            )
        else:
            parts.append(
                f"rule 7 (fewer than {summary.RULE7_MIN_ENTRIES_BEFORE} other-symptom entries "
                f"in the {summary.RULE7_LOOKBACK_DAYS} days before)"
            )
    if not parts:
        return None
    return "Not checked: " + "; ".join(parts) + "."


def _named(report: Report, flag: summary.Flag) -> str:
    """Entry ids with their days, so the list makes sense without the export; by
    time, then id (an entry logged late is in its place), as the days read."""
    out = []
    times = report.entry_times
    for entry_id in sorted(flag.entries, key=lambda i: (i not in times, times.get(i), i)):
        day = report.entry_days.get(entry_id)
        out.append(f"{entry_id} ({day.day} {day:%b})" if day else str(entry_id))
    return ", ".join(out)


def entry_time(moment: datetime, year: int) -> str:
    """'Tue 4 Nov 18:10' (the year too when it is not ``year``)."""
    when = f"{moment:%a} {moment.day} {moment:%b}"
    return f"{when}{'' if moment.year == year else f' {moment.year}'} {moment:%H:%M}"


def _timed(report: Report, flag: summary.Flag) -> str:
    """Entries by their date and time, the times of one day together: 'Tue 4 Nov 09:00
    and 18:10; Wed 5 Nov 08:00' (ids only for an entry whose time is unknown)."""
    year = report.period.end.year
    days: dict[date, list[datetime]] = {}
    unknown = []
    for entry_id in flag.entries:
        moment = report.entry_times.get(entry_id)
        if moment is None:
            unknown.append(f"entry {entry_id}")
        else:
            days.setdefault(moment.date(), []).append(moment)
    out = []
    for _day, moments in sorted(days.items()):
        first, *rest = sorted(moments)
        shown = [entry_time(first, year), *(f"{m:%H:%M}" for m in rest)]
        out.append(shown[0] if not rest else f"{', '.join(shown[:-1])} and {shown[-1]}")
    return "; ".join(out + unknown)


def flagged_notes_section(report: Report) -> Section | None:
    """The notes of the entries the flags name, oldest first, each with its time and
    what it is about (as typed: whoever draws it keeps the text inert)."""
    year = report.period.end.year
    items = [
        (f"{entry_time(n.at, year)}, {n.kind}", n.note) for n in report.notes if n.rules and n.note
    ]
    return Section("Notes on flagged entries", items=items) if items else None


def _excused(report: Report) -> str:
    shown = ", ".join(f"{d.day} {d:%b}" for d in report.excused_days)
    return (
        f"Left out of rule 6, for heat, fever or infection that day: {shown} "
        "(a heat, fever or infection tag, or heat sensitivity logged)."
    )


def other_symptoms_section(report: Report) -> Section | None:
    """Each other symptom apart: entries, average, highest and trend, as for weakness."""
    if not report.symptoms:
        return None
    rows = []
    new_ones = False
    for name, part in report.symptoms.items():
        now, before = part.current, part.previous
        first = new_symptom(report, part)
        rows.append(
            (
                name,
                str(now.entries),
                _mean(now.mean),
                _n(now.max) or "-",
                _mean(before.mean),
                f"new ({first})" if first else f"{part.trend.arrow} {part.trend.word}",
            )
        )
        new_ones = new_ones or first is not None
    table = TableData(
        ("Symptom", "Entries", "Average", "Highest", "Average before", "Trend"),
        rows,
        right=(1, 2, 3, 4),
    )
    return Section(
        "Other symptoms",
        ["Each kept apart from weakness, fatigue and the others (ratings 0-10)."],
        [table],
        [NEW_SYMPTOM] if new_ones else [],
    )


NEW_SYMPTOM = "New in this period: none logged in the period before."


def new_symptom(report: Report, part: SymptomSummary) -> str | None:
    """'first on Mon 16 Nov' for a symptom logged in the period and not in the period
    before, when that period has days with entries (else it says nothing either way);
    else None. The table says 'new (first on Mon 16 Nov)', and NEW_SYMPTOM under it."""
    first = part.first
    if first is None or part.previous.entries or not report.previous_logged_days:
        return None
    year = report.period.end.year
    return "first on " + day_label(first) + ("" if first.year == year else f" {first.year}")


def _day(text: str | None, missing: str, year: int) -> str:
    """A day of the timeline; with its year when that is not the report's."""
    if text is None:
        return missing
    day = datetime.fromisoformat(text).date()
    return day_label(day) if day.year == year else f"{day_label(day)} {day.year}"


def timeline_section(report: Report) -> Section | None:
    """Treatments running in the period (with missed doses), relapses, aids in use."""
    t = report.timeline
    if not (t.treatments or t.relapses or t.aids):
        return None
    year = report.period.end.year
    tables = []
    rows: list[tuple[str, ...]]
    if t.treatments:
        rows = [
            (
                course["name"],
                course.get("class") or "-",
                course.get("dose") or "-",
                _day(course.get("start"), "?", year)
                + " to "
                + _day(course.get("stop"), "now", year),
                str(len(course.get("missed_doses") or [])),
            )
            for course in t.treatments
        ]
        tables.append(
            TableData(("Treatment", "Class", "Dose", "When", "Missed in period"), rows, (4,))
        )
    if t.relapses:
        rows = [
            (
                _day(r.get("onset"), "?", year),
                _day(r.get("ended"), "not ended", year),
                "yes" if r.get("confirmed") else "no",
                "yes" if r.get("steroids") else "no",
            )
            for r in t.relapses
        ]
        tables.append(TableData(("Relapse from", "Ended", "Confirmed", "Steroids"), rows))
    if t.aids:
        rows = [
            (
                a["aid"],
                a.get("for") or "-",
                f"{_day(a.get('start'), '?', year)} to {_day(a.get('stop'), 'now', year)}",
                "yes" if a.get("taught") else "no",
            )
            for a in t.aids
        ]
        tables.append(TableData(("Aid", "For", "When", "Taught"), rows))
    after = []
    if t.relapses_per_year is not None:
        after.append(f"Relapses per year in this period: {t.relapses_per_year:.1f}")
    return Section("Treatments, relapses and aids", tables=tables, after=after)


INSTRUMENT_NAMES = {
    "fss": "FSS",
    "mfis": "MFIS",
    "mfis5": "MFIS-5",
    "msws12": "MSWS-12",
    "pdds": "PDDS",
    "edss": "EDSS",
}


def _score(instrument: str, value: Any) -> str:
    """As ``msjournal scores`` shows it: the EDSS, FSS and MSWS-12 to one decimal."""
    from msjournal.instruments import shown

    return shown(instrument, float(value))


def scores_section(report: Report) -> Section | None:
    """The latest score of each questionnaire in the period, with the change since
    the one before it."""
    if not report.scores:
        return None
    rows = []
    for name, line in report.scores.items():
        latest = line.latest
        when = day_label(date.fromisoformat(latest["at"][:10]))
        since = day_label(date.fromisoformat(line.previous["at"][:10])) if line.previous else ""
        if line.change is None:
            change = "first score"
        elif line.change == 0:
            change = f"no change since {since}"
        else:
            change = f"{'+' if line.change > 0 else ''}{_score(name, line.change)} since {since}"
        rows.append(
            (
                INSTRUMENT_NAMES.get(name, name),
                when,
                _score(name, latest["score"]),
                latest.get("reading") or "-",
                change,
            )
        )
    table = TableData(("Questionnaire", "Date", "Score", "Reading", "Change"), rows, right=(2,))
    return Section("Questionnaires", tables=[table])


def sections(report: Report, plain: bool = False, by_time: bool = False) -> list[Section]:
    """The report's sections in the order product.md gives; ``plain`` for screen
    readers and braille displays: trend lines and trend arrows in words alone;
    ``by_time`` (for the clinic) names entries by their date and time, never by id,
    and ends with the notes of the flagged entries."""
    found = _sections(report, plain)
    if by_time:
        notes = flagged_notes_section(report)
        found = [
            flags_section(report, by_time=True) if section.title == FLAGS_TITLE else section
            for section in found
        ] + ([notes] if notes else [])
    return [plain_section(section) for section in found] if plain else found


TREND_ARROWS = {
    f"{t.arrow} {t.word}": t.word
    for t in (summary.WORSE, summary.BETTER, summary.SAME, summary.NO_COMPARISON)
}


def _worded(text: str) -> str:
    """The text without a trend's arrow (its word stays), nor an indent."""
    for marked, word in TREND_ARROWS.items():
        text = text.replace(marked, word)
    return text.strip()


def plain_section(section: Section) -> Section:
    """The section for plain output: every trend in its word alone."""
    return Section(
        section.title,
        [_worded(line) for line in section.lines],
        [
            TableData(data.headers, [tuple(map(_worded, row)) for row in data.rows], data.right)
            for data in section.tables
        ],
        [_worded(line) for line in section.after],
        [(_worded(head), _worded(body)) for head, body in section.items],
    )


def _sections(report: Report, plain: bool = False) -> list[Section]:
    if report.entries == 0:
        previous = report.previous_entries
        lines = [
            "Nothing was logged in this period, so there is nothing to sum up yet.",
            "Log a first entry with, e.g.: msjournal log weakness 5 --where legs",
        ]
        if previous:
            lines.insert(1, f"The period before has {_plural(previous, 'entry', 'entries')}.")
        return [Section("No entries", lines), flags_section(report)]
    others = other_symptoms_section(report)
    scores = scores_section(report)
    done = timeline_section(report)
    return [
        grid_section(report, plain),
        symptom_section(report.weakness),
        symptom_section(report.fatigue),
        *([others] if others else []),
        falls_section(report),
        exercise_section(report),
        *([scores] if scores else []),
        *([done] if done else []),
        flags_section(report),
    ]
