"""``msjournal log weakness|fatigue|fall|exercise``."""

from typing import Annotated, Any

import typer

from msjournal import dates, entries, vocab
from msjournal.cli.common import (
    SEVERITY_HELP,
    ActivityOpt,
    AfterOpt,
    AidOpt,
    AtOpt,
    CauseOpt,
    DoingOpt,
    DurationOpt,
    EffortOpt,
    GotUpOpt,
    InjuryOpt,
    LogFormat,
    LogFormatOpt,
    NoteOpt,
    PlaceOpt,
    TagOpt,
    WhereOpt,
    choice,
    common_fields,
    log_app,
    many,
    need,
    now,
    number,
    one,
    open_journal_at,
    parse_choices,
    say,
)
from msjournal.entries import Entry
from msjournal.errors import InvalidInput


def save(ctx: typer.Context, entry: Entry, fmt: LogFormat) -> None:
    entries.validate(entry)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add(entry, now())
    # Only now, after the commit, is the entry acknowledged.
    when = dates.display(saved.at, now().date())
    say(f"Saved entry {saved.id}: {entries.describe(saved)} ({when}).")
    if fmt is LogFormat.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(saved))


SeverityArg = Annotated[
    str | None,
    typer.Argument(metavar="SEVERITY", help=SEVERITY_HELP, show_default=False),
]
severity_rating = number("severity", *entries.SEVERITY_RANGE)


def symptom_fields(
    severity: str | None,
    activity: list[str] | None,
    duration: str | None,
    at: str | None,
    note: str | None,
    tag: list[str] | None,
) -> tuple[int | None, dict[str, Any]]:
    """What weakness and fatigue share, checked before anything is asked."""
    given = None if severity is None else severity_rating(severity)
    return given, {
        "activities": many("activity", activity),
        "duration_minutes": None if duration is None else dates.parse_duration(duration),
        **common_fields(at, note, tag),
    }


def ask_severity(given: int | None, kind: str, question: str) -> int:
    return need(given, "severity", f"a number after '{kind}', e.g. 6", question, severity_rating)


@log_app.command(
    "weakness",
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing",
)
def log_weakness(
    ctx: typer.Context,
    severity: SeverityArg = None,
    where: WhereOpt = None,
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log muscle weakness (0-10) and where you feel it."""
    given, fields = symptom_fields(severity, activity, duration, at, note, tag)
    regions = many("region", where)
    value = ask_severity(given, "weakness", "How weak, 0 (none) to 10 (worst)?")
    regions = need(
        regions or None,
        "where the weakness is",
        "--where legs",
        f"Where? ({', '.join(vocab.REGIONS)})",
        parse_choices("region"),
    )
    save(ctx, Entry(kind="weakness", severity=value, regions=regions, **fields), fmt)


@log_app.command("fatigue", epilog="Example: msjournal log fatigue 7 --type cognitive")
def log_fatigue(
    ctx: typer.Context,
    severity: SeverityArg = None,
    kind: Annotated[
        str, choice("fatigue type", "--type", help="Physical, cognitive or both.")
    ] = "both",
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log fatigue (0-10): physical, cognitive or both. Kept apart from weakness."""
    given, fields = symptom_fields(severity, activity, duration, at, note, tag)
    fatigue_type = vocab.match("fatigue type", kind)
    value = ask_severity(given, "fatigue", "How tired, 0 (none) to 10 (worst)?")
    save(ctx, Entry(kind="fatigue", severity=value, fatigue_type=fatigue_type, **fields), fmt)


@log_app.command(
    "fall",
    epilog="Examples: msjournal log fall --place bathroom --cause slipped  |  "
    "msjournal log fall --near --doing turning",
)
def log_fall(
    ctx: typer.Context,
    near: Annotated[
        bool, typer.Option("--near", help="It was a near-fall: you caught yourself.")
    ] = False,
    place: PlaceOpt = None,
    doing: DoingOpt = None,
    cause: CauseOpt = None,
    injury: InjuryOpt = None,
    aid: AidOpt = None,
    got_up_alone: GotUpOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log a fall (you ended up on the ground or a lower level) or a near-fall."""
    if near and injury is not None:
        raise InvalidInput("A near-fall has no injury: leave out --injury, or --near.")
    if near and got_up_alone is not None:
        raise InvalidInput("--got-up-alone and --needed-help are for falls, not near-falls.")
    entry = Entry(
        kind="fall",
        near_fall=near,
        place=one("place", place),
        doing=one("doing", doing),
        causes=many("cause", cause),
        injury=one("injury", injury) or "none",
        aids=many("aid", aid),
        got_up_alone=got_up_alone,
        **common_fields(at, note, tag),
    )
    save(ctx, entry, fmt)


@log_app.command(
    "exercise",
    epilog="Example: msjournal log exercise 30 --type walking --effort 5",
)
def log_exercise(
    ctx: typer.Context,
    minutes: Annotated[
        str | None,
        typer.Argument(metavar="MINUTES", help="How many minutes, 1-600.", show_default=False),
    ] = None,
    kind: Annotated[
        str | None, choice("exercise type", "--type", help="The kind of exercise.")
    ] = None,
    effort: EffortOpt = None,
    with_therapist: Annotated[
        bool,
        typer.Option("--with-therapist", help="Supervised by a physical therapist."),
    ] = False,
    after: AfterOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log exercise: minutes, type, and how hard it felt."""
    count = number("number of minutes", *entries.MINUTES_RANGE)
    given_minutes = None if minutes is None else count(minutes)
    exercise_type = one("exercise type", kind)
    rating = number("effort", *entries.EFFORT_RANGE)
    given_effort = None if effort is None else rating(effort)
    given_after = None if after is None else number("after", *entries.AFTER_RANGE)(after)
    common = common_fields(at, note, tag)
    total = need(
        given_minutes,
        "minutes",
        "a number after 'exercise', e.g. 30",
        "How many minutes?",
        count,
    )
    exercise_type = need(
        exercise_type,
        "the exercise type",
        "--type walking",
        f"What type? ({', '.join(vocab.EXERCISE_TYPES)})",
        lambda text: vocab.match("exercise type", text),
    )
    entry = Entry(
        kind="exercise",
        minutes=total,
        exercise_type=exercise_type,
        effort=given_effort,
        with_therapist=with_therapist,
        after=given_after,
        **common,
    )
    save(ctx, entry, fmt)
