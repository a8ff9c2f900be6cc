"""``msjournal undo`` and ``msjournal history``: every change, and taking it back."""

from typing import NoReturn

import typer

from msjournal import dates, entries
from msjournal.cli.browse import YesOpt, confirm
from msjournal.cli.common import app, now, open_journal_at, say
from msjournal.errors import MsJournalError


@app.command(epilog="Example: msjournal undo")
def undo(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Remove your last entry (asks first).

    The last entry is the one logged most recently, whatever its --at time.
    """
    with open_journal_at(ctx, write=True) as journal:
        last = journal.last_logged()
        if last is None:
            fail("Nothing to undo: the journal has no entries.")
        say(
            f"The last entry you logged is {last.id}: {entries.describe(last)} "
            f"({dates.display(last.at, now().date())})."
        )
        confirm("Remove it?", yes, "Undo")
        if not journal.delete_exact(last):
            fail("That entry changed or was removed meanwhile; nothing was removed.")
    say(f"Removed entry {last.id}.")


def fail(message: str) -> NoReturn:
    raise MsJournalError(message)
