"""Everything msjournal draws with rich. The only module that imports rich.

Tables carry meaning in words and numbers, never in colour alone; rich turns
colour off by itself for NO_COLOR and when output is not a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from msjournal.dates import display, format_duration
from msjournal.entries import HOPKINS_GRADES, Entry, describe
from msjournal.export import as_plain
from msjournal.layout import Section, TableData, heading, sections
from msjournal.summary import Report

NOTE_WIDTH = 40


def console(stderr: bool = False) -> Console:
    """A console that writes no escape codes at all when NO_COLOR is set."""
    plain = bool(os.environ.get("NO_COLOR"))
    if plain:
        return Console(stderr=stderr, highlight=False, emoji=False, color_system=None)
    return Console(stderr=stderr, highlight=False, emoji=False)


def _short(text: str | None, width: int = NOTE_WIDTH) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def entries_table(entries: Iterable[Entry], today: date) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Entry", overflow="fold", min_width=24)
    table.add_column("Tags and note", overflow="fold", max_width=NOTE_WIDTH)
    for entry in entries:
        tags = " ".join(f"#{tag}" for tag in entry.tags)
        table.add_row(
            str(entry.id),
            display(entry.at, today),
            Text(describe(entry)),
            # a person's own words are text, never rich markup ("[/b]" stays as typed)
            Text(" · ".join(bit for bit in (tags, _short(entry.note)) if bit)),
        )
    return table


def print_entries(entries: list[Entry], today: date) -> None:
    console().print(entries_table(entries, today))
    noun = "entry" if len(entries) == 1 else "entries"
    console(stderr=True).print(f"{len(entries)} {noun}, newest first.")


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
    "tags": "Tags",
    "note": "Note",
    "logged_at": "Logged",
    "updated_at": "Last changed",
}


def entry_detail(entry: Entry) -> Table:
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    for name, value in entry.to_dict().items():
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
        else:
            shown = as_plain(value)
        table.add_row(LABELS[name], Text(shown))
    return table


def print_entry(entry: Entry) -> None:
    console().print(entry_detail(entry))


def print_entries_to_stderr(entries: list[Entry], today: date) -> None:
    """Show entries about to be changed (for confirmations) without touching stdout."""
    console(stderr=True).print(entries_table(entries, today))


# --- the report ---------------------------------------------------------------------------


def _table(data: TableData) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    for index, header in enumerate(data.headers):
        table.add_column(
            header,
            justify="right" if index in data.right else "left",
            no_wrap=index == 0,  # labels and days stay on one line
            overflow="fold",  # the rest wraps (a long trend line), never cut off
            min_width=max(len(word) for word in header.split()) if header else None,
        )
    for row in data.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def section_renderables(section: Section) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(section.title.upper(), style="bold")]
    parts.extend(Text(line) for line in section.lines)
    parts.extend(_table(data) for data in section.tables)
    for head, body in section.items:
        parts.append(Text(head, style="bold"))
        parts.append(Padding(Text(body), (0, 0, 0, 4)))
    parts.extend(Text(line) for line in section.after)
    return parts


def print_report(report: Report) -> None:
    out = console()
    title, lines = heading(report)
    out.print(Text(title, style="bold"))
    for line in lines:
        out.print(line)
    for section in sections(report):
        out.print()
        for part in section_renderables(section):
            out.print(part)
