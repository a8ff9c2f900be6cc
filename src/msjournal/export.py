"""Entries as JSON and CSV (standard library only).

The CSV header is the entry shape with the local ``date`` and ``time`` inserted
after ``kind``. Multi-valued fields are joined with ``; ``. A text cell that a
spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, TextIO

from msjournal import vocab
from msjournal.entries import BOOL_FIELDS, FIELDS, LIST_FIELDS, Entry, validate
from msjournal.errors import InvalidInput

CSV_HEADER = (*FIELDS[:3], "date", "time", *FIELDS[3:])
# Headers of earlier versions' exports, which still import: before schema 5 there
# were no other symptoms (no `symptom` column).
OLD_CSV_HEADERS = (tuple(name for name in CSV_HEADER if name != "symptom"),)
LIST_JOIN = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _words(values: list[str]) -> str:
    return LIST_JOIN.join(values)


def csv_row(record: dict[str, Any]) -> list[str]:
    """One entry (in the entry shape) as the cells of CSV_HEADER.

    Numbers come from typed columns and are never prefixed. Of the text cells only
    the note and the tags can begin like a formula (every other one is an id, a
    time or a vocabulary word), and they are neutralised.
    """
    at = record["at"]
    return [
        _number(record["id"]),
        record["uuid"],
        record["kind"],
        at[:10],
        at[11:16],
        at,
        _number(record["severity"]),
        _words(record["regions"]),
        _words(record["activities"]),
        _number(record["duration_minutes"]),
        record["fatigue_type"] or "",
        _yes_no(record["near_fall"]),
        record["place"] or "",
        record["doing"] or "",
        _words(record["causes"]),
        record["injury"] or "",
        _words(record["aids"]),
        _yes_no(record["got_up_alone"]),
        _number(record["hopkins_grade"]),
        _number(record["minutes"]),
        record["exercise_type"] or "",
        _number(record["effort"]),
        _yes_no(record["with_therapist"]),
        _number(record["after"]),
        record["symptom"] or "",
        neutralise(LIST_JOIN.join(record["tags"])),
        neutralise(record["note"] or ""),
        record["logged_at"],
        record["updated_at"],
    ]


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Entries (entry-shape dicts, e.g. Journal.iter_records) as CSV; returns the count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count


def write_table_csv(records: Sequence[dict[str, Any]], out: TextIO) -> int:
    """Any family's records (flat dicts with the same keys) as CSV, formulas neutralised."""
    writer = csv.writer(out, lineterminator="\r\n")
    if not records:
        return 0
    writer.writerow(list(records[0]))
    for record in records:
        writer.writerow([neutralise(as_plain(value)) for value in record.values()])
    return len(records)


def entry_json(entry: Entry) -> str:
    return json.dumps(entry.to_dict(), ensure_ascii=False, indent=2)


def write_json(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON array of entries, one entry a line, written as it goes (streamed)."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


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
TIME_FIELDS = ("at", "logged_at", "updated_at")
MAX_PROBLEMS = 5


class RecordError(ValueError):
    """One field of one record is not valid."""


def read_records(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The records of a JSON or CSV export, and which format it was."""
    text = text.removeprefix(BOM)
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except RecursionError:
            raise InvalidInput("The JSON file is nested too deeply to be an export.") from None
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
    names = tuple(header)
    if names != CSV_HEADER and names not in OLD_CSV_HEADERS:
        raise InvalidInput(
            "The file is neither a JSON nor a CSV export of msjournal "
            "(the CSV header is not the one msjournal writes)."
        )
    records: list[dict[str, Any]] = []
    for row in rows:
        if not row:
            continue
        if len(row) != len(names):
            raise InvalidInput(
                f"Record {len(records) + 1} has {len(row)} cells; a row of an msjournal "
                f"export has {len(names)}."
            )
        record = {name: _from_cell(name, cell) for name, cell in zip(names, row, strict=True)}
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
        return int(cell) if re.fullmatch(r"-?[0-9]{1,19}", cell) else cell
    return cell


_ALLOWED_KEYS = frozenset(FIELDS) | {"date", "time"}
_RANKS = {name: vocab.RANKS[vocabulary] for name, vocabulary in LIST_FIELDS.items() if vocabulary}
# How each field is checked: (name, what it holds).
# The fields by what they hold, so each group is checked in one pass.
_LISTS = tuple(name for name in FIELDS if name in LIST_FIELDS)
_INTS = tuple(name for name in FIELDS if name in INT_FIELDS)
_BOOLS = tuple(name for name in FIELDS if name in BOOL_FIELDS)
_TIMES = tuple(name for name in FIELDS if name in TIME_FIELDS)
_TEXTS = tuple(name for name in FIELDS if name not in (*_LISTS, *_INTS, *_BOOLS, *_TIMES))
_TYPED = (
    *((name, str, "text") for name in _TEXTS),
    *((name, int, "a whole number") for name in _INTS),
    *((name, bool, "true or false (yes or no)") for name in _BOOLS),
)
_PLAIN = (*_TEXTS, *_INTS, *_BOOLS)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def entry_from_record(record: dict[str, Any]) -> Entry:
    """Check one record field by field and build the entry; raises RecordError."""
    if not record.keys() <= _ALLOWED_KEYS:
        raise RecordError(f"unknown field {sorted(record.keys() - _ALLOWED_KEYS)[0]!r}")
    get = record.get
    wrong = [
        (name, what)
        for name, kind, what in _TYPED
        if (value := get(name)) is not None and type(value) is not kind
    ]
    if wrong:
        name, what = wrong[0]
        raise RecordError(f"{name} must be {what}, not {get(name)!r}")
    fields: dict[str, Any] = {name: get(name) for name in _PLAIN}
    for name in _TIMES:
        value = get(name)
        fields[name] = None if value is None else _timestamp(name, value)
    for name in _LISTS:
        value = get(name)
        fields[name] = () if not value else _words_of(name, value)
    if fields["kind"] is None or fields["at"] is None:
        raise RecordError("every entry needs its kind and its time (at)")
    fields["uuid"] = _uuid(fields["uuid"])
    if fields["id"] is not None and not 1 <= fields["id"] < 2**63:
        raise RecordError(f"id {fields['id']} is not a positive whole number")
    if fields["logged_at"] is None and fields["updated_at"] is not None:
        fields["logged_at"] = fields["updated_at"]  # first stored: at the latest then
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


def _words_of(name: str, value: Any) -> tuple[str, ...]:
    """A list field: known words, put in the order msjournal keeps them."""
    if value is None or value == []:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"{name} must be a list of words")
    rank = _RANKS.get(name)
    if rank is None:  # tags
        return tuple(sorted(set(value)))
    for word in value:
        if word not in rank:
            raise RecordError(f"{word!r} is not a valid value for {name}")
    if len(value) == 1:
        return (value[0],)
    return tuple(sorted(set(value), key=rank.__getitem__))


def _timestamp(name: str, value: Any) -> datetime:
    if not isinstance(value, str):
        raise RecordError(f"{name} must be an ISO 8601 time, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise RecordError(f"{name} {value!r} has no UTC offset")
    return moment.replace(microsecond=0) if moment.microsecond else moment


def _uuid(value: Any) -> str:
    if value is None:
        return str(uuid_module.uuid4())  # hand-made records: give them an identity
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid_module.UUID(str(value)))
    except ValueError:
        raise RecordError(f"uuid {value!r} is not a valid uuid") from None


def entries_from_records(records: list[dict[str, Any]], now: datetime | None = None) -> list[Entry]:
    """Every record checked before anything is written; all problems at once (first few).

    With ``now``, times more than a day after it are refused (a wrong clock, or a
    mistyped year), as ``log`` refuses times in the future.
    """
    found: list[Entry] = []
    problems: list[str] = []
    latest = None if now is None else now + timedelta(days=1)
    for number, record in enumerate(records, start=1):
        try:
            entry = entry_from_record(record)
            if latest is not None:
                for name in ("at", "logged_at", "updated_at"):
                    moment = getattr(entry, name)
                    if moment is not None and moment > latest:
                        raise RecordError(f"{name} {moment.isoformat()} is in the future")
            found.append(entry)
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
