"""``msjournal undo`` and ``msjournal history``: every change, and taking it back."""

import sys
from typing import Annotated, NoReturn

import typer

from msjournal import dates
from msjournal.cli import common
from msjournal.cli.common import Format, FormatOpt, app, now, open_journal_at, say
from msjournal.db import Change
from msjournal.errors import InvalidInput, MsJournalError

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

VERBS = {
    "log": "logged",
    "edit": "edited",
    "delete": "deleted",
    "import": "imported",
    "restore": "restored",
    "undo": "",
}


# The fields an edit names, as a person reads them.
FIELD_WORDS = {
    "at": "time",
    "regions": "where",
    "activities": "made hard",
    "duration_minutes": "lasted",
    "fatigue_type": "fatigue type",
    "near_fall": "near-fall",
    "causes": "cause",
    "got_up_alone": "got up alone",
    "hopkins_grade": "Hopkins grade",
    "exercise_type": "type",
    "with_therapist": "with therapist",
    "after": "felt after",
}


def what(change: Change) -> str:
    """A change in words: 'logged entry 45: weakness 6/10; legs'."""
    summary = change.summary
    if change.action == "edit" and ": " in summary and change.family != "checkin":
        head, fields = summary.split(": ", 1)
        summary = f"{head}: " + ", ".join(
            FIELD_WORDS.get(name, name.replace("_", " ")) for name in fields.split(", ")
        )
    verb = VERBS[change.action]
    return f"{verb} {summary}" if verb else summary


def outcome(change: Change) -> str:
    """What undoing ``change`` did, in words."""
    ids = ", ".join(str(i) for i in sorted(change.record_ids)[:20])
    if len(change.record_ids) > 20:
        ids += ", ..."
    several = len(change.record_ids) != 1
    if change.family == "checkin" and change.action == "log":
        return f"check-in {ids} removed, with the entries it made"
    if change.family == "checkin" and change.action == "edit":
        return f"check-in {ids} and its entries are back as they were"
    if change.family in (
        "score",
        "treatment",
        "relapse",
        "aid",
        "appointment",
        "question",
        "home_check",
    ):
        plural = {
            "treatment": "treatments",
            "relapse": "relapses",
            "aid": "aids",
            "appointment": "appointments",
            "question": "questions",
            "home_check": "home checks",
        }
        single = change.family.replace("_", " ")
        noun = plural.get(change.family, "scores") if several else single
    else:
        noun = "entries" if several else "entry"
    if change.action == "log":
        return f"{noun} {ids} removed"
    if change.action == "edit":
        return f"{noun} {ids} is back as it was"
    if change.action in ("delete", "restore"):
        return f"{noun} {ids} {'are' if several else 'is'} back"
    return f"the import of {change.summary} is taken out again"


def fail(message: str) -> NoReturn:
    raise MsJournalError(message)


@app.command(epilog="Examples: msjournal undo  |  msjournal undo --yes")
def undo(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Take back the last change: a log, an edit, a delete or an import.

    Shows the change and asks first. Run it again to take back the one before.
    """
    moment = now()
    with open_journal_at(ctx, write=True) as journal:
        change = journal.next_undo()
        if change is None:
            fail("Nothing to undo: there are no changes left to take back.")
        when = dates.display(change.at, moment.date())
        if change.forgotten and change.action in ("edit", "delete"):
            fail(  # refused before anything is asked
                f"The last change ({when}) was: {what(change)}. It can no longer be undone: "
                "its copy was forgotten with history --forget, so the changes before it "
                "cannot be undone either."
            )
        say(f"The last change ({when}): {what(change)}.")
        common.confirm("Undo it?", yes, "Undo")
        done = journal.undo(moment, expected=change.id)
    say(f"Undone: {outcome(done)}.")


CountOpt = Annotated[
    int,
    typer.Option(
        "-n", "--number", metavar="N", show_default=False, help="Show the last N changes (20)."
    ),
]


@app.command(
    "history",
    epilog="Examples: msjournal history  |  msjournal history -n 50  |  msjournal history --forget",
)
def history(
    ctx: typer.Context,
    count: CountOpt = 20,
    fmt: FormatOpt = Format.table,
    forget: Annotated[
        bool,
        typer.Option("--forget", help="Remove the copies of deleted entries, for good."),
    ] = False,
    yes: YesOpt = False,
) -> None:
    """List the changes to the journal, newest first.

    Every log, edit, delete, import and undo is kept, so undo can take it back.
    """
    if forget:
        forget_copies(ctx, yes)
        return
    if count < 1:
        raise InvalidInput(f"-n takes how many changes to show, 1 or more; got {count}.")
    moment = now()
    with open_journal_at(ctx) as journal:
        found = journal.history(count)
        total = journal.history_count()
    if fmt is Format.json:
        import json

        listed = [dict(change.to_dict(), text=what(change)) for change in found]
        typer.echo(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    if fmt is Format.csv:
        from msjournal.export import write_table_csv

        write_table_csv([dict(change.to_dict(), text=what(change)) for change in found], sys.stdout)
        return
    if not found:
        say("No changes yet: the history starts with the next log.")
        return
    from msjournal import render

    rows = []
    for change in found:
        marks = []
        if change.undone_by is not None:
            marks.append(f"undone by #{change.undone_by}")
        if change.forgotten:
            marks.append("copy forgotten")
        text = what(change) + (f" ({'; '.join(marks)})" if marks else "")
        rows.append((str(change.id), dates.display(change.at, moment.date()), text))
    render.print_history(rows)
    shown = f"{len(found)} of {total}" if len(found) < total else str(total)
    say(f"{shown} change{'s' if total != 1 else ''}, newest first.")


def forget_copies(ctx: typer.Context, yes: bool) -> None:
    with open_journal_at(ctx, write=True) as journal:
        holding = journal.forgettable()
        if not holding:
            say("The history holds no copies of deleted entries; nothing to forget.")
            return
        noun = "change holds a copy" if holding == 1 else "changes hold copies"
        say(
            f"{holding} {noun} of deleted entries. Forgetting removes them for good: "
            "those deletes can then no longer be undone."
        )
        common.confirm("Forget them?", yes, "Forgetting")
        forgotten = journal.forget(now())
    say(
        f"Forgot the copies in {forgotten} change{'s' if forgotten != 1 else ''}. "
        "Backups made earlier still hold them."
    )
