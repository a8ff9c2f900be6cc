"""The Typer app, its error handling, and the options and helpers commands share.

Start-up is kept lean: rich, sqlite-utils and dateutil are imported only inside
the commands that need them, so ``msjournal log ...`` answers quickly.
"""

import contextlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from msjournal import __version__, dates, entries, vocab
from msjournal.db import Journal, open_journal
from msjournal.errors import InvalidInput, MissingValue, MsJournalError
from msjournal.paths import resolve

T = TypeVar("T")

CONTEXT: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    "token_normalize_func": str.lower,  # 'log Weakness' works too
}
SEVERITY_HELP = "0 none to 10 worst imaginable."
COMMAND_ORDER = (
    "log",
    "report",
    "list",
    "show",
    "edit",
    "delete",
    "undo",
    "export",
    "import",
    "backup",
    "check",
    "path",
)


def stdin_is_terminal() -> bool:
    """Whether a person is at the keyboard (tests replace this)."""
    return sys.stdin is not None and sys.stdin.isatty()


def now() -> datetime:
    return datetime.now().astimezone()


def say(message: str) -> None:
    """A message for the person: always on stderr, so stdout stays data."""
    typer.echo(fit(message, sys.stderr), err=True)


def fit(text: str, stream: Any) -> str:
    """Wrap long lines at word breaks to the width of the terminal (not in pipes)."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return text
    import shutil

    width = max(20, shutil.get_terminal_size().columns - 1)
    if all(len(line) <= width for line in text.split("\n")):
        return text
    import textwrap

    return "\n".join(textwrap.fill(line, width) if line else line for line in text.split("\n"))


@dataclass
class State:
    db: str | None = None
    debug: bool = False


class JournalGroup(TyperGroup):
    """The one place that turns errors into a message and an exit status."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Run the command; show usage errors as plain sentences, not boxes."""
        try:
            status = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **kwargs,
            )
        except typer.TyperException as exc:  # Click's usage errors
            say(f"Error: {usage_message(exc)}")
            command = getattr(getattr(exc, "ctx", None), "command_path", "msjournal")
            say(f"See the options with: {command} --help")
            status = exc.exit_code
        except typer.Abort:  # Ctrl-C or Ctrl-D at a question
            say("\nStopped. Nothing was changed.")
            status = 1
        if not standalone_mode:
            return status
        sys.exit(status if isinstance(status, int) else 0)

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands in the order a person needs them, logging first."""
        names = super().list_commands(ctx)
        order = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: order.get(name, len(order)))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except MsJournalError as exc:
            if debugging(ctx):
                raise
            say(f"Error: {exc.message}")
            if exc.hint:
                say(exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say("\nStopped. Nothing more was changed.")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (e.g. `msjournal list | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            if debugging(ctx):
                raise
            say(
                f"Error: msjournal hit an unexpected problem ({type(exc).__name__}). "
                "Nothing more was changed."
            )
            say("Run the same command with --debug to see the details.")
            raise typer.Exit(1) from None


def usage_message(exc: Exception) -> str:
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    negative = re.fullmatch(r"No such option: (-\d+)", text)
    if negative:
        return f"Numbers here cannot be negative (got {negative.group(1)})."
    return text


def debugging(ctx: typer.Context) -> bool:
    return isinstance(ctx.obj, State) and ctx.obj.debug


app = typer.Typer(
    cls=JournalGroup,
    name="msjournal",
    help="A private journal for living with MS: log weakness, fatigue, falls and "
    "exercise, see how you are doing, and take a clean record to your doctor.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold health data
    rich_markup_mode=None,  # plain help: wraps at any width, needs no rich
    context_settings=CONTEXT,
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing",
)
log_app = typer.Typer(
    name="log",
    help="Log weakness, fatigue, a fall, or exercise.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    epilog="Example: msjournal log fatigue 7 --type cognitive",
)
app.add_typer(log_app)


def show_version(value: bool) -> None:
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
            callback=show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    ctx.obj = State(db=db, debug=debug)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, State) else State()


def open_journal_at(
    ctx: typer.Context, *, create: bool = False, write: bool | None = None
) -> Journal:
    """The journal this command works on; ``write`` for commands that change it."""
    journal = open_journal(resolve(state(ctx).db), create=create, write=write)
    warn_once_if_synced(journal)
    return journal


SYNC_NOTICE = "sync-folder-warning"


def warn_once_if_synced(journal: Journal) -> None:
    """Reliability: a live journal in a cloud-synced or network folder can be damaged."""
    from msjournal.paths import sync_risk, sync_warning

    risk = sync_risk(journal.path)
    if risk is None or journal.notice_shown(SYNC_NOTICE):
        return
    say(sync_warning(risk))
    with contextlib.suppress(MsJournalError):  # read-only: warn again next time
        journal.record_notice(SYNC_NOTICE, now())


# --- shared options ---------------------------------------------------------------


def completer(vocabulary: str) -> Callable[[str], list[str]]:
    words = vocab.VOCABULARIES[vocabulary]

    def complete(incomplete: str) -> list[str]:
        return [word for word in words if word.startswith(incomplete.lower())]

    return complete


def choice(vocabulary: str, *names: str, help: str) -> Any:
    return typer.Option(
        *names,
        metavar=vocabulary.upper().replace(" ", "-"),
        help=f"{help} Choices: {', '.join(vocab.VOCABULARIES[vocabulary])}.",
        autocompletion=completer(vocabulary),
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
        metavar="TEXT",
        help="A note in your own words; '-' reads it from input.",
        show_default=False,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
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
    choice("region", "--where", "-w", help="Where the weakness is (one or more)."),
]
ActivityOpt = Annotated[
    list[str] | None,
    choice("activity", "--activity", "-a", help="Daily activities it made hard."),
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
PlaceOpt = Annotated[str | None, choice("place", "--place", help="Where it happened.")]
DoingOpt = Annotated[str | None, choice("doing", "--doing", help="What you were doing.")]
CauseOpt = Annotated[
    list[str] | None, choice("cause", "--cause", help="What caused it (one or more).")
]
InjuryOpt = Annotated[str | None, choice("injury", "--injury", help="Injury; default none.")]
AidOpt = Annotated[list[str] | None, choice("aid", "--aid", help="Walking aids or braces in use.")]
GotUpAloneOpt = Annotated[
    bool, typer.Option("--got-up-alone", help="After a fall: got up without help.")
]
NeededHelpOpt = Annotated[
    bool, typer.Option("--needed-help", help="After a fall: needed help to get up.")
]


def got_up(alone: bool, needed_help: bool) -> bool | None:
    """--got-up-alone, --needed-help, or neither (unknown); never both."""
    if alone and needed_help:
        raise InvalidInput("Give one of --got-up-alone and --needed-help, not both.")
    return True if alone else (False if needed_help else None)


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


def ask(question: str, parse: Callable[[str], T]) -> T:
    """Ask until the answer is valid (only called when a person is at the keyboard)."""
    while True:
        answer = typer.prompt(fit(question, sys.stderr), err=True)
        try:
            return parse(answer)
        except InvalidInput as exc:
            say(exc.message)


def need(value: T | None, what: str, option: str, question: str, parse: Callable[[str], T]) -> T:
    if value is not None:
        return value
    if stdin_is_terminal():
        return ask(question, parse)
    raise MissingValue(f"Missing {what}: give it as {option}.")


def parse_choices(vocabulary: str) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        values = vocab.match_many(vocabulary, [text])
        if not values:
            raise InvalidInput(f"Give at least one {vocabulary}.")
        return values

    return parse


def checked(raw: str | None, parse: Callable[[str], T], question: str) -> T | None:
    """A value typed on the command line. At a terminal a wrong one is explained and
    asked for again, so a tired person need not type the whole command once more."""
    if raw is None:
        return None
    try:
        return parse(raw)
    except InvalidInput as exc:
        if not stdin_is_terminal():
            raise
        say(exc.message)
        return ask(question, parse)


def choices_question(label: str, vocabulary: str) -> str:
    return f"{label}? ({', '.join(vocab.VOCABULARIES[vocabulary])})"


def many(vocabulary: str, values: list[str] | None, question: str | None = None) -> tuple[str, ...]:
    """Repeated or comma-separated choices; with ``question``, forgiving at a terminal."""
    if not values:
        return ()
    try:
        return vocab.match_many(vocabulary, values)
    except InvalidInput as exc:
        if question is None or not stdin_is_terminal():
            raise
        say(exc.message)
        return ask(question, lambda text: vocab.match_many(vocabulary, [text]))


def one(vocabulary: str, value: str | None, question: str | None = None) -> str | None:
    """One choice; with ``question``, forgiving at a terminal."""
    if question is None:
        return None if value is None else vocab.match(vocabulary, value)
    return checked(value, lambda text: vocab.match(vocabulary, text), question)


def read_note(text: str | None) -> str | None:
    if text is None:
        return None
    if text == "-":
        if stdin_is_terminal():
            say("Type your note, then press Enter and Ctrl-D.")
        text = sys.stdin.read() if sys.stdin is not None else ""
    return entries.clean_note(text)


def day_range(
    start: str | None, end: str | None, today: date, week: bool = False, month: bool = False
) -> tuple[date | None, date | None]:
    """--from/--to (inclusive local days), or --week / --month (the days ending today)."""
    if sum((week, month, start is not None or end is not None)) > 1:
        raise InvalidInput("Choose one period: --week, --month, or --from/--to.")
    if week or month:
        period = dates.last_days(7 if week else 30, today)
        return period.start, period.end
    first = None if start is None else dates.parse_date(start, today, "--from")
    last = None if end is None else dates.parse_date(end, today, "--to")
    if first and last and first > last:
        raise InvalidInput(f"--from ({first}) is after --to ({last}).")
    return first, last


def entry_id(text: str) -> int:
    """An entry id as typed: a whole number such as 12."""
    cleaned = text.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) < 2**63:
        raise InvalidInput(
            f"'{text.strip()}' is not an entry id: ids are whole numbers such as 12.",
            "See the ids with: msjournal list",
        )
    return int(cleaned)


def number(what: str, low: int, high: int) -> Callable[[str], int]:
    return lambda text: entries.parse_number(text, what, low, high)


WHEN_QUESTION = "When did it happen? (e.g. now, 9am, yesterday 3pm, 2 days ago)"


def when(text: str | None, moment: datetime) -> datetime:
    found = checked(text, lambda typed: dates.parse_when(typed, moment), WHEN_QUESTION)
    return moment.replace(microsecond=0) if found is None else found


def common_fields(at: str | None, note: str | None, tag: list[str] | None) -> dict[str, Any]:
    moment = now()
    return {
        "at": when(at, moment),
        "note": read_note(note),
        "tags": entries.clean_tags(tag or []),
    }
