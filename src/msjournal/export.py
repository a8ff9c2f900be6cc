"""Entries as JSON and CSV (standard library only).

The CSV header is the entry shape with the local ``date`` and ``time`` inserted
after ``kind``. Multi-valued fields are joined with ``; ``. A text cell that a
spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from msjournal.entries import FIELDS, Entry

CSV_HEADER = (*FIELDS[:3], "date", "time", *FIELDS[3:])
LIST_JOIN = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_row(entry: Entry) -> list[str]:
    data = entry.to_dict()
    at = entry.at
    data["date"] = at.date().isoformat()
    data["time"] = at.strftime("%H:%M")
    row: list[str] = []
    for name in CSV_HEADER:
        value = data[name]
        if value is None:
            cell = ""
        elif isinstance(value, bool):
            cell = "yes" if value else "no"
        elif isinstance(value, int):
            cell = str(value)  # numbers come from typed columns: never prefixed
        elif isinstance(value, list):
            cell = neutralise(LIST_JOIN.join(value))
        else:
            cell = neutralise(value)
        row.append(cell)
    return row


def write_csv(entries: Iterable[Entry], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    count = 0
    for entry in entries:
        writer.writerow(csv_row(entry))
        count += 1
    return count


def entry_json(entry: Entry) -> str:
    return json.dumps(entry.to_dict(), ensure_ascii=False, indent=2)


def write_json(entries: Iterable[Entry], out: TextIO) -> int:
    """A JSON array, written one entry at a time."""
    count = 0
    out.write("[")
    for entry in entries:
        out.write(",\n" if count else "\n")
        out.write(_indent(json.dumps(entry.to_dict(), ensure_ascii=False, indent=2)))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def as_plain(value: Any) -> str:
    """A field's value as a person reads it (for tables)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
