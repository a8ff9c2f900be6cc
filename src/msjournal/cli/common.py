"""The Typer app, its error handling, and the options and helpers commands share.

Start-up is kept lean: rich, sqlite-utils and dateutil are imported only inside
the commands that need them, so ``msjournal log ...`` answers quickly.
"""

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

import typer
from typer import _click as _click_core
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup, TyperOption

from msjournal import __version__, dates, entries, plain, vocab
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
    "today",
    "checkin",
    "due",
    "score",
    "report",
    "insights",
    "visit",
    "appointment",
    "question",
    "rules",
    "list",
    "scores",
    "treatment",
    "relapse",
    "aid",
    "home",
    "show",
    "edit",
    "delete",
    "undo",
    "history",
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
    """A message for the person: always on stderr, so stdout stays data.

    Messages quote what people typed, so control characters are shown, never obeyed
    (``\\x1b[2J`` stays text); the line breaks msjournal puts in a message are kept.
    """
    with contextlib.suppress(OSError, ValueError):  # what came before it, first
        sys.stdout.flush()
    typer.echo(fit(entries.inert(message, keep_newlines=True), sys.stderr), err=True)


def fit(text: str, stream: Any) -> str:
    """Wrap long lines at word breaks to the width of the terminal (not in pipes)."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return text
    import shutil

    width = max(20, shutil.get_terminal_size().columns - 1)
    if all(len(line) <= width for line in text.split("\n")):
        return text
    import textwrap

    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) if line else line
        for line in text.split("\n")
    )


@dataclass
class State:
    db: str | None = None
    debug: bool = False


# Options of msjournal itself, accepted after the command too (moved before it).
GLOBAL_FLAGS = ("--debug", "--plain")
GLOBAL_OPTIONS = ("--db",)  # these take a value


def or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def completions(names: Any, word: str) -> list[str]:
    """The names ``word`` may mean: itself, or the names it is the start of."""
    word = word.lower()
    if not word:
        return []
    if word in names:
        return [word]
    return [name for name in names if name.startswith(word)]


class NarrowHelpFormatter(HelpFormatter):
    """Help that reads at a large font: below 60 columns each option or command is on
    its own line with its description under it, never squeezed into a slim column."""

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self.width >= 60:
            super().write_dl(rows, col_max, col_spacing)
            return
        import textwrap

        indent = self.current_indent + 4
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}\n")
            for line in textwrap.wrap(second, max(self.width - indent, 16), break_on_hyphens=False):
                self.write(f"{'':>{indent}}{line}\n")


# Every context of msjournal's commands formats its help this way.
_click_core.Context.formatter_class = NarrowHelpFormatter


class CommandGroup(TyperGroup):
    """A group whose commands can be shortened to any unique start: ``rep``, ``log ex``."""

    noun = "command"

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands with their whole summaries: none cut short with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-"):
            found = completions(self.list_commands(ctx), args[0])
            if len(found) == 1:
                args = [found[0], *args[1:]]
            elif found and not ctx.resilient_parsing:
                ctx.fail(
                    f"'{args[0]}' could be {or_list(found)}; type a little more of the {self.noun}."
                )
        return super().resolve_command(ctx, args)


class LogGroup(CommandGroup):
    noun = "kind"


class UsageProblem(typer.TyperException):
    """Something typed that Click itself would call a usage error (status 2)."""

    exit_code = 2


def takes_value(word: str, valued: set[str]) -> bool:
    """Whether the option ``word`` takes the next word as its value."""
    if word.startswith("--"):
        return "=" not in word and word in valued
    for i, letter in enumerate(word[1:]):  # -y, -wlegs, -yn: short options run together
        if f"-{letter}" in valued:
            return i == len(word) - 2  # the value is the next word unless it follows here
    return False


def valued_options(command: Any) -> set[str]:
    return {
        name
        for param in command.params
        if isinstance(param, TyperOption) and not param.is_flag and not param.count
        for name in (*param.opts, *param.secondary_opts)
    }


def arranged(group: TyperGroup, args: list[str]) -> list[str]:
    """The words of a run as Click needs them.

    Click reads msjournal's own options (--db, --debug, --plain) only before the command, so
    those given after it are moved there (the last of two wins, as before it); never
    a value of another option (``--note --db``) or a word after ``--``. ``help
    [COMMAND]`` becomes ``[COMMAND] --help``.
    """
    front: list[str] = []
    rest: list[str] = []
    command: Any = group
    valued = valued_options(group)
    asked_help = False
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if word == "--":
            rest += args[i - 1 :]
            break
        if word.split("=")[0] in GLOBAL_OPTIONS:
            if "=" in word:
                front.append(word)
            elif i < len(args):
                front += [word, args[i]]
                i += 1
            else:
                raise UsageProblem(f"{word} needs a path after it, e.g. {word} journal.db.")
        elif word in GLOBAL_FLAGS:
            front.append(word)
        elif word.startswith("-") and len(word) > 1:
            rest.append(word)
            if takes_value(word, valued) and i < len(args):
                rest.append(args[i])
                i += 1
        elif isinstance(command, TyperGroup):
            if word.lower() == "help" and not asked_help and "help" not in command.commands:
                asked_help = True
                continue
            found = completions(command.commands, word)
            if len(found) != 1:  # unknown or ambiguous: Click explains
                rest += args[i - 1 :]
                break
            command = command.commands[found[0]]
            valued = valued_options(command)
            rest.append(word)
        else:
            rest.append(word)
    return front + rest + (["--help"] if asked_help else [])


class JournalGroup(CommandGroup):
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
        import shutil

        plain.use(False)  # until this run's own --plain is read
        columns = shutil.get_terminal_size().columns
        if columns < 52:  # Click wraps help at 50 columns at the narrowest by itself
            kwargs.setdefault("terminal_width", max(columns - 2, 20))
        try:
            status = super().main(
                args=arranged(self, list(sys.argv[1:] if args is None else args)),
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
        except (typer.Abort, KeyboardInterrupt):  # Ctrl-C or Ctrl-D outside a command
            say("\nStopped. Nothing was changed.")
            status = 130
        except BrokenPipeError:  # the reader went away while help or usage was shown
            quiet_stdout()
            status = 0
        finally:
            plain.use(False)  # --plain was for this run only
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
        except typer.Abort:  # Ctrl-C or Ctrl-D at a question
            saves = ctx.invoked_subcommand in ("log", "score", "home")
            say(f"\nStopped. Nothing was {'saved' if saves else 'changed'}.")
            raise typer.Exit(130) from None
        except (typer.TyperException, typer.Exit):
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
            # The reader went away (`msjournal list | head -1`): it has all it wanted,
            # so stop quietly, with success, as other command-line tools do.
            quiet_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            if debugging(ctx):
                raise
            say(
                f"Error: msjournal hit an unexpected problem ({type(exc).__name__}). "
                "Nothing more was changed."
            )
            say("Run the same command with --debug to see the details.")
            raise typer.Exit(1) from None


def quiet_stdout() -> None:
    """Send what is left of the output nowhere: its reader has gone."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


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
    help="A private journal for living with MS: log weakness, fatigue, falls, "
    "exercise and other symptoms, see how you are doing, and take a clean record "
    "to your doctor.",
    invoke_without_command=True,  # bare msjournal shows the help (exit 0)
    pretty_exceptions_show_locals=False,  # locals hold health data
    rich_markup_mode=None,  # plain help: wraps at any width, needs no rich
    context_settings=CONTEXT,
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing\n\n"
    "Help on one command: msjournal help log",
)
log_app = typer.Typer(
    cls=LogGroup,
    name="log",
    help="Log weakness, fatigue, a fall, exercise, or another symptom.",
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    epilog="Example: msjournal log fatigue 7 --type cognitive",
)
app.add_typer(log_app)


def help_without_command(ctx: typer.Context) -> None:
    """Bare ``msjournal`` or ``msjournal log``: the help, as --help shows it (exit 0)."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def command_group(name: str, text: str, epilog: str) -> typer.Typer:
    """A command with subcommands (``msjournal appointment add``), added to the app;
    alone, it shows its help."""
    made = typer.Typer(
        cls=CommandGroup,
        name=name,
        help=text,
        invoke_without_command=True,
        rich_markup_mode=None,
        context_settings=CONTEXT,
        epilog=epilog,
    )
    made.callback()(help_without_command)
    app.add_typer(made)
    return made


@log_app.callback()
def log_options(ctx: typer.Context) -> None:
    help_without_command(ctx)


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
    plain_output: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Plain output for screen readers and braille displays: nothing drawn, "
            "one fact per line. MSJOURNAL_PLAIN=1 does the same.",
        ),
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
    plain.use(plain_output)
    help_without_command(ctx)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, State) else State()


def open_journal_at(
    ctx: typer.Context, *, create: bool = False, write: bool | None = None
) -> Journal:
    """The journal this command works on; ``write`` for commands that change it."""
    journal = open_journal(resolve(state(ctx).db), create=create, write=write)
    if journal.created:  # a mistyped --db or MSJOURNAL_DB shows at once
        say(f"Started a new journal at {journal.path}.")
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
# A period's first and last day (a report, a visit summary).
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="First day of the period.", show_default=False),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to", metavar="DATE", help="Last day of the period (default today).", show_default=False
    ),
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


PROMPT_WIDTH = 39  # a question and the cursor fit on one line of 40 columns
EMPTY_TRIES = 3  # an empty answer to a required question is asked again at most twice


def many(vocabulary: str, values: list[str] | None) -> tuple[str, ...]:
    """Repeated or comma-separated choices."""
    return vocab.match_many(vocabulary, values) if values else ()


def choices_question(label: str, vocabulary: str) -> str:
    """``Where? (legs, feet, arms, … ? for all)``: the choices once, within 40 columns.

    Sided words (left-leg) are left for the full list, which ``?`` shows.
    """
    words = vocab.VOCABULARIES[vocabulary]
    whole = f"{label}? ({', '.join(words)})"
    if len(whole) <= PROMPT_WIDTH:
        return whole
    more = f", {ellipsis()} ? for all)"
    shown: list[str] = []
    for word in words:
        if word.startswith(("left-", "right-")):
            continue
        if len(f"{label}? ({', '.join([*shown, word])}{more}") > PROMPT_WIDTH:
            break
        shown.append(word)
    return f"{label}? ({', '.join(shown)}{more}" if shown else f"{label}? (? for all)"


def ellipsis() -> str:
    return printable("…", "...")


def arrow() -> str:
    """``→`` between an old value and a new one, ``->`` where it cannot be shown, and
    the word ``to`` in plain output (``severity 5 to 6``)."""
    return "to" if plain.plain() else printable("→", "->")


def printable(wanted: str, fallback: str) -> str:
    """``wanted`` if the terminal's encoding can show it and the output is not plain,
    else ``fallback``."""
    if plain.plain():
        return fallback
    encoding = getattr(sys.stderr, "encoding", None) or "ascii"
    try:
        wanted.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return fallback
    return wanted


class WrongPart(InvalidInput):
    """One wrong value among several typed together (``legs,armz``): the rest stay."""

    def __init__(self, wrong: InvalidInput, others: list[str]) -> None:
        super().__init__(wrong.message, wrong.hint, wrong.suggestion)
        self.others = others


def parse_many(vocabulary: str) -> Callable[[str], tuple[str, ...]]:
    """Comma-separated choices; a wrong one is reported with the others kept."""

    def parse(text: str) -> tuple[str, ...]:
        parts = [part for part in text.split(",") if part.strip()] or [""]
        found = []
        for i, part in enumerate(parts):
            try:
                found.append(vocab.match(vocabulary, part))
            except InvalidInput as exc:
                raise WrongPart(exc, parts[:i] + parts[i + 1 :]) from None
        return vocab.ordered(vocabulary, found)

    return parse


def parse_one(vocabulary: str) -> Callable[[str], str]:
    return lambda text: vocab.match(vocabulary, text)


@dataclass
class Guess(Generic[T]):
    """A value typed in the wrong place that likely meant this one: a tag that is a
    fatigue or exercise type (``-t cog``: ``--type cognitive``). A terminal offers it
    (``Did you mean --type cognitive? [Y/n]``); ``taken`` once the person says yes."""

    value: T
    offer: str  # how it is offered: "--type cognitive"
    offered: bool = False  # asked at a terminal
    taken: bool = False


@dataclass
class Value(Generic[T]):
    """One value of a command: as typed on the command line (None if it was not), how
    to read it, and how to ask for it at a terminal."""

    typed: str | None
    question: str
    parse: Callable[[str], T]
    vocabulary: str | None = None  # a choice: ``?`` lists every word
    missing: str | None = None  # a required value: the message for a script without it
    enter: str = "to skip"  # what Enter does to an optional value
    always: bool = False  # asked at a terminal even when not given (a fall's injury)
    guess: Guess[T] | None = None  # what something typed elsewhere may have meant
    forms: str | None = None  # what ``?`` shows for a value that is not a choice
    insist: bool = False  # typed wrongly, it must be typed again: Enter is no answer
    value: T | None = None
    wrong: InvalidInput | None = None

    @property
    def required(self) -> bool:
        return self.missing is not None

    def get(self) -> T:
        """A required value, once the form is filled."""
        if self.value is None:
            raise MissingValue(self.missing or "A value is missing.")
        return self.value


def choices(
    vocabulary: str, label: str, typed: list[str] | None, missing: str | None = None
) -> Value[tuple[str, ...]]:
    """Choices from a vocabulary, repeated or comma-separated."""
    return Value(
        None if typed is None else ",".join(typed),
        choices_question(label, vocabulary),
        parse_many(vocabulary),
        vocabulary=vocabulary,
        missing=missing,
    )


def one_choice(vocabulary: str, label: str, typed: str | None, **how: Any) -> Value[str]:
    return Value(
        typed, choices_question(label, vocabulary), parse_one(vocabulary), vocabulary, **how
    )


class Form:
    """The values a command was given, checked all at once, then completed at a terminal.

    Everything typed is checked first. In a script the first wrong value or missing
    required one is an error (status 2). At a terminal the required values that are
    missing are asked for first, then the ones typed wrongly; Enter leaves out an
    optional one. Nothing is saved until every value is there.
    """

    def __init__(self) -> None:
        self.values: list[Value[Any]] = []

    def add(self, value: Value[T]) -> Value[T]:
        self.values.append(value)
        return value

    def fill(self) -> None:
        terminal = stdin_is_terminal()
        for value in self.values:
            if value.typed is not None:
                try:
                    value.value = value.parse(value.typed)
                except InvalidInput as exc:
                    if not terminal:
                        raise
                    value.wrong = exc
        for value in self.values:
            if value.typed is None and value.missing is not None and not terminal:
                raise MissingValue(value.missing)
        if not terminal:
            return
        for value in self.values:
            if value.typed is None and (value.required or value.always or value.guess):
                value.value = answer(value)
        for value in self.values:
            if value.wrong is not None:
                value.value = answer(value, value.wrong)


def prompt(question: str) -> str:
    """One line typed at the terminal (Ctrl-C or Ctrl-D stop: typer.Abort).

    A question may quote what was typed: its control characters are shown, never obeyed.
    """
    shown = fit(entries.inert(question, keep_newlines=True), sys.stderr)
    text: str = typer.prompt(shown, default="", show_default=False, prompt_suffix=" ", err=True)
    return text


def answer(value: Value[T], wrong: InvalidInput | None = None) -> T | None:
    """Ask until the answer is usable; ``wrong``: what was wrong with the typed value.

    ``?`` lists every choice. Enter leaves out an optional value (None); for a required
    one it asks again, at most twice, then stops: nothing is saved (status 2). A wrong
    answer with one likely meaning offers it: ``Did you mean dressing? [Y/n]``, and so
    is a value's guess before anything is asked (no to an optional one leaves it out).
    """
    others: list[str] = []  # the right values typed together with a wrong one
    required = value.required or (value.insist and wrong is not None)
    empty = 0
    told_enter = False
    guess = value.guess if wrong is None else None
    while True:
        reply: str | None = None
        if guess is not None:
            guess.offered = True
            reply = did_you_mean(guess.offer)
            if reply == guess.offer:
                guess.taken = True
                return guess.value
            if reply is None and not (value.required or value.always):
                return None  # no: the value stays out, as if not asked
            guess = None
        elif wrong is not None:
            say(briefly(wrong, value.vocabulary))
            others = wrong.others if isinstance(wrong, WrongPart) else []
            reply = did_you_mean(wrong.suggestion)
            if reply is None and not required and not told_enter:
                say(f"Type it again, or press Enter {value.enter}.")
                told_enter = True
            wrong = None
        text = (prompt(value.question) if reply is None else reply).strip()
        if text == "?" and (value.vocabulary or value.forms):
            say(vocab.choices_sentence(value.vocabulary) if value.vocabulary else value.forms or "")
            continue
        if not text and not others:
            if not required:
                return None
            empty += 1
            if empty == EMPTY_TRIES:
                say("Nothing was saved.")
                raise typer.Exit(2)
            say("Please answer, or press Ctrl-C to stop.")
            continue
        try:
            return value.parse(",".join([*others, text]) if others else text)
        except InvalidInput as exc:
            wrong = exc


def did_you_mean(suggestion: str | None) -> str | None:
    """Offer the one likely meaning: Enter or y takes it; n asks for the value again;
    anything else is taken as the answer itself."""
    if suggestion is None:
        return None
    reply = prompt(f"Did you mean {suggestion}? [Y/n]").strip()
    if reply.lower() in ("", "y", "yes"):
        return suggestion
    if reply.lower() in ("n", "no"):
        return None
    return reply


def yes_no(question: str, default: bool) -> bool:
    """A one-key question: y or n, then Enter; Enter alone is the default shown in
    capitals (``[y/N]``: no). Anything else is asked again."""
    keys = "[Y/n]" if default else "[y/N]"
    while True:
        reply = prompt(f"{question} {keys}").strip().lower()
        if not reply:
            return default
        if reply in ("y", "yes"):
            return True
        if reply in ("n", "no"):
            return False
        say("Please type y or n, then press Enter.")


def briefly(wrong: InvalidInput, vocabulary: str | None) -> str:
    """What was wrong, without what the questions show anyway (the choices, the guess)."""
    message = wrong.message
    if wrong.suggestion is not None:
        message = message.replace(f" Did you mean {wrong.suggestion}?", "")
    if vocabulary is not None:
        message = message.removesuffix(f" {vocab.choices_sentence(vocabulary)}")
    return message if not wrong.hint else f"{message}\n{wrong.hint}"


def confirm(question: str, yes: bool, how: str = "Deleting") -> None:
    """Ask before changing something (``--yes`` skips it); a script without ``--yes``
    is refused (status 2), and no at the question changes nothing."""
    if yes:
        return
    if not stdin_is_terminal():
        raise InvalidInput(f"{how} needs confirmation: add --yes to go ahead without a question.")
    if not typer.confirm(question, default=False, prompt_suffix=" ", err=True):
        say("Nothing was changed.")
        raise typer.Exit(0)


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
            f"'{text.strip()}' is not an entry id: use a number such as 12, or last.",
            "See the ids with: msjournal list",
        )
    return int(cleaned)


def number(what: str, low: int, high: int) -> Callable[[str], int]:
    return lambda text: entries.parse_number(text, what, low, high)


WHEN_QUESTION = "When? (e.g. 9am, yesterday 3pm)"


def when(typed: str | None, moment: datetime) -> Value[datetime]:
    """--at: when it happened; now if not given (or left out at a terminal)."""
    return Value(
        typed,
        WHEN_QUESTION,
        lambda text: dates.parse_when(text, moment),
        enter="for now",
        forms=WHEN_FORMS,
        insist=True,  # a time typed wrongly was meant: Enter must not make it now
    )


WHEN_FORMS = (
    "For example: now, 9am, 14:30, this morning, last night, yesterday 3pm, "
    "friday evening, 2 days ago, half an hour ago, 30/11, 2026-11-20 14:30."
)
