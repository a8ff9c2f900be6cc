"""What the commands of the record families share: a record's id as typed (a
number, or ``last``) and deleting records by id after showing them."""

from __future__ import annotations

from typing import Any

import typer

from msjournal import entries, vocab
from msjournal.cli import common
from msjournal.cli.common import confirm, now, open_journal_at, say
from msjournal.db import Journal
from msjournal.errors import InvalidInput, MsJournalError

LISTINGS = {
    "treatment": "msjournal treatment list --all",
    "relapse": "msjournal relapse list",
    "aid": "msjournal aid list --all",
    "appointment": "msjournal appointment list --all",
    "question": "msjournal question list --all",
}


def shown(text: str | None) -> str:
    """What a person typed, one line, control characters shown, never obeyed."""
    return "" if text is None else " ".join(entries.inert(text).split())


def record_id(text: str, family: str) -> int | str:
    """An id as typed (3, #3), or 'last'."""
    cleaned = text.strip().lstrip("#")
    if cleaned.lower() == "last":
        return "last"
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) < 2**63:
        raise InvalidInput(
            f"'{text.strip()}' is not {vocab.article(family)} {family} id: "
            "use a number such as 3, or last.",
            f"See the ids with: {LISTINGS[family]}",
        )
    return int(cleaned)


def resolved(journal: Journal, family: str, text: str) -> int:
    """The id typed, or for 'last' the record of the family added most recently."""
    wanted = record_id(text, family)
    if isinstance(wanted, int):
        return wanted
    last = journal.last_logged_timeline(family)
    if last is None:
        raise MsJournalError(f"The journal has no {family} records yet.")
    return last


def delete(ctx: typer.Context, family: str, raw_ids: list[str], yes: bool, describe: Any) -> None:
    """Delete records of a family by id (``3``, ``3,4``, ``last``), all or none: shown
    and asked first at a terminal; a script needs --yes."""
    texts = [piece for text in raw_ids for piece in text.split(",") if piece.strip()]
    if not texts:
        raise InvalidInput(f"Say which {family} to delete, e.g.: msjournal {family} delete 3")
    with open_journal_at(ctx, write=True) as journal:
        ids = list(dict.fromkeys(resolved(journal, family, text) for text in texts))
        found = journal.get_timeline(family, ids)
        missing = [i for i in ids if i not in found]
        if missing:
            from msjournal.db.timeline import FAMILIES, UnknownRecord

            raise UnknownRecord(FAMILIES[family], missing)
        if not yes and common.stdin_is_terminal():
            for i in ids:
                say(f"{family.capitalize()} {i}: {shown(describe(found[i]))}")
        one = len(ids) == 1
        confirm(f"Delete {'it' if one else f'these {len(ids)}'}?", yes)
        journal.delete_timeline(family, ids, shown=found, now=now())
    say(
        f"Deleted {family} {', '.join(map(str, ids))}. "
        f"(msjournal undo brings {'it' if one else 'them'} back.)"
    )
