"""``msjournal treatment``, ``relapse`` and ``aid``: treatments, relapses and
assistive devices over time (``log relapse`` is in log.py).

msjournal records what is taken and when, and missed doses; it never advises on a
treatment or its dose.
"""

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from msjournal import dates, timeline, vocab
from msjournal.cli import common
from msjournal.cli.common import (
    Form,
    Value,
    answer,
    choices_question,
    now,
    open_journal_at,
    parse_one,
    read_note,
    say,
    when,
)
from msjournal.cli.records import delete, resolved, shown
from msjournal.errors import InvalidInput, MissingValue
from msjournal.timeline import Aid, Relapse, Treatment

group = common.command_group


treatment_app = group(
    "treatment",
    "Treatments over time: start, stop, missed doses, notes.",
    "Examples: msjournal treatment start baclofen --dose '10 mg'  |  "
    "msjournal treatment stop baclofen --reason side-effects",
)
relapse_app = group(
    "relapse",
    "Relapses: end the open one, list, edit, delete (log one with: msjournal log relapse).",
    "Examples: msjournal log relapse --at '3 days ago' --confirmed  |  msjournal relapse end",
)
aid_app = group(
    "aid",
    "Aids such as a cane or walker, in use over time.",
    "Examples: msjournal aid start cane --for outdoors  |  msjournal aid stop cane",
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def at_option(text: str) -> Any:
    return typer.Option("--at", metavar="WHEN", help=text, show_default=False)


FormatOpt = Annotated[
    ListFormat, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="Every one, not only those now.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
NameArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="NAME", help="The treatment, e.g. baclofen.", show_default=False),
]
IdsArg = Annotated[
    list[str], typer.Argument(metavar="ID...", help="Ids (3, 4,5) or last.", show_default=False)
]
TimeOpt = Annotated[str | None, at_option("When; default now. E.g. 9am, 'yesterday 3pm'.")]


def when_text(moment: datetime | None, today: date) -> str:
    return "" if moment is None else dates.display(moment, today)


def day_text(moment: datetime | None, today: date) -> str:
    """'Mon 1 Dec', with the year when it is not this year; '' for none."""
    if moment is None:
        return ""
    year = "" if moment.year == today.year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def moment_of(value: Value[datetime], moment: datetime) -> datetime:
    return (value.value or moment).replace(microsecond=0)


def treatment_name(words: list[str] | None, action: str) -> Value[str]:
    typed = " ".join(words) if words else None
    return Value(
        typed,
        "Which treatment?",
        timeline.clean_name,
        missing=f"Missing the treatment's name: give it after '{action}', e.g. baclofen.",
    )


def class_value(typed: str | None) -> Value[str]:
    return Value(
        typed,
        choices_question("Class", "treatment class"),
        parse_one("treatment class"),
        "treatment class",
    )


def said(record: Any) -> None:
    typer.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))


# --- treatments ---------------------------------------------------------------------------


@treatment_app.command(
    "start",
    epilog="Examples: msjournal treatment start baclofen --dose '10 mg'  |  "
    "msjournal treatment start 'vitamin D' --class other",
)
def treatment_start(
    ctx: typer.Context,
    name: NameArg = None,
    treatment_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            metavar="CLASS",
            help=f"{', '.join(vocab.TREATMENT_CLASSES)}. Known names need none.",
            show_default=False,
        ),
    ] = None,
    dose: Annotated[
        str | None,
        typer.Option(
            "--dose", metavar="TEXT", help="As prescribed, e.g. '10 mg'.", show_default=False
        ),
    ] = None,
    at: Annotated[str | None, at_option("When it started; default now.")] = None,
) -> None:
    """Start a course of a treatment. A new dose is a stop and a new start."""
    moment = now()
    form = Form()
    named = form.add(treatment_name(name, "start"))
    kind = form.add(class_value(treatment_class))
    started = form.add(when(at, moment))
    amount = form.add(Value(dose, "Dose?", lambda text: timeline.clean_name(text, "dose")))
    form.fill()
    name_text = named.get()
    chosen = kind.value or timeline.implied_class(name_text)
    if chosen is None:
        ask = class_value(None)
        ask.missing = f"msjournal does not know what kind of treatment {name_text} is: add --class."
        if not common.stdin_is_terminal():
            raise MissingValue(ask.missing, f"Classes: {', '.join(vocab.TREATMENT_CLASSES)}.")
        chosen = answer(ask)
    assert chosen is not None
    course = Treatment(
        name=name_text,
        treatment_class=chosen,
        start=moment_of(started, moment),
        dose=amount.value,
    )
    timeline.validate_treatment(course)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.start_treatment(course, now())
    say(f"Started {timeline.describe_treatment(saved)}, id {saved.id}.")


def running_course(
    ctx: typer.Context, words: list[str] | None, action: str, at: str | None
) -> tuple[str, datetime]:
    moment = now()
    form = Form()
    named = form.add(treatment_name(words, action))
    taken = form.add(when(at, moment))
    form.fill()
    return named.get(), moment_of(taken, moment)


@treatment_app.command(
    "stop",
    epilog="Example: msjournal treatment stop baclofen --reason side-effects",
)
def treatment_stop(
    ctx: typer.Context,
    name: NameArg = None,
    at: Annotated[str | None, at_option("When it stopped; default now.")] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="REASON",
            help=f"Why: {', '.join(vocab.STOP_REASONS)}.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Stop the running course of a treatment."""
    why = None if reason is None else vocab.match("stop reason", reason)
    name_text, moment = running_course(ctx, name, "stop", at)
    with open_journal_at(ctx, write=True) as journal:
        saved = journal.stop_treatment(name_text, moment, why, now())
    because = f": {saved.stop_reason}" if saved.stop_reason else ""
    say(f"Stopped {saved.name} (id {saved.id}){because}.")


@treatment_app.command("missed", epilog="Example: msjournal treatment missed baclofen --at 8am")
def treatment_missed(ctx: typer.Context, name: NameArg = None, at: TimeOpt = None) -> None:
    """Record a missed dose of a running treatment."""
    name_text, moment = running_course(ctx, name, "missed", at)
    with open_journal_at(ctx, write=True) as journal:
        saved = journal.treatment_missed(name_text, moment, now())
    say(f"Missed dose of {saved.name} noted (id {saved.id}).")


@treatment_app.command(
    "note", epilog="Example: msjournal treatment note baclofen 'drowsy in the afternoon'"
)
def treatment_note(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The running treatment.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="A side effect or remark.")],
    at: TimeOpt = None,
) -> None:
    """Add a note (a side effect, a remark) to a running treatment."""
    note = read_note(text)
    assert note is not None
    name_text, moment = running_course(ctx, [name], "note", at)
    with open_journal_at(ctx, write=True) as journal:
        saved = journal.treatment_note(name_text, note, moment, now())
    say(f"Note added to {saved.name} (id {saved.id}).")


TREATMENT_HEADERS = ("ID", "Treatment", "Class", "Dose", "Start", "Stop", "Missed")


def treatment_rows(found: list[Treatment], today: date) -> list[tuple[str, ...]]:
    return [
        (
            str(t.id),
            shown(t.name),
            t.treatment_class,
            shown(t.dose),
            day_text(t.start, today),
            day_text(t.stop, today) or "running",
            str(len(t.missed)) if t.missed else "",
        )
        for t in found
    ]


@treatment_app.command(
    "list", epilog="Examples: msjournal treatment list  |  msjournal treatment list --all"
)
def treatment_list(
    ctx: typer.Context, every: AllOpt = False, fmt: FormatOpt = ListFormat.table
) -> None:
    """Show the treatments running now (--all: every course)."""
    with open_journal_at(ctx) as journal:
        found = journal.treatments(every)
        total = len(journal.treatments(True))
    listing(found, fmt, "treatment", TREATMENT_HEADERS, treatment_rows)
    if total == 0:
        say("No treatments yet. Start one with: msjournal treatment start baclofen")
    elif not found:
        say("No treatment is running now. Every course: msjournal treatment list --all")


def listing(found: list[Any], fmt: Any, family: str, headers: tuple[str, ...], rows: Any) -> None:
    if fmt is ListFormat.json:
        out = [one.to_dict() for one in found]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif found:
        from msjournal import render

        render.print_timeline(headers, rows(found, now().date()))


def edit_time(text: str | None, moment: datetime) -> datetime | None:
    return None if text is None else dates.parse_when(text, moment).replace(microsecond=0)


def changed_words(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    to = common.arrow()
    found = []
    for key in old:
        if key in ("updated_at", "missed_doses") or old[key] == new[key]:
            continue
        before = "none" if old[key] is None else old[key]
        after = "none" if new[key] is None else new[key]
        found.append(f"{key}: {before} {to} {after}")
    return found


def report_edit(family: str, old: Any, new: Any) -> None:
    differences = changed_words(old.to_dict(), new.to_dict())
    if differences:
        say(f"Updated {family} {new.id}: {'; '.join(differences)}.")
    else:
        say(f"Nothing changed: {family} {new.id} already says that.")


def nothing_to_change(family: str, options: str) -> InvalidInput:
    return InvalidInput(
        f"Nothing to change: give {options}.",
        f"E.g. msjournal {family} edit 3 --start 'last monday'",
    )


@treatment_app.command("edit", epilog="Example: msjournal treatment edit 3 --dose '20 mg'")
def treatment_edit(
    ctx: typer.Context,
    raw_id: Annotated[
        str, typer.Argument(metavar="ID", help="The course (see treatment list --all), or last.")
    ],
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")] = None,
    treatment_class: Annotated[
        str | None, typer.Option("--class", metavar="CLASS", help="A new class.")
    ] = None,
    dose: Annotated[
        str | None, typer.Option("--dose", metavar="TEXT", help="A new dose; '' removes it.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="WHEN", help="A new start.")
    ] = None,
    stop: Annotated[str | None, typer.Option("--stop", metavar="WHEN", help="A new stop.")] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="REASON", help="A new reason for stopping.")
    ] = None,
) -> None:
    """Correct a course's name, class, dose, start, stop or reason. Its id stays."""
    moment = now()
    if all(v is None for v in (name, treatment_class, dose, start, stop, reason)):
        raise nothing_to_change("treatment", "--name, --class, --dose, --start, --stop or --reason")
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = timeline.clean_name(name)
    if treatment_class is not None:
        fields["treatment_class"] = vocab.match("treatment class", treatment_class)
    if dose is not None:
        fields["dose"] = timeline.clean_name(dose, "dose") if dose.strip() else None
    if start is not None:
        fields["start"] = edit_time(start, moment)
    if stop is not None:
        fields["stop"] = edit_time(stop, moment)
    if reason is not None:
        fields["stop_reason"] = vocab.match("stop reason", reason)
    with open_journal_at(ctx, write=True) as journal:
        target = resolved(journal, "treatment", raw_id)
        old, new = journal.edit_treatment(target, lambda t: t.replace(**fields), moment)
    report_edit("treatment", old, new)


# --- ids, deleting ----------------------------------------------------------------------


@treatment_app.command("delete", epilog="Example: msjournal treatment delete 3")
def treatment_delete(ctx: typer.Context, raw_ids: IdsArg, yes: YesOpt = False) -> None:
    """Delete courses by id (asks first). msjournal undo brings them back."""
    delete(ctx, "treatment", raw_ids, yes, timeline.describe_treatment)


# --- relapses -------------------------------------------------------------------------


@relapse_app.command("end", epilog="Example: msjournal relapse end --at yesterday")
def relapse_end(
    ctx: typer.Context, at: Annotated[str | None, at_option("When it ended; default now.")] = None
) -> None:
    """End the open relapse."""
    moment = now()
    form = Form()
    ended = form.add(when(at, moment))
    form.fill()
    with open_journal_at(ctx, write=True) as journal:
        saved = journal.end_relapse(moment_of(ended, moment), now())
    say(f"Relapse {saved.id} ended {when_text(saved.ended, now().date())}.")


RELAPSE_HEADERS = ("ID", "Onset", "Ended", "Confirmed", "Steroids", "Note")


def relapse_rows(found: list[Relapse], today: date) -> list[tuple[str, ...]]:
    return [
        (
            str(r.id),
            day_text(r.onset, today),
            day_text(r.ended, today) or "open",
            "yes" if r.confirmed else "no",
            "yes" if r.steroids else "no",
            shown(r.note),
        )
        for r in found
    ]


@relapse_app.command("list", epilog="Example: msjournal relapse list --format json")
def relapse_list(ctx: typer.Context, fmt: FormatOpt = ListFormat.table) -> None:
    """Show every relapse logged, oldest first."""
    with open_journal_at(ctx) as journal:
        found = journal.relapses()
    listing(found, fmt, "relapse", RELAPSE_HEADERS, relapse_rows)
    if not found:
        say("No relapses yet. Log one with: msjournal log relapse")


@relapse_app.command("edit", epilog="Example: msjournal relapse edit 2 --confirmed")
def relapse_edit(
    ctx: typer.Context,
    raw_id: Annotated[
        str, typer.Argument(metavar="ID", help="The relapse (see relapse list), or last.")
    ],
    onset: Annotated[
        str | None, typer.Option("--onset", metavar="WHEN", help="A new onset.")
    ] = None,
    ended: Annotated[str | None, typer.Option("--ended", metavar="WHEN", help="A new end.")] = None,
    confirmed: Annotated[
        bool | None,
        typer.Option(
            "--confirmed/--not-confirmed", help="Confirmed by a clinician.", show_default=False
        ),
    ] = None,
    steroids: Annotated[
        bool | None,
        typer.Option("--steroids/--no-steroids", help="Treated with steroids.", show_default=False),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="A new note; '' removes it.")
    ] = None,
) -> None:
    """Correct a relapse's onset, end, confirmation, steroids or note."""
    moment = now()
    if all(v is None for v in (onset, ended, confirmed, steroids, note)):
        raise nothing_to_change("relapse", "--onset, --ended, --confirmed, --steroids or --note")
    fields: dict[str, Any] = {}
    if onset is not None:
        fields["onset"] = edit_time(onset, moment)
    if ended is not None:
        fields["ended"] = edit_time(ended, moment)
    if confirmed is not None:
        fields["confirmed"] = confirmed
    if steroids is not None:
        fields["steroids"] = steroids
    if note is not None:
        fields["note"] = read_note(note) if note.strip() else None
    with open_journal_at(ctx, write=True) as journal:
        target = resolved(journal, "relapse", raw_id)
        old, new = journal.edit_relapse(target, lambda r: r.replace(**fields), moment)
    report_edit("relapse", old, new)


@relapse_app.command("delete", epilog="Example: msjournal relapse delete 2")
def relapse_delete(ctx: typer.Context, raw_ids: IdsArg, yes: YesOpt = False) -> None:
    """Delete relapses by id (asks first). msjournal undo brings them back."""
    delete(ctx, "relapse", raw_ids, yes, timeline.describe_relapse)


# --- aids ---------------------------------------------------------------------------


def aid_value(typed: str | None, action: str) -> Value[str]:
    def parse(text: str) -> str:
        found = vocab.match("aid", text)
        if found == "none":
            raise InvalidInput(f"'none' is not an aid to {action}.")
        return found

    return Value(
        typed,
        choices_question("Which aid", "aid"),
        parse,
        "aid",
        missing=f"Missing the aid: give it after '{action}', e.g. cane.",
    )


AidArg = Annotated[
    str | None,
    typer.Argument(metavar="AID", help=f"{', '.join(timeline.AID_NAMES)}.", show_default=False),
]


@aid_app.command("start", epilog="Example: msjournal aid start cane --for outdoors --taught")
def aid_start(
    ctx: typer.Context,
    aid: AidArg = None,
    used_for: Annotated[
        str | None,
        typer.Option(
            "--for", metavar="USE", help=f"{', '.join(vocab.AID_USES)}.", show_default=False
        ),
    ] = None,
    taught: Annotated[
        bool, typer.Option("--taught", help="A therapist showed you how to use it.")
    ] = False,
    at: Annotated[str | None, at_option("When you started using it; default now.")] = None,
) -> None:
    """Start using an aid."""
    moment = now()
    form = Form()
    which = form.add(aid_value(aid, "start"))
    use = form.add(
        Value(used_for, choices_question("For", "aid use"), parse_one("aid use"), "aid use")
    )
    started = form.add(when(at, moment))
    form.fill()
    record = Aid(
        aid=which.get(), start=moment_of(started, moment), used_for=use.value, taught=taught
    )
    timeline.validate_aid(record)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.start_aid(record, now())
    say(f"Started the {timeline.describe_aid(saved)}, id {saved.id}.")


@aid_app.command("stop", epilog="Example: msjournal aid stop cane")
def aid_stop(
    ctx: typer.Context,
    aid: AidArg = None,
    at: Annotated[str | None, at_option("When you stopped using it; default now.")] = None,
) -> None:
    """Stop using an aid."""
    moment = now()
    form = Form()
    which = form.add(aid_value(aid, "stop"))
    stopped = form.add(when(at, moment))
    form.fill()
    with open_journal_at(ctx, write=True) as journal:
        saved = journal.stop_aid(which.get(), moment_of(stopped, moment), now())
    say(f"Stopped the {saved.aid} (id {saved.id}).")


AID_HEADERS = ("ID", "Aid", "For", "Taught", "Start", "Stop")


def aid_rows(found: list[Aid], today: date) -> list[tuple[str, ...]]:
    return [
        (
            str(a.id),
            a.aid,
            a.used_for or "",
            "yes" if a.taught else "no",
            day_text(a.start, today),
            day_text(a.stop, today) or "in use",
        )
        for a in found
    ]


@aid_app.command("list", epilog="Examples: msjournal aid list  |  msjournal aid list --all")
def aid_list(ctx: typer.Context, every: AllOpt = False, fmt: FormatOpt = ListFormat.table) -> None:
    """Show the aids in use now (--all: every one, past too)."""
    with open_journal_at(ctx) as journal:
        found = journal.aids(every)
        total = len(journal.aids(True))
    listing(found, fmt, "aid", AID_HEADERS, aid_rows)
    if total == 0:
        say("No aids yet. Start one with: msjournal aid start cane")
    elif not found:
        say("No aid is in use now. Every one: msjournal aid list --all")


@aid_app.command("edit", epilog="Example: msjournal aid edit 2 --for all")
def aid_edit(
    ctx: typer.Context,
    raw_id: Annotated[
        str, typer.Argument(metavar="ID", help="The aid (see aid list --all), or last.")
    ],
    used_for: Annotated[str | None, typer.Option("--for", metavar="USE", help="A new use.")] = None,
    taught: Annotated[
        bool | None,
        typer.Option("--taught/--not-taught", help="Shown how by a therapist.", show_default=False),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="WHEN", help="A new start.")
    ] = None,
    stop: Annotated[str | None, typer.Option("--stop", metavar="WHEN", help="A new stop.")] = None,
) -> None:
    """Correct an aid's use, taught, start or stop."""
    moment = now()
    if all(v is None for v in (used_for, taught, start, stop)):
        raise nothing_to_change("aid", "--for, --taught, --start or --stop")
    fields: dict[str, Any] = {}
    if used_for is not None:
        fields["used_for"] = vocab.match("aid use", used_for)
    if taught is not None:
        fields["taught"] = taught
    if start is not None:
        fields["start"] = edit_time(start, moment)
    if stop is not None:
        fields["stop"] = edit_time(stop, moment)
    with open_journal_at(ctx, write=True) as journal:
        target = resolved(journal, "aid", raw_id)
        old, new = journal.edit_aid(target, lambda a: a.replace(**fields), moment)
    report_edit("aid", old, new)


@aid_app.command("delete", epilog="Example: msjournal aid delete 2")
def aid_delete(ctx: typer.Context, raw_ids: IdsArg, yes: YesOpt = False) -> None:
    """Delete aids by id (asks first). msjournal undo brings them back."""
    delete(ctx, "aid", raw_ids, yes, timeline.describe_aid)
