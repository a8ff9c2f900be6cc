"""``msjournal report``: how you are doing over a week, a month or any period."""

from __future__ import annotations

import json
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from msjournal import dates
from msjournal.cli.common import FromOpt, ToOpt, app, now, open_journal_at
from msjournal.dates import Period
from msjournal.db import Journal, Query
from msjournal.errors import InvalidInput

if TYPE_CHECKING:
    from msjournal.summary import Report

MAX_REPORT_DAYS = 3660


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def report_period(
    start: str | None, end: str | None, week: bool, month: bool, today: date
) -> Period:
    """--week (the default), --month, or --from/--to (inclusive local days)."""
    if sum((week, month, start is not None or end is not None)) > 1:
        raise InvalidInput("Choose one period: --week, --month, or --from/--to.")
    if month:
        return dates.last_days(30, today)
    if start is None and end is None:
        return dates.last_days(7, today)
    last = today if end is None else dates.parse_date(end, today, "--to")
    if start is None:
        return Period(last - timedelta(days=6), last)
    first = dates.parse_date(start, today, "--from")
    if first > last:
        raise InvalidInput(f"--from ({first}) is after --to ({last}).")
    period = Period(first, last)
    if period.days > MAX_REPORT_DAYS:
        raise InvalidInput(
            f"A report covers at most {MAX_REPORT_DAYS} days (about ten years); "
            f"this one would cover {period.days}.",
            "For everything, use: msjournal export",
        )
    return period


@app.command(
    epilog="Examples: msjournal report  |  msjournal report --month  |  "
    "msjournal report --from 2026-10-01 --to 2026-10-31 --format markdown",
)
def report(
    ctx: typer.Context,
    week: Annotated[
        bool, typer.Option("--week", help="The 7 days ending today (the default).")
    ] = False,
    month: Annotated[bool, typer.Option("--month", help="The 30 days ending today.")] = False,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
    ] = ReportFormat.table,
) -> None:
    """Trends, and what to raise with your doctor.

    Day by day, weakness, fatigue and other symptoms apart, falls, exercise against
    the guidelines and questionnaire scores, each compared with the period before.
    """
    period = report_period(start, end, week, month, now().date())
    with open_journal_at(ctx) as journal:
        result = load_report(journal, period)
    if fmt is ReportFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt is ReportFormat.markdown:
        from msjournal.markdown import report_markdown
        from msjournal.plain import plain

        typer.echo(report_markdown(result, plain()), nl=False)
    else:
        from msjournal import render

        render.print_report(result)


def load_report(journal: Journal, period: Period) -> Report:
    """The report of a period from everything the journal holds for it (the terminal
    report and the visit summary both read it here, so they never differ)."""
    from msjournal import summary  # only a report needs the arithmetic

    window = summary.report_window(period)
    found = journal.entries(Query(start=window.start, end=window.end))
    scored = journal.latest_scores(period.start, period.end)
    pairs = [
        (latest.to_dict(), None if before is None else before.to_dict())
        for latest, before in scored.values()
    ]
    treatments, relapses = journal.treatments(), journal.relapses()
    return summary.build_report(
        found,
        period,
        pairs,
        [course.to_dict() for course in treatments],
        [relapse.to_dict() for relapse in relapses],
        [aid.to_dict() for aid in journal.aids()],
        checked_in=journal.checkin_days(period.start, period.end),
        home_checks=journal.timeline_records("home_check", None, period.end),  # by its end
        notes_of_records=summary.record_notes(
            period, [c.record() for c in treatments], [r.record() for r in relapses]
        ),
    )


RULES_INTRO = (
    "A report raises a flag when one of these rules holds, and names the entries "
    "that raised it. The thresholds are msjournal's own choices. A flag is not a "
    "diagnosis: it is something worth raising with your MS team."
)


@app.command(epilog="Example: msjournal rules")
def rules() -> None:
    """The rules behind 'raise with your doctor', in plain words."""
    import shutil
    import sys
    import textwrap

    from msjournal.summary import RULES

    width = shutil.get_terminal_size().columns - 1 if sys.stdout.isatty() else 0

    def lines(text: str, indent: str = "") -> str:
        if width < 20:
            return indent + text
        return textwrap.fill(
            text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
        )

    out = ['The "raise with your doctor" rules', "", lines(RULES_INTRO)]
    for number, when, listed in RULES:
        out += ["", f"Rule {number}", lines(f"When: {when}.", "  ")]
        out.append(lines(f"Entries listed: {listed}.", "  "))
    typer.echo("\n".join(out))
