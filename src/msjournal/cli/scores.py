"""``msjournal score`` (record, edit, delete) and ``msjournal scores`` (list).

A person fills a questionnaire in on paper or at their clinic and types the numbers
they chose. msjournal never shows what an item says: at a terminal it asks
"FSS item 3 of 9 (1-7):" and nothing more (the wording is copyrighted).
"""

import contextlib
import functools
import json
import re
import sys
from datetime import date, datetime
from typing import Annotated, Any

import typer

from msjournal import dates, entries, instruments
from msjournal.cli import common
from msjournal.cli.common import (
    CONTEXT,
    CommandGroup,
    Form,
    Format,
    FormatOpt,
    LogFormat,
    NoteOpt,
    Value,
    answer,
    app,
    day_range,
    help_without_command,
    now,
    open_journal_at,
    read_note,
    say,
    when,
)
from msjournal.db import Journal
from msjournal.errors import InvalidInput, MissingValue, MsJournalError
from msjournal.instruments import Instrument, Number, Score

ACTIONS = ("edit", "delete")


class ScoreGroup(CommandGroup):
    """``score fss``, ``score MFIS-5``, ``score msws``: any case, unique starts and the
    usual ways of writing the names; ``score edit`` and ``score delete``."""

    noun = "questionnaire"

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-"):
            word = args[0]
            lowered = word.lower()
            if not any(action.startswith(lowered) for action in ACTIONS):
                try:
                    args = [instruments.match(word), *args[1:]]
                except InvalidInput as exc:
                    if not ctx.resilient_parsing:
                        ctx.fail(f"{exc.message} Choose {instruments.choices()}.")
        return super().resolve_command(ctx, args)


score_app = typer.Typer(
    cls=ScoreGroup,
    name="score",
    help="Record a questionnaire you filled in (FSS, MFIS, MFIS-5, MSWS-12, PDDS) "
    "or the EDSS from your clinic.",
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    epilog="Examples: msjournal score fss 564735645  |  msjournal score edss 3.5  |  "
    "msjournal score fss (asks item by item)",
)
app.add_typer(score_app)


@score_app.callback()
def score_options(ctx: typer.Context) -> None:
    help_without_command(ctx)


# --- recording a score ----------------------------------------------------------------------

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When you filled it in; default now. E.g. 9am, 'yesterday 3pm', 2026-11-20.",
        show_default=False,
    ),
]
LogFormatOpt = Annotated[
    LogFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="json also prints the saved score on standard output.",
    ),
]

SUMMARIES = {
    "fss": "Score: the mean of the 9. A mean of 4 or more is commonly read as significant fatigue.",
    "mfis": "Score: the total, 0-84, with physical, cognitive and psychosocial "
    "subscores. 38 or more is a commonly used cut-off.",
    "mfis5": "Score: the total, 0-20 (no accepted cut-off).",
    "msws12": "Score: 0-100; higher means walking is more affected.",
    "pdds": "The rating itself: 0-2 mild, 3-5 moderate, 6-8 severe.",
    "edss": "As your neurologist gave it; msjournal only records it.",
}


def example(definition: Instrument) -> str:
    """Responses that are valid for the instrument, for messages and help."""
    if definition.name == "edss":
        return "3.5"
    if definition.items == 1:
        return "3"
    span = definition.high - definition.low + 1
    values = [str(definition.low + (i * 3 + 2) % span) for i in range(definition.items)]
    return "".join(values) if definition.digits else " ".join(values)


def question(definition: Instrument, index: int) -> str:
    """'FSS item 3 of 9 (1-7):', 'EDSS score (0-10 in steps of 0.5):'."""
    if definition.items == 1:
        what = "score" if definition.name == "edss" else "rating"
        return f"{definition.label} {what} ({definition.range_text}):"
    return f"{definition.label} item {index + 1} of {definition.items} ({definition.range_text}):"


BACK = ("b", "back", "<")


def read_answers(definition: Instrument, places: list[int], text: str) -> tuple[Number, ...]:
    """What was typed at one item's question: its answer, or several for it and the
    items after it ('5 6 4'); () to go back one item."""
    if text.strip().lower() in BACK:
        return ()
    if definition.items == 1:
        found = instruments.tokens(definition, text)
    else:  # never a digit string here: '10' for an MFIS item is ten, not 1 and 0
        found = [token for token in re.split(r"[\s,;]+", text.strip()) if token]
    if len(found) > len(places):
        left = len(places)
        raise InvalidInput(
            f"Only {left} item{'s are' if left > 1 else ' is'} left; {len(found)} numbers "
            "were typed."
        )
    return tuple(
        instruments.item(definition, place + 1, token)
        for place, token in zip(places, found, strict=False)
    )


def ask(definition: Instrument, answers: list[Number | None]) -> tuple[Number, ...]:
    """Ask for each item still without an answer, one at a time (never its wording).

    b goes back one item; several numbers fill the items that follow; Enter three
    times, Ctrl-C or Ctrl-D stop, and nothing is saved.
    """
    todo = [i for i, value in enumerate(answers) if value is None]
    if definition.items > 1 and len(todo) > 1:
        say(f"Type each {definition.label} answer from your form. b goes back; Ctrl-C stops.")
    forms = f"Type the number you chose, {definition.range_text}." + (
        " Several at once: 5 6 4. b goes back one item." if definition.items > 1 else ""
    )
    k = 0
    while k < len(todo):
        value: Value[tuple[Number, ...]] = Value(
            None,
            question(definition, todo[k]),
            functools.partial(read_answers, definition, todo[k:]),
            missing=f"{definition.label} needs an answer to every item.",
            forms=forms,
        )
        got = answer(value)
        if not got:  # b: back one item
            if k == 0:
                say("This is the first question.")
            else:
                k -= 1
                answers[todo[k]] = None
            continue
        for offset, response in enumerate(got):
            answers[todo[k + offset]] = response
        k += len(got)
    return tuple(value for value in answers if value is not None)


def from_the_terminal(
    definition: Instrument, typed: list[str], wrong: InvalidInput
) -> tuple[Number, ...]:
    """Responses typed on the command line with a mistake: at a terminal, the wrong
    items are asked again (all of them, if the count was wrong)."""
    say(wrong.message)
    found = instruments.tokens(definition, typed)
    answers: list[Number | None] = [None] * definition.items
    if len(found) == definition.items:
        for place, token in enumerate(found):
            with contextlib.suppress(InvalidInput):
                answers[place] = instruments.item(definition, place + 1, token)
    return ask(definition, answers)


def record(
    ctx: typer.Context,
    definition: Instrument,
    typed: list[str] | None,
    at: str | None,
    note: str | None,
    fmt: LogFormat,
) -> None:
    moment = now()
    form = Form()
    when_value = form.add(when(at, moment))
    note_text = read_note(note)
    given = [part for part in typed or [] if part.strip()]
    terminal = common.stdin_is_terminal()
    responses: tuple[Number, ...] | None = None
    wrong: InvalidInput | None = None
    if given:
        try:
            responses = instruments.parse_responses(definition, given)
        except InvalidInput as exc:
            if not terminal:
                raise
            wrong = exc
    elif not terminal:
        if definition.items == 1:
            things = "score: give it" if definition.name == "edss" else "rating: give it"
        else:
            things = "responses: give them"
        raise MissingValue(
            f"Missing the {definition.label} {things} after '{definition.name}'.",
            f"E.g. msjournal score {definition.name} {example(definition)}",
        )
    form.fill()  # a time typed wrongly is asked again first
    if responses is None:
        if wrong is not None:
            responses = from_the_terminal(definition, given, wrong)
        else:
            responses = ask(definition, [None] * definition.items)
    score = Score(
        definition.name,
        when_value.value or moment.replace(microsecond=0),
        responses,
        note_text,
    )
    instruments.validate(score)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add_score(score, now())
    # Only now, after the commit, is the score acknowledged.
    reading = f" ({saved.reading})" if saved.reading else ""
    say(f"Saved {saved.label} score {saved.shown}{reading}, id {saved.id}.")
    if fmt is LogFormat.json:
        typer.echo(json.dumps(saved.to_dict(), ensure_ascii=False, indent=2))


def responses_argument(definition: Instrument) -> Any:
    if definition.items == 1:
        name = "SCORE" if definition.name == "edss" else "RATING"
        text = f"The {name.lower()}, {definition.range_text}."
    else:
        name = "RESPONSES..."
        text = (
            f"The {definition.items} answers from your form, each {definition.range_text}: "
            "numbers with spaces or commas"
            + (f", or one string of digits ({example(definition)})." if definition.digits else ".")
            + " Left out at a terminal, msjournal asks item by item."
        )
    return Annotated[list[str] | None, typer.Argument(metavar=name, help=text, show_default=False)]


def register(definition: Instrument) -> None:
    """The command ``msjournal score NAME``."""

    def command(
        ctx: typer.Context,
        responses: list[str] | None = None,
        at: AtOpt = None,
        note: NoteOpt = None,
        fmt: LogFormatOpt = LogFormat.text,
    ) -> None:
        record(ctx, definition, responses, at, note, fmt)

    command.__annotations__ = {
        **command.__annotations__,
        "responses": responses_argument(definition),
    }
    command.__doc__ = (
        f"{definition.title} ({definition.label}): {definition.about}.\n\n"
        f"{SUMMARIES[definition.name]}"
    )
    command.__name__ = f"score_{definition.name}"
    score_app.command(
        definition.name,
        epilog=f"Example: msjournal score {definition.name} {example(definition)}",
    )(command)


for _definition in instruments.INSTRUMENTS.values():
    register(_definition)


# --- listing ------------------------------------------------------------------------------


def day_text(moment: datetime, today: date) -> str:
    """'Mon 1 Dec', with the year when it is not this year."""
    year = "" if moment.year == today.year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def subscores_text(score: Score) -> str:
    return ", ".join(f"{name} {value}" for name, value in score.subscores.items())


def table_rows(found: list[Score], today: date) -> list[tuple[str, ...]]:
    return [
        (
            str(score.id),
            day_text(score.at, today),
            score.label,
            score.shown,
            subscores_text(score),
            score.reading or "",
            " ".join(entries.inert(score.note).split()) if score.note else "",
        )
        for score in found
    ]


def instrument_name(text: str | None) -> str | None:
    return None if text is None else instruments.match(text)


@app.command(
    "scores",
    epilog="Examples: msjournal scores  |  msjournal scores fss  |  "
    "msjournal scores --from '1 year ago' --format csv > scores.csv",
)
def list_scores(
    ctx: typer.Context,
    scale: Annotated[
        str | None,
        typer.Argument(
            metavar="[SCALE]",
            help=f"Only this one: {instruments.choices()}.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="From this day on.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Up to and including this day.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show your questionnaire scores, newest first, with their readings."""
    today = now().date()
    name = instrument_name(scale)
    first, last = day_range(start, end, today)
    with open_journal_at(ctx) as journal:
        found = journal.scores(name, first, last)
        total = journal.score_count()
    if fmt is Format.json:
        from msjournal.export import write_json

        write_json((score.to_dict() for score in found), sys.stdout)
    elif fmt is Format.csv:
        from msjournal.export import write_scores_csv

        write_scores_csv(found, sys.stdout)
    elif found:
        from msjournal import render

        render.print_scores(table_rows(found, today))
    if total == 0:
        say("No scores yet. Record one with: msjournal score fss")
    elif not found:
        say("No scores match.")
    elif len(found) < total:
        say(f"{len(found)} of {total} scores, newest first.")
    else:
        say("1 score." if total == 1 else f"{total} scores, newest first.")


# --- changing and deleting ------------------------------------------------------------------

LAST = "last"


def score_id(text: str) -> int | str:
    """A score's id as typed: 3, #3, or last (the score recorded last)."""
    cleaned = text.strip().lstrip("#")
    if cleaned.lower() == LAST:
        return LAST
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) < 2**63:
        raise InvalidInput(
            f"'{text.strip()}' is not a score id: use a number such as 3, or last.",
            "See the ids with: msjournal scores",
        )
    return int(cleaned)


def resolved(journal: Journal, wanted: int | str) -> int:
    if isinstance(wanted, int):
        return wanted
    last = journal.last_logged_score()
    if last is None or last.id is None:
        raise MsJournalError("The journal has no scores yet.")
    return last.id


ScoreIdArg = Annotated[
    str, typer.Argument(metavar="ID", help="The score's id (see msjournal scores), or last.")
]


@score_app.command(
    "edit",
    epilog="Examples: msjournal score edit 3 5 6 4 7 3 5 6 4 5  |  "
    "msjournal score edit 3 --at 'last monday'  |  msjournal score edit 3 --note ''",
)
def edit(
    ctx: typer.Context,
    raw_id: ScoreIdArg,
    responses: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[RESPONSES...]",
            help="New answers for every item (the questionnaire stays the same).",
            show_default=False,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="WHEN", help="A new time, e.g. 'yesterday 9am'."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", "-n", metavar="TEXT", help="A new note; '' removes it.", show_default=False
        ),
    ] = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Change a score's answers, time or note. Its id stays.

    Says what changed, or that nothing did.
    """
    wanted = score_id(raw_id)
    moment = now()
    given = [part for part in responses or [] if part.strip()]
    new_at = None if at is None else dates.parse_when(at, moment)
    new_note = None if note is None or not note.strip() else read_note(note)
    if not given and at is None and note is None:
        raise InvalidInput(
            "Nothing to change: give new answers, --at or --note.",
            "E.g. msjournal score edit 3 --at 'yesterday 9am'",
        )

    def change(old: Score) -> Score:
        new = old
        if given:
            new = new.replace(responses=instruments.parse_responses(old.definition, given))
        if new_at is not None:
            new = new.replace(at=new_at)
        if note is not None:
            new = new.replace(note=new_note)
        return new

    with open_journal_at(ctx, write=True) as journal:
        target = resolved(journal, wanted)
        old = journal.get_score(target)
        saved = journal.edit_score(target, change, moment)
    assert old is not None
    differences = changed(old, saved, moment.date())
    if differences:
        say(f"Updated score {saved.id}: {'; '.join(differences)}.")
    else:
        say(f"Nothing changed: score {saved.id} already says that.")
    if fmt is LogFormat.json:
        typer.echo(json.dumps(saved.to_dict(), ensure_ascii=False, indent=2))


NOTE_SHOWN = 30


def changed(old: Score, new: Score, today: date) -> list[str]:
    """What an edit changed: 'item 4: 5 → 6; FSS 4.8 → 4.9', 'when: ... → ...'."""
    to = common.arrow()
    found: list[str] = []
    items = [i for i, (a, b) in enumerate(zip(old.responses, new.responses, strict=True)) if a != b]
    if 0 < len(items) <= 3:
        found += [f"item {i + 1}: {old.responses[i]:g} {to} {new.responses[i]:g}" for i in items]
    elif items:
        found.append(f"{len(items)} answers")
    if old.shown != new.shown:
        found.append(f"{new.label} {old.shown} {to} {new.shown}")
    if old.at != new.at or old.at.utcoffset() != new.at.utcoffset():
        before, after = dates.display(old.at, today), dates.display(new.at, today)
        if before == after:
            before, after = old.at.isoformat(), new.at.isoformat()
        found.append(f"when: {before} {to} {after}")
    if old.note != new.note:
        found.append(f"note: {note_text(old.note)} {to} {note_text(new.note)}")
    return found


def note_text(note: str | None) -> str:
    if note is None:
        return "none"
    text = entries.inert(note)
    if len(text) > NOTE_SHOWN:
        text = text[: NOTE_SHOWN - 1].rstrip() + common.ellipsis()
    return f"'{text}'"


@score_app.command(
    "delete", epilog="Examples: msjournal score delete 3  |  msjournal score delete last"
)
def delete(
    ctx: typer.Context,
    raw_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="The scores to delete: 3, 4,5 or last (the score recorded last).",
            show_default=False,
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete scores by id (asks first). msjournal undo brings them back."""
    parts = [score_id(piece) for text in raw_ids for piece in text.split(",") if piece.strip()]
    if not parts:
        raise InvalidInput("Say which score to delete, e.g.: msjournal score delete 3")
    today = now().date()
    with open_journal_at(ctx, write=True) as journal:
        ids = list(dict.fromkeys(resolved(journal, part) for part in parts))
        found = journal.get_scores(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            from msjournal.db.scores import UnknownScore

            raise UnknownScore(missing)
        if not yes and common.stdin_is_terminal():
            from msjournal import render

            render.print_scores(table_rows([found[i] for i in ids], today), stderr=True)
        common.confirm(
            "Delete this score?" if len(ids) == 1 else f"Delete these {len(ids)} scores?", yes
        )
        journal.delete_scores(ids, shown=found, now=now())
    listed = ", ".join(str(i) for i in ids)
    one = len(ids) == 1
    say(
        f"Deleted score{'' if one else 's'} {listed}. "
        f"(msjournal undo brings {'it' if one else 'them'} back.)"
    )
