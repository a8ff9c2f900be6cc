"""The SQL of treatments, relapses and aids: start, stop, log, edit, delete,
import, undo.

``Journal`` inherits ``TimelineMixin``. Every write runs in one IMMEDIATE
transaction and records its change in the history (family ``treatment``,
``relapse`` or ``aid``) in that same transaction. Whether a course or an aid is
running is checked inside the write transaction, so two msjournals cannot both
start the same one. A stop, a missed dose or a note is an edit of the course.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from msjournal import dates
from msjournal.db import changes
from msjournal.errors import InvalidInput, MsJournalError

if TYPE_CHECKING:
    from msjournal.home import HomeCheck
    from msjournal.timeline import Aid, Appointment, Question, Relapse, Treatment

    Record = Treatment | Relapse | Aid | Appointment | Question


class _Timeline:
    """msjournal.timeline, imported the first time a course, relapse or aid is read
    or written: every command opens the journal, and logging weakness needs none."""

    def __getattr__(self, name: str) -> Any:
        from msjournal import timeline as module

        return getattr(module, name)


timeline = _Timeline()


def _bool(value: bool) -> int:
    return int(bool(value))


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else dates.iso(moment)


def _time(text: str | None) -> datetime | None:
    return None if text is None else dates.parse_iso(text)


@dataclass(frozen=True)
class Family:
    """What the generic SQL below needs to know of one record family."""

    name: str  # as the history names it: treatment
    plural: str
    table: str
    columns: tuple[str, ...]  # every column but id, in the order of values()
    values: Callable[[Any], list[Any]]
    order: str  # ORDER BY, oldest first
    validate: Callable[[Any], Any]
    describe: Callable[[Any], str]
    from_record: Callable[[dict[str, Any]], Any]
    listing: str  # the command that shows the ids

    @property
    def noun(self) -> str:
        """The family in words: 'home check' (its name is 'home_check')."""
        return self.name.replace("_", " ")


def _treatment_values(t: Treatment) -> list[Any]:
    return [
        t.uuid,
        t.name,
        t.treatment_class,
        t.dose,
        _text(t.start),
        _text(t.stop),
        t.stop_reason,
        _text(t.logged_at),
        _text(t.updated_at),
    ]


def _relapse_values(r: Relapse) -> list[Any]:
    return [
        r.uuid,
        _text(r.onset),
        _text(r.ended),
        _bool(r.confirmed),
        _bool(r.steroids),
        r.note,
        _text(r.logged_at),
        _text(r.updated_at),
    ]


def _aid_values(a: Aid) -> list[Any]:
    return [
        a.uuid,
        a.aid,
        a.used_for,
        _bool(a.taught),
        _text(a.start),
        _text(a.stop),
        _text(a.logged_at),
        _text(a.updated_at),
    ]


TREATMENT = Family(
    "treatment",
    "treatments",
    "treatments",
    (
        "uuid",
        "name",
        "treatment_class",
        "dose",
        "start",
        "stop",
        "stop_reason",
        "logged_at",
        "updated_at",
    ),
    _treatment_values,
    "julianday(start), id",
    lambda record, *args: timeline.validate_treatment(record, *args),
    lambda record: timeline.describe_treatment(record),
    lambda record: timeline.Treatment.from_record(record),
    "msjournal treatment list --all",
)
RELAPSE = Family(
    "relapse",
    "relapses",
    "relapses",
    ("uuid", "onset", "ended", "confirmed", "steroids", "note", "logged_at", "updated_at"),
    _relapse_values,
    "julianday(onset), id",
    lambda record, *args: timeline.validate_relapse(record, *args),
    lambda record: timeline.describe_relapse(record),
    lambda record: timeline.Relapse.from_record(record),
    "msjournal relapse list",
)
AID = Family(
    "aid",
    "aids",
    "aids",
    ("uuid", "aid", "used_for", "taught", "start", "stop", "logged_at", "updated_at"),
    _aid_values,
    "julianday(start), id",
    lambda record, *args: timeline.validate_aid(record, *args),
    lambda record: timeline.describe_aid(record),
    lambda record: timeline.Aid.from_record(record),
    "msjournal aid list --all",
)


def _appointment_values(a: Appointment) -> list[Any]:
    return [a.uuid, _text(a.at), a.with_whom, a.note, _text(a.logged_at), _text(a.updated_at)]


def _question_values(q: Question) -> list[Any]:
    return [q.uuid, q.text, q.priority, _text(q.done_at), _text(q.logged_at), _text(q.updated_at)]


APPOINTMENT = Family(
    "appointment",
    "appointments",
    "appointments",
    ("uuid", "at", "with_whom", "note", "logged_at", "updated_at"),
    _appointment_values,
    "julianday(at), id",
    lambda record, *args: timeline.validate_appointment(record, *args),
    lambda record: timeline.describe_appointment(record),
    lambda record: timeline.Appointment.from_record(record),
    "msjournal appointment list --all",
)
QUESTION = Family(
    "question",
    "questions",
    "questions",
    ("uuid", "text", "priority", "done_at", "logged_at", "updated_at"),
    _question_values,
    "julianday(logged_at), id",
    lambda record, *args: timeline.validate_question(record, *args),
    lambda record: timeline.describe_question(record),
    lambda record: timeline.Question.from_record(record),
    "msjournal question list --all",
)


def _home() -> Any:
    """msjournal.home, imported the first time a home check is read or written."""
    from msjournal import home

    return home


def _home_check_values(c: HomeCheck) -> list[Any]:
    import json

    answers = json.dumps(c.record()["answers"], ensure_ascii=False, separators=(",", ":"))
    return [c.uuid, _text(c.at), answers, _text(c.logged_at), _text(c.updated_at)]


HOME_CHECK = Family(
    "home_check",
    "home checks",
    "home_checks",
    ("uuid", "at", "answers", "logged_at", "updated_at"),
    _home_check_values,
    "julianday(at), id",
    lambda record, *args: _home().validate(record, *args),
    lambda record: _home().describe(record),
    lambda record: _home().HomeCheck.from_record(record),
    "msjournal home list --all",
)
FAMILIES = {
    family.name: family for family in (TREATMENT, RELAPSE, AID, APPOINTMENT, QUESTION, HOME_CHECK)
}


class UnknownRecord(MsJournalError):
    """Ids of a timeline family that do not exist."""

    def __init__(self, family: Family, ids: Sequence[int]) -> None:
        self.ids = list(ids)
        if len(self.ids) == 1:
            message = f"There is no {family.noun} with id {self.ids[0]}."
        else:
            message = f"There are no {family.plural} with ids {', '.join(map(str, self.ids))}."
        super().__init__(message, f"See the ids with: {family.listing}")


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def _running_text(found: Sequence[Treatment | Aid], what: str) -> str:
    """'Running now: baclofen 10 mg (id 3); tizanidine (id 4).'"""
    if not found:
        return f"No {what} is running now." if what == "treatment" else "No aid is in use now."
    parts = []
    for one in found:
        if isinstance(one, timeline.Treatment):
            dose = f" {one.dose}" if one.dose else ""
            parts.append(f"{one.name}{dose} (id {one.id})")
        else:
            parts.append(f"{timeline.describe_aid(one)} (id {one.id})")
    head = "Running now" if what == "treatment" else "In use now"
    return f"{head}: {'; '.join(parts)}."


def _span(record: Any) -> tuple[datetime, datetime | None]:
    """When a course, aid or relapse began, and ended (None while it goes on)."""
    if hasattr(record, "onset"):
        return record.onset, record.ended
    return record.start, record.stop


def _since(moment: datetime, now: datetime) -> str:
    return dates.display(moment, now.date())


class TimelineMixin:
    """Treatments, relapses and aids, for ``Journal``."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:  # Journal's own, used here

        def write(self) -> AbstractContextManager[None]: ...

        def sqlite_errors(self) -> AbstractContextManager[None]: ...

    # --- generic SQL, by family ------------------------------------------------------------

    def _tl_rows(self, family: Family, where: str = "", params: Sequence[Any] = ()) -> list[Any]:
        sql = f"SELECT id, {', '.join(family.columns)} FROM {family.table}"
        sql += (f" WHERE {where}" if where else "") + f" ORDER BY {family.order}"
        rows = self.conn.execute(sql, list(params)).fetchall()
        return [self._tl_load(family, row) for row in rows]

    def _tl_load(self, family: Family, row: Sequence[Any]) -> Any:
        values = dict(zip(("id", *family.columns), row, strict=True))
        for key in ("start", "stop", "onset", "ended", "at", "done_at", "logged_at", "updated_at"):
            if key in values:
                values[key] = _time(values[key])
        if family is APPOINTMENT:
            return timeline.Appointment(**values)
        if family is QUESTION:
            return timeline.Question(**values)
        if family is HOME_CHECK:
            import json

            values["answers"] = json.loads(values["answers"])
            return _home().HomeCheck(**values)
        if family is TREATMENT:
            missed = tuple(
                dates.parse_iso(at)
                for (at,) in self.conn.execute(
                    "SELECT at FROM treatment_missed WHERE treatment_id = ? "
                    "ORDER BY julianday(at), rowid",
                    (values["id"],),
                )
            )
            notes = tuple(
                (dates.parse_iso(at), note)
                for at, note in self.conn.execute(
                    "SELECT at, note FROM treatment_notes WHERE treatment_id = ? "
                    "ORDER BY julianday(at), rowid",
                    (values["id"],),
                )
            )
            return timeline.Treatment(**values, missed=missed, notes=notes)
        if family is RELAPSE:
            values["confirmed"] = bool(values["confirmed"])
            values["steroids"] = bool(values["steroids"])
            return timeline.Relapse(**values)
        values["taught"] = bool(values["taught"])
        return timeline.Aid(**values)

    def _tl_get(self, family: Family, record_id: int) -> Any:
        found = self._tl_rows(family, "id = ?", (record_id,))
        return found[0] if found else None

    def _tl_insert(self, family: Family, record: Any, record_id: int | None = None) -> int:
        columns = family.columns if record_id is None else ("id", *family.columns)
        values = family.values(record) if record_id is None else [record_id, *family.values(record)]
        cursor = self.conn.execute(
            f"INSERT INTO {family.table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )
        assert cursor.lastrowid is not None
        new_id = cursor.lastrowid
        if family is TREATMENT:
            self._tl_children(new_id, record)
        return new_id

    def _tl_children(self, treatment_id: int, treatment: Treatment) -> None:
        self.conn.executemany(
            "INSERT INTO treatment_missed (treatment_id, at) VALUES (?, ?)",
            [(treatment_id, dates.iso(at)) for at in treatment.missed],
        )
        self.conn.executemany(
            "INSERT INTO treatment_notes (treatment_id, at, note) VALUES (?, ?, ?)",
            [(treatment_id, dates.iso(at), note) for at, note in treatment.notes],
        )

    def _tl_update(self, family: Family, record: Any) -> None:
        columns = [c for c in family.columns if c not in ("uuid", "logged_at")]
        values = dict(zip(family.columns, family.values(record), strict=True))
        self.conn.execute(
            f"UPDATE {family.table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [*(values[c] for c in columns), record.id],
        )
        if family is TREATMENT:
            for table in ("treatment_missed", "treatment_notes"):
                self.conn.execute(f"DELETE FROM {table} WHERE treatment_id = ?", (record.id,))
            self._tl_children(record.id, record)

    def _tl_clash(self, family: Family, record: Any, now: datetime) -> None:
        """A running course or aid of the same name already running: refused; so is
        a course, aid or relapse whose time overlaps another of its kind (an edit
        that moves a start): two at once would make every count wrong."""
        if family is TREATMENT and record.stop is None:
            for other in self._tl_rows(TREATMENT, "stop IS NULL"):
                if other.id != record.id and timeline.same_name(other.name, record.name):
                    raise InvalidInput(
                        f"{other.name} is already running "
                        f"(id {other.id}, since {_since(other.start, now)}).",
                        _running_text(self._tl_rows(TREATMENT, "stop IS NULL"), "treatment")
                        + " A new dose is a stop, then a new start.",
                    )
        if family is AID and record.stop is None:
            for other in self._tl_rows(AID, "stop IS NULL"):
                if other.id != record.id and other.aid == record.aid:
                    raise InvalidInput(
                        f"The {other.aid} is already in use "
                        f"(id {other.id}, since {_since(other.start, now)}).",
                        _running_text(self._tl_rows(AID, "stop IS NULL"), "aid"),
                    )

    def _tl_overlap(self, family: Family, record: Any, now: datetime) -> None:
        """A course, aid or relapse whose time overlaps another of its kind: refused."""
        if family not in (TREATMENT, AID, RELAPSE):
            return  # appointments and questions may share their times
        if family is TREATMENT:
            same = [o for o in self._tl_rows(TREATMENT) if timeline.same_name(o.name, record.name)]
            what = record.name
        elif family is AID:
            same = [o for o in self._tl_rows(AID) if o.aid == record.aid]
            what = f"the {record.aid}"
        else:
            same = self._tl_rows(RELAPSE)
            what = "a relapse"
        begins, ends = _span(record)
        for other in same:
            if other.id == record.id:
                continue
            other_begins, other_ends = _span(other)
            if (other_ends is None or begins < other_ends) and (
                ends is None or other_begins < ends
            ):
                if family is RELAPSE and other_ends is None:
                    raise InvalidInput(
                        f"Relapse {other.id} (from {_since(other_begins, now)}) has not ended.",
                        "End it first with: msjournal relapse end --at WHEN",
                    )
                until = "now" if other_ends is None else _since(other_ends, now)
                raise InvalidInput(
                    f"That overlaps {what} already logged (id {other.id}, "
                    f"{_since(other_begins, now)} to {until}).",
                    "Check the times, or change that one first.",
                )

    def _tl_add(self, family: Family, record: Any, now: datetime, verb: str) -> Any:
        now = now.replace(microsecond=0)
        logged = (record.logged_at or now).replace(microsecond=0)
        record = family.validate(
            record.replace(
                uuid=record.uuid or _new_uuid(),
                logged_at=logged,
                updated_at=(record.updated_at or logged).replace(microsecond=0),
            )
        )
        with self.write():
            self._tl_clash(family, record, now)
            self._tl_overlap(family, record, now)
            saved = record.replace(id=self._tl_insert(family, record))
            changes.record(
                self.conn,
                now,
                "log",
                f"{family.noun} {saved.id}: {verb}{family.describe(saved)}",
                record_ids=[saved.id],
                family=family.name,
            )
            return saved

    def _tl_edit(
        self,
        family: Family,
        record_id: int | Callable[[], int],
        change: Callable[[Any], Any],
        now: datetime,
        what: str | None = None,
    ) -> tuple[Any, Any]:
        """Read, change and store one record in one transaction: (old, new).

        ``record_id`` may be a function run inside the transaction (the running
        course of a name). ``what`` names the change in the history ('stopped');
        by default, the fields that changed.
        """
        now = now.replace(microsecond=0)
        with self.write():
            wanted = record_id() if callable(record_id) else record_id
            old = self._tl_get(family, wanted)
            if old is None:
                raise UnknownRecord(family, [wanted])
            changed = change(old)
            stamp = max(now, old.updated_at) if old.updated_at else now
            new = family.validate(
                changed.replace(id=old.id, uuid=old.uuid, logged_at=old.logged_at, updated_at=stamp)
            )
            before, after = old.record(), new.record()
            fields = [k for k in before if k != "updated_at" and before[k] != after[k]]
            if not fields:
                return old, old
            self._tl_clash(family, new, now)
            self._tl_overlap(family, new, now)
            self._tl_update(family, new)
            changes.record(
                self.conn,
                now,
                "edit",
                f"{family.noun} {old.id}: {what or ', '.join(fields)}",
                record_ids=[old.id],
                before=[before],
                after=[after],
                family=family.name,
            )
            return old, new

    def delete_timeline(
        self,
        family_name: str,
        ids: Sequence[int],
        shown: dict[int, Any] | None = None,
        now: datetime | None = None,
    ) -> list[Any]:
        """Delete exactly these records of one family, all or none."""
        family = FAMILIES[family_name]
        ids = list(dict.fromkeys(ids))
        moment = (now or datetime.now().astimezone()).replace(microsecond=0)
        with self.write():
            found = {i: self._tl_get(family, i) for i in ids}
            missing = [i for i, one in found.items() if one is None]
            if missing:
                raise UnknownRecord(family, missing)
            if shown is not None and any(
                i not in shown or found[i].record() != shown[i].record() for i in ids
            ):
                raise MsJournalError(
                    "The journal changed while you were deciding; nothing was deleted.",
                    f"Look at it again ({family.listing}) and try once more.",
                )
            gone = [found[i] for i in ids]
            self.conn.executemany(f"DELETE FROM {family.table} WHERE id = ?", [(i,) for i in ids])
            if len(gone) == 1:
                summary = f"{family.noun} {ids[0]}: {family.describe(gone[0])}"
            else:
                summary = f"{len(ids)} {family.plural}: {', '.join(map(str, ids[:20]))}"
            changes.record(
                self.conn,
                moment,
                "delete",
                summary,
                record_ids=ids,
                before=[one.record() for one in gone],
                family=family.name,
            )
            return gone

    def _undo_timeline(
        self, family_name: str, action: str, ids: Sequence[int], before: Any
    ) -> None:
        """Take back a log, an edit or a delete (inside undo's transaction)."""
        family = FAMILIES[family_name]
        title = family.noun.capitalize()
        if action == "log":
            for record_id in ids:
                gone = self.conn.execute(f"DELETE FROM {family.table} WHERE id = ?", (record_id,))
                if gone.rowcount != 1:
                    raise MsJournalError(
                        f"{title} {record_id} is already gone; nothing was changed."
                    )
            return
        now = datetime.now().astimezone()
        for record in before:
            old = family.from_record(record)
            if action == "edit":
                if self._tl_get(family, old.id) is None:
                    raise MsJournalError(f"{title} {old.id} is gone; the edit cannot be undone.")
                self._tl_clash(family, old, now)
                self._tl_update(family, old)
            elif action in ("delete", "restore"):
                taken = self.conn.execute(
                    f"SELECT 1 FROM {family.table} WHERE id = ? OR uuid = ?", (old.id, old.uuid)
                ).fetchone()
                if taken:
                    raise MsJournalError(
                        f"{title} {old.id} cannot come back: its id is in use again.",
                        "Nothing was changed.",
                    )
                self._tl_clash(family, old, now)
                self._tl_insert(family, old, old.id)

    def _import_timeline(
        self, family_name: str, records: Sequence[Any], now: datetime
    ) -> tuple[list[str], int]:
        """Add records inside the caller's transaction, skipping uuids already here.

        A record keeps its id when that id is free. Returns the uuids added and how
        many were skipped.
        """
        if not records:
            return [], 0
        family = FAMILIES[family_name]
        known = {row[0] for row in self.conn.execute(f"SELECT uuid FROM {family.table}")}
        used = {row[0] for row in self.conn.execute(f"SELECT id FROM {family.table}")}
        issued = self.conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (family.table,)
        ).fetchone()
        next_id = max(max(used, default=0), issued[0] if issued else 0) + 1
        added: list[str] = []
        skipped = 0
        for record in records:
            if record.uuid is None or record.uuid in known:
                skipped += 1
                continue
            known.add(record.uuid)
            record_id = record.id
            if record_id is None or record_id in used:
                while next_id in used:
                    next_id += 1
                record_id = next_id
            used.add(record_id)
            logged = record.logged_at or now
            stamped = record.replace(
                id=record_id, logged_at=logged, updated_at=record.updated_at or logged
            )
            self._tl_clash(family, stamped, now)
            self._tl_insert(family, stamped, record_id)
            added.append(record.uuid)
        return added, skipped

    # --- treatments ----------------------------------------------------------------------

    def _course_then(self, name: str, at: datetime, now: datetime) -> int:
        """The id of the course of this name that ran at ``at`` (a missed dose may be
        logged late, after the course changed), or status 2."""
        for one in self._tl_rows(TREATMENT):
            if (
                timeline.same_name(one.name, name)
                and one.start <= at
                and (one.stop is None or at <= one.stop)
            ):
                return int(one.id)
        return self._running_course(name, now)  # says what is running, or refuses

    def _running_course(self, name: str, now: datetime) -> int:
        """The id of the running course of this name (any case), or status 2."""
        running = self._tl_rows(TREATMENT, "stop IS NULL")
        for one in running:
            if timeline.same_name(one.name, name):
                return int(one.id)
        raise InvalidInput(f"{name} is not running.", _running_text(running, "treatment"))

    def start_treatment(self, treatment: Treatment, now: datetime) -> Treatment:
        """Store a new course; status 2 if a course of that name is running."""
        saved: Treatment = self._tl_add(TREATMENT, treatment, now, "started ")
        return saved

    def stop_treatment(
        self, name: str, at: datetime, reason: str | None, now: datetime
    ) -> Treatment:
        """Stop the running course of this name at ``at`` (not before its start)."""

        def stop(old: Treatment) -> Treatment:
            if at < old.start:
                raise InvalidInput(
                    f"{old.name} started {_since(old.start, now)}; it cannot stop before that.",
                    "Give a later --at.",
                )
            return old.replace(stop=at.replace(microsecond=0), stop_reason=reason)

        _old, new = self._tl_edit(
            TREATMENT, lambda: self._running_course(name, now), stop, now, "stopped"
        )
        return new  # type: ignore[no-any-return]

    def treatment_missed(self, name: str, at: datetime, now: datetime) -> Treatment:
        """Record a missed dose of the running course of this name."""

        def miss(old: Treatment) -> Treatment:
            if at < old.start:
                raise InvalidInput(
                    f"{old.name} started {_since(old.start, now)}; "
                    "a missed dose cannot be before that."
                )
            return old.replace(missed=tuple(sorted((*old.missed, at.replace(microsecond=0)))))

        _old, new = self._tl_edit(
            TREATMENT, lambda: self._course_then(name, at, now), miss, now, "missed dose"
        )
        return new  # type: ignore[no-any-return]

    def treatment_note(self, name: str, text: str, at: datetime, now: datetime) -> Treatment:
        """Add a note (a side effect, a remark) to the running course of this name."""

        def add(old: Treatment) -> Treatment:
            notes = (*old.notes, (at.replace(microsecond=0), text))
            return old.replace(notes=tuple(sorted(notes, key=lambda n: n[0])))

        _old, new = self._tl_edit(
            TREATMENT, lambda: self._running_course(name, now), add, now, "note"
        )
        return new  # type: ignore[no-any-return]

    def edit_treatment(
        self, treatment_id: int, change: Callable[[Treatment], Treatment], now: datetime
    ) -> tuple[Treatment, Treatment]:
        return self._tl_edit(TREATMENT, treatment_id, change, now)

    def treatments(self, every: bool = True) -> list[Treatment]:
        """Courses, oldest start first: every one, or only those running."""
        with self.sqlite_errors():
            return self._tl_rows(TREATMENT, "" if every else "stop IS NULL")

    def get_timeline(self, family_name: str, ids: Sequence[int]) -> dict[int, Any]:
        family = FAMILIES[family_name]
        with self.sqlite_errors():
            found = {i: self._tl_get(family, i) for i in dict.fromkeys(ids)}
        return {i: one for i, one in found.items() if one is not None}

    def last_logged_timeline(self, family_name: str) -> int | None:
        """The id of the record of this family stored most recently."""
        family = FAMILIES[family_name]
        with self.sqlite_errors():
            row = self.conn.execute(
                f"SELECT id FROM {family.table} ORDER BY julianday(logged_at) DESC, id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else int(row[0])

    # --- relapses ------------------------------------------------------------------------

    def add_relapse(self, relapse: Relapse, now: datetime) -> Relapse:
        saved: Relapse = self._tl_add(RELAPSE, relapse, now, "")
        return saved

    def end_relapse(self, at: datetime, now: datetime) -> Relapse:
        """End the open relapse (the latest one without an end) at ``at``."""

        def open_one() -> int:
            found = self._tl_rows(RELAPSE, "ended IS NULL")
            if not found:
                raise InvalidInput(
                    "No relapse is open: every one logged has ended.",
                    "Log one with: msjournal log relapse",
                )
            return int(found[-1].id)

        def end(old: Relapse) -> Relapse:
            if at < old.onset:
                raise InvalidInput(
                    f"The relapse began {_since(old.onset, now)}; it cannot end before that."
                )
            return old.replace(ended=at.replace(microsecond=0))

        _old, new = self._tl_edit(RELAPSE, open_one, end, now, "ended")
        return new  # type: ignore[no-any-return]

    def edit_relapse(
        self, relapse_id: int, change: Callable[[Relapse], Relapse], now: datetime
    ) -> tuple[Relapse, Relapse]:
        return self._tl_edit(RELAPSE, relapse_id, change, now)

    def relapses(self) -> list[Relapse]:
        with self.sqlite_errors():
            return self._tl_rows(RELAPSE)

    # --- aids ----------------------------------------------------------------------------

    def start_aid(self, aid: Aid, now: datetime) -> Aid:
        saved: Aid = self._tl_add(AID, aid, now, "started ")
        return saved

    def stop_aid(self, name: str, at: datetime, now: datetime) -> Aid:
        """Stop using this aid at ``at`` (not before its start)."""

        def in_use() -> int:
            running = self._tl_rows(AID, "stop IS NULL")
            for one in running:
                if one.aid == name:
                    return int(one.id)
            raise InvalidInput(f"The {name} is not in use.", _running_text(running, "aid"))

        def stop(old: Aid) -> Aid:
            if at < old.start:
                raise InvalidInput(
                    f"The {old.aid} was started {_since(old.start, now)}; "
                    "it cannot stop before that.",
                    "Give a later --at.",
                )
            return old.replace(stop=at.replace(microsecond=0))

        _old, new = self._tl_edit(AID, in_use, stop, now, "stopped")
        return new  # type: ignore[no-any-return]

    def edit_aid(self, aid_id: int, change: Callable[[Aid], Aid], now: datetime) -> tuple[Aid, Aid]:
        return self._tl_edit(AID, aid_id, change, now)

    def aids(self, every: bool = True) -> list[Aid]:
        with self.sqlite_errors():
            return self._tl_rows(AID, "" if every else "stop IS NULL")

    # --- appointments and questions -------------------------------------------------------

    def add_appointment(self, appointment: Appointment, now: datetime) -> Appointment:
        """Store an appointment, past or upcoming."""
        saved: Appointment = self._tl_add(APPOINTMENT, appointment, now, "")
        return saved

    def appointments(self) -> list[Appointment]:
        """Every appointment, earliest first."""
        with self.sqlite_errors():
            return self._tl_rows(APPOINTMENT)

    def add_question(self, question: Question, now: datetime) -> Question:
        """Store a question for an appointment (asked now: its logged_at)."""
        saved: Question = self._tl_add(QUESTION, question, now, "")
        return saved

    def questions(self, every: bool = False) -> list[Question]:
        """Open questions (every: answered ones too), priority 1 first, then the
        oldest first; answered ones after the open ones."""
        with self.sqlite_errors():
            found = self._tl_rows(QUESTION, "" if every else "done_at IS NULL")
        return sorted(found, key=lambda q: (not q.open, q.priority))

    def question_done(self, question_id: int, now: datetime) -> Question:
        """Mark a question answered now; one already answered is refused."""

        def done(old: Question) -> Question:
            if old.done_at is not None:
                raise InvalidInput(
                    f"Question {old.id} was already marked answered ({_since(old.done_at, now)}).",
                    "The open ones: msjournal question list",
                )
            return old.replace(done_at=now.replace(microsecond=0))

        _old, new = self._tl_edit(QUESTION, question_id, done, now, "answered")
        return new  # type: ignore[no-any-return]

    # --- home checks ---------------------------------------------------------------------

    def add_home_check(self, check: HomeCheck, now: datetime) -> HomeCheck:
        """Store a home-safety check."""
        saved: HomeCheck = self._tl_add(HOME_CHECK, check, now, "")
        return saved

    def home_checks(self) -> list[HomeCheck]:
        """Every home-safety check, oldest first."""
        with self.sqlite_errors():
            return self._tl_rows(HOME_CHECK)

    def timeline_records(
        self, family_name: str, start: date | None = None, end: date | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a family in the export's shape, oldest first; with
        ``start`` or ``end`` (local days, included), those whose time overlaps the
        period (a course running in it, a relapse lasting into it), each whole."""
        with self.sqlite_errors():
            return [
                one.record()
                for one in self._tl_rows(FAMILIES[family_name])
                if (start is None and end is None) or one.running_in(start, end)
            ]
