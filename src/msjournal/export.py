"""Entries as JSON and CSV (standard library only).

The CSV header is the entry shape with the local ``date`` and ``time`` inserted
after ``kind``. Multi-valued fields are joined with ``; ``. A text cell that a
spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import uuid as uuid_module
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from msjournal import vocab
from msjournal.entries import FIELDS, LIST_FIELDS, Entry, validate
from msjournal.errors import InvalidInput

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


# --- reading an export back (msjournal import) -----------------------------------------

BOM = "\ufeff"
INT_FIELDS = ("id", "severity", "duration_minutes", "hopkins_grade", "minutes", "effort", "after")
BOOL_FIELDS = ("near_fall", "got_up_alone", "with_therapist")
TIME_FIELDS = ("at", "logged_at", "updated_at")
LIST_VOCAB = {"regions": "region", "activities": "activity", "causes": "cause", "aids": "aid"}
MAX_PROBLEMS = 5


class RecordError(ValueError):
    """One field of one record is not valid."""


def read_records(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The records of a JSON or CSV export, and which format it was."""
    text = text.removeprefix(BOM)
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"The file looks like JSON but cannot be read: {exc.msg} (line {exc.lineno})."
            ) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput("The JSON file must hold a list of entries, as export makes.")
        return "json", data
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None:
        raise InvalidInput("The file is empty.")
    if tuple(header) != CSV_HEADER:
        raise InvalidInput(
            "The file is neither a JSON nor a CSV export of msjournal "
            "(the CSV header is not the one msjournal writes)."
        )
    records: list[dict[str, Any]] = []
    for row in rows:
        if not row:
            continue
        if len(row) != len(CSV_HEADER):
            raise InvalidInput(
                f"Record {len(records) + 1} has {len(row)} cells; a row of an msjournal "
                f"export has {len(CSV_HEADER)}."
            )
        record = {name: _from_cell(name, cell) for name, cell in zip(CSV_HEADER, row, strict=True)}
        records.append(record)
    return "csv", records


def _from_cell(name: str, cell: str) -> Any:
    """A CSV cell back to the JSON value it came from."""
    if cell.startswith("'"):
        cell = cell[1:]  # the export added exactly one to stop spreadsheet formulas
    if name in LIST_FIELDS:
        return cell.split(LIST_JOIN) if cell else []
    if cell == "":
        return None
    if name in BOOL_FIELDS:
        return {"yes": True, "no": False}.get(cell, cell)
    if name in INT_FIELDS:
        return int(cell) if cell.lstrip("-").isdigit() else cell
    return cell


def entry_from_record(record: dict[str, Any]) -> Entry:
    """Check one record field by field and build the entry; raises RecordError."""
    unknown = set(record) - set(FIELDS) - {"date", "time"}
    if unknown:
        raise RecordError(f"unknown field {sorted(unknown)[0]!r}")
    fields: dict[str, Any] = {}
    for name in FIELDS:
        value = record.get(name)
        if name in LIST_FIELDS:
            value = [] if value is None else value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RecordError(f"{name} must be a list of words")
            vocabulary = LIST_VOCAB.get(name)
            for word in value:
                if vocabulary and word not in vocab.VOCABULARIES[vocabulary]:
                    raise RecordError(f"{word!r} is not a valid value for {name}")
            value = vocab.ordered(vocabulary, value) if vocabulary else tuple(sorted(set(value)))
        elif value is None:
            pass
        elif name in INT_FIELDS:
            if not isinstance(value, int) or isinstance(value, bool):
                raise RecordError(f"{name} must be a whole number, not {value!r}")
        elif name in BOOL_FIELDS:
            if not isinstance(value, bool):
                raise RecordError(f"{name} must be true or false (yes or no), not {value!r}")
        elif name in TIME_FIELDS:
            value = _timestamp(name, value)
        elif not isinstance(value, str):
            raise RecordError(f"{name} must be text, not {value!r}")
        fields[name] = value
    if fields["kind"] is None or fields["at"] is None:
        raise RecordError("every entry needs its kind and its time (at)")
    fields["uuid"] = _uuid(fields["uuid"])
    grade = fields.pop("hopkins_grade")
    entry = Entry(**fields)
    if grade is not None and grade != entry.hopkins_grade:
        raise RecordError(f"hopkins_grade {grade} does not match the fall's injury")
    try:
        validate(entry)
    except InvalidInput as exc:
        raise RecordError(exc.message) from None
    if entry.logged_at and entry.updated_at and entry.updated_at < entry.logged_at:
        raise RecordError("updated_at is before logged_at")
    return entry


def _timestamp(name: str, value: Any) -> datetime:
    if not isinstance(value, str):
        raise RecordError(f"{name} must be an ISO 8601 time, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise RecordError(f"{name} {value!r} has no UTC offset")
    return moment.replace(microsecond=0)


def _uuid(value: Any) -> str:
    if value is None:
        return str(uuid_module.uuid4())  # hand-made records: give them an identity
    try:
        return str(uuid_module.UUID(str(value)))
    except ValueError:
        raise RecordError(f"uuid {value!r} is not a valid uuid") from None


def entries_from_records(records: list[dict[str, Any]]) -> list[Entry]:
    """Every record checked before anything is written; all problems at once (first few)."""
    found: list[Entry] = []
    problems: list[str] = []
    for number, record in enumerate(records, start=1):
        try:
            found.append(entry_from_record(record))
        except RecordError as exc:
            problems.append(f"record {number}: {exc}")
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        raise InvalidInput(
            f"Nothing was imported: {len(problems)} record{'s' if len(problems) > 1 else ''} "
            f"{'are' if len(problems) > 1 else 'is'} not valid ({shown}"
            + (f"; and {more} more" if more > 0 else "")
            + ")."
        )
    return found
