"""``msjournal visit``: a two-page summary to take to a doctor (HTML, PDF or Markdown).

The page is a view over the same report as ``msjournal report`` (summary.py):
nothing is counted twice. Jinja2, and WeasyPrint for a PDF, load only here.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from msjournal import dates, files
from msjournal.cli.common import (
    FromOpt,
    ToOpt,
    app,
    now,
    open_journal_at,
    say,
    stdin_is_terminal,
    yes_no,
)
from msjournal.dates import Period
from msjournal.errors import InvalidInput
from msjournal.plain import plain

if TYPE_CHECKING:
    from msjournal.db import Journal

DEFAULT_DAYS = 90
MAX_DAYS = 3660
MAX_MONTHS = 120
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md"}
PDF_EXTRA = "pip install 'msjournal[pdf]'"


def months_before(today: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day if it is shorter)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def visit_period(
    start: str | None,
    end: str | None,
    months: int | None,
    today: date,
    last_visit: date | None,
) -> Period:
    """--from/--to, --months N, or since the last visit (else the last 90 days).
    A summary covers days already lived: --from or --to after today is refused."""
    if months is not None and (start is not None or end is not None):
        raise InvalidInput("Choose one period: --months, or --from and --to.")
    if months is not None:
        if not 1 <= months <= MAX_MONTHS:
            raise InvalidInput(f"--months is 1 to {MAX_MONTHS}; got {months}.")
        return Period(months_before(today, months) + timedelta(days=1), today)
    if start is None and end is None:
        if last_visit is not None and (today - last_visit).days <= MAX_DAYS:
            return Period(last_visit + timedelta(days=1), today)
        return dates.last_days(DEFAULT_DAYS, today)
    last = today if end is None else lived_day(end, today, "--to")
    if start is None:
        return Period(last - timedelta(days=DEFAULT_DAYS - 1), last)
    first = lived_day(start, today, "--from")
    if first > last:
        raise InvalidInput(f"--from ({first}) is after --to ({last}).")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A visit summary covers at most {MAX_DAYS} days (about ten years).")
    return Period(first, last)


def lived_day(text: str, today: date, option: str) -> date:
    """The day of --from or --to, refused when it is after today, however it is said
    (2026-12-20, tomorrow, next friday, in 3 days)."""
    from datetime import datetime

    from msjournal.timeline import appointment_time

    try:
        day = dates.parse_date(text, today, option)
    except InvalidInput:
        try:  # a day ahead: the phrases an appointment takes
            noon = datetime.combine(today, datetime.min.time()).replace(hour=12).astimezone()
            day = appointment_time(text, noon).date()
        except InvalidInput:
            day = today
        if day <= today:
            raise
    if day > today:
        raise InvalidInput(f"{option} ({day}) is after today: a summary covers days already lived.")
    return day


def chosen_words(start: str | None, end: str | None, period: Period) -> str:
    """Why the period is the one written, when options chose it: 'the 90 days to
    Mon 30 Nov' for --to alone, 'from the day you chose to today' for --from alone."""
    from msjournal.layout import day_label

    if start is None and end is not None:
        return f"the {period.days} days to {day_label(period.end)} (--from sets another start)"
    if start is not None and end is None:
        return "from the day you chose to today"
    return "as you chose"


def output_format(path: Path) -> str:
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InvalidInput(
            f"visit writes .html, .pdf or .md files; {path.name} is none of them.",
            "Name the file .html (any browser prints it), .pdf or .md.",
        )
    return found


def may_replace(path: Path, force: bool) -> bool:
    """Whether an existing ``path`` may be replaced: --force/--yes, or yes at a
    terminal; a script without them is refused, as export -o is."""
    files.check_target(path, force or not path.exists() or stdin_is_terminal())
    if force or not path.exists():
        return force
    if not yes_no(f"{path.name} exists. Replace it?", default=False):
        say("Nothing was written.")
        raise typer.Exit(0)
    return True


def family_records(journal: Journal, family: str) -> list[dict[str, Any]]:
    """Every record of a timeline family, or none while the journal has no such family."""
    from msjournal.db.timeline import FAMILIES

    return journal.timeline_records(family) if family in FAMILIES else []


@app.command(
    epilog="Examples: msjournal visit  |  msjournal visit --months 3 -o visit.pdf  |  "
    "msjournal visit --from 2026-09-01 --to 2026-11-30 -o visit.md",
)
def visit(
    ctx: typer.Context,
    output_name: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .html (default visit-DATE.html), .pdf or .md.",
            show_default=False,
        ),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    months: Annotated[
        int | None,
        typer.Option(
            "--months", metavar="N", help="The N months ending today.", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "--yes", "-y", help="Replace the file if it exists.")
    ] = False,
) -> None:
    """A two-page summary for your doctor, to print or send.

    Since your last visit (msjournal appointment), else the last 90 days: what
    changed, your questions, falls, trends with charts, treatments, questionnaires
    and the flags with their rules. Self-reported, and says so.
    """
    current = now()
    today = current.date()
    named = output_name or f"visit-{today.isoformat()}.html"
    from msjournal.paths import user_path

    output = user_path(named, "The output file")
    fmt = output_format(output)
    chosen = start is not None or end is not None or months is not None
    if chosen:  # a wrong period is refused before anything else
        period = visit_period(start, end, months, today, None)
    if fmt == "pdf" and not pdf_available():
        output, fmt = html_instead(output, force)
    force = may_replace(output, force)
    from msjournal import visit as view

    with open_journal_at(ctx) as journal:
        appointments = family_records(journal, "appointment")
        questions = family_records(journal, "question")
        default = view.default_period(appointments, current, DEFAULT_DAYS, MAX_DAYS)
        since = None if chosen else default.since
        if not chosen:
            since_day = None if since is None else date.fromisoformat(since["at"][:10])
            period = visit_period(None, None, None, today, since_day)
        from msjournal.cli.report import load_report

        report = load_report(journal, period)
    page = view.build(report, questions, appointments, today, since, default.upcoming)
    if fmt == "md":
        with files.atomic_text(output, force) as out:
            out.write(view.render_markdown(page, report, plain()))
    else:
        html = view.render_html(page)
        if fmt == "pdf":
            write_pdf(html, output, force)
        else:
            with files.atomic_text(output, force) as out:
                out.write(html)
    say(f"Wrote the visit summary to {output}.")
    why = chosen_words(start, end, period) if chosen else default.why
    say(f"The period: {page.period}, {why}.")
    if not chosen and period.days < view.SHORT_DAYS:
        say("A short period: for more, --months 3.")
    if fmt == "html":
        say("Open it in a web browser and print it (Ctrl+P): two pages, A4 or Letter.")


def html_instead(output: Path, force: bool) -> tuple[Path, str]:
    """The HTML beside a PDF that cannot be made, said only once it may be written."""
    html = output.with_suffix(".html")
    needs = f"A PDF needs the optional extra ({PDF_EXTRA})"
    if html.exists() and not force:
        if not stdin_is_terminal():
            raise InvalidInput(
                f"{needs}, and {html.name}, the HTML instead, already exists.",
                f"Add --force to replace {html.name}, or name another: -o other.html",
            )
        say(f"{needs}; the HTML can be written instead.")
    else:
        say(f"{needs}; writing the HTML instead.")
    return html, "html"


def pdf_available() -> bool:
    """Whether WeasyPrint (the pdf extra) and the system libraries it needs load."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # not installed, or Pango missing
        return False
    return True


def write_pdf(html: str, output: Path, force: bool) -> None:
    """A tagged PDF (PDF/UA) through WeasyPrint, written whole or not at all."""
    import weasyprint

    with files.private_temp(output.parent, f".{output.name}.", ".part") as temp:
        weasyprint.HTML(string=html).write_pdf(temp, pdf_variant="pdf/ua-1")
        files.move_into_place(temp, output, force)
