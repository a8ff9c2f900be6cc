"""Looking at and changing the journal: list, show, edit, delete, undo, path."""

import re
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer

from msjournal import dates, entries, vocab
from msjournal.cli import common
from msjournal.cli.common import (
    SEVERITY_HELP,
    ActivityOpt,
    AfterOpt,
    AidOpt,
    CauseOpt,
    DoingOpt,
    DurationOpt,
    EffortOpt,
    Form,
    Format,
    FormatOpt,
    GotUpAloneOpt,
    LogFormat,
    LogFormatOpt,
    NeededHelpOpt,
    NoteOpt,
    PlaceOpt,
    Value,
    WhereOpt,
    app,
    choice,
    choices_question,
    day_range,
    got_up,
    many,
    now,
    number,
    open_journal_at,
    parse_many,
    parse_one,
    read_note,
    say,
    state,
)
from msjournal.cli.common import (
    entry_id as parse_entry_id,
)
from msjournal.db import Journal, Query
from msjournal.entries import Entry
from msjournal.errors import InvalidInput, MsJournalError, UnknownEntry
from msjournal.paths import resolve

DEFAULT_TABLE_ROWS = 50


@app.command("list", epilog="Example: msjournal list --week --kind weakness")
def list_entries(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, choice("kind", "--kind", "-k", help="Only these kinds.")
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
        str | None,
        typer.Option(
            "-n",
            "--limit",
            metavar="N",
            help="At most this many entries (newest).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show your entries, newest first."""
    today = now().date()
    count = None if limit is None else number("number of entries", 1, 10**9)(limit)
    first, last = day_range(start, end, today, week, month)
    query = Query(
        kinds=many("kind", kind),
        tags=entries.clean_tags(tag or []),
        limit=count,
        start=first,
        end=last,
    )
    with open_journal_at(ctx) as journal:
        default_limit = False
        if fmt is Format.table and count is None and query == Query(kinds=query.kinds):
            query = Query(kinds=query.kinds, limit=DEFAULT_TABLE_ROWS)
            default_limit = True
        found = journal.entries(query)
        matched = len(found)
        if query.limit is not None and matched == query.limit:
            matched = journal.count_matching(query)
    print_entries(found, fmt, today)
    say(how_many(len(found), matched, filtered=query != Query(limit=query.limit)))
    if default_limit and matched > len(found):
        say("To see more, use -n or --from.")


def how_many(shown: int, matched: int, filtered: bool) -> str:
    """What a listing holds: '3 of 43 entries, newest first.'"""
    if matched == 0:
        return "No entries match." if filtered else "The journal has no entries yet."
    if shown < matched:
        return f"{shown} of {matched} entries, newest first."
    return "1 entry." if matched == 1 else f"{matched} entries, newest first."


def print_entries(found: list[Entry], fmt: Format, today: Any) -> None:
    """The entries on standard output: a table, JSON or CSV (a header only if none)."""
    if fmt is Format.json:
        from msjournal.export import write_json

        write_json((e.to_dict() for e in found), sys.stdout)
    elif fmt is Format.csv:
        from msjournal.export import write_csv

        write_csv((e.to_dict() for e in found), sys.stdout)
    elif found:
        from msjournal import render

        render.print_entries(found, today)


LAST = "last"  # the entry logged most recently, as undo finds it
IdPart = int | tuple[int, int] | str  # 12, 3-6 (a range), or last


def id_parts(raw: list[str]) -> list[IdPart]:
    """Entry ids as typed: 12, last, 4,5 (a list) and 3-6 (a range), in any mix."""
    parts: list[IdPart] = []
    for text in raw:
        for piece in text.split(","):
            piece = piece.strip()
            if not piece:
                continue  # "4, 5" arrives as "4," and "5"
            if piece.lower() == LAST:
                parts.append(LAST)
                continue
            span = re.fullmatch(r"(#?\d+)\s*-\s*(#?\d+)", piece)
            if span is None:
                parts.append(parse_entry_id(piece))
                continue
            first, last = parse_entry_id(span.group(1)), parse_entry_id(span.group(2))
            if first > last:
                raise InvalidInput(
                    f"'{piece}' is not a range: put the smaller id first, e.g. {last}-{first}."
                )
            parts.append((first, last))
    return parts


def last_logged_id(journal: Journal) -> int:
    last = journal.last_logged()
    if last is None or last.id is None:
        raise MsJournalError("The journal has no entries yet.")
    return last.id


def chosen(journal: Journal, parts: list[IdPart]) -> tuple[list[int], dict[int, Entry]]:
    """The ids meant, each once in the order typed, and their entries.

    Every id named on its own (or as last) must exist; a range takes the ids that
    exist in it, and must hold at least one.
    """
    ids: list[int] = []
    for part in parts:
        if isinstance(part, str):
            ids.append(last_logged_id(journal))
        elif isinstance(part, tuple):
            found = journal.ids_between(*part)
            if not found:
                raise MsJournalError(
                    f"There are no entries with ids from {part[0]} to {part[1]}.",
                    "See the ids with: msjournal list",
                )
            ids += found
        else:
            ids.append(part)
    wanted = list(dict.fromkeys(ids))
    found_entries = journal.get_many(wanted)
    missing = [i for i in wanted if i not in found_entries]
    if missing:
        raise UnknownEntry(missing)
    return wanted, found_entries


IdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Entry ids (see msjournal list): 12, last (the entry logged last), "
        "4,5 or a range such as 3-6.",
        show_default=False,
    ),
]


@app.command(epilog="Examples: msjournal show 12  |  msjournal show last  |  msjournal show 3-6")
def show(ctx: typer.Context, raw_ids: IdsArg, fmt: FormatOpt = Format.table) -> None:
    """Show entries in full."""
    parts = id_parts(raw_ids)
    if not parts:
        raise InvalidInput("Say which entry to show, e.g.: msjournal show 12")
    with open_journal_at(ctx) as journal:
        ids, found = chosen(journal, parts)
    shown = [found[i] for i in ids]
    one = len(parts) == 1 and not isinstance(parts[0], tuple)
    if fmt is Format.table:
        from msjournal import render

        for entry in shown:
            render.print_entry(entry)
    elif fmt is Format.json and one:
        from msjournal.export import entry_json

        typer.echo(entry_json(shown[0]))
    else:
        print_entries(shown, fmt, None)


EntryId = Annotated[
    str, typer.Argument(metavar="ID", help="The entry's id (see msjournal list), or last.")
]


def one_id(text: str) -> int | str:
    """The id of the one entry to edit: 12 or last."""
    if text.strip().lower() == LAST:
        return LAST
    if "," in text or re.search(r"\d\s*-", text):
        raise InvalidInput("edit changes one entry at a time: give one id, e.g. 12, or last.")
    return parse_entry_id(text)


@app.command(
    epilog="Examples: msjournal edit 12 --severity 5  |  msjournal edit 12 --note ''"
    "  (an empty value clears an optional field)",
)
def edit(
    ctx: typer.Context,
    raw_id: EntryId,
    severity: Annotated[
        str | None, typer.Option("--severity", metavar="0-10", help=SEVERITY_HELP)
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes", metavar="MINUTES", help="Exercise minutes: 30, 45min, 1h or 1h15."
        ),
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
    injury: Annotated[str | None, choice("injury", "--injury", help="Injury.")] = None,
    aid: AidOpt = None,
    got_up_alone: GotUpAloneOpt = False,
    needed_help: NeededHelpOpt = False,
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
    symptom: Annotated[
        str | None, choice("symptom", "--symptom", help="Which symptom (symptom entries).")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="WHEN", help="A new time, e.g. 'yesterday 9pm'."),
    ] = None,
    note: NoteOpt = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help="Replace the tags with these; repeat or use commas ('' removes them all).",
            show_default=False,
        ),
    ] = None,
    add_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--add-tag",
            metavar="TAG",
            help="Add a tag, keeping the others; repeat or use commas.",
            show_default=False,
        ),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-tag",
            metavar="TAG",
            help="Remove a tag, keeping the others; repeat or use commas.",
            show_default=False,
        ),
    ] = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Change any field of an entry. Its id, uuid and logged time stay.

    Says what changed, field by field, or that nothing did.
    """
    target = one_id(raw_id)
    moment = now()
    given: dict[str, Any] = {}

    def clearable(name: str, raw: str | None, parse: Callable[[str], Any]) -> None:
        if raw is not None:
            given[name] = None if raw.strip() == "" else parse(raw)

    def listed(name: str, raw: list[str] | None, parse: Callable[[list[str]], Any]) -> None:
        if raw is not None:
            given[name] = () if all(not r.strip() for r in raw) else parse(raw)

    # the words of a vocabulary: a slip is offered at a terminal, as log does
    form = Form()
    worded = {
        "regions": form.add(edit_choice("region", "Where", where, several=True)),
        "activities": form.add(edit_choice("activity", "What was hard", activity, several=True)),
        "place": form.add(edit_choice("place", "Where", place)),
        "doing": form.add(edit_choice("doing", "Doing what", doing)),
        "causes": form.add(edit_choice("cause", "What caused it", cause, several=True)),
        "injury": form.add(edit_choice("injury", "Injury", injury)),
        "aids": form.add(edit_choice("aid", "Walking aids", aid, several=True)),
        "symptom": form.add(edit_choice("symptom", "Which symptom", symptom)),
    }
    clearable("severity", severity, number("severity", *entries.SEVERITY_RANGE))
    clearable("minutes", minutes, lambda raw: dates.parse_minutes(raw, *entries.MINUTES_RANGE))
    clearable("duration_minutes", duration, dates.parse_duration)
    clearable("type", kind, str)
    if near is not None:
        given["near_fall"] = near
    getting_up = got_up(got_up_alone, needed_help)
    if getting_up is not None:
        given["got_up_alone"] = getting_up
    clearable("effort", effort, number("effort", *entries.EFFORT_RANGE))
    if with_therapist is not None:
        given["with_therapist"] = with_therapist
    clearable("after", after, number("after", *entries.AFTER_RANGE))
    if at is not None:
        given["at"] = dates.parse_when(at, moment)
    clearable("note", note, lambda raw: read_note(raw))
    listed("tags", tag, lambda raw: entries.clean_tags(raw))
    if tag is not None and (add_tag is not None or remove_tag is not None):
        raise InvalidInput(
            "--tag replaces all the tags: give it, or --add-tag and --remove-tag, not both."
        )
    form.fill()
    for name, value in worded.items():
        if value.value is not None:  # '' or (): emptied
            given[name] = value.value or (() if isinstance(value.value, tuple) else None)
    if add_tag is not None:
        given["add_tags"] = entries.clean_tags(add_tag)
    if remove_tag is not None:
        given["remove_tags"] = entries.clean_tags(remove_tag)
    both = set(given.get("add_tags", ())) & set(given.get("remove_tags", ()))
    if both:
        raise InvalidInput(f"'{min(both)}' is in both --add-tag and --remove-tag: give it once.")
    if not given:
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --severity 5.",
            "See all options with: msjournal edit --help",
        )

    before: list[Entry] = []  # the entry as it was, read in the edit's own transaction

    def change(old: Entry) -> Entry:
        before.append(old)
        return entries.validate(old.replace(**edit_fields(old, dict(given), entry_id)))

    with open_journal_at(ctx, write=True) as journal:
        entry_id = last_logged_id(journal) if isinstance(target, str) else target
        saved = journal.edit(entry_id, change, moment)
    differences = changed_fields(before[-1], saved, moment.date())
    if differences:
        say(f"Updated entry {saved.id}: {'; '.join(differences)}.")
    else:
        say(f"Nothing changed: entry {saved.id} already says that.")
    if fmt is LogFormat.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(saved))


def edit_choice(
    vocabulary: str, label: str, typed: str | list[str] | None, several: bool = False
) -> Value[Any]:
    """An edit's word (or words, for a list option) from a vocabulary; '' empties
    it ('' or ()). At a terminal a slip is asked again, with its likely meaning
    offered; Enter then leaves it as it is."""
    read = parse_many(vocabulary) if several else parse_one(vocabulary)
    empty: Any = () if several else ""

    def parse(text: str) -> Any:
        return empty if not text.replace(",", "").strip() else read(text)

    shown = ",".join(typed) if isinstance(typed, list) else typed
    question = choices_question(label, vocabulary)
    return Value(shown, question, parse, vocabulary, enter="to leave it as it is")


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
    "symptom": "--symptom",
}
_REQUIRED = {"severity", "minutes", "near_fall", "with_therapist", "symptom"}
_REQUIRED_FOR = {"regions": ("weakness",)}  # a symptom may be felt nowhere in particular


def edit_fields(old: Entry, given: dict[str, Any], entry_id: int) -> dict[str, Any]:
    """Check the edit's options against the entry's kind; return the new fields."""
    if "add_tags" in given or "remove_tags" in given:
        adding, removing = given.pop("add_tags", ()), given.pop("remove_tags", ())
        absent = [tag for tag in removing if tag not in old.tags]
        if absent:
            has = f"its tags are {', '.join(old.tags)}" if old.tags else "it has no tags"
            names = ", ".join(f"'{tag}'" for tag in absent)
            raise InvalidInput(
                f"Entry {entry_id} has no tag {names} to remove; {has}.",
            )
        given["tags"] = tuple(sorted((set(old.tags) - set(removing)) | set(adding)))
    if "type" in given:
        raw = given.pop("type")
        if old.kind not in ("fatigue", "exercise") or raw is None:
            raise InvalidInput(
                f"--type needs a value and is for fatigue or exercise; "
                f"entry {entry_id} is {vocab.article(old.kind)} {old.kind} entry."
            )
        field = "fatigue_type" if old.kind == "fatigue" else "exercise_type"
        given[field] = vocab.match(field.replace("_", " "), raw)
    allowed = entries.KIND_FIELDS[old.kind]
    for name, value in given.items():
        if name in _OPTION_OF and name not in allowed:
            raise InvalidInput(
                f"{_OPTION_OF[name]} does not apply: entry {entry_id} is "
                f"{vocab.article(old.kind)} {old.kind} entry."
            )
        required = name in _REQUIRED or old.kind in _REQUIRED_FOR.get(name, ())
        if required and value in (None, ()):
            raise InvalidInput(f"{_OPTION_OF[name]} cannot be emptied.")
    if given.get("near_fall") and "injury" not in given and old.injury != "none":
        raise InvalidInput(
            f"Entry {entry_id} records an injury ({old.injury}); a near-fall has none.",
            "To make it a near-fall anyway, add --injury none.",
        )
    if given.get("near_fall") and "got_up_alone" not in given:
        given["got_up_alone"] = None
    if old.kind == "fall" and "injury" in given and given["injury"] is None:
        given["injury"] = "none"
    return given


# How edit names each field when it says what changed ('severity 5 → 6').
FIELD_WORDS = {
    "at": "when",
    "symptom": "symptom",
    "severity": "severity",
    "regions": "where",
    "activities": "made hard",
    "duration_minutes": "lasted",
    "fatigue_type": "type",
    "place": "place",
    "doing": "doing",
    "causes": "cause",
    "injury": "injury",
    "aids": "aids",
    "got_up_alone": "getting up",
    "minutes": "minutes",
    "exercise_type": "type",
    "effort": "effort",
    "with_therapist": "with therapist",
    "after": "felt after",
    "tags": "tags",
    "note": "note",
}
NOTE_SHOWN = 30  # characters of a note in the change line; msjournal show has it whole


def changed_fields(old: Entry, new: Entry, today: Any) -> list[str]:
    """What an edit changed, field by field: 'severity 5 → 6', 'tags: heat → none'."""
    to = common.arrow()
    changes: list[str] = []
    if old.near_fall != new.near_fall:
        changes.append(f"{shown(old, 'near_fall', today)} {to} {shown(new, 'near_fall', today)}")
    for name, word in FIELD_WORDS.items():
        was, now_is = getattr(old, name), getattr(new, name)
        if was == now_is and (name != "at" or old.at.utcoffset() == new.at.utcoffset()):
            continue
        before, after = shown(old, name, today), shown(new, name, today)
        if before == after and name == "note":  # they differ after the part shown
            changes.append("note changed")
            continue
        if before == after:  # the same clock time, in another UTC offset
            before, after = old.at.isoformat(), new.at.isoformat()
        spaced = any(mark in before + after for mark in " ,")
        changes.append(f"{word}{':' if spaced else ''} {before} {to} {after}")
    return changes


def shown(entry: Entry, name: str, today: Any) -> str:
    """One field of an entry in plain words, for the change line."""
    value = getattr(entry, name)
    if value is None or value == ():
        return "none"
    if name == "at":
        return dates.display(value, today)
    if name == "near_fall":
        return "near-fall" if value else "fall"
    if name == "got_up_alone":
        return "got up alone" if value else "needed help"
    if name == "with_therapist":
        return "yes" if value else "no"
    if name == "duration_minutes":
        return dates.format_duration(value)
    if name == "note":
        text = entries.inert(value)
        if len(text) > NOTE_SHOWN:
            text = text[: NOTE_SHOWN - 1].rstrip() + common.ellipsis()
        return f"'{text}'"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def confirm_all(total: int, yes: bool) -> None:
    """Deleting everything takes more than one keystroke: type the number."""
    if yes:
        return
    if not common.stdin_is_terminal():
        raise InvalidInput("Deleting needs confirmation: add --yes to go ahead without a question.")
    every = "the only entry" if total == 1 else f"all {total} entries"
    say(f"This deletes {every} (msjournal undo brings them back).")
    answer = typer.prompt(f"To go ahead, type the number {total}", err=True)
    if answer.strip() != str(total):
        say(f"Nothing was changed (it takes the number {total} to go ahead).")
        raise typer.Exit(0)


YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


@app.command(
    epilog="Examples: msjournal delete 12 13  |  msjournal delete last  |  msjournal delete 3-6"
)
def delete(
    ctx: typer.Context,
    raw_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="The ids to delete: 12, last (the entry logged last), 4,5 or a range "
            "such as 3-6 (the entries that exist in it).",
            show_default=False,
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Delete every entry in the journal.")
    ] = False,
    yes: YesOpt = False,
) -> None:
    """Delete entries by id (asks first). Never deletes without ids or --all."""
    ids = id_parts(raw_ids or [])
    if everything and ids:
        raise InvalidInput("Give ids or --all, not both.")
    if not everything and not ids:
        raise InvalidInput(
            "Say which entries to delete, e.g.: msjournal delete 12",
            "See the ids with: msjournal list. To delete every entry, use --all.",
        )
    today = now().date()
    with open_journal_at(ctx, write=True) as journal:
        if everything:
            total = journal.count()
            if total == 0:
                say("The journal has no entries; nothing to delete.")
                return
            confirm_all(total, yes)
            removed = journal.delete_all(expected=total, now=now())
            say(f"Deleted all {removed} entries. (msjournal undo brings them back.)")
            return
        wanted, found = chosen(journal, ids)
        if not yes and common.stdin_is_terminal():
            from msjournal import render

            render.print_entries_to_stderr([found[i] for i in wanted], today)
        noun = "this entry" if len(wanted) == 1 else f"these {len(wanted)} entries"
        common.confirm(f"Delete {noun}?", yes, "Deleting")
        journal.delete(wanted, shown=found, now=now())
    listed = ", ".join(str(i) for i in wanted)
    say(
        f"Deleted {'entry' if len(wanted) == 1 else 'entries'} {listed}. "
        "(msjournal undo brings "
        f"{'it' if len(wanted) == 1 else 'them'} back.)"
    )


def fail(message: str) -> NoReturn:
    raise MsJournalError(message)


@app.command(epilog="Example: msjournal path")
def path(ctx: typer.Context) -> None:
    """Show where the journal file is, and why."""
    where = resolve(state(ctx).db)
    typer.echo(str(where.path))
    exists = "" if where.path.exists() else "; no journal there yet"
    say(f"({where.explained}{exists})")
