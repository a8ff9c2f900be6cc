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
    GotUpAloneOpt,
    InjuryOpt,
    LogFormat,
    LogFormatOpt,
    NeededHelpOpt,
    NoteOpt,
    PlaceOpt,
    TagOpt,
    WhereOpt,
    checked,
    choice,
    choices_question,
    common_fields,
    got_up,
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
    given = checked(severity, severity_rating, "Severity, 0 (none) to 10 (worst)?")
    return given, {
        "activities": many("activity", activity, choices_question("Made hard", "activity")),
        "duration_minutes": checked(
            duration, dates.parse_duration, "How long? (e.g. 45m, 2h, 1h30m, all day)"
        ),
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
    regions = many("region", where, choices_question("Where", "region"))
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
    fatigue_type = one("fatigue type", kind, choices_question("Which type", "fatigue type"))
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
    got_up_alone: GotUpAloneOpt = False,
    needed_help: NeededHelpOpt = False,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log a fall, or a near-fall with --near.

    A fall: you came to rest on the ground, the floor or a lower level.
    """
    getting_up = got_up(got_up_alone, needed_help)
    if near and injury is not None:
        raise InvalidInput("A near-fall has no injury: leave out --injury, or --near.")
    if near and getting_up is not None:
        raise InvalidInput("--got-up-alone and --needed-help are for falls, not near-falls.")
    entry = fall_entry(near, place, doing, cause, injury, aid, getting_up, at, note, tag)
    save(ctx, entry, fmt)


@log_app.command(
    "near-fall",
    epilog="Example: msjournal log near-fall --doing turning --place kitchen",
)
def log_near_fall(
    ctx: typer.Context,
    place: PlaceOpt = None,
    doing: DoingOpt = None,
    cause: CauseOpt = None,
    aid: AidOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log a near-fall (the same as log fall --near).

    A near-fall: you lost your balance and would have fallen, but caught yourself.
    """
    save(ctx, fall_entry(True, place, doing, cause, None, aid, None, at, note, tag), fmt)


def fall_entry(
    near: bool,
    place: str | None,
    doing: str | None,
    cause: list[str] | None,
    injury: str | None,
    aid: list[str] | None,
    getting_up: bool | None,
    at: str | None,
    note: str | None,
    tag: list[str] | None,
) -> Entry:
    return Entry(
        kind="fall",
        near_fall=near,
        place=one("place", place, choices_question("Where did it happen", "place")),
        doing=one("doing", doing, choices_question("What were you doing", "doing")),
        causes=many("cause", cause, choices_question("What caused it", "cause")),
        injury=one("injury", injury, choices_question("Any injury", "injury")) or "none",
        aids=many("aid", aid, choices_question("Aids in use", "aid")),
        got_up_alone=getting_up,
        **common_fields(at, note, tag),
    )


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
    given_minutes = checked(minutes, count, "How many minutes?")
    exercise_type = one("exercise type", kind, choices_question("What type", "exercise type"))
    rating = number("effort", *entries.EFFORT_RANGE)
    given_effort = checked(effort, rating, "Effort, 0 (rest) to 10 (maximal)?")
    given_after = checked(
        after, number("after", *entries.AFTER_RANGE), "Afterwards, 0 (fine) to 10 (worst)?"
    )
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
