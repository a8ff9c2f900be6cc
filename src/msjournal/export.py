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
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, TextIO, TypeVar

from msjournal import vocab
from msjournal.checkin import CHECKIN_FIELDS
from msjournal.entries import BOOL_FIELDS, FIELDS, LIST_FIELDS, Entry, validate
from msjournal.errors import InvalidInput
from msjournal.home import HOME_CHECK_FIELDS, HomeCheck
from msjournal.home import IDS as HOME_IDS
from msjournal.home import validate as validate_home_check
from msjournal.instruments import Score
from msjournal.timeline import (
    AID_FIELDS,
    APPOINTMENT_FIELDS,
    QUESTION_FIELDS,
    RELAPSE_FIELDS,
    TREATMENT_FIELDS,
    Aid,
    Appointment,
    Question,
    Relapse,
    Treatment,
    validate_aid,
    validate_appointment,
    validate_question,
    validate_relapse,
    validate_treatment,
)

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


def write_table_csv(
    records: Sequence[dict[str, Any]], out: TextIO, header: Sequence[str] = ()
) -> int:
    """Any family's records (flat dicts with the same keys) as CSV, formulas neutralised.

    With no records, only ``header`` is written (nothing if it is empty).
    """
    writer = csv.writer(out, lineterminator="\r\n")
    if not records:
        if header:
            writer.writerow(header)
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
        if isinstance(data, dict):  # the export object (read_export has its other records)
            return "json", _export_object(data)["entries"]
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


# --- every record family: the JSON export object, and reading any export back -----------

EXPORT_FORMAT = "msjournal"
EXPORT_VERSION = 2
# Treatments, relapses and aids: what is done about MS, over time (timeline.py).
TIMELINE_FAMILIES = ("treatments", "relapses", "aids")
# Appointments and the questions for them (timeline.py too).
VISIT_FAMILIES = ("appointments", "questions")
# Every family kept by the generic timeline storage (db/timeline.py FAMILIES).
RECORD_FAMILIES = (*TIMELINE_FAMILIES, *VISIT_FAMILIES, "home_checks")
# Every family of the JSON export, in the order it writes them (product.md).
EXPORT_FAMILIES = (
    "entries",
    *TIMELINE_FAMILIES,
    "scores",
    *VISIT_FAMILIES,
    "checkins",
    "home_checks",
)
# Families a later msjournal exports (product.md): refused here unless empty.
LATER_FAMILIES: tuple[str, ...] = ()


def write_export_json(families: dict[str, Iterable[dict[str, Any]]], out: TextIO) -> dict[str, int]:
    """The JSON export: one object, ``{"format": "msjournal", "version": 2,
    "entries": [...], "treatments": [...], "relapses": [...], "aids": [...],
    "scores": [...], "appointments": [...], "questions": [...]}``, one record a
    line, written as it goes (each family's records may be a generator: nothing is held in memory).

    ``families`` maps each key to its records, in the order they are written;
    returns how many records each one had.
    """
    out.write(json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION})[:-1])
    counts: dict[str, int] = {}
    for name, records in families.items():
        out.write(f",\n{json.dumps(name)}: [")
        counts[name] = write_records(records, out)
    out.write("\n}\n")
    return counts


def write_records(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The records of a JSON array, one a line (the brackets around them too)."""
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]" if count else "]")
    return count


def read_export(text: str) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """The records of any export, by family, and which format it was: the JSON
    export object, a plain JSON array of entries (msjournal before version 2), the
    entries CSV, the scores CSV or the CSV of treatments, relapses or aids. Every
    family is in the answer (EXPORT_FAMILIES), empty when the file has none of it.
    Nothing is checked here but the file's shape."""
    body = text.removeprefix(BOM)
    start = body.lstrip()[:1]
    families: dict[str, list[dict[str, Any]]] = {name: [] for name in EXPORT_FAMILIES}
    if start == "{":
        return "json", {**families, **_export_object(_load_json(body))}
    first_line = body.split("\n", 1)[0].rstrip("\r")
    if start != "[" and first_line == ",".join(SCORES_CSV_HEADER):
        return "csv", {**families, "scores": _scores_csv(body)}
    for name, header in TIMELINE_CSV_HEADERS.items():
        if start != "[" and first_line == ",".join(header):
            return "csv", {**families, name: _timeline_csv(name, body)}
    fmt, records = read_records(text)
    return fmt, {**families, "entries": records}


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidInput("The JSON file is nested too deeply to be an export.") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"The file looks like JSON but cannot be read: {exc.msg} (line {exc.lineno})."
        ) from None


def _export_object(data: Any) -> dict[str, list[dict[str, Any]]]:
    """The families of the JSON export object, its shape checked."""
    if data.get("format") != EXPORT_FORMAT:
        raise InvalidInput(
            'The JSON file is not an msjournal export: that is an object with "format": '
            '"msjournal", or a list of entries.'
        )
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= EXPORT_VERSION:
        if type(version) is int and version > EXPORT_VERSION:
            raise InvalidInput(
                f"The file was exported by a newer msjournal (export version {version}).",
                "Update msjournal to import it. Nothing was imported.",
            )
        raise InvalidInput(f"The export's version {version!r} is not one msjournal knows.")
    families: dict[str, list[dict[str, Any]]] = {name: [] for name in EXPORT_FAMILIES}
    for key, value in data.items():
        if key in ("format", "version"):
            continue
        if key not in (*families, *LATER_FAMILIES):
            raise InvalidInput(f"The export holds '{key[:40]}', which msjournal does not know.")
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise InvalidInput(f'The export\'s "{key}" must be a list of records.')
        if key in LATER_FAMILIES:
            if value:
                raise InvalidInput(
                    f"The export holds {key.replace('_', ' ')}, which this msjournal "
                    "cannot import yet. Nothing was imported.",
                    "Update msjournal to import it.",
                )
            continue
        families[key] = value
    return families


# The scores CSV: the stored fields, the local date and time, and what follows from
# the responses (the score as shown, the MFIS subscores, the reading).
SCORES_CSV_HEADER = (
    "id",
    "uuid",
    "instrument",
    "date",
    "time",
    "at",
    "responses",
    "score",
    "physical",
    "cognitive",
    "psychosocial",
    "reading",
    "note",
    "logged_at",
    "updated_at",
)
_SCORE_DERIVED = frozenset(
    {"date", "time", "subscores", "reading", "physical", "cognitive", "psychosocial"}
)


def score_csv_record(score: Score) -> dict[str, Any]:
    """One score as a flat record with the keys of SCORES_CSV_HEADER."""
    record = score.record()
    sub = score.subscores
    at = record["at"]
    return {
        "id": record["id"],
        "uuid": record["uuid"],
        "instrument": record["instrument"],
        "date": at[:10],
        "time": at[11:16],
        "at": at,
        "responses": " ".join(str(value) for value in record["responses"]),
        "score": score.shown,
        "physical": sub.get("physical"),
        "cognitive": sub.get("cognitive"),
        "psychosocial": sub.get("psychosocial"),
        "reading": score.reading,
        "note": record["note"],
        "logged_at": record["logged_at"],
        "updated_at": record["updated_at"],
    }


def write_scores_csv(scores: Iterable[Score], out: TextIO) -> int:
    """Scores as CSV (the header even when there are none), formulas neutralised."""
    return write_table_csv([score_csv_record(s) for s in scores], out, SCORES_CSV_HEADER)


def _scores_csv(text: str) -> list[dict[str, Any]]:
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows, None)  # the header, checked by the caller
    records: list[dict[str, Any]] = []
    for row in rows:
        if not row:
            continue
        if len(row) != len(SCORES_CSV_HEADER):
            raise InvalidInput(
                f"Record {len(records) + 1} has {len(row)} cells; a row of msjournal's "
                f"scores CSV has {len(SCORES_CSV_HEADER)}."
            )
        record: dict[str, Any] = {}
        for name, cell in zip(SCORES_CSV_HEADER, row, strict=True):
            cell = cell[1:] if cell.startswith("'") else cell  # the export's formula guard
            if name == "id" and re.fullmatch(r"[0-9]{1,19}", cell):
                record[name] = int(cell)
            else:
                record[name] = cell or None
        records.append(record)
    return records


def score_from_record(record: dict[str, Any]) -> Score:
    """Check one score record (JSON export, scores listing or CSV); raises RecordError."""
    from msjournal import instruments

    allowed = frozenset(instruments.RECORD_FIELDS) | _SCORE_DERIVED
    if not record.keys() <= allowed:
        raise RecordError(f"unknown field {sorted(record.keys() - allowed)[0]!r}")
    name = record.get("instrument")
    if not isinstance(name, str) or name not in instruments.INSTRUMENTS:
        raise RecordError(f"instrument {name!r} is not one of {instruments.choices()}")
    responses = record.get("responses")
    if isinstance(responses, list):
        if not all(type(v) in (int, float) for v in responses):
            raise RecordError("responses must be a list of numbers")
    elif not isinstance(responses, str):
        raise RecordError("every score needs its responses")
    try:
        checked = instruments.parse_responses(name, responses)
    except InvalidInput as exc:
        raise RecordError(exc.message) from None
    for key in ("note", "uuid"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise RecordError(f"{key} must be text, not {record[key]!r}")
    score_id = record.get("id")
    if score_id is not None and (type(score_id) is not int or not 1 <= score_id < 2**63):
        raise RecordError(f"id {score_id!r} is not a positive whole number")
    if record.get("at") is None:
        raise RecordError("every score needs its time (at)")
    times = {
        key: None if record.get(key) is None else _timestamp(key, record[key])
        for key in ("at", "logged_at", "updated_at")
    }
    if times["logged_at"] is None:
        times["logged_at"] = times["updated_at"]  # first stored: at the latest then
    score = Score(
        instrument=name,
        responses=checked,
        note=record.get("note"),
        id=score_id,
        uuid=_uuid(record.get("uuid")),
        at=times["at"],  # type: ignore[arg-type]
        logged_at=times["logged_at"],
        updated_at=times["updated_at"],
    )
    given = record.get("score")
    if given is not None and not _same_score(name, given, score.score):
        raise RecordError(f"score {given!r} does not match the responses ({score.shown})")
    try:
        return instruments.validate(score)
    except InvalidInput as exc:
        raise RecordError(exc.message) from None


def _same_score(instrument: str, given: Any, computed: float) -> bool:
    """The score given is the one the responses make, exactly or as shown (4.8)."""
    from msjournal.instruments import shown

    if isinstance(given, str):
        try:
            given = float(given)
        except ValueError:
            return False
    if type(given) not in (int, float) or given != given:
        return False
    return bool(
        abs(given - computed) < 1e-9 or shown(instrument, given) == shown(instrument, computed)
    )


def scores_from_records(records: list[dict[str, Any]], now: datetime | None = None) -> list[Score]:
    """Every score record checked before anything is written; all problems at once.

    With ``now``, times more than a day after it are refused, as for entries.
    """
    found: list[Score] = []
    problems: list[str] = []
    latest = None if now is None else now + timedelta(days=1)
    for number, record in enumerate(records, start=1):
        try:
            score = score_from_record(record)
            for name in ("at", "logged_at", "updated_at"):
                moment = getattr(score, name)
                if latest is not None and moment is not None and moment > latest:
                    raise RecordError(f"{name} {moment.isoformat()} is in the future")
            found.append(score)
        except RecordError as exc:
            problems.append(f"score {number}: {exc}")
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        raise InvalidInput(
            f"Nothing was imported: {len(problems)} score{'s' if len(problems) > 1 else ''} "
            f"{'are' if len(problems) > 1 else 'is'} not valid ({shown}"
            + (f"; and {more} more" if more > 0 else "")
            + ")."
        )
    return found


# --- treatments, relapses and aids: checked records, and their CSVs ---------------------


def _checked_time(record: dict[str, Any], key: str, required: bool, what: str) -> datetime | None:
    value = record.get(key)
    if value is None:
        if required:
            raise RecordError(f"every {what} needs its {key} time")
        return None
    return _timestamp(key, value)


def _checked_text(record: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key} must be text, not {value!r}")
    return value


def _checked_bool(record: dict[str, Any], key: str) -> bool:
    value = record.get(key)
    if value is None:
        return False
    if type(value) is not bool:
        raise RecordError(f"{key} must be true or false (yes or no), not {value!r}")
    return value


def _checked_common(record: dict[str, Any], fields: tuple[str, ...], what: str) -> dict[str, Any]:
    """The fields every timeline record has: id, uuid, logged_at, updated_at."""
    if not record.keys() <= set(fields):
        raise RecordError(f"unknown field {sorted(record.keys() - set(fields))[0]!r}")
    record_id = record.get("id")
    if record_id is not None and (type(record_id) is not int or not 1 <= record_id < 2**63):
        raise RecordError(f"id {record_id!r} is not a positive whole number")
    uuid = record.get("uuid")
    if uuid is not None and not isinstance(uuid, str):
        raise RecordError(f"uuid must be text, not {uuid!r}")
    logged = _checked_time(record, "logged_at", False, what)
    updated = _checked_time(record, "updated_at", False, what)
    return {
        "id": record_id,
        "uuid": _uuid(uuid),
        "logged_at": logged or updated,  # first stored: at the latest then
        "updated_at": updated,
    }


def treatment_from_record(record: dict[str, Any]) -> Treatment:
    """Check one treatment record (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, TREATMENT_FIELDS, "treatment")
    name = _checked_text(record, "name", required=True)
    treatment_class = _checked_text(record, "class", required=True)
    missed_given = record.get("missed") or []
    if not isinstance(missed_given, list):
        raise RecordError("missed must be a list of times")
    missed = [_timestamp("missed", moment) for moment in missed_given]
    notes_given = record.get("notes") or []
    if not isinstance(notes_given, list) or not all(
        isinstance(n, dict) and n.keys() == {"at", "note"} for n in notes_given
    ):
        raise RecordError('notes must be a list of {"at": time, "note": text}')
    notes = []
    for one in notes_given:
        if not isinstance(one["note"], str):
            raise RecordError(f"a note must be text, not {one['note']!r}")
        at = _timestamp("note at", one["at"])
        notes.append((at, one["note"]))
    treatment = Treatment(
        name=name,  # type: ignore[arg-type]
        treatment_class=treatment_class,  # type: ignore[arg-type]
        start=_checked_time(record, "start", True, "treatment"),  # type: ignore[arg-type]
        dose=_checked_text(record, "dose"),
        stop=_checked_time(record, "stop", False, "treatment"),
        stop_reason=_checked_text(record, "stop_reason"),
        missed=tuple(sorted(missed)),
        notes=tuple(sorted(notes, key=lambda note: note[0])),
        **common,
    )
    return _validated(validate_treatment, treatment)


def relapse_from_record(record: dict[str, Any]) -> Relapse:
    """Check one relapse record (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, RELAPSE_FIELDS, "relapse")
    relapse = Relapse(
        onset=_checked_time(record, "onset", True, "relapse"),  # type: ignore[arg-type]
        ended=_checked_time(record, "ended", False, "relapse"),
        confirmed=_checked_bool(record, "confirmed"),
        steroids=_checked_bool(record, "steroids"),
        note=_checked_text(record, "note"),
        **common,
    )
    return _validated(validate_relapse, relapse)


def aid_from_record(record: dict[str, Any]) -> Aid:
    """Check one aid record (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, AID_FIELDS, "aid")
    aid = Aid(
        aid=_checked_text(record, "aid", required=True),  # type: ignore[arg-type]
        start=_checked_time(record, "start", True, "aid"),  # type: ignore[arg-type]
        used_for=_checked_text(record, "for"),
        taught=_checked_bool(record, "taught"),
        stop=_checked_time(record, "stop", False, "aid"),
        **common,
    )
    return _validated(validate_aid, aid)


_R = TypeVar("_R")


def _validated(validate: Callable[[_R], _R], record: _R) -> _R:
    try:
        return validate(record)
    except InvalidInput as exc:
        raise RecordError(exc.message) from None


def appointment_from_record(record: dict[str, Any]) -> Appointment:
    """Check one appointment record (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, APPOINTMENT_FIELDS, "appointment")
    appointment = Appointment(
        at=_checked_time(record, "at", True, "appointment"),  # type: ignore[arg-type]
        with_whom=_checked_text(record, "with", required=True),  # type: ignore[arg-type]
        note=_checked_text(record, "note"),
        **common,
    )
    return _validated(validate_appointment, appointment)


def question_from_record(record: dict[str, Any]) -> Question:
    """Check one question record (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, QUESTION_FIELDS, "question")
    priority = record.get("priority", 2)
    if isinstance(priority, str) and priority in ("1", "2", "3"):
        priority = int(priority)  # from a CSV cell
    if type(priority) is not int or priority not in (1, 2, 3):
        raise RecordError(f"priority must be 1, 2 or 3, not {priority!r}")
    question = Question(
        text=_checked_text(record, "text", required=True),  # type: ignore[arg-type]
        priority=priority,
        done_at=_checked_time(record, "done_at", False, "question"),
        **common,
    )
    return _validated(validate_question, question)


def home_check_from_record(record: dict[str, Any]) -> HomeCheck:
    """Check one home-safety check (JSON export or CSV); raises RecordError."""
    common = _checked_common(record, HOME_CHECK_FIELDS, "home check")
    answers = record.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
    ):
        raise RecordError('answers must be an object of item ids and "yes", "no" or "na"')
    check = HomeCheck(
        at=_checked_time(record, "at", True, "home check"),  # type: ignore[arg-type]
        answers=dict(answers),
        **common,
    )
    return _validated(validate_home_check, check)


_TIMELINE_CHECKS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "treatments": ("treatment", treatment_from_record),
    "relapses": ("relapse", relapse_from_record),
    "aids": ("aid", aid_from_record),
    "appointments": ("appointment", appointment_from_record),
    "questions": ("question", question_from_record),
    "checkins": ("check-in", lambda record: checkin_from_record(record)),
    "home_checks": ("home check", home_check_from_record),
}


def _times_of(record: Any) -> list[tuple[str, datetime]]:
    """Every time a timeline record holds, by field name (not an appointment's
    time: an upcoming one is in the future)."""
    found = [
        (name, moment)
        for name in ("start", "stop", "onset", "ended", "done_at", "logged_at", "updated_at")
        if (moment := getattr(record, name, None)) is not None
    ]
    found += [("missed", moment) for moment in getattr(record, "missed", ())]
    found += [("note at", moment) for moment, _note in getattr(record, "notes", ())]
    return found


def timeline_from_records(
    family: str, records: list[dict[str, Any]], now: datetime | None = None
) -> list[Any]:
    """Every record of one family ("treatments", "relapses", "aids",
    "appointments", "questions") checked
    before anything is written; all problems at once (the first few), each named
    by the family and its place in the file ("treatment 2: ...").

    With ``now``, times more than a day after it are refused, as for entries.
    """
    noun, check = _TIMELINE_CHECKS[family]
    found: list[Any] = []
    problems: list[str] = []
    latest = None if now is None else now + timedelta(days=1)
    for number, record in enumerate(records, start=1):
        try:
            one = check(record)
            for name, moment in _times_of(one):
                if latest is not None and moment > latest:
                    raise RecordError(f"{name} {moment.isoformat()} is in the future")
            found.append(one)
        except RecordError as exc:
            problems.append(f"{noun} {number}: {exc}")
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        many = len(problems) > 1
        raise InvalidInput(
            f"Nothing was imported: {len(problems)} {family if many else noun} "
            f"{'are' if many else 'is'} not valid ({shown}"
            + (f"; and {more} more" if more > 0 else "")
            + ")."
        )
    return found


# The CSV of treatments, relapses or aids: exactly the fields of the JSON export.
# A treatment's missed doses are their times joined with "; "; its notes are
# "TIME note" joined with "; " (read back at each "; " followed by a full time and
# a blank, so a note that itself holds "; " and then a full time would be split
# there: the JSON export is the exact copy). true/false are yes/no.
TIMELINE_CSV_HEADERS = {
    "treatments": TREATMENT_FIELDS,
    "relapses": RELAPSE_FIELDS,
    "aids": AID_FIELDS,
    "appointments": APPOINTMENT_FIELDS,
    "questions": QUESTION_FIELDS,
    "checkins": CHECKIN_FIELDS,
    # a home check: one column per checklist item (yes, no, na; empty: not asked)
    "home_checks": ("id", "uuid", "at", *HOME_IDS, "logged_at", "updated_at"),
}
_TIMELINE_BOOLS = frozenset({"confirmed", "steroids", "taught"})
_NOTE_SPLIT = re.compile(r"; (?=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(?:[+-][0-9]{2}:[0-9]{2}|Z) )")


def timeline_csv_record(record: dict[str, Any]) -> dict[str, Any]:
    """One timeline record (the export's shape) flattened for its CSV."""
    flat = dict(record)
    if "missed" in flat:
        flat["missed"] = LIST_JOIN.join(flat["missed"])
    if "notes" in flat:
        flat["notes"] = LIST_JOIN.join(f"{n['at']} {n['note']}" for n in flat["notes"])
    if "answers" in flat:  # a home check: a column for each item
        answers = flat.pop("answers")
        header = TIMELINE_CSV_HEADERS["home_checks"]
        return {name: flat[name] if name in flat else answers.get(name) for name in header}
    if "entries" in flat:  # a check-in: its lists as text
        flat["where"] = LIST_JOIN.join(flat["where"])
        flat["entries"] = LIST_JOIN.join(flat["entries"])
        sessions = flat["exercise"]
        flat["exercise"] = (
            None
            if sessions is None
            else LIST_JOIN.join(f"{s['minutes']} {s['type']}" for s in sessions) or "0"
        )
    return flat


def write_timeline_csv(family: str, records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Treatments, relapses or aids as CSV (the header even when there are none),
    formulas neutralised."""
    rows = [timeline_csv_record(record) for record in records]
    return write_table_csv(rows, out, TIMELINE_CSV_HEADERS[family])


def _timeline_csv(family: str, text: str) -> list[dict[str, Any]]:
    header = TIMELINE_CSV_HEADERS[family]
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows, None)  # the header, checked by the caller
    records: list[dict[str, Any]] = []
    for row in rows:
        if not row:
            continue
        if len(row) != len(header):
            raise InvalidInput(
                f"Record {len(records) + 1} has {len(row)} cells; a row of msjournal's "
                f"{family} CSV has {len(header)}."
            )
        record: dict[str, Any] = {}
        for name, cell in zip(header, row, strict=True):
            cell = cell[1:] if cell.startswith("'") else cell  # the export's formula guard
            value: Any = cell or None
            if name == "id" and re.fullmatch(r"[0-9]{1,19}", cell):
                value = int(cell)
            elif name in _TIMELINE_BOOLS:
                value = {"yes": True, "no": False, "": None}.get(cell, cell)
            elif name == "missed":
                value = cell.split(LIST_JOIN) if cell else []
            elif name == "notes":
                value = [_csv_note(part) for part in _NOTE_SPLIT.split(cell)] if cell else []
            elif family == "checkins":
                value = _checkin_cell(name, cell)
            record[name] = value
        if family == "home_checks":
            answers = {i: record.pop(i) for i in HOME_IDS}
            record["answers"] = {i: value for i, value in answers.items() if value is not None}
        records.append(record)
    return records


def _csv_note(part: str) -> dict[str, Any]:
    at, _blank, note = part.partition(" ")
    return {"at": at, "note": note}


# --- daily check-ins: checked records, and their CSV cells -------------------------------


def _checkin_cell(name: str, cell: str) -> Any:
    """One cell of the check-ins CSV as the JSON export has it."""
    if name in ("where", "entries"):
        return cell.split(LIST_JOIN) if cell else []
    if name == "exercise":
        if not cell:
            return None
        if cell == "0":
            return []
        sessions = []
        for part in cell.split(LIST_JOIN):
            minutes, _blank, kind = part.partition(" ")
            sessions.append(
                {"minutes": int(minutes) if minutes.isdigit() else minutes, "type": kind}
            )
        return sessions
    if name in ("id", "weakness", "fatigue", "falls", "near_falls") and re.fullmatch(
        r"[0-9]{1,19}", cell
    ):
        return int(cell)
    return cell or None


def _checked_whole(record: dict[str, Any], key: str, required: bool) -> int | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if type(value) is not int:
        raise RecordError(f"{key} must be a whole number, not {value!r}")
    return value


def _checked_words(record: dict[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"{key} must be a list of words, not {value!r}")
    return tuple(value)


def checkin_from_record(record: dict[str, Any]) -> Any:
    """Check one check-in record (JSON export or CSV); raises RecordError."""
    from datetime import date

    from msjournal.checkin import CheckIn
    from msjournal.checkin import validate as validate_checkin

    common = _checked_common(record, CHECKIN_FIELDS, "check-in")
    day_text = _checked_text(record, "day", required=True)
    try:
        day = date.fromisoformat(day_text or "")
    except ValueError:
        raise RecordError(f"day {day_text!r} is not a date such as 2026-11-30") from None
    sessions = record.get("exercise")
    exercise: tuple[tuple[int, str], ...] | None = None
    if sessions is not None:
        if not isinstance(sessions, list) or not all(
            isinstance(s, dict)
            and s.keys() == {"minutes", "type"}
            and type(s["minutes"]) is int
            and isinstance(s["type"], str)
            for s in sessions
        ):
            raise RecordError("exercise must be a list of {minutes, type} sessions")
        exercise = tuple((s["minutes"], s["type"]) for s in sessions)
    entries = _checked_words(record, "entries")
    checkin = CheckIn(
        day=day,
        at=_checked_time(record, "at", True, "check-in"),  # type: ignore[arg-type]
        weakness=_checked_whole(record, "weakness", False),
        regions=_checked_words(record, "where"),
        fatigue=_checked_whole(record, "fatigue", False),
        falls=_checked_whole(record, "falls", True),  # type: ignore[arg-type]
        near_falls=_checked_whole(record, "near_falls", True),  # type: ignore[arg-type]
        exercise=exercise,
        note=_checked_text(record, "note"),
        entries=tuple(_uuid(u) for u in entries),
        **common,
    )
    return _validated(validate_checkin, checkin)
