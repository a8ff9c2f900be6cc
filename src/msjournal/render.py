"""Everything msjournal draws with rich. The only module that imports rich.

Tables carry meaning in words and numbers, never in colour alone; rich turns
colour off by itself for NO_COLOR and when output is not a terminal. Plain output
(``--plain``, MSJOURNAL_PLAIN=1: for screen readers and braille displays) draws no
table at all: one fact per line, each record led by its identifying line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from msjournal.dates import display, format_duration
from msjournal.entries import HOPKINS_GRADES, Entry, describe, inert
from msjournal.plain import plain

if TYPE_CHECKING:  # the report's modules load only when a report is drawn
    from msjournal.insights import Insights
    from msjournal.layout import Section, TableData
    from msjournal.summary import Report

NOTE_WIDTH = 40


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (``msjournal report | head -1``): leave it to the
        command line, which ends quietly with status 0 (rich alone would exit 1)."""
        self.quiet = True
        raise BrokenPipeError


def console(stderr: bool = False) -> Console:
    """A console that writes no escape codes at all when NO_COLOR is set, or for
    plain output. Plain output is not broken into lines to fit the screen either:
    one fact is one line, however long, which the terminal or reader wraps."""
    if plain():
        return _Console(
            stderr=stderr, highlight=False, emoji=False, color_system=None, soft_wrap=True
        )
    if os.environ.get("NO_COLOR"):
        return _Console(stderr=stderr, highlight=False, emoji=False, color_system=None)
    return _Console(stderr=stderr, highlight=False, emoji=False)


def grid(
    headers: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    out: Console,
    blocks: RenderableType | None = None,
    right: tuple[int, ...] = (),
    keep_whole: tuple[int, ...] = (0,),
    **style: Any,
) -> RenderableType:
    """A table whose every column is wide enough for its longest word, so a value
    is wrapped between words and never cut or dropped; when even that does not fit
    the screen (a narrow terminal, a large font), the same values as one block per
    record. Columns in ``keep_whole`` are never wrapped. Plain output: ``facts``."""
    if plain():
        return facts(headers, rows)
    if rows:  # a column with nothing in it only takes room ("Tags and note")
        kept = [i for i in range(len(headers)) if any(row[i] for row in rows)]
        if len(kept) < len(headers):
            headers = tuple(headers[i] for i in kept)
            rows = [tuple(row[i] for i in kept) for row in rows]
            right = tuple(kept.index(i) for i in right if i in kept)
            keep_whole = tuple(kept.index(i) for i in keep_whole if i in kept)
    columns = list(zip(headers, *rows, strict=True)) if rows else [(h,) for h in headers]
    widest = [max(len(text) for text in column) for column in columns]
    least = [
        widest[i]
        if i in keep_whole
        else max(len(word) for text in column for word in text.split() or [""])
        for i, column in enumerate(columns)
    ]

    def build(widths: list[int]) -> Table:
        table = Table(pad_edge=False, **style)
        for i, header in enumerate(headers):
            table.add_column(
                header,
                justify="right" if i in right else "left",
                width=widths[i],
                overflow="fold",
                no_wrap=i in keep_whole,
            )
        for row in rows:
            # a person's own words are text, never rich markup ("[/b]" stays as typed)
            table.add_row(*(Text(cell) for cell in row))
        return table

    unbounded = out.options.update_width(100_000)
    overhead = Measurement.get(out, unbounded, build(least)).maximum - sum(least)
    room = out.width - overhead
    if sum(least) > room:
        return blocks if blocks is not None else record_blocks(headers, rows, keep_whole)
    widths = list(least)
    spare = room - sum(least)
    wanted = [w - m for w, m in zip(widest, least, strict=True)]
    while spare > 0 and any(wanted):  # share the spare room, narrowest wants first
        share = max(1, spare // sum(1 for w in wanted if w))
        for i in sorted(range(len(wanted)), key=lambda i: wanted[i]):
            give = min(share, wanted[i], spare)
            widths[i] += give
            wanted[i] -= give
            spare -= give
    cells = [max((len(text) for text in column[1:]), default=0) for column in columns]
    if any(
        widths[i] < min(cells[i], THINNEST) for i in range(len(widths)) if i not in keep_whole
    ):  # a sliver of a column is complete but hard to read: blocks read better
        return blocks if blocks is not None else record_blocks(headers, rows, keep_whole)
    return build(widths)


THINNEST = 16  # a wrapped column narrower than this reads badly


# Short words that read as well together as numbers: 'Checked in yes'.
SHORT_WORDS = frozenset({"yes", "no"})


def _short(value: str) -> bool:
    """A count or a rating ('6', '0-45', '4.5'), or a yes or no: short values that
    read well together."""
    return value.replace(".", "").replace("-", "").isdigit() or value.lower() in SHORT_WORDS


def record_blocks(
    headers: tuple[str, ...], rows: Iterable[tuple[str, ...]], lead: tuple[int, ...] = (0,)
) -> Group:
    """Each row as a block for a narrow screen: the ``lead`` columns on one line
    (``ID 4  Tue 1 Dec 14:27``, ``Mon 30 Nov``), then the other values indented,
    short ones together (``Weakness 6, Falls 0``), longer ones a line each."""
    parts: list[RenderableType] = []
    rows = list(rows)
    spaced = any(  # records of words read better with a blank line between each
        not _short(row[i]) for row in rows for i in range(len(row)) if i not in lead and row[i]
    )
    for row in rows:
        if spaced and parts:
            parts.append(Text(""))
        first = [
            f"{headers[i]} {row[i]}" if row[i].isdigit() and headers[i] else row[i]
            for i in lead
            if row[i]
        ]
        # what wraps is indented under the lead's second part ('ID 1  Is the new...'),
        # never at the margin where it would read as a record of its own
        hang = len(first[0]) + 2 if len(first) > 1 else 2
        parts.append(Indented("  ".join(first), indent=0, hang=hang))
        rest = [(headers[i], row[i]) for i in range(len(row)) if i not in lead and row[i]]
        if rest and all(_short(value) for _, value in rest):  # 'Near falls 0' kept whole
            lines = [", ".join(f"{header} {value}".replace(" ", KEEP) for header, value in rest)]
        else:
            lines = [f"{header}: {value}" if header else value for header, value in rest]
        parts.extend(Indented(line) for line in lines)
    return Group(*parts)


# What a record's first value is called when it is a number: 'Change 12', not '# 12'.
PLAIN_NAMES = {"#": "Change"}


def facts(headers: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> Group:
    """Plain output: each row as one fact per line, with nothing drawn. The row's
    first value leads (``ID 4``, ``Day: Mon 30 Nov``), then each other value with its
    name (``Weakness: 6``); a blank line between rows. A row with nothing else says
    so (a day with nothing logged)."""
    parts: list[RenderableType] = []
    name = PLAIN_NAMES.get(headers[0], headers[0]) if headers else ""
    for row in rows:
        if parts:
            parts.append(Text(""))
        if not name:
            parts.append(Text(row[0]))
        else:
            parts.append(Text(f"{name} {row[0]}" if row[0].isdigit() else f"{name}: {row[0]}"))
        rest = [(headers[i], row[i]) for i in range(1, len(row)) if row[i]]
        parts.extend(Text(f"{header}: {value}" if header else value) for header, value in rest)
        if not rest:
            parts.append(Text("Nothing logged."))
    return Group(*parts)


KEEP = "\u00a0"  # a no-break space: Indented never wraps there, and prints a space


class Indented:
    """Text wrapped between words to the screen, every line indented (a hanging value
    in a narrow block), with no padding after it; lines after the first are indented
    ``hang`` more. Words joined by KEEP stay on one line ('(37 days)')."""

    def __init__(self, text: str, indent: int = 2, hang: int = 0) -> None:
        self.text = text
        self.indent = indent
        self.hang = hang

    def __rich_console__(self, console: Console, options: Any) -> Any:
        import textwrap

        first, rest = " " * self.indent, " " * (self.indent + self.hang)
        width = max(options.max_width, len(rest) + 10)
        lines = textwrap.wrap(
            self.text,
            width,
            initial_indent=first,
            subsequent_indent=rest,
            break_on_hyphens=False,
        )
        for line in lines or [""]:
            yield Text(line.replace(KEEP, " "))


ENTRY_HEADERS = ("ID", "When", "Entry", "Tags and note")
PLAIN_ENTRY_HEADERS = ("ID", "When", "Entry", "Tags", "Note")


def entry_rows(entries: Iterable[Entry], today: date, apart: bool = False) -> list[tuple[str, ...]]:
    """One row an entry; the tags and the note in one column (``#heat · note``), or
    in two, ``apart``."""
    rows: list[tuple[str, ...]] = []
    for entry in entries:
        tags = " ".join(f"#{tag}" for tag in entry.tags)
        note = " ".join(inert(entry.note).split()) if entry.note else ""
        together = (tags, note) if apart else (" · ".join(bit for bit in (tags, note) if bit),)
        rows.append((str(entry.id), display(entry.at, today), describe(entry), *together))
    return rows


def entries_table(entries: Iterable[Entry], today: date, out: Console) -> RenderableType:
    if plain():
        return facts(PLAIN_ENTRY_HEADERS, entry_rows(entries, today, apart=True))
    rows = entry_rows(entries, today)
    return grid(ENTRY_HEADERS, rows, out, right=(0,), keep_whole=(0, 1), box=box.SIMPLE_HEAD)


def print_entries(entries: list[Entry], today: date) -> None:
    """The entries as a table on standard output (the command says how many)."""
    out = console()
    out.print(entries_table(entries, today, out))


LABELS = {
    "id": "ID",
    "uuid": "UUID",
    "kind": "Kind",
    "at": "When",
    "severity": "Severity (0-10)",
    "regions": "Where",
    "activities": "Made hard",
    "duration_minutes": "Lasted",
    "fatigue_type": "Fatigue type",
    "near_fall": "Near-fall",
    "place": "Place",
    "doing": "Doing",
    "causes": "Cause",
    "injury": "Injury",
    "aids": "Aids in use",
    "got_up_alone": "Got up alone",
    "hopkins_grade": "Hopkins grade",
    "minutes": "Minutes",
    "exercise_type": "Type",
    "effort": "Effort (0-10)",
    "with_therapist": "With therapist",
    "after": "Felt after (0-10)",
    "symptom": "Symptom",
    "tags": "Tags",
    "note": "Note",
    "logged_at": "Logged",
    "updated_at": "Last changed",
}


def entry_fields(entry: Entry) -> list[tuple[str, str]]:
    fields = []
    record = entry.to_dict()
    if entry.kind == "symptom":  # which symptom, before how bad it was
        record = {
            "id": record.pop("id"),
            "uuid": record.pop("uuid"),
            "kind": record.pop("kind"),
            "symptom": record.pop("symptom"),
            **record,
        }
    for name, value in record.items():
        if value in (None, []):
            continue
        if name in ("at", "logged_at", "updated_at"):
            moment = getattr(entry, name)
            shown = f"{moment:%a} {moment.day} {moment:%b %Y %H:%M} (UTC{moment:%z})"
            shown = shown[:-3] + ":" + shown[-3:]
        elif name == "duration_minutes":
            shown = format_duration(value)
        elif name == "hopkins_grade":
            shown = f"{value} ({HOPKINS_GRADES[value]})"
        elif name == "note":
            shown = inert(value, keep_newlines=True)
        else:
            from msjournal.export import as_plain

            shown = as_plain(value)
        fields.append((LABELS[name], shown))
    return fields


def print_entry(entry: Entry) -> None:
    out = console()
    fields = entry_fields(entry)
    if plain():  # each field on a line of its own; each further paragraph of a note too
        for label, shown in fields:
            out.print(Text(f"{label}: {shown}"))
        return
    parts: list[RenderableType] = []
    for label, shown in fields:  # the label, then its value indented under it
        parts.append(Text(f"{label}:"))
        parts.extend(Indented(paragraph) for paragraph in shown.split("\n"))
    blocks = Group(*parts)
    headers = ("Field", "Value")
    out.print(grid(headers, fields, out, blocks, box=box.SIMPLE, show_header=False))


def print_entries_to_stderr(entries: list[Entry], today: date) -> None:
    """Show entries about to be changed (for confirmations) without touching stdout."""
    out = console(stderr=True)
    out.print(entries_table(entries, today, out))


# --- the report ---------------------------------------------------------------------------


def _table(data: TableData, out: Console) -> RenderableType:
    return grid(
        data.headers,
        data.rows,
        out,
        right=data.right,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
    )


def section_renderables(section: Section, out: Console) -> list[RenderableType]:
    """A section's title, lines, tables, items and closing lines; for plain output
    the title as written (not in capitals) and nothing indented."""
    flat = plain()
    title = section.title if flat else section.title.upper()
    parts: list[RenderableType] = [Text(title, style="bold")]
    parts.extend(Text(line) for line in section.lines)
    for data in section.tables:
        if flat and parts:  # a blank line before a table's first record
            parts.append(Text(""))
        parts.append(_table(data, out))
    for head, body in section.items:
        parts.append(Text(head, style="bold"))
        parts.append(Text(body) if flat else Padding(Text(body), (0, 0, 0, 4)))
    if flat and section.after and section.tables:
        parts.append(Text(""))
    parts.extend(Text(line) for line in section.after)
    return parts


def print_report(report: Report) -> None:
    out = console()
    from msjournal.layout import heading, sections

    title, lines = heading(report)
    out.print(Text(title, style="bold"))
    for line in lines:
        out.print(line)
    for section in sections(report, plain()):
        out.print()
        for part in section_renderables(section, out):
            out.print(part)


# --- the change history ---------------------------------------------------------------

HISTORY_HEADERS = ("#", "When", "Change")


def print_history(rows: Sequence[tuple[str, ...]]) -> None:
    """The changes, one row each: number, time, what happened (plain words)."""
    out = console()
    out.print(grid(HISTORY_HEADERS, rows, out, right=(0,), keep_whole=(0, 1), box=box.SIMPLE_HEAD))


# --- questionnaire scores -----------------------------------------------------------------

SCORE_HEADERS = ("ID", "Date", "Scale", "Score", "Subscores", "Reading", "Note")


def scores_table(rows: Sequence[tuple[str, ...]], out: Console) -> RenderableType:
    """Scores, one row each (id, date, scale, score, subscores, reading, note); on a
    narrow screen one block each, led by 'ID 3  Mon 1 Dec  FSS 4.8'."""
    combined = [(row[0], row[1], f"{row[2]} {row[3]}", *row[4:]) for row in rows]
    headers = ("ID", "Date", "", *SCORE_HEADERS[4:])
    blocks = record_blocks(headers, combined, lead=(0, 1, 2))
    return grid(
        SCORE_HEADERS, rows, out, blocks, right=(0, 3), keep_whole=(0, 1, 2, 3), box=box.SIMPLE_HEAD
    )


def print_scores(rows: Sequence[tuple[str, ...]], stderr: bool = False) -> None:
    """The scores as a table on standard output (or on stderr, before a question)."""
    out = console(stderr=stderr)
    out.print(scores_table(rows, out))


# --- treatments, relapses and aids ----------------------------------------------------------


def print_timeline(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Treatments, relapses or aids, one row each; on a narrow screen one block
    each, led by the id and the first column after it."""
    out = console()
    blocks = record_blocks(headers, rows, lead=(0, 1))
    out.print(grid(headers, rows, out, blocks, right=(0,), keep_whole=(0,), box=box.SIMPLE_HEAD))


# --- insights --------------------------------------------------------------------------------


def print_insights(found: Insights, every: bool = False) -> None:
    """What went with worse days: the heading, one row a comparison, then what was
    left out and the caution. On a narrow screen each comparison is a block of three
    lines: '#heat, weakness same day: went with worse days', then the groups, then the
    difference."""
    from msjournal import insights

    out = console()
    title, lines = insights.heading(found)
    out.print(Text(title, style="bold"))
    for line in lines:
        out.print(Text(line))
    caution = insights.cautions(found)
    if caution:
        out.print()
        for line in caution:
            out.print(Text(line))
    shown = insights.rows(found, every)
    if shown:

        def keep(*words: str) -> str:  # a group never split over two lines
            return KEEP.join(" ".join(words).split(" "))

        parts: list[RenderableType] = []
        for what, symptom, when, with_, without, difference, verdict in shown:
            if parts:
                parts.append(Text(""))
            lead = f"{keep(what + ',')} {keep(symptom, when + ':')} {keep(verdict)}"
            parts.append(Indented(lead, indent=0, hang=4))
            groups = f"{keep('with', with_ + ',')} {keep('without', without)}"
            parts.append(Indented(groups, hang=2))
            parts.append(Indented(f"difference {keep(difference)}", hang=2))
        blocks = Group(*parts)
        out.print()
        out.print(grid(insights.HEADERS, shown, out, blocks, keep_whole=(), box=box.SIMPLE_HEAD))
    for line in insights.closing(found, every):
        out.print()
        out.print(Text(line))
