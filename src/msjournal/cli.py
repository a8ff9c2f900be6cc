"""The command line: parse, call, render. The only module that uses Typer.

Start-up is kept lean: rich, sqlite-utils and dateutil are imported only inside
the commands that need them, so ``msjournal log ...`` answers quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from msjournal import __version__, dates, entries, vocab
from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.errors import InvalidInput, MissingValue, MsJournalError
from msjournal.paths import resolve

T = TypeVar("T")

CONTEXT = {"help_option_names": ["-h", "--help"]}


def stdin_is_terminal() -> bool:
    """Whether a person is at the keyboard (tests replace this)."""
    return sys.stdin is not None and sys.stdin.isatty()


def now() -> datetime:
    return datetime.now().astimezone()


def say(message: str) -> None:
    """A message for the person: always on stderr, so stdout stays data."""
    typer.echo(message, err=True)


@dataclass
class State:
    db: str | None = None
    debug: bool = False


class JournalGroup(TyperGroup):
    """The one place that turns errors into a message and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except MsJournalError as exc:
            if _debugging(ctx):
                raise
            say(f"Error: {exc.message}")
            if exc.hint:
                say(exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say("Stopped. Nothing more was changed.")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debugging(ctx):
                raise
            say(
                f"Error: msjournal hit an unexpected problem ({type(exc).__name__}). "
                "Nothing more was changed."
            )
            say("Run the same command with --debug to see the details.")
            raise typer.Exit(1) from None


def _debugging(ctx: typer.Context) -> bool:
    return isinstance(ctx.obj, State) and ctx.obj.debug


app = typer.Typer(
    cls=JournalGroup,
    name="msjournal",
    help="A private journal for living with MS: log weakness, fatigue, falls and "
    "exercise, see how you are doing, and take a clean record to your doctor.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold health data
    context_settings=CONTEXT,
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing",
)
log_app = typer.Typer(
    name="log",
    help="Log weakness, fatigue, a fall or near-fall, or exercise.",
    no_args_is_help=True,
    context_settings=CONTEXT,
    epilog="Example: msjournal log fatigue 7 --type cognitive",
)
app.add_typer(log_app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msjournal {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Use this journal file (overrides MSJOURNAL_DB).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the full technical details of an error."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    ctx.obj = State(db=db, debug=debug)


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, State) else State()


def _open(ctx: typer.Context, *, create: bool = False) -> Journal:
    return open_journal(resolve(_state(ctx).db), create=create)


# --- shared options ---------------------------------------------------------------


def _completer(vocabulary: str) -> Callable[[str], list[str]]:
    words = vocab.VOCABULARIES[vocabulary]

    def complete(incomplete: str) -> list[str]:
        return [word for word in words if word.startswith(incomplete.lower())]

    return complete


def _choice(vocabulary: str, *names: str, help: str) -> Any:
    return typer.Option(
        *names,
        help=f"{help} Choices: {', '.join(vocab.VOCABULARIES[vocabulary])}.",
        autocompletion=_completer(vocabulary),
        show_default=False,
    )


class LogFormat(StrEnum):
    text = "text"
    json = "json"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened; default now. E.g. 9am, 'yesterday 3pm', "
        "'2 days ago', 'last monday 18:30', 2026-11-20.",
        show_default=False,
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note",
        "-n",
        help="A note in your own words; '-' reads it from input.",
        show_default=False,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="A tag such as heat, stress or poor-sleep; repeat or use commas.",
        show_default=False,
    ),
]
LogFormatOpt = Annotated[
    LogFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="json also prints the saved entry on standard output.",
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
]
WhereOpt = Annotated[
    list[str] | None,
    _choice("region", "--where", "-w", help="Where the weakness is (one or more)."),
]
ActivityOpt = Annotated[
    list[str] | None,
    _choice("activity", "--activity", "-a", help="Daily activities it made hard."),
]
DurationOpt = Annotated[
    str | None,
    typer.Option(
        "--duration",
        "-d",
        metavar="TIME",
        help="How long it lasted: 45m, 2h, 1h30m or 'all day'.",
        show_default=False,
    ),
]
PlaceOpt = Annotated[str | None, _choice("place", "--place", help="Where it happened.")]
DoingOpt = Annotated[str | None, _choice("doing", "--doing", help="What you were doing.")]
CauseOpt = Annotated[
    list[str] | None, _choice("cause", "--cause", help="What caused it (one or more).")
]
InjuryOpt = Annotated[str | None, _choice("injury", "--injury", help="Injury; default none.")]
AidOpt = Annotated[list[str] | None, _choice("aid", "--aid", help="Walking aids or braces in use.")]
GotUpOpt = Annotated[
    bool | None,
    typer.Option(
        "--got-up-alone/--needed-help",
        help="After a fall: got up without help, or needed help.",
        show_default=False,
    ),
]
EffortOpt = Annotated[
    str | None,
    typer.Option(
        "--effort",
        metavar="0-10",
        help="How hard it felt: 0 rest, 4-6 moderate, 10 maximal.",
        show_default=False,
    ),
]
AfterOpt = Annotated[
    str | None,
    typer.Option(
        "--after",
        metavar="0-10",
        help="How weak or tired you felt afterwards.",
        show_default=False,
    ),
]


# --- reading and asking for values ---------------------------------------------------


def _ask(question: str, parse: Callable[[str], T]) -> T:
    """Ask until the answer is valid (only called when a person is at the keyboard)."""
    while True:
        answer = typer.prompt(question, err=True)
        try:
            return parse(answer)
        except InvalidInput as exc:
            say(exc.message)


def _need(value: T | None, what: str, option: str, question: str, parse: Callable[[str], T]) -> T:
    if value is not None:
        return value
    if stdin_is_terminal():
        return _ask(question, parse)
    raise MissingValue(f"Missing {what}: give it as {option}.")


def _parse_choices(vocabulary: str) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        values = vocab.match_many(vocabulary, [text])
        if not values:
            raise InvalidInput(f"Give at least one {vocabulary}.")
        return values

    return parse


def _many(vocabulary: str, values: list[str] | None) -> tuple[str, ...]:
    return vocab.match_many(vocabulary, values) if values else ()


def _one(vocabulary: str, value: str | None) -> str | None:
    return None if value is None else vocab.match(vocabulary, value)


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    if text == "-":
        text = sys.stdin.read() if sys.stdin is not None else ""
    return entries.clean_note(text)


def _number(what: str, low: int, high: int) -> Callable[[str], int]:
    return lambda text: entries.parse_number(text, what, low, high)


def _when(text: str | None, moment: datetime) -> datetime:
    return moment.replace(microsecond=0) if text is None else dates.parse_when(text, moment)


def _common(at: str | None, note: str | None, tag: list[str] | None) -> dict[str, Any]:
    moment = now()
    return {
        "at": _when(at, moment),
        "note": _note(note),
        "tags": entries.clean_tags(tag or []),
    }


def _save(ctx: typer.Context, entry: Entry, fmt: LogFormat) -> None:
    entries.validate(entry)
    with _open(ctx, create=True) as journal:
        saved = journal.add(entry, now())
    # Only now, after the commit, is the entry acknowledged.
    say(f"Saved entry {saved.id}: {entries.describe(saved)} ({saved.at:%a %d %b %H:%M}).")
    if fmt is LogFormat.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(saved))


# --- log ---------------------------------------------------------------------------

SEVERITY_HELP = "0 none to 10 worst imaginable."


@log_app.command(
    "weakness",
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing",
)
def log_weakness(
    ctx: typer.Context,
    severity: Annotated[
        str | None,
        typer.Argument(metavar="SEVERITY", help=SEVERITY_HELP, show_default=False),
    ] = None,
    where: WhereOpt = None,
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log muscle weakness (0-10) and where you feel it."""
    rating = _number("severity", *entries.SEVERITY_RANGE)
    given_severity = None if severity is None else rating(severity)
    regions = _many("region", where)
    activities = _many("activity", activity)
    minutes = None if duration is None else dates.parse_duration(duration)
    common = _common(at, note, tag)
    value = _need(
        given_severity,
        "severity",
        "a number after 'weakness', e.g. 6",
        "Weakness now, 0 (none) to 10 (worst)?",
        rating,
    )
    regions = _need(
        regions or None,
        "where the weakness is",
        "--where legs",
        f"Where? ({', '.join(vocab.REGIONS)})",
        _parse_choices("region"),
    )
    entry = Entry(
        kind="weakness",
        severity=value,
        regions=regions,
        activities=activities,
        duration_minutes=minutes,
        **common,
    )
    _save(ctx, entry, fmt)


@log_app.command("fatigue", epilog="Example: msjournal log fatigue 7 --type cognitive")
def log_fatigue(
    ctx: typer.Context,
    severity: Annotated[
        str | None,
        typer.Argument(metavar="SEVERITY", help=SEVERITY_HELP, show_default=False),
    ] = None,
    kind: Annotated[
        str, _choice("fatigue type", "--type", help="Physical, cognitive or both.")
    ] = "both",
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log fatigue (0-10): physical, cognitive or both. Kept apart from weakness."""
    rating = _number("severity", *entries.SEVERITY_RANGE)
    given_severity = None if severity is None else rating(severity)
    fatigue_type = vocab.match("fatigue type", kind)
    activities = _many("activity", activity)
    minutes = None if duration is None else dates.parse_duration(duration)
    common = _common(at, note, tag)
    value = _need(
        given_severity,
        "severity",
        "a number after 'fatigue', e.g. 6",
        "Fatigue now, 0 (none) to 10 (worst)?",
        rating,
    )
    entry = Entry(
        kind="fatigue",
        severity=value,
        fatigue_type=fatigue_type,
        activities=activities,
        duration_minutes=minutes,
        **common,
    )
    _save(ctx, entry, fmt)


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
        place=_one("place", place),
        doing=_one("doing", doing),
        causes=_many("cause", cause),
        injury=_one("injury", injury) or "none",
        aids=_many("aid", aid),
        got_up_alone=got_up_alone,
        **_common(at, note, tag),
    )
    _save(ctx, entry, fmt)


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
        str | None, _choice("exercise type", "--type", help="The kind of exercise.")
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
    count = _number("number of minutes", *entries.MINUTES_RANGE)
    given_minutes = None if minutes is None else count(minutes)
    exercise_type = _one("exercise type", kind)
    rating = _number("effort", *entries.EFFORT_RANGE)
    given_effort = None if effort is None else rating(effort)
    given_after = None if after is None else _number("after", 0, 10)(after)
    common = _common(at, note, tag)
    total = _need(
        given_minutes,
        "minutes",
        "a number after 'exercise', e.g. 30",
        "How many minutes?",
        count,
    )
    exercise_type = _need(
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
    _save(ctx, entry, fmt)


# --- looking at the journal ----------------------------------------------------------

DEFAULT_TABLE_ROWS = 50


@app.command("list", epilog="Example: msjournal list --week --kind weakness")
def list_entries(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, _choice("kind", "--kind", "-k", help="Only these kinds.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="From this day on.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Up to and including this day."),
    ] = None,
    week: Annotated[bool, typer.Option("--week", help="The 7 days ending today.")] = False,
    month: Annotated[bool, typer.Option("--month", help="The 30 days ending today.")] = False,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Only entries with this tag."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "-n",
            "--limit",
            min=1,
            help="At most this many entries (newest).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show your entries, newest first."""
    today = now().date()
    query = Query(
        kinds=_many("kind", kind),
        tags=entries.clean_tags(tag or []),
        limit=limit,
        **_period(start, end, week, month, today),
    )
    with _open(ctx) as journal:
        shown_limit = False
        if fmt is Format.table and limit is None and query == Query(kinds=query.kinds):
            query = Query(kinds=query.kinds, limit=DEFAULT_TABLE_ROWS)
            shown_limit = True
        found = journal.entries(query)
        total = journal.count() if shown_limit and len(found) == DEFAULT_TABLE_ROWS else 0
    _print_entries(found, fmt, today)
    if total > len(found):
        say(f"Showing the newest {len(found)} of {total} entries; use -n or --from to see more.")


def _period(
    start: str | None, end: str | None, week: bool, month: bool, today: Any
) -> dict[str, Any]:
    if sum((week, month, start is not None or end is not None)) > 1:
        raise InvalidInput("Choose one period: --week, --month, or --from/--to.")
    if week or month:
        period = dates.last_days(7 if week else 30, today)
        return {"start": period.start, "end": period.end}
    first = None if start is None else dates.parse_date(start, today, "--from")
    last = None if end is None else dates.parse_date(end, today, "--to")
    if first and last and first > last:
        raise InvalidInput(f"--from ({first}) is after --to ({last}).")
    return {"start": first, "end": last}


def _print_entries(found: list[Entry], fmt: Format, today: Any) -> None:
    if fmt is Format.json:
        from msjournal.export import write_json

        write_json(found, sys.stdout)
    elif fmt is Format.csv:
        from msjournal.export import write_csv

        write_csv(found, sys.stdout)
    elif not found:
        say("No entries match.")
    else:
        from msjournal import render

        render.print_entries(found, today)


EntryId = Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see msjournal list).")]


@app.command(epilog="Example: msjournal show 12")
def show(ctx: typer.Context, entry_id: EntryId, fmt: FormatOpt = Format.table) -> None:
    """Show one entry in full."""
    with _open(ctx) as journal:
        entry = journal.get(entry_id)
    if entry is None:
        from msjournal.errors import UnknownEntry

        raise UnknownEntry([entry_id])
    if fmt is Format.table:
        from msjournal import render

        render.print_entry(entry)
    elif fmt is Format.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(entry))
    else:
        _print_entries([entry], fmt, None)


@app.command(
    epilog="Examples: msjournal edit 12 --severity 5  |  msjournal edit 12 --note ''"
    "  (an empty value clears an optional field)",
)
def edit(
    ctx: typer.Context,
    entry_id: EntryId,
    severity: Annotated[
        str | None, typer.Option("--severity", metavar="0-10", help=SEVERITY_HELP)
    ] = None,
    minutes: Annotated[
        str | None, typer.Option("--minutes", metavar="1-600", help="Exercise minutes.")
    ] = None,
    where: WhereOpt = None,
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    kind: Annotated[
        str | None,
        typer.Option("--type", help="Fatigue type, or exercise type.", show_default=False),
    ] = None,
    near: Annotated[
        bool | None,
        typer.Option("--near/--not-near", help="A near-fall, or a fall.", show_default=False),
    ] = None,
    place: PlaceOpt = None,
    doing: DoingOpt = None,
    cause: CauseOpt = None,
    injury: InjuryOpt = None,
    aid: AidOpt = None,
    got_up_alone: GotUpOpt = None,
    effort: EffortOpt = None,
    with_therapist: Annotated[
        bool | None,
        typer.Option(
            "--with-therapist/--without-therapist",
            show_default=False,
            help="Supervised by a physical therapist, or not.",
        ),
    ] = None,
    after: AfterOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Change any field of an entry. Its id, uuid and logged time stay."""
    moment = now()
    given: dict[str, Any] = {}

    def clearable(name: str, raw: str | None, parse: Callable[[str], Any]) -> None:
        if raw is not None:
            given[name] = None if raw.strip() == "" else parse(raw)

    def listed(name: str, raw: list[str] | None, parse: Callable[[list[str]], Any]) -> None:
        if raw is not None:
            given[name] = () if all(not r.strip() for r in raw) else parse(raw)

    clearable("severity", severity, _number("severity", *entries.SEVERITY_RANGE))
    clearable("minutes", minutes, _number("number of minutes", *entries.MINUTES_RANGE))
    listed("regions", where, lambda raw: _many("region", raw))
    listed("activities", activity, lambda raw: _many("activity", raw))
    clearable("duration_minutes", duration, dates.parse_duration)
    clearable("type", kind, str)
    if near is not None:
        given["near_fall"] = near
    clearable("place", place, lambda raw: vocab.match("place", raw))
    clearable("doing", doing, lambda raw: vocab.match("doing", raw))
    listed("causes", cause, lambda raw: _many("cause", raw))
    clearable("injury", injury, lambda raw: vocab.match("injury", raw))
    listed("aids", aid, lambda raw: _many("aid", raw))
    if got_up_alone is not None:
        given["got_up_alone"] = got_up_alone
    clearable("effort", effort, _number("effort", *entries.EFFORT_RANGE))
    if with_therapist is not None:
        given["with_therapist"] = with_therapist
    clearable("after", after, _number("after", 0, 10))
    if at is not None:
        given["at"] = dates.parse_when(at, moment)
    clearable("note", note, lambda raw: _note(raw))
    listed("tags", tag, lambda raw: entries.clean_tags(raw))
    if not given:
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --severity 5.",
            "See all options with: msjournal edit --help",
        )

    def change(old: Entry) -> Entry:
        return entries.validate(old.replace(**_edit_fields(old, dict(given), entry_id)))

    with _open(ctx) as journal:
        saved = journal.edit(entry_id, change, moment)
    say(f"Updated entry {saved.id}: {entries.describe(saved)}.")
    if fmt is LogFormat.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(saved))


_OPTION_OF = {
    "severity": "--severity",
    "minutes": "--minutes",
    "regions": "--where",
    "activities": "--activity",
    "duration_minutes": "--duration",
    "near_fall": "--near",
    "place": "--place",
    "doing": "--doing",
    "causes": "--cause",
    "injury": "--injury",
    "aids": "--aid",
    "got_up_alone": "--got-up-alone",
    "effort": "--effort",
    "with_therapist": "--with-therapist",
    "after": "--after",
}
_REQUIRED = {"severity", "minutes", "regions", "near_fall", "with_therapist"}


def _edit_fields(old: Entry, given: dict[str, Any], entry_id: int) -> dict[str, Any]:
    """Check the edit's options against the entry's kind; return the new fields."""
    if "type" in given:
        raw = given.pop("type")
        if old.kind not in ("fatigue", "exercise") or raw is None:
            raise InvalidInput(
                f"--type needs a value and is for fatigue or exercise; "
                f"entry {entry_id} is a {old.kind} entry."
            )
        field = "fatigue_type" if old.kind == "fatigue" else "exercise_type"
        given[field] = vocab.match(field.replace("_", " "), raw)
    allowed = entries.KIND_FIELDS[old.kind]
    for name, value in given.items():
        if name in _OPTION_OF and name not in allowed:
            raise InvalidInput(
                f"{_OPTION_OF[name]} does not apply: entry {entry_id} is a {old.kind} entry."
            )
        if name in _REQUIRED and value in (None, ()):
            raise InvalidInput(f"{_OPTION_OF[name]} cannot be emptied.")
    if given.get("near_fall") and "injury" not in given:
        given["injury"] = "none"
    if given.get("near_fall") and "got_up_alone" not in given:
        given["got_up_alone"] = None
    if old.kind == "fall" and "injury" in given and given["injury"] is None:
        given["injury"] = "none"
    return given


def _confirm(question: str, yes: bool, how: str) -> None:
    if yes:
        return
    if not stdin_is_terminal():
        raise InvalidInput(f"{how} needs confirmation: add --yes to go ahead without a question.")
    if not typer.confirm(question, default=False, err=True):
        say("Nothing was changed.")
        raise typer.Exit(0)


YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


@app.command(epilog="Example: msjournal delete 12 13")
def delete(
    ctx: typer.Context,
    ids: Annotated[
        list[int] | None,
        typer.Argument(metavar="ID...", help="The ids to delete.", show_default=False),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Delete every entry in the journal.")
    ] = False,
    yes: YesOpt = False,
) -> None:
    """Delete entries by id (asks first). Never deletes without ids or --all."""
    if everything and ids:
        raise InvalidInput("Give ids or --all, not both.")
    if not everything and not ids:
        raise InvalidInput(
            "Say which entries to delete, e.g.: msjournal delete 12",
            "See the ids with: msjournal list. To delete every entry, use --all.",
        )
    today = now().date()
    with _open(ctx) as journal:
        if everything:
            total = journal.count()
            if total == 0:
                say("The journal has no entries; nothing to delete.")
                return
            _confirm(f"Delete all {total} entries? This cannot be undone.", yes, "Deleting")
            removed = journal.delete_all()
            say(f"Deleted all {removed} entries.")
            return
        assert ids is not None
        wanted = list(dict.fromkeys(ids))
        found = journal.get_many(wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            from msjournal.errors import UnknownEntry

            raise UnknownEntry(missing)
        if not yes and stdin_is_terminal():
            from msjournal import render

            render.print_entries_to_stderr([found[i] for i in wanted], today)
        noun = "this entry" if len(wanted) == 1 else f"these {len(wanted)} entries"
        _confirm(f"Delete {noun}?", yes, "Deleting")
        journal.delete(wanted)
    listed = ", ".join(str(i) for i in wanted)
    say(f"Deleted {'entry' if len(wanted) == 1 else 'entries'} {listed}.")


@app.command(epilog="Example: msjournal undo")
def undo(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Remove the entry you logged most recently (asks first)."""
    with _open(ctx) as journal:
        last = journal.last_logged()
        if last is None:
            _fail("Nothing to undo: the journal has no entries.")
        say(
            f"The last entry you logged is {last.id}: {entries.describe(last)} "
            f"({last.at:%a %d %b %H:%M})."
        )
        _confirm("Remove it?", yes, "Undo")
        if not journal.delete_exact(last):
            _fail("That entry changed or was removed meanwhile; nothing was removed.")
    say(f"Removed entry {last.id}.")


def _fail(message: str) -> NoReturn:
    raise MsJournalError(message)


@app.command(epilog="Example: msjournal path")
def path(ctx: typer.Context) -> None:
    """Print where the journal file is, and why it is there."""
    where = resolve(_state(ctx).db)
    typer.echo(str(where.path))
    exists = "" if where.path.exists() else "; no journal there yet"
    say(f"({where.explained}{exists})")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="msjournal")
