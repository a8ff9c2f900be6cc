"""``msjournal home``: the home-safety checklist (falls prevention).

``home check`` asks each item of the checklist (or takes it in one line),
``home list`` shows the open hazards of the latest check, ``home delete`` takes a
check out again.
"""

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from msjournal import home
from msjournal.cli import common
from msjournal.cli.common import (
    Form,
    Value,
    WrongPart,
    command_group,
    now,
    open_journal_at,
    prompt,
    say,
    when,
)
from msjournal.db import Journal
from msjournal.errors import InvalidInput, MissingValue, MsJournalError, NoJournal
from msjournal.home import HomeCheck

home_app = command_group(
    "home",
    "A safer home: the falls-prevention checklist and its open hazards.",
    "Examples: msjournal home check  |  msjournal home check --no rugs,grab-bars  |  "
    "msjournal home list",
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


BACK = ("b", "back", "<")
SHOWN = {"yes": "yes", "no": "no", "na": "-"}
WORDS = {"yes": "yes", "no": "no", "na": "not applicable"}
HELP = f"{home.ANSWER_HELP} b goes back one item. Ctrl-C stops; nothing is saved."


def day_words(moment: date, today: date) -> str:
    """'Mon 9 Nov', with the year when it is not this year."""
    year = "" if moment.year == today.year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def items_value(typed: list[str] | None, option: str) -> Value[tuple[str, ...]]:
    """--no or --na: checklist ids, repeated or comma-separated, forgivingly."""

    def parse(text: str) -> tuple[str, ...]:
        parts = [part for part in text.split(",") if part.strip()] or [""]
        for i, part in enumerate(parts):
            try:
                home.match_part(part)
            except InvalidInput as exc:
                raise WrongPart(exc, parts[:i] + parts[i + 1 :]) from None
        return home.match_items(parts)

    return Value(
        None if typed is None else ",".join(typed),
        f"Items for {option}? (ids, commas)",
        parse,
        forms=home.ids_text(),
        insist=True,
    )


def latest_check(ctx: typer.Context) -> HomeCheck | None:
    """The last check, for Enter to keep its answers (none in a new journal)."""
    try:
        with open_journal_at(ctx) as journal:
            return home.latest(journal.home_checks())
    except NoJournal:
        return None


def ask_item(item: home.Item, last: str | None, given: str | None = None) -> str:
    """One item's answer: yes, no or na ('back' for b). Enter keeps the answer
    ``given`` before going back, else the last check's (and says which it kept);
    without either, it asks again."""
    kept, why = (given, "as you said") if given else (last, "as last time")
    hint = f" (Enter: {WORDS[kept]}, {why})" if kept else ""
    question = f"{item.text}? [y/n/-]{hint}"
    while True:
        text = prompt(question).strip()
        if text == "?":
            say(HELP)
        elif not text:
            if kept:
                say(f"  {WORDS[kept]}, {why}")
                return kept
            say("Please type y, n or - (? explains).")
        elif text.lower() in BACK:
            return "back"
        else:
            try:
                return home.parse_answer(text)
            except InvalidInput as exc:
                say(f"{exc.message} (? explains)")


def ask_all(last: HomeCheck | None) -> dict[str, str]:
    """Every item of the checklist, one at a time, room by room."""
    say(f"Home safety: {len(home.ITEMS)} items, one at a time.")
    say("y: in place. n: missing. -: not for your home. ? explains.")
    if last is not None:
        say(f"Enter keeps your answer from the last check ({day_words(last.at, now().date())}).")
    answers: dict[str, str] = {}
    given: dict[str, str] = {}  # answers taken back with b: Enter keeps them
    k = 0
    room = ""
    while k < len(home.ITEMS):
        item = home.ITEMS[k]
        if item.room != room:
            room = item.room
            say(f"{home.ROOM_TITLES[room]}:")
        before = None if last is None else last.answers.get(item.id)
        got = ask_item(item, before, given.get(item.id))
        if got == "back":
            if k == 0:
                say("This is the first item.")
            else:
                k -= 1
                back = home.ITEMS[k].id
                given[back] = answers.pop(back)
                room = ""
            continue
        answers[item.id] = got
        k += 1
    return answers


@home_app.command(
    "check",
    epilog="Examples: msjournal home check  |  "
    "msjournal home check --no floors-rugs,bathroom-grab-bars --na stairs  |  "
    "msjournal home check --yes",
)
def check(
    ctx: typer.Context,
    missing: Annotated[
        list[str] | None,
        typer.Option(
            "--no",
            metavar="IDS",
            help="Items missing (open hazards), e.g. rugs,grab-bars. The rest: yes.",
            show_default=False,
        ),
    ] = None,
    not_applicable: Annotated[
        list[str] | None,
        typer.Option(
            "--na",
            metavar="IDS",
            help="Items that do not apply to your home; a room for all of its items (stairs).",
            show_default=False,
        ),
    ] = None,
    every_yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Every item is in place (but those in --na)."),
    ] = False,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="WHEN", help="When you checked; default now.", show_default=False
        ),
    ] = None,
) -> None:
    """Go through the home-safety checklist: yes (in place), no (missing), or - (not
    applicable). In one line: --no ID,ID [--na ID] answers yes to the rest."""
    if every_yes and missing is not None:
        raise InvalidInput(
            "--yes says every item is in place, --no that some are missing: use one."
        )
    moment = now()
    form = Form()
    no = form.add(items_value(missing, "--no"))
    na = form.add(items_value(not_applicable, "--na"))
    taken = form.add(when(at, moment))
    one_line = missing is not None or not_applicable is not None or every_yes
    if not one_line and not common.stdin_is_terminal():
        raise MissingValue(
            "The checklist is asked at a terminal; in a script, answer it in one line.",
            "E.g. msjournal home check --no floors-rugs,bathroom-grab-bars "
            "(the rest yes), or --yes if every item is in place.",
        )
    form.fill()
    if one_line:
        answers = home.answers_from(no.value or (), na.value or ())
    else:
        answers = ask_all(latest_check(ctx))
    record = HomeCheck(at=(taken.value or moment).replace(microsecond=0), answers=answers)
    home.validate(record)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add_home_check(record, now())
        closed = home.now_in_place(journal.home_checks(), saved) if one_line else []
    say(f"Saved home check {saved.id}: {home.describe(saved)}.")
    if saved.open:
        say("See them with: msjournal home list")
    today = now().date()
    for hazard in closed:  # the one-line form's yes to the rest, said aloud
        say(home.in_place_line(hazard.item.text, day_words(hazard.since, today)))


HAZARD_HEADERS: tuple[str, ...] = ("Room", "Missing", "Since", "Id")
CHECK_HEADERS: tuple[str, ...] = ("ID", "Checked", "Open", "Rooms", "N/A")


def hazard_rows(hazards: list[home.Hazard], today: date) -> list[tuple[str, ...]]:
    return [(h.item.room, h.item.text, day_words(h.since, today), h.item.id) for h in hazards]


def check_rows(checks: list[HomeCheck], today: date) -> list[tuple[str, ...]]:
    """Every check, oldest first: its id, day, how many open hazards and where, and
    how many items do not apply."""
    return [
        (
            str(c.id),
            day_words(c.at, today),
            str(len(c.open)),
            home.rooms_text(c.open),
            str(sum(1 for v in c.answers.values() if v == "na") or ""),
        )
        for c in home.in_order(checks)
    ]


@home_app.command(
    "list",
    epilog="Examples: msjournal home list  |  msjournal home list --format json  |  "
    "msjournal home list --all",
)
def list_(
    ctx: typer.Context,
    every: Annotated[bool, typer.Option("--all", "-a", help="Every check, with its id.")] = False,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
    ] = ListFormat.table,
) -> None:
    """Show the open hazards of your last check, by room (--all: every check)."""
    try:
        with open_journal_at(ctx) as journal:
            checks = journal.home_checks()
    except NoJournal:
        checks = []
    today = now().date()
    last = home.latest(checks)
    checked = "" if last is None else day_words(last.at, today)
    if every:
        found: list[Any] = home.in_order(checks)
        headers, rows = CHECK_HEADERS, check_rows(checks, today)
    else:
        found = home.open_hazards(checks)
        headers, rows = HAZARD_HEADERS, hazard_rows(found, today)
    if fmt is ListFormat.json:
        typer.echo(json.dumps([one.to_dict() for one in found], ensure_ascii=False, indent=2))
    elif rows:
        from msjournal import render

        if not every:
            say(f"Open hazards in your last check ({checked}):")
        render.print_timeline(headers, rows)
    if last is None:
        say("No home checks yet. Make one with: msjournal home check")
    elif not every and not last.open:
        say(f"No open hazards in your last check ({checked}).")


def check_id(text: str) -> int | str:
    cleaned = text.strip().lstrip("#")
    if cleaned.lower() == "last":
        return "last"
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) < 2**63:
        raise InvalidInput(
            f"'{text.strip()}' is not a home check id: use a number such as 3, or last.",
            "See the ids with: msjournal home list --all",
        )
    return int(cleaned)


def latest_id(journal: Journal) -> int:
    """'last': the latest check by its date (then id), as ``home list`` calls it."""
    found = home.latest(journal.home_checks())
    if found is None or found.id is None:
        raise MsJournalError("The journal has no home checks yet.")
    return found.id


@home_app.command("delete", epilog="Example: msjournal home delete 3")
def delete(
    ctx: typer.Context,
    raw_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Ids (3, 4,5) or last (the latest by date).", show_default=False
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete home checks by id (asks first). msjournal undo brings them back."""
    wanted: list[int | str] = [
        check_id(p) for text in raw_ids for p in text.split(",") if p.strip()
    ]
    if not wanted:
        raise InvalidInput("Say which check to delete, e.g.: msjournal home delete 3")
    with open_journal_at(ctx, write=True) as journal:
        ids = list(dict.fromkeys(latest_id(journal) if w == "last" else int(w) for w in wanted))
        found = journal.get_timeline("home_check", ids)
        missing = [i for i in ids if i not in found]
        if missing:
            from msjournal.db.timeline import FAMILIES, UnknownRecord

            raise UnknownRecord(FAMILIES["home_check"], missing)
        today = now().date()
        if not yes and common.stdin_is_terminal():
            for i, one in found.items():
                say(f"Home check {i} ({day_words(one.at, today)}): {home.describe(one)}")
        one = len(found) == 1
        common.confirm(f"Delete {'it' if one else f'these {len(found)}'}?", yes)
        journal.delete_timeline("home_check", list(found), shown=found, now=now())
    say(
        f"Deleted home check {', '.join(map(str, found))}. "
        f"(msjournal undo brings {'it' if one else 'them'} back.)"
    )
