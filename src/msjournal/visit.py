"""The doctor-visit summary: a view over the report, for a clinician in two minutes.

Pure: every number comes from ``summary.build_report``'s Report (and the words of
its tables from layout.py, as the terminal report says them); this module only
chooses, orders, caps and names. Entries are named by their date and time, never
by an internal id. Charts come from charts.py; the page is drawn by the Jinja2
template ``templates/visit.html.j2`` (autoescaped), or as Markdown here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from msjournal import charts, layout, summary
from msjournal.layout import TableData, day_label, period_label
from msjournal.summary import Report

# Caps that keep three months within two printed pages (product.md).
MAX_FALLS = 8
MAX_NOTES = 5
MAX_FLAG_DAYS = 6
MAX_QUESTIONS = 5
MAX_BULLETS = 5
NOTE_CHARS = 280  # a longer note is cut short (msjournal show and the export have it whole)
MAX_APPOINTMENTS = 6
APPOINTMENT_NOTE_CHARS = 60
LONG_WORD = 24  # a typed word longer than this may break anywhere to stay within the page
WEEKS_PER_TABLE = 13
CALENDAR_DAYS = 28
SHORT_DAYS = 28  # a default period shorter than this comes with a hint
SELF_REPORTED = "Self-reported by the patient"
WITH_WHOM = {
    "neurology": "neurology",
    "ms-nurse": "MS nurse",
    "physio": "physiotherapy",
    "gp": "GP",
    "mri": "MRI scan",
    "other": "other",
}
# an appointment in the period, in a short line: 'MRI Tue 20 Oct; physio Tue 24 Nov'
SHORT_WHO = {**WITH_WHOM, "physio": "physio", "mri": "MRI"}
SINCE_HEADING = "Since my last visit"
NOTES_HEADING = "Notes on flagged entries, falls, treatments and relapses"
NO_NOTES = "No notes on flagged entries, falls, treatments or relapses."
PERIOD_HEADING = "In this period"
NOT_SAID = "not said"
NOT_A_DIAGNOSIS = (
    "These rules are msjournal's own: the flags are not a diagnosis, "
    "but things to raise with the MS team."
)


@dataclass(frozen=True)
class Chart:
    """An inline SVG (numbers and fixed words only) with the words shown under it."""

    svg: str
    caption: str


class Words(str):
    """Words of msjournal's vocabularies joined by ", " (lost-balance, leg-gave-way):
    the page breaks a line between them, never inside one."""

    __slots__ = ()


class Names(str):
    """Words a person typed (a treatment's name, its dose): the page breaks a line
    between them, never inside one, unless a word is longer than LONG_WORD characters
    (that one may break anywhere, so the page keeps its width)."""

    __slots__ = ()

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """Each word, and whether it is too long to be kept whole."""
        return [(word, len(word) > LONG_WORD) for word in self.split()]


@dataclass(frozen=True)
class Table:
    """A table for the page: cells are text (escaped when drawn) or a Chart."""

    headers: tuple[str, ...]
    rows: list[tuple[str | Chart, ...]]
    right: tuple[int, ...] = ()
    caption: str = ""
    kind: str = ""  # a CSS class: how wide its columns are


@dataclass(frozen=True)
class FlagView:
    title: str
    rule: str
    days: str
    days_in_rule: bool = False  # its rule's words name its days already (rule 6)


@dataclass(frozen=True)
class NoteView:
    when: str
    what: str
    text: str
    tags: str


@dataclass
class VisitPage:
    title: str
    period: str
    since: str
    upcoming: str
    appointments: str  # the appointments in the period, in a line
    logged: str
    before: str  # when the period before has few days with entries: comparisons say little
    summary_heading: str  # since my last visit, or in this period (chosen by options)
    bullets: list[str]
    questions: list[str]
    questions_more: str
    falls_counts: Table
    falls_lines: list[str]
    falls_table: Table | None
    falls_more: str
    aids_line: str  # the aids timeline (msjournal aid) of the period, apart from the falls
    calendar: Chart | None
    calendar_table: Table | None
    hazards: list[str]
    weakness_chart: Chart | None
    fatigue_chart: Chart | None
    exercise_chart: Chart | None
    exercise_table: Table | None
    exercise_lines: list[str]
    weekly_tables: list[Table]
    others: Table | None
    others_lines: list[str]  # the symptoms new in this period
    timeline: list[Table]
    timeline_lines: list[str]
    scores: Table | None
    flags: list[FlagView]
    flag_lines: list[str]
    notes: list[NoteView]
    notes_more: str
    nothing_logged: bool = False


# --- names and labels --------------------------------------------------------------------


def moment(at: datetime, year: int) -> str:
    """``Wed 5 Nov 21:30`` (with the year when it is not the period's)."""
    day = day_label(at.date())
    if at.year != year:
        day += f" {at.year}"
    return f"{day} {at:%H:%M}"


def week_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def short_labels(days: Sequence[date]) -> list[str]:
    """'3 Aug', '10', '17', '24', '31', '7 Sep', '14': the month where it begins."""
    return [
        week_label(day) if i == 0 or day.month != days[i - 1].month else str(day.day)
        for i, day in enumerate(days)
    ]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _mean(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1f}"


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def more(count: int, what: str, plural: str | None = None) -> str:
    """``and 12 more days``; nothing when none are left out."""
    if count <= 0:
        return ""
    return f"and {count} more {what if count == 1 else (plural or what + 's')}"


def from_layout(data: TableData, caption: str = "", kind: str = "") -> Table:
    return Table(data.headers, [tuple(row) for row in data.rows], data.right, caption, kind)


def shorten(text: str, limit: int = NOTE_CHARS) -> str:
    """The text with its spaces tidied and its line breaks kept (blank lines too, a
    run of them as one), cut short with … past ``limit`` characters."""
    kept: list[str] = []
    for line in (" ".join(line.split()) for line in text.splitlines()):
        if line or (kept and kept[-1]):
            kept.append(line)
    flat = "\n".join(kept).strip("\n")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- since the last visit ----------------------------------------------------------------


def _symptom_bullet(part: summary.SymptomSummary, label: str) -> str | None:
    now, before = part.current, part.previous
    if now.entries == 0:
        return None
    text = f"{label}: average {_mean(now.mean)} of 10"
    if before.mean is not None:
        text += f", {part.trend.word} than the {_mean(before.mean)} of the period before"
        text = text.replace("about the same than", "about the same as")
    else:
        text += " (nothing to compare with before)"
    words = []
    if part.regions:
        words.append("mostly " + ", ".join(list(part.regions)[:2]))
    if part.activities:
        words.append("made " + ", ".join(list(part.activities)[:2]) + " hard")
    return text + ("; " + "; ".join(words) if words else "") + "."


def bullets(report: Report) -> list[str]:
    """3 to 5 plain sentences: symptoms, walking and falls, episodes, exercise."""
    if report.entries == 0:
        return ["Nothing was logged in this period."]
    out = [
        line
        for line in (
            _symptom_bullet(report.weakness, "Weakness"),
            _symptom_bullet(report.fatigue, "Fatigue"),
        )
        if line
    ]
    f = report.falls
    before = (
        f"{f.previous_falls} and {f.previous_near_falls}"
        if report.previous_entries
        else "nothing logged"
    )
    out.append(
        f"Falls: {f.falls}, near-falls: {f.near_falls} (period before: {before})"
        + (f"; {f.per_30_days:.1f} falls per 30 days." if f.per_30_days is not None else ".")
    )
    episodes = [
        f"{flag.title.lower().replace('possible', 'a possible')}"
        for flag in report.flags
        if flag.rule in (6, 7)
    ]
    relapses = len(report.timeline.relapses)
    if relapses:
        episodes.insert(0, f"{_plural(relapses, 'relapse')} logged")
    worse = [name for name, part in report.symptoms.items() if part.trend is summary.WORSE]
    if worse:
        episodes.append("worse than before: " + ", ".join(worse))
    if episodes:
        text = "; ".join(episodes)
        out.append(text[0].upper() + text[1:] + ".")
    e = report.exercise
    out.append(
        f"Exercise: {e.minutes} minutes in {_plural(e.sessions, 'session')}, "
        f"against a guideline of {e.minutes_target} over {_plural(e.weeks, 'week')}."
    )
    return out[:MAX_BULLETS]


# --- questions and appointments ------------------------------------------------------------


def open_questions(questions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open questions, most important first (priority 1), then oldest first."""
    found = [q for q in questions if not q.get("done_at")]
    return sorted(found, key=lambda q: (int(q.get("priority") or 3), str(q.get("logged_at"))))


def _at(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["at"])


def last_visit(
    appointments: Sequence[dict[str, Any]], today: date, kind: str | None = None
) -> dict[str, Any] | None:
    """The latest appointment before today (a scan is not a visit); ``kind``: with
    that clinician only."""
    past = [
        a
        for a in appointments
        if a.get("with") != "mri"
        and _at(a).date() < today
        and (kind is None or a.get("with") == kind)
    ]
    return max(past, key=_at, default=None)


def next_visit(
    appointments: Sequence[dict[str, Any]], after: date | datetime
) -> dict[str, Any] | None:
    """The next appointment after ``after`` (a moment; a day: from that day on), not a scan."""

    def coming(a: dict[str, Any]) -> bool:
        if isinstance(after, datetime):
            return _at(a) > after
        return _at(a).date() >= after

    found = [a for a in appointments if a.get("with") != "mri" and coming(a)]
    return min(found, key=_at, default=None)


@dataclass(frozen=True)
class DefaultPeriod:
    """Where the default period starts, and why, in words for the person."""

    since: dict[str, Any] | None  # the past appointment it starts the day after
    upcoming: dict[str, Any] | None  # the next appointment, which the summary is for
    why: str  # 'since your neurology appointment on Tue 15 Sep'


def default_period(
    appointments: Sequence[dict[str, Any]], current: datetime, days: int, max_days: int
) -> DefaultPeriod:
    """Since the last past appointment with the same clinician as the upcoming one,
    else since the last past appointment of any kind, else the last ``days`` days (a
    scan is never a visit; an appointment more than ``max_days`` ago is too long ago)."""
    today = current.date()
    coming = next_visit(appointments, current)
    kind = coming.get("with") if coming else None
    since = last_visit(appointments, today, kind) if kind else None
    why = ""
    if since is None:
        since = last_visit(appointments, today)
        if since is not None and kind and kind != "other":
            why = f" (none earlier with {WITH_WHOM.get(kind, kind)})"
    if since is not None and (today - _at(since).date()).days > max_days:
        return DefaultPeriod(None, coming, f"the last {days} days: no recent appointment")
    if since is None:
        return DefaultPeriod(None, coming, f"the last {days} days: no earlier appointment")
    day = _day(_at(since).date(), today.year)
    return DefaultPeriod(since, coming, f"since your {_who(since)}appointment on {day}{why}")


def _day(day: date, year: int) -> str:
    return day_label(day) + ("" if day.year == year else f" {day.year}")


def _who(record: dict[str, Any]) -> str:
    """'neurology ', 'MS nurse ', '' for other: the words before 'appointment'."""
    kind = record.get("with", "other")
    return "" if kind == "other" else f"{WITH_WHOM.get(kind, kind)} "


def _appointment(record: dict[str, Any], year: int) -> str:
    return f"{WITH_WHOM.get(record.get('with', ''), 'other')}, {_day(_at(record).date(), year)}"


def appointments_line(
    appointments: Sequence[dict[str, Any]], report: Report, coming: dict[str, Any] | None
) -> str:
    """'Appointments in the period: MRI Tue 20 Oct; physio Tue 24 Nov (Gait
    assessment, AFO discussed).': those on the period's days but the one the summary
    is for, each note in one short line; at most MAX_APPOINTMENTS, then how many more."""
    period = report.period
    found = sorted(
        (a for a in appointments if period.start <= _at(a).date() <= period.end),
        key=_at,
    )
    found = [a for a in found if a is not coming]
    if not found:
        return ""
    year = period.end.year
    parts = []
    for record in found[:MAX_APPOINTMENTS]:
        text = f"{SHORT_WHO.get(record.get('with', ''), 'other')} {_day(_at(record).date(), year)}"
        note = " ".join(str(record.get("note") or "").split())
        if len(note) > APPOINTMENT_NOTE_CHARS:  # cut short between words
            note = note[:APPOINTMENT_NOTE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;") + "…"
        if note:
            text += f" ({note})"
        parts.append(text)
    left = more(len(found) - MAX_APPOINTMENTS, "appointment")
    return "Appointments in the period: " + "; ".join([*parts, *([left] if left else [])]) + "."


# --- falls -------------------------------------------------------------------------------


def _yes_no(value: Any) -> str:
    return "-" if value is None else ("yes" if value else "no")


def _aids(fall: dict[str, Any]) -> str:
    """The aids as logged with the fall (``none`` too), else 'not said'; never the
    aids timeline's (that is a line of its own: ``aids_line``)."""
    return ", ".join(fall.get("aids") or []) or NOT_SAID


def aids_line(report: Report) -> str:
    """'Aids in use in the period (msjournal aid): cane for outdoors, from 1 Oct.'"""
    period = report.period
    found = []
    for aid in report.timeline.aids:
        text = str(aid["aid"]) + (f" for {aid['for']}" if aid.get("for") else "")
        start = aid.get("start") and datetime.fromisoformat(aid["start"]).date()
        stop = aid.get("stop") and datetime.fromisoformat(aid["stop"]).date()
        if start and start > period.start:
            text += f", from {week_label(start)}"
        if stop and stop < period.end:
            text += f", until {week_label(stop)}"
        found.append(text)
    if not found:
        return ""
    return f"Aids in use in the period (msjournal aid): {'; '.join(found)}."


def chosen_falls(listed: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_FALLS, the most serious first (then the latest), shown in order."""
    latest_first = sorted(listed, key=lambda f: str(f["at"]), reverse=True)
    ranked = sorted(
        latest_first, key=lambda f: (bool(f.get("near_fall")), -(f.get("hopkins_grade") or 0))
    )
    kept = {id(f) for f in ranked[:MAX_FALLS]}
    return [f for f in listed if id(f) in kept]


def falls_table(report: Report) -> tuple[Table | None, str]:
    listed = list(report.falls.listed)
    if not listed:
        return None, ""
    year = report.period.end.year
    # whether the person got up alone, when any fall says
    alone = any(f.get("got_up_alone") is not None for f in listed)
    rows: list[tuple[str | Chart, ...]] = [
        (
            moment(datetime.fromisoformat(f["at"]), year),
            "near-fall" if f.get("near_fall") else "fall",
            Words(f.get("place") or "-"),
            Words(", ".join(f.get("causes") or []) or "-"),
            f.get("injury") or "-",
            Words(_aids(f)),
            *(("-" if f.get("near_fall") else _yes_no(f.get("got_up_alone")),) if alone else ()),
        )
        for f in chosen_falls(listed)
    ]
    headers = ("When", "What", "Place", "Cause", "Injury", "Aid in use")
    table = Table(
        (*headers, "Got up alone") if alone else headers,
        rows,
        kind="falls" if alone else "falls six",
    )
    left = len(listed) - len(rows)
    return table, (
        f"{more(left, 'fall or near-fall', 'falls and near-falls')} "
        "(the CSV export lists every one)."
        if left
        else ""
    )


def calendar(report: Report, ident: str) -> tuple[Chart | None, Table | None]:
    days = report.days[-CALENDAR_DAYS:]
    if not days:
        return None, None
    cells = [charts.CalendarDay(d.date, d.logged, d.falls or 0, d.near_falls or 0) for d in days]
    falls = sum(c.falls for c in cells)
    near = sum(c.near_falls for c in cells)
    unlogged = sum(1 for c in cells if not c.logged)
    first, last = days[0].date, days[-1].date
    span = f"{day_label(first)} to {day_label(last)}"
    svg = charts.falls_calendar(
        ident,
        f"Falls calendar, {span}",
        f"{_plural(len(cells), 'day')}, a week to a row: {_plural(falls, 'fall')} and "
        f"{_plural(near, 'near-fall')}; {_plural(unlogged, 'day')} with nothing logged.",
        cells,
    )
    rows: list[tuple[str | Chart, ...]] = []
    for start in range(0, len(cells), 7):
        week = cells[start : start + 7]
        logged = sum(1 for c in week if c.logged)
        # a week with nothing logged is unknown: "-", never 0 falls
        rows.append(
            (
                week_label(week[0].day),
                str(logged),
                str(sum(c.falls for c in week)) if logged else "-",
                str(sum(c.near_falls for c in week)) if logged else "-",
            )
        )
    table = Table(
        ("Week of", "Days logged", "Falls", "Near-falls"),
        rows,
        right=(1, 2, 3),
        caption="The last 4 weeks",
        kind="calendar",
    )
    caption = "Filled circle: fall; open: near-fall; hatched: not logged."
    return Chart(svg, caption), table


def hazards(report: Report) -> list[str]:
    """The open home hazards in the rooms where the period's falls happened (the
    latest home check's), each with its room and since when."""
    out = []
    for hazard in getattr(report.falls, "open_hazards", ()):
        text = f"{hazard.get('room', '')}: {hazard.get('text', '')}".strip(": ")
        since = hazard.get("since")
        if since:
            text += f" (open since {day_label(date.fromisoformat(str(since)[:10]))})"
        out.append(text)
    return out


# --- trends --------------------------------------------------------------------------------


def _symptom_chart(report: Report, kind: str, ident: str) -> Chart | None:
    part = report.weakness if kind == "weakness" else report.fatigue
    if part.current.entries == 0:
        return None
    values = [_float(getattr(w, kind).mean) for w in report.weeks]
    labels = [week_label(w.start) for w in report.weeks]
    before = _float(part.previous.mean)
    shown = ", ".join(
        f"{label} {_mean(getattr(w, kind).mean)}"
        for label, w in zip(labels, report.weeks, strict=True)
    )
    reference = (
        f"the average of the period before, {_mean(part.previous.mean)}"
        if before is not None
        else "no average from the period before"
    )
    svg = charts.weekly_line(
        ident,
        f"{kind.capitalize()}, weekly average (0-10)",
        f"Weekly averages from the week of {labels[0]}: {shown}. Dashed line: {reference}.",
        labels,
        values,
        before,
    )
    caption = f"{kind.capitalize()}, weekly average (0-10); dashed: " + (
        f"the period before, {_mean(part.previous.mean)}."
        if before is not None
        else "none (nothing logged before)."
    )
    return Chart(svg, caption)


def _exercise_chart(report: Report, ident: str) -> Chart | None:
    if not report.weeks:
        return None
    labels = [week_label(w.start) for w in report.weeks]
    minutes = [_minutes(w) for w in report.weeks]
    targets = [w.minutes_target for w in report.weeks]
    met = sum(1 for w in report.weeks if w.exercise_minutes >= w.minutes_target)
    svg = charts.weekly_bars(
        ident,
        "Exercise minutes a week against the guideline",
        f"Minutes a week from the week of {labels[0]}: "
        + ", ".join(
            f"{label} {'not logged' if m is None else m}"
            for label, m in zip(labels, minutes, strict=True)
        )
        + f". The guideline, {summary.WEEKLY_MINUTES} minutes a week, was met in "
        f"{met} of {_plural(len(minutes), 'week')}.",
        labels,
        minutes,
        targets,
    )
    caption = (
        f"Exercise minutes a week; dashed: {summary.WEEKLY_MINUTES}, the guideline, "
        f"met in {met} of {len(minutes)}."
    )
    return Chart(svg, caption)


def _minutes(week: summary.Week) -> int | None:
    """A week's exercise minutes; None for a week with nothing logged (unknown)."""
    return week.exercise_minutes if week.logged_days else None


def weekly_tables(report: Report) -> list[Table]:
    """The charts' numbers, week by week (a table for every 13 weeks)."""
    out = []
    weeks = report.weeks
    for start in range(0, len(weeks), WEEKS_PER_TABLE):
        part = weeks[start : start + WEEKS_PER_TABLE]
        columns = range(1, len(part) + 1)
        rows: list[tuple[str | Chart, ...]] = [
            ("Weakness", *(_mean(w.weakness.mean) for w in part)),
            ("Fatigue", *(_mean(w.fatigue.mean) for w in part)),
            ("Exercise", *(str(w.exercise_minutes) if w.logged_days else "-" for w in part)),
        ]
        out.append(
            Table(
                ("Week", *short_labels([w.start for w in part])),
                rows,
                right=tuple(columns),
                kind="weekly",
            )
        )
    return out


# --- treatments, relapses and aids ---------------------------------------------------------


def _fraction(report: Report, text: str | None, end: bool) -> float:
    """Where a day falls in the period, 0 at its first day's start to 1 at its last
    day's end; an open end is the period's end, an unknown start its start."""
    period = report.period
    if text is None:
        return 1.0 if end else 0.0
    day = datetime.fromisoformat(text).date()
    return ((day - period.start).days + (1 if end else 0)) / max(period.days, 1)


def span_words(report: Report, start: str | None, end: str | None, running: str) -> str:
    """When a record ran, clipped to the period, in words: 'from Wed 2 Sep (the
    period's start; it began Mon 1 Jun) to Tue 1 Dec (the period's end; still
    running)'; ``running`` says an end not yet logged."""
    period = report.period
    year = period.end.year
    began = None if start is None else datetime.fromisoformat(start).date()
    ended = None if end is None else datetime.fromisoformat(end).date()
    opened = f"from {_day(period.start, year)} (the period's start;"
    if began is None:
        first = f"{opened} its start not logged)"
    elif began < period.start:
        first = f"{opened} it began {_day(began, year)})"
    else:
        first = f"from {_day(began, year)}"
    if ended is None:
        last = f"to {_day(period.end, year)} (the period's end; {running})"
    elif ended > period.end:
        last = f"to {_day(period.end, year)} (the period's end; it ended {_day(ended, year)})"
    else:
        last = f"to {_day(ended, year)}"
    return f"{first} {last}"


def _typed_cells(kind: str, row: tuple[str, ...]) -> tuple[str | Chart, ...]:
    """A timeline row with its words kept whole: a treatment's name and dose as typed
    (Names), its class and an aid's words as vocabulary words (Words)."""
    if kind == "Treatment":
        name, group, dose, *rest = row
        return (Names(name), Words(group), Names(dose), *rest)
    if kind == "Aid":
        aid, used_for, *rest = row
        return (Words(aid), Words(used_for), *rest)
    return row


def timeline_tables(report: Report, ident: str) -> tuple[list[Table], list[str]]:
    """The report's timeline tables, each row with a bar for when it ran in the
    period, described in words for screen readers."""
    section = layout.timeline_section(report)
    if section is None:
        return [], []
    t = report.timeline
    records = {  # each kind: its records, where it starts and ends, an open end, its name
        "Treatment": (t.treatments, "start", "stop", "still running", "name"),
        "Relapse from": (t.relapses, "onset", "ended", "not ended", None),
        "Aid": (t.aids, "start", "stop", "still running", "aid"),
    }
    period = f"{day_label(report.period.start)} to {day_label(report.period.end)}"
    out: list[Table] = []
    for data in section.tables:
        kind = data.headers[0]
        found, began, ended, running, named = records[kind]
        rows: list[tuple[str | Chart, ...]] = []
        for i, (row, record) in enumerate(zip(data.rows, found, strict=True)):
            first = _fraction(report, record.get(began), end=False)
            last = _fraction(report, record.get(ended), end=True)
            what = "Relapse" if named is None else str(record[named])
            words = span_words(report, record.get(began), record.get(ended), running)
            bar = charts.span_bar(
                f"{ident}-{len(out)}-{i}",
                f"{what}: when in the period",
                f"{what}, within the period ({period}): {words}.",
                first,
                last,
            )
            rows.append((*_typed_cells(kind, row), Chart(bar, "")))
        out.append(Table((*data.headers, "In this period"), rows, data.right, kind="timeline"))
    return out, section.after


# --- flags and notes -------------------------------------------------------------------------


def flag_views(report: Report) -> list[FlagView]:
    out = []
    for flag in report.flags:
        days = sorted(
            {report.entry_times[i].date() for i in flag.entries if i in report.entry_times}
        )
        year = report.period.end.year
        shown = [day_label(d) + ("" if d.year == year else f" {d.year}") for d in days]
        text = ", ".join(shown[:MAX_FLAG_DAYS])
        if len(shown) > MAX_FLAG_DAYS:
            text += f", {more(len(shown) - MAX_FLAG_DAYS, 'day')}"
        # rule 6's reason names its days already (as runs: 16-18 Nov)
        out.append(FlagView(f"Rule {flag.rule}: {flag.title}", flag.reason, text, flag.rule == 6))
    return out


def flag_lines(report: Report) -> list[str]:
    lines = []
    if not report.flags:
        lines.append("None of msjournal's flag rules were met in this period.")
    if report.excused_days:
        shown = ", ".join(day_label(d) for d in report.excused_days)
        lines.append(f"Left out of rule 6 for heat, fever or infection that day: {shown}.")
    unchecked = layout.not_checked_line(report)
    if unchecked:
        lines.append(unchecked)
    lines.append(NOT_A_DIAGNOSIS)
    return lines


def notes_shown(report: Report) -> list[summary.NoteLine]:
    """The notes of flagged entries first, then those of treatments and relapses,
    then those of the other falls: all of them, in that order, each part oldest first
    (the page shows the first MAX_NOTES)."""
    flagged = [line for line in report.notes if line.rules]
    falls = [line for line in report.notes if not line.rules]
    return [*flagged, *report.record_notes, *falls]


def notes_more(report: Report) -> str:
    """'and 3 more notes (...)', saying where the notes left out are whole."""
    left = notes_shown(report)[MAX_NOTES:]
    if not left:
        return ""
    records = {id(line) for line in report.record_notes}
    # entries' notes are in the CSV export; treatments' and relapses' in the JSON one
    # (and the CSVs of --table treatments and relapses)
    of_records = any(id(line) in records for line in left)
    where = "the JSON export has them all" if of_records else "the CSV export has them all"
    return f"{more(len(left), 'note')} ({where})"


def note_views(report: Report) -> list[NoteView]:
    year = report.period.end.year
    out = []
    for line in notes_shown(report)[:MAX_NOTES]:
        what = line.kind
        if line.rules:
            what += " (" + ", ".join(f"rule {r}" for r in line.rules) + ")"
        out.append(NoteView(moment(line.at, year), what, shorten(line.note), ", ".join(line.tags)))
    return out


# --- the page ----------------------------------------------------------------------------------


def build(
    report: Report,
    questions: Sequence[dict[str, Any]] = (),
    appointments: Sequence[dict[str, Any]] = (),
    today: date | None = None,
    since: dict[str, Any] | None = None,
    coming: dict[str, Any] | None = None,
) -> VisitPage:
    """The page for this report; ``since``: the appointment the period starts after
    (None: the period was chosen otherwise); ``coming``: the appointment it is for
    (by default the next one from ``today``)."""
    period = report.period
    year = period.end.year
    today = today or period.end
    coming = coming or next_visit(appointments, today)
    asked = open_questions(questions)
    counts = layout.falls_section(report)
    f = report.falls
    falls_lines = [
        f"Trend: {f.trend.word} (by the number of falls)."
        + (f" Falls per 30 days: {f.per_30_days:.1f}." if f.per_30_days is not None else "")
    ]
    table, falls_more = falls_table(report)
    cal, cal_table = calendar(report, "falls-calendar")
    exercise = layout.exercise_section(report)
    others = layout.other_symptoms_section(report)
    scores = layout.scores_section(report)
    timeline, timeline_lines = timeline_tables(report, "timeline")
    counts_table = (
        from_layout(counts.tables[0], kind="counts")
        if counts.tables
        else Table(
            ("", "This period", "Period before"),
            [
                ("Falls", "0", str(f.previous_falls) if report.previous_entries else "-"),
                ("Near-falls", "0", str(f.previous_near_falls) if report.previous_entries else "-"),
            ],
            right=(1, 2),
            kind="counts",
        )
    )
    return VisitPage(
        title="Visit summary",
        period=f"{period_label(period.start, period.end)} ({_plural(period.days, 'day')})",
        since=(
            f"Since the last {_who(since)}appointment ({_day(_at(since).date(), year)})"
            if since
            else ""
        ),
        upcoming=f"For the appointment: {_appointment(coming, year)}" if coming else "",
        appointments=appointments_line(appointments, report, coming),
        logged=(
            f"Entries on {report.logged_days} of {_plural(period.days, 'day')} "
            f"({_plural(report.entries, 'entry', 'entries')}). "
            "A day with no entries is unknown, not a good day."
        ),
        before=layout.sparse_before(report) or "",
        summary_heading=SINCE_HEADING if since else PERIOD_HEADING,
        bullets=bullets(report),
        questions=[str(q["text"]) for q in asked[:MAX_QUESTIONS]],
        questions_more=more(len(asked) - MAX_QUESTIONS, "question"),
        falls_counts=counts_table,
        falls_lines=falls_lines,
        falls_table=table,
        falls_more=falls_more,
        aids_line=aids_line(report) if table is not None else "",
        calendar=cal,
        calendar_table=cal_table,
        hazards=hazards(report),
        weakness_chart=_symptom_chart(report, "weakness", "weakness-chart"),
        fatigue_chart=_symptom_chart(report, "fatigue", "fatigue-chart"),
        exercise_chart=_exercise_chart(report, "exercise-chart"),
        exercise_table=(
            from_layout(exercise.tables[0], kind="guideline") if exercise.tables else None
        ),
        exercise_lines=[],
        weekly_tables=weekly_tables(report),
        others=from_layout(others.tables[0], kind="others") if others else None,
        others_lines=others.after if others else [],
        timeline=timeline,
        timeline_lines=timeline_lines,
        scores=from_layout(scores.tables[0], kind="scores") if scores else None,
        flags=flag_views(report),
        flag_lines=flag_lines(report),
        notes=note_views(report),
        notes_more=notes_more(report),
        nothing_logged=report.entries == 0,
    )


def render_html(page: VisitPage) -> str:
    """The page as one self-contained HTML document (Jinja2, autoescaped)."""
    import jinja2  # only the visit command draws HTML
    import markupsafe

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("msjournal", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.tests["chart"] = lambda value: isinstance(value, Chart)
    environment.tests["words"] = lambda value: isinstance(value, Words)
    environment.tests["names"] = lambda value: isinstance(value, Names)
    # a chart is markup msjournal drew from numbers and fixed words (charts.py)
    environment.filters["svg"] = lambda chart: markupsafe.Markup(chart.svg)
    return environment.get_template("visit.html.j2").render(page=page, period=page.period)


# --- Markdown ------------------------------------------------------------------------------------

# Characters that can start Markdown or HTML anywhere in a line, and at its start.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!&~|#])")
_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])(?=\s|$)")  # a list item, a heading line
_ANY_LINE_START = re.compile(r"^([-+=])")  # a rule or a heading's underline: ---, ===


def md(text: str, pipes: bool = True, start: bool = True) -> str:
    """Text a person typed, inert in Markdown: one line, every character that can
    make a link, an image, HTML, emphasis or a heading escaped (``|`` too unless the
    table writer escapes it itself)."""
    flat = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    if not pipes:
        flat = flat.replace("\\|", "|")
    return _LINE_START.sub(r"\1\\\2", flat) if start else flat


def md_note(text: str) -> str:
    """A note inert in Markdown within a list item, its line breaks kept: a Markdown
    line break (a backslash at the line's end) between lines, a new paragraph for a
    blank line, each line indented to stay in the item and escaped so that no line
    starts a list, a heading or a rule."""
    paragraphs = [
        "\\\n  ".join(_ANY_LINE_START.sub(r"\\\1", md(line)) for line in block.split("\n"))
        for block in text.split("\n\n")
    ]
    return "\n\n  ".join(paragraphs)


def _md_table(table: Table, plain: bool = False) -> list[str]:
    def cell(value: str | Chart) -> str:
        return md(value.caption if isinstance(value, Chart) else value, start=False) or " "

    if plain:  # for screen readers: each row a line, then its values one a line
        lines: list[str] = []
        for row in table.rows:
            lines += [f"{cell(table.headers[0])}: {cell(row[0])}", ""]
            pairs = zip(table.headers[1:], row[1:], strict=True)
            lines += [*(f"- {cell(head)}: {cell(value)}" for head, value in pairs), ""]
        return lines

    align = ["---:" if i in table.right else "---" for i in range(len(table.headers))]
    lines = [
        "| " + " | ".join(cell(h) for h in table.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    return [*lines, ""]


def render_markdown(page: VisitPage, report: Report, plain: bool = False) -> str:
    """The visit-only parts, then the whole report as ``report --format markdown``
    writes it (its headings one level down), its typed words made inert too;
    ``plain`` (for screen readers): lists instead of tables, as the report's."""
    from msjournal.markdown import report_markdown

    out = [f"# {page.title}: {md(page.period)}", ""]
    header = (page.since, page.upcoming, page.appointments, page.logged, page.before)
    for line in (*header, f"{SELF_REPORTED}."):
        if line:
            out += [md(line), ""]
    out += [f"## {page.summary_heading}", "", *(f"- {md(b)}" for b in page.bullets), ""]
    out += ["## My questions", ""]
    out += [f"{i}. {md(q)}" for i, q in enumerate(page.questions, 1)] or ["No open questions."]
    if page.questions_more:
        out += ["", md(page.questions_more)]
    out.append("")
    if page.falls_table is not None:
        out += ["## Falls and near-falls", "", *_md_table(page.falls_table, plain)]
        if page.falls_more:
            out += [md(page.falls_more), ""]
        if page.aids_line:
            out += [md(page.aids_line), ""]
    if page.hazards:
        out += ["Open home hazards in the rooms where falls happened:", ""]
        out += [*(f"- {md(h)}" for h in page.hazards), ""]
    if page.weekly_tables:
        out += ["## Week by week", ""]
        for table in page.weekly_tables:
            out += _md_table(table, plain)
    if any(flag.days for flag in page.flags):
        out += ["## The days of each flag", ""]
        out += [
            *(f"- **{md(flag.title)}.** {md(flag.days)}" for flag in page.flags if flag.days),
            "",
        ]
    out += [f"## {NOTES_HEADING}", ""]
    for note in page.notes:
        tags = f" (tags: {md(note.tags)})" if note.tags else ""
        out.append(f"- **{md(note.when)}, {md(note.what)}:** {md_note(note.text)}{tags}")
    if not page.notes:
        out.append(NO_NOTES)
    if page.notes_more:
        out += ["", md(page.notes_more)]
    out += ["", "## The report", ""]
    body = report_markdown(_inert_words(report), plain).splitlines()
    if body and body[0].startswith("# "):  # its title: the heading above says it
        body = body[1:]
    out += ["#" + line if line.startswith("#") else line for line in body]
    return "\n".join(out).rstrip() + "\n"


def _inert_words(report: Report) -> Report:
    """The report with the words a person typed into it (a treatment's name and
    dose) escaped for Markdown; markdown.py escapes ``|`` in table cells itself."""
    t = report.timeline
    treatments = [
        {**course, **{k: md(course[k], pipes=False) for k in ("name", "dose") if course.get(k)}}
        for course in t.treatments
    ]
    return dataclasses.replace(report, timeline=dataclasses.replace(t, treatments=treatments))
