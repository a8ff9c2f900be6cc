"""``msjournal insights``: what went with worse days, in plain words and honest numbers."""

from enum import StrEnum
from typing import Annotated

import typer

from msjournal.cli.common import app, now, open_journal_at
from msjournal.db import Query
from msjournal.errors import InvalidInput

# insights.py's own (a test checks they agree): the statistics load only when run
DEFAULT_MONTHS = 6
MAX_MONTHS = 120


class InsightsFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(
    "insights",
    epilog="Examples: msjournal insights  |  msjournal insights --months 12  |  "
    "msjournal insights --format markdown > insights.md",
)
def insights_command(
    ctx: typer.Context,
    months: Annotated[
        int,
        typer.Option(
            "--months",
            "-m",
            metavar="N",
            show_default=False,
            help=f"The N months ending today, 1 to {MAX_MONTHS} ({DEFAULT_MONTHS}).",
        ),
    ] = DEFAULT_MONTHS,
    fmt: Annotated[
        InsightsFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
    ] = InsightsFormat.table,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every comparison: no clear difference and not enough days yet too.",
        ),
    ] = False,
) -> None:
    """What went with worse days: tags and exercise.

    Days with a tag, exercise, an exercise type or an effort set against days
    without, for weakness, fatigue and other symptoms, the same day and the next.
    Associations in your own records, not causes.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(f"--months takes 1 to {MAX_MONTHS} (ten years); got {months}.")
    from msjournal import insights

    today = now().date()
    window = insights.window(today, months)
    with open_journal_at(ctx) as journal:  # only the window's days, by the day index
        found = journal.entries(Query(start=window.start, end=window.end, oldest_first=True))
    result = insights.insights(found, today, months)
    if fmt is InsightsFormat.json:
        import json

        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt is InsightsFormat.markdown:
        from msjournal.markdown import insights_markdown
        from msjournal.plain import plain

        typer.echo(insights_markdown(result, plain(), every), nl=False)
    else:
        from msjournal import render

        render.print_insights(result, every)
