"""``msjournal today`` (also ``checkin``): the whole day in one pass; ``msjournal due``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

import typer

from msjournal import checkin as ci
from msjournal import dates, entries
from msjournal.checkin import CheckIn
from msjournal.cli import common
from msjournal.cli.common import (
    Value,
    answer,
    app,
    now,
    open_journal_at,
    parse_many,
    parse_one,
    say,
    yes_no,
)
from msjournal.db import Journal, Query
from msjournal.entries import Entry
from msjournal.errors import InvalidInput, MissingValue

EXAMPLE = (
    "Examples: msjournal today  |  msjournal today --weakness 4 --where legs "
    '--fatigue 5 --falls 0 --exercise "20 walk"  |  msjournal today --same'
)


def _rating(what: str) -> Callable[[str], int]:
    return lambda text: ci.rating(text, what)


@app.command("today", epilog=EXAMPLE)
def today(
    ctx: typer.Context,
    weakness: Annotated[
        str | None,
        typer.Option("--weakness", metavar="0-10", help="Weakness today, at its worst."),
    ] = None,
    where: Annotated[
        list[str] | None,
        common.choice("region", "--where", "-w", help="Where the weakness is (one or more)."),
    ] = None,
    fatigue: Annotated[
        str | None,
        typer.Option("--fatigue", metavar="0-10", help="Fatigue today, at its worst."),
    ] = None,
    falls: Annotated[
        str | None,
        typer.Option(
            "--falls",
            metavar="FALLS",
            help="Falls and near-falls today besides those logged: 0, '1 fall', "
            "'2 near', '1 fall, 1 near'.",
        ),
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise",
            metavar="SESSIONS",
            help="0, or minutes and type: '20 walk', '20 walk, 15 strength'.",
        ),
    ] = None,
    note: common.NoteOpt = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--day", metavar="DAY", help="Check in for an earlier day: yesterday, monday, 28 nov."
        ),
    ] = None,
    same: Annotated[
        bool, typer.Option("--same", help="The same answers as your last check-in.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm --same.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="Show the day's check-in, its note too; save nothing.")
    ] = False,
) -> None:
    """Check in for the whole day: weakness, fatigue, falls, exercise, a note.

    Enter keeps your last check-in's answer (never for falls). Checking in again
    the same day changes that check-in; entries logged with 'log' stay as they are.
    Also: msjournal checkin
    """
    moment = now()
    the_day = moment.date() if day is None else dates.parse_date(day, moment.date(), "--day")
    if the_day > moment.date():
        raise InvalidInput("--day cannot be in the future: check in on the day, or after it.")
    if show:
        show_checkin(ctx, the_day, moment.date())
        return
    terminal = common.stdin_is_terminal()
    if same and not yes and not terminal:
        raise InvalidInput("--same needs confirmation: add --yes to go ahead without a question.")
    typed = Typed.read(weakness, where, fatigue, falls, exercise, note)
    at = ci.timed(the_day, moment)
    with open_journal_at(ctx, create=True) as journal:
        earlier = journal.checkin_on(the_day)
        last = journal.latest_checkin_before(the_day)
        made_before = journal.entries_of_checkin(earlier)
        logged = others_logged(journal, the_day, made_before)
        answers = Answers(at=at, day=the_day)
        answers.start_from(earlier)  # a second check-in that day changes the first
        last_apart = (0, 0)
        if same:
            if last is None:
                before = "today" if the_day == moment.date() else day_words(the_day, moment.date())
                raise InvalidInput(
                    f"There is no check-in before {before} to repeat. "
                    "Check in with: msjournal today"
                )
            last_apart = counted(others_logged(journal, last.day, journal.entries_of_checkin(last)))
            answers.repeat(last, earlier, last_apart)
        typed.apply(answers)
        if terminal:
            shown = day_words(the_day, moment.date())
            if the_day != moment.date():
                say(f"Check-in for {shown}.")
            if earlier is not None:
                say(f"You checked in for {shown} already: these answers replace that check-in.")
            if same and last is not None:
                when = day_words(last.day, moment.date())
                say(f"Your last check-in ({when}): {ci.describe(last, last_apart)}.")
            ask_the_rest(answers, typed, same, earlier or last, logged, made_before, earlier)
            if same and not yes:
                say(f"Your answers: {ci.describe(answers.build(None), counted(logged))}.")
                if not yes_no("Save them?", default=True):
                    say("Nothing was saved.")
                    raise typer.Exit(0)
        elif answers.weakness and not answers.regions:
            raise MissingValue("Missing where the weakness is: give it as --where legs.")
        elif answers.falls is None:
            raise MissingValue(
                "Missing falls: give --falls 0 if there were none, or --falls '1 fall'."
            )
        saved, added, changed, removed = journal.save_checkin(
            the_day,
            answers.build,
            now(),
            expected=earlier.id if earlier is not None and earlier.id is not None else 0,
            injuries=answers.injuries,
            apart=counted(logged),
        )
    report(saved, the_day, moment.date(), earlier is not None, added, changed, removed, logged)


app.command("checkin", epilog=EXAMPLE, hidden=True)(today)


class Typed:
    """The answers given on the command line, read before any question."""

    def __init__(self) -> None:
        self.weakness: int | None = None
        self.regions: tuple[str, ...] | None = None
        self.fatigue: int | None = None
        self.falls: tuple[int, int] | None = None
        self.exercise: tuple[ci.Session, ...] | None = None
        self.note: str | None = None

    @classmethod
    def read(
        cls,
        weakness: str | None,
        where: list[str] | None,
        fatigue: str | None,
        falls: str | None,
        exercise: str | None,
        note: str | None,
    ) -> Typed:
        typed = cls()
        if weakness is not None:
            typed.weakness = ci.rating(weakness, "weakness")
        if where is not None:
            typed.regions = parse_many("region")(",".join(where))
        if fatigue is not None:
            typed.fatigue = ci.rating(fatigue, "fatigue")
        if falls is not None:
            typed.falls = ci.parse_falls(falls)
        if exercise is not None:
            typed.exercise = ci.parse_exercise(exercise)
        typed.note = common.read_note(note)
        if typed.weakness == 0 and typed.regions:
            raise InvalidInput("--where is for weakness above 0: leave it out, or --weakness.")
        return typed

    def apply(self, answers: Answers) -> None:
        if self.weakness is not None:
            answers.weakness = self.weakness
            answers.regions = self.regions or (answers.regions if self.weakness else ())
            if not self.weakness:
                answers.regions = ()
        elif self.regions is not None:
            answers.regions = self.regions
        if self.fatigue is not None:
            answers.fatigue = self.fatigue
        if self.falls is not None:
            answers.falls = self.falls
        if self.exercise is not None:
            answers.exercise = self.exercise
        if self.note is not None:
            answers.note = self.note


class Answers:
    """The answers so far: the day's earlier check-in, then --same, then the options,
    then what is typed at the terminal."""

    def __init__(self, at: datetime, day: date) -> None:
        self.at = at
        self.day = day
        self.weakness: int | None = None
        self.regions: tuple[str, ...] = ()
        self.fatigue: int | None = None
        self.falls: tuple[int, int] | None = None  # never from an earlier check-in
        self.exercise: tuple[ci.Session, ...] | None = None
        self.note: str | None = None
        self.injuries: list[str] = []  # of the falls this check-in adds

    def start_from(self, earlier: CheckIn | None) -> None:
        if earlier is None:
            return
        self.weakness, self.regions = earlier.weakness, earlier.regions
        self.fatigue, self.exercise, self.note = earlier.fatigue, earlier.exercise, earlier.note

    def repeat(self, last: CheckIn, earlier: CheckIn | None, apart: tuple[int, int]) -> None:
        """--same: the last check-in's answers. Falls: the day's own earlier answer if
        it was checked in already (never undone by a repeat), else "no falls" only
        when the last check-in's day had none at all, its own or logged ``apart``
        (a fall is never repeated by a reflex, nor "no falls" after a day with one)."""
        self.weakness, self.regions = last.weakness, last.regions
        self.fatigue, self.exercise = last.fatigue, last.exercise
        if earlier is not None:
            self.falls = (earlier.falls, earlier.near_falls)
        elif last.falls == 0 and last.near_falls == 0 and not any(apart):
            self.falls = (0, 0)

    def build(self, earlier: CheckIn | None) -> CheckIn:
        falls, near = self.falls or (0, 0)
        return CheckIn(
            day=self.day,
            at=self.at,
            weakness=self.weakness,
            regions=self.regions if self.weakness else (),
            fatigue=self.fatigue,
            falls=falls,
            near_falls=near,
            exercise=self.exercise,
            note=self.note,
        )


def others_logged(journal: Journal, day: date, made: list[Entry]) -> list[Entry]:
    """The day's falls and near-falls that are not the check-in's own (``made``):
    logged with 'log', or made by it and edited since."""
    own = {e.uuid for e in made}
    found = journal.entries(Query(kinds=("fall",), start=day, end=day, oldest_first=True))
    return [e for e in found if e.uuid not in own]


def counted(falls: list[Entry]) -> tuple[int, int]:
    """(falls, near-falls) among these entries."""
    near = sum(1 for e in falls if e.near_fall)
    return len(falls) - near, near


def ask_the_rest(
    answers: Answers,
    typed: Typed,
    same: bool,
    defaults: CheckIn | None,
    logged: list[Entry],
    made_before: list[Entry],
    earlier: CheckIn | None,
) -> None:
    """Ask, at the terminal, for every answer not given. Enter keeps the answer of
    the day's earlier check-in or else the last one (``defaults``); falls have no
    default and must be typed."""
    if same:
        if answers.falls is None:
            ask_falls(answers, logged, made_before, earlier)
        return
    that = "today" if answers.day == common.now().date() else "that day"
    if typed.weakness is None:
        answers.weakness = ask(
            f"Weakness {that}, 0-10?",
            _rating("weakness"),
            None if defaults is None else defaults.weakness,
            str,
            forms="0 is none, 10 the worst; the worst of the day.",
        )
    if answers.weakness and typed.regions is None:
        default_regions = defaults.regions if defaults is not None and defaults.regions else None
        answers.regions = (
            ask(
                "Where?",
                parse_many("region"),
                default_regions,
                ", ".join,
                vocabulary="region",
                required=True,
            )
            or ()
        )
    elif not answers.weakness:
        answers.regions = ()
    if typed.fatigue is None:
        answers.fatigue = ask(
            f"Fatigue {that}, 0-10?",
            _rating("fatigue"),
            None if defaults is None else defaults.fatigue,
            str,
            forms="0 is none, 10 the worst; the worst of the day.",
        )
    if typed.falls is None:
        ask_falls(answers, logged, made_before, earlier)
    if typed.exercise is None:
        answers.exercise = ask(
            "Exercise? (0, or 20 walk)",
            ci.parse_exercise,
            None if defaults is None else defaults.exercise,
            ci.as_typed_exercise,
            forms=ci.EXERCISE_FORMS,
        )
    asked = [typed.weakness, typed.fatigue, typed.falls, typed.exercise]
    if typed.note is None and any(one is None for one in asked):  # a question came before
        ask_note(answers)


def ask_note(answers: Answers) -> None:
    """The note: Enter finishes (keeping the day's earlier note, shown); '-' removes
    it; '?' says so."""
    kept = answers.note
    question = "Note? (Enter to finish)"
    if kept:
        short = " ".join(entries.inert(kept).split())
        short = short if len(short) <= 30 else short[:29] + common.ellipsis()
        question = f"Note? (Enter keeps: {short}; - removes it)"
    while True:
        text = common.prompt(question).strip()
        if text == "?":
            say("Type a note about the day, or press Enter to finish.")
            continue
        if text == "-" and kept:
            answers.note = None
        elif text:
            answers.note = entries.clean_note(text)
        return


def ask_falls(
    answers: Answers, logged: list[Entry], made_before: list[Entry], earlier: CheckIn | None
) -> None:
    """Falls have no default: Enter asks again. Falls logged already are shown, and
    the answer counts the others."""
    today = answers.day
    for entry in logged:
        say(f"Logged: {entries.describe(entry)} ({dates.display(entry.at, today)}).")
    if earlier is not None and (earlier.falls or earlier.near_falls):
        said = ci.describe_falls(earlier.falls, earlier.near_falls)
        say(f"Your earlier check-in counted {said}; this answer replaces it.")
    question = "Any other falls? (0, 1 fall, 2 near)" if logged else "Falls? (0, 1 fall, 2 near)"
    value: Value[tuple[int, int]] = Value(
        None, question, ci.parse_falls, missing="falls", forms=ci.FALLS_FORMS
    )
    answers.falls = answer(value)
    kept = sum(1 for e in made_before if e.kind == "fall" and not e.near_fall)
    new = (answers.falls or (0, 0))[0] - kept  # falls the earlier check-in did not count
    for number in range(1, new + 1):
        which = f"Fall {number}" if new > 1 else "The fall"
        hurt = answer(
            Value(
                None,
                f"{which}: were you hurt? (none, minor, medical, hospital) [none]",
                parse_one("injury"),
                "injury",
                enter="for none",
            )
        )
        answers.injuries.append(hurt or "none")


def ask(
    question: str,
    parse: Callable[[str], Any],
    default: Any,
    shown: Callable[[Any], str],
    *,
    vocabulary: str | None = None,
    forms: str | None = None,
    required: bool = False,
) -> Any:
    """One question with the last answer as its Enter default: ``Fatigue? [5]``."""
    if default is not None:
        question = f"{question} [{shown(default)}]"
    value = Value(
        None,
        question,
        parse,
        vocabulary=vocabulary,
        forms=forms,
        missing="an answer" if required and default is None else None,
        enter="to skip",
    )
    got = answer(value)
    return default if got is None else got


def day_words(day: date, today_: date) -> str:
    """'Sat 28 Nov', with the year when it is not this year's."""
    year = "" if day.year == today_.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def report(
    saved: CheckIn,
    day: date,
    today_: date,
    replaced: bool,
    added: list[Entry],
    changed: list[Entry],
    removed: list[Entry],
    logged: list[Entry],
) -> None:
    """One summary line, then what a second check-in changed, and where to add a
    fall's details. Falls logged apart that day are named, so 'no falls' is never
    said of a day with one."""
    when = "today" if day == today_ else f"for {day_words(day, today_)}"
    say(f"Checked in {when}: {ci.describe(saved, counted(logged))}.")
    if replaced:
        say(
            f"This replaces your earlier check-in {when} "
            f"({len(added)} added, {len(changed)} changed, {len(removed)} removed)."
        )
    new_falls = [e for e in added if e.kind == "fall"]
    if new_falls:
        ids = ", ".join(str(e.id) for e in new_falls)
        noun = "entry" if len(new_falls) == 1 else "entries"
        say(f"To add where and why ({noun} {ids}), e.g.:")
        say(f"  msjournal edit {new_falls[0].id} --place hall")


@app.command("due", epilog="Example: msjournal due || notify-send 'Time to check in'")
def due(ctx: typer.Context) -> None:
    """Say whether today is checked in: status 0 if it is, 3 if not (1: a problem).

    For a cron job, a shell prompt or a reminder.
    """
    moment = now()
    today_ = moment.date()
    with open_journal_at(ctx) as journal:
        done = journal.checkin_on(today_)
        logged = journal.entries(Query(start=today_, end=today_, oldest_first=True))
        apart = counted(others_logged(journal, today_, journal.entries_of_checkin(done)))
    if done is not None:
        echo(f"Checked in today at {done.at:%H:%M}: {ci.describe(done, apart)}.")
        raise typer.Exit(0)
    echo("Due: today's check-in (msjournal today).")
    kinds = []
    for entry in logged:
        name = entry.symptom if entry.kind == "symptom" else entry.kind
        if entry.kind == "fall" and entry.near_fall:
            name = "near-fall"
        if name not in kinds:
            kinds.append(name)
    if kinds:
        echo(f"Logged today: {', '.join(str(k) for k in kinds)}.")
    else:
        echo("Nothing logged today yet.")
    raise typer.Exit(3)


def echo(line: str) -> None:
    """A line on standard output, wrapped between words at a narrow terminal."""
    import sys

    typer.echo(common.fit(line, sys.stdout))


def show_checkin(ctx: typer.Context, day: date, today_: date) -> None:
    """--show: the day's check-in as saved, with its note and the entries it made."""
    from msjournal.plain import plain

    with open_journal_at(ctx) as journal:
        found = journal.checkin_on(day)
        made = journal.entries_of_checkin(found)
        every = journal.entries_of_checkin(found, edited=True)
        apart = counted(others_logged(journal, day, made))
    shown = "today" if day == today_ else day_words(day, today_)
    if found is None:
        echo(f"No check-in for {shown} yet.")
        return
    if plain():  # one fact a line
        echo(f"Check-in for {shown} at {found.at:%H:%M}.")
        for part in ci.describe_parts(found, apart):
            echo(part[:1].upper() + part[1:] + ".")
    else:
        echo(f"Check-in for {shown} ({found.at:%H:%M}): {ci.describe(found, apart)}.")
    if found.note:
        echo(f"Note: {entries.inert(found.note)}")
    if made:
        echo(f"Entries it made: {', '.join(str(e.id) for e in made)} (msjournal show ID).")
    changed = len(found.entries) - len(made)
    if changed:
        gone = len(found.entries) - len(every)
        what = "deleted" if gone == changed else ("edited" if not gone else "edited or deleted")
        echo(
            f"{changed} of the entries it made {'was' if changed == 1 else 'were'} {what} "
            "since: the answers above are as given then."
        )
