"""``msjournal appointment`` and ``question``: appointments, past or upcoming, and the
questions to ask at them (the doctor-visit summary lists the open ones)."""

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import typer

from msjournal import entries, timeline, vocab
from msjournal.cli.common import (
    Form,
    Value,
    command_group,
    now,
    one_choice,
    open_journal_at,
    read_note,
    say,
)
from msjournal.cli.records import delete, resolved
from msjournal.timeline import Appointment, Question

RECENT_DAYS = 90  # appointment list shows the past ones of these last days (--all: every one),
# and the last past one of each kind, however long ago (a visit summary counts from it)


appointment_app = command_group(
    "appointment",
    "Appointments, past or upcoming: add, list, delete.",
    "Examples: msjournal appointment add --at 'next tuesday 9am' --with neurology  |  "
    "msjournal appointment list",
)
question_app = command_group(
    "question",
    "Questions for your next appointment: add, list, done, delete.",
    "Examples: msjournal question add 'Could the heat make my legs weaker?' --priority 1  |  "
    "msjournal question done 2",
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[
    ListFormat, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
IdsArg = Annotated[
    list[str], typer.Argument(metavar="ID...", help="Ids (3, 4,5) or last.", show_default=False)
]
WHEN_FORMS = (
    f"For example: now, {timeline.APPOINTMENT_FORMS}, yesterday 3pm. "
    "A date without a year is the nearest one."
)


def _day(moment: datetime | None, today: date) -> str:
    """'Tue 15 Dec', with the year when it is not this year; '' for none."""
    if moment is None:
        return ""
    year = "" if moment.year == today.year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def _when(moment: datetime, today: date) -> str:
    return f"{_day(moment, today)} {moment:%H:%M}"


def _text(text: str | None) -> str:
    """What a person typed, one line, control characters shown, never obeyed."""
    return "" if text is None else " ".join(entries.inert(text).split())


def due(moment: datetime, current: datetime) -> str:
    """'past', 'today', 'tomorrow' or 'in 12 days'."""
    days = (moment.date() - current.date()).days
    if moment < current and days <= 0:
        return "past" if days < 0 else "today, past"
    if days == 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print(found: list[Any], headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    if found:
        from msjournal import render

        render.print_timeline(headers, rows)


# --- appointments -------------------------------------------------------------------------


@appointment_app.command(
    "add",
    epilog="Examples: msjournal appointment add --at '2026-12-15 10:30' --with neurology  |  "
    "msjournal appointment add --at 'next tuesday 9am' --with mri -n 'Bring the letter'",
)
def appointment_add(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When; default now. Upcoming times too: tomorrow 10:30, next tuesday 9am.",
            show_default=False,
        ),
    ] = None,
    with_whom: Annotated[
        str | None,
        typer.Option(
            "--with",
            metavar="WHO",
            help=f"{', '.join(vocab.APPOINTMENT_TYPES)} (mri: a scan).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", metavar="TEXT", help="A note, e.g. who or where."),
    ] = None,
) -> None:
    """Add an appointment, past or upcoming."""
    moment = now()
    form = Form()
    who = form.add(
        one_choice(
            "appointment type",
            "With",
            with_whom,
            missing="Who is the appointment with? Add --with, e.g. --with neurology.",
        )
    )
    when = form.add(
        Value(
            at,
            "When? (e.g. tomorrow 10:30)",
            lambda text: timeline.appointment_time(text, moment),
            enter="for now",
            always=True,
            forms=WHEN_FORMS,
            insist=True,
        )
    )
    form.fill()
    record = Appointment(
        at=(when.value or moment).replace(microsecond=0),
        with_whom=who.get(),
        note=read_note(note),
    )
    timeline.validate_appointment(record)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add_appointment(record, now())
    current = now()
    what = "an appointment" if saved.with_whom == "other" else f"the {saved.with_whom} appointment"
    say(
        f"Added {what} on {_when(saved.at, current.date())} "
        f"({due(saved.at, current)}), id {saved.id}."
    )


APPOINTMENT_HEADERS = ("ID", "When", "With", "Due", "Note")


@appointment_app.command(
    "list", epilog="Examples: msjournal appointment list  |  msjournal appointment list --all"
)
def appointment_list(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", "-a", help=f"Every one, not only the last {RECENT_DAYS} days.")
    ] = False,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Show the upcoming appointments, those of the last 90 days and the last one of
    each kind, earliest first."""
    with open_journal_at(ctx) as journal:
        every_one = journal.appointments()
    current = now()
    found = every_one if every else recent(every_one, current)
    if fmt is ListFormat.json:
        out = [{**a.to_dict(), "past": a.at < current} for a in found]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        today = current.date()
        rows = [
            (str(a.id), _when(a.at, today), a.with_whom, due(a.at, current), _text(a.note))
            for a in found
        ]
        _print(found, APPOINTMENT_HEADERS, rows)
    if not every_one:
        say("No appointments yet. Add one with: msjournal appointment add --with neurology")
    else:
        coming = sum(1 for a in found if a.at >= current)
        earlier = len(every_one) - len(found)
        say(
            f"{_count(len(found), 'appointment')} ({coming} upcoming), earliest first"
            + (f"; and {earlier} earlier: --all." if earlier else ".")
        )


def recent(found: Sequence[Appointment], current: datetime) -> list[Appointment]:
    """The upcoming appointments, those of the last RECENT_DAYS days, and the last
    past one of each kind (the one a visit summary counts from), earliest first."""
    since = current.date() - timedelta(days=RECENT_DAYS)
    last: dict[str, Appointment] = {}
    for appointment in sorted(found, key=lambda a: a.at):
        if appointment.at < current:
            last[appointment.with_whom] = appointment
    kept = {id(a) for a in last.values()}
    return [a for a in found if a.at.date() >= since or id(a) in kept]


@appointment_app.command("delete", epilog="Example: msjournal appointment delete 3")
def appointment_delete(ctx: typer.Context, raw_ids: IdsArg, yes: YesOpt = False) -> None:
    """Delete appointments by id (asks first). msjournal undo brings them back."""
    delete(ctx, "appointment", raw_ids, yes, timeline.describe_appointment)


# --- questions ----------------------------------------------------------------------------


@question_app.command(
    "add",
    epilog="Examples: msjournal question add 'Could the heat make my legs weaker?'  |  "
    "msjournal question add 'Physio referral?' --priority 1",
)
def question_add(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None,
        typer.Argument(metavar="TEXT", help="What you want to ask.", show_default=False),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            "-p",
            metavar="1-3",
            help="1 to ask first, 2 (the default) or 3; high, normal, low too. "
            "A terminal asks when it is not given.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add a question for your next appointment."""
    form = Form()
    asked = form.add(
        Value(
            None if text is None else " ".join(text),
            "Your question?",
            timeline.clean_question,
            missing="Missing the question: type it after 'add', in quotes.",
        )
    )
    rank = form.add(
        Value(
            priority,
            "Priority, 1 (most important) to 3? [2]",
            timeline.priority_of,
            enter="for 2",
            always=True,  # asked at a terminal; a script without it gets 2
        )
    )
    form.fill()
    record = Question(text=asked.get(), priority=rank.value or 2)
    timeline.validate_question(record)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add_question(record, now())
    say(f"Added question {saved.id} (priority {saved.priority}).")


QUESTION_HEADERS = ("ID", "Question", "Priority", "Asked")
ANSWERED_HEADERS = (*QUESTION_HEADERS, "Answered")


@question_app.command(
    "list", epilog="Examples: msjournal question list  |  msjournal question list --all"
)
def question_list(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", "-a", help="Answered questions too, after the open ones.")
    ] = False,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Show the open questions: priority 1 first, then the oldest first."""
    with open_journal_at(ctx) as journal:
        found = journal.questions(every)
        total = len(found) if every else len(journal.questions(True))
    if fmt is ListFormat.json:
        typer.echo(json.dumps([q.to_dict() for q in found], ensure_ascii=False, indent=2))
    else:
        today = now().date()
        rows = [
            (str(q.id), _text(q.text), str(q.priority), _day(q.logged_at, today))
            + ((_day(q.done_at, today) or "open",) if every else ())
            for q in found
        ]
        _print(found, ANSWERED_HEADERS if every else QUESTION_HEADERS, rows)
    if total == 0:
        say("No questions yet. Add one with: msjournal question add 'What to ask?'")
    elif not found:
        say("Every question is answered. All of them: msjournal question list --all")
    elif every:
        answered = sum(1 for q in found if q.done_at is not None)
        say(f"{_count(len(found), 'question')}: {len(found) - answered} open, {answered} answered.")
    else:
        say(f"{_count(len(found), 'open question')}.")


@question_app.command("done", epilog="Example: msjournal question done 2")
def question_done(
    ctx: typer.Context,
    raw_id: Annotated[
        str, typer.Argument(metavar="ID", help="The question (see question list), or last.")
    ],
) -> None:
    """Mark a question answered. msjournal undo opens it again."""
    with open_journal_at(ctx, write=True) as journal:
        target = resolved(journal, "question", raw_id)
        saved = journal.question_done(target, now())
    say(
        f"Question {saved.id} is answered: {_text(timeline.describe_question(saved))}. "
        "(msjournal undo opens it again.)"
    )


@question_app.command("delete", epilog="Example: msjournal question delete 2")
def question_delete(ctx: typer.Context, raw_ids: IdsArg, yes: YesOpt = False) -> None:
    """Delete questions by id (asks first). msjournal undo brings them back."""
    delete(ctx, "question", raw_ids, yes, timeline.describe_question)
