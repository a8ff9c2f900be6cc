"""Treatments, relapses and assistive devices over time: what each record is, and
the rules it keeps.

Pure: standard library only, no clock, no disk. The same rules are checked a second
time by the CHECK constraints of the ``treatments``, ``relapses`` and ``aids``
tables (migrations.py, migration 6).

msjournal records what is taken and when, and missed doses; it never advises on a
treatment or its dose (clinical.md).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from msjournal.dates import FIRST_YEAR, LAST_YEAR
from msjournal.entries import NOTE_MAX
from msjournal.errors import InvalidInput
from msjournal.vocab import AID_USES, AIDS, APPOINTMENT_TYPES, STOP_REASONS, TREATMENT_CLASSES

CLASSES = TREATMENT_CLASSES
REASONS = STOP_REASONS
USES = AID_USES
AID_NAMES = tuple(aid for aid in AIDS if aid != "none")
NAME_MAX = 100  # a treatment's name, or its dose, in characters

# Well-known names and the class each one implies (product.md), written squeezed:
# lowercase, with blanks, hyphens and underscores as one space.
KNOWN_CLASSES = {
    "baclofen": "muscle-relaxant",
    "tizanidine": "muscle-relaxant",
    "methylprednisolone": "steroid",
    "prednisolone": "steroid",
    "interferon beta": "interferon-beta",
    "interferon beta 1a": "interferon-beta",
    "interferon beta 1b": "interferon-beta",
    "plasma exchange": "plasma-exchange",
    "ocrelizumab": "dmt",
    "natalizumab": "dmt",
    "ofatumumab": "dmt",
}


def squeezed(name: str) -> str:
    """A name as compared: any case, blanks, hyphens and underscores alike."""
    return re.sub(r"[\s\-_]+", " ", name.strip().lower()).strip()


def implied_class(name: str) -> str | None:
    """The class a well-known name implies ('Interferon beta-1a': interferon-beta)."""
    return KNOWN_CLASSES.get(squeezed(name))


def same_name(one: str, other: str) -> bool:
    """Names match case-insensitively (and 'plasma-exchange' is 'plasma exchange')."""
    return squeezed(one) == squeezed(other)


def clean_name(text: str, what: str = "treatment") -> str:
    """A treatment's name or dose as typed: trimmed, one line, not too long."""
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(f"The {what} is empty.")
    if not name.isprintable():
        raise InvalidInput(f"The {what} holds control characters, which msjournal cannot keep.")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"The {what} is {len(name)} characters long; the most is {NAME_MAX}.")
    return name


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def overlaps(
    start: datetime,
    stop: datetime | None,
    period_start: date | datetime | None,
    period_end: date | datetime | None,
) -> bool:
    """Whether [start, stop] (stop None: still running) meets the period.

    The period's ends are included; given as days (date), they are compared with
    the local days of start and stop; given as datetimes, as instants.
    """

    def day_of(moment: datetime, edge: date | datetime) -> date | datetime:
        return moment if isinstance(edge, datetime) else moment.date()

    if period_end is not None and day_of(start, period_end) > period_end:
        return False
    if stop is not None and period_start is not None:
        return bool(day_of(stop, period_start) >= period_start)
    return True


def _check_time(what: str, moment: datetime | None) -> None:
    if moment is None:
        return
    if moment.utcoffset() is None:
        raise InvalidInput(f"The {what} time has no UTC offset.")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidInput(
            f"msjournal keeps times from {FIRST_YEAR} to {LAST_YEAR}; "
            f"{moment:%Y-%m-%d %H:%M} is outside them."
        )


def _check_stamps(logged_at: datetime | None, updated_at: datetime | None) -> None:
    _check_time("logged", logged_at)
    _check_time("updated", updated_at)
    if logged_at and updated_at and updated_at < logged_at:
        raise InvalidInput("The record was changed (updated_at) before it was logged.")


def _check_note(note: str | None) -> None:
    if note is not None and (note != note.strip() or not 1 <= len(note) <= NOTE_MAX):
        raise InvalidInput(f"A note is 1 to {NOTE_MAX:,} characters, without blanks around it.")


def _one_of(what: str, value: str | None, words: tuple[str, ...], optional: bool) -> None:
    if value is None and optional:
        return
    if value not in words:
        raise InvalidInput(f"'{value}' is not a {what}: choose {', '.join(words)}.")


def _in_order(first: datetime, last: datetime | None, message: str) -> None:
    """``last`` is not before ``first``, compared as instants (any UTC offsets)."""
    if last is not None and last < first:
        raise InvalidInput(message)


@dataclass(frozen=True)
class Treatment:
    """One course of a treatment: from its start to its stop (None while running).

    A change of dose is a stop and a new start: a course keeps one dose.
    """

    name: str
    treatment_class: str
    start: datetime
    dose: str | None = None
    stop: datetime | None = None
    stop_reason: str | None = None
    missed: tuple[datetime, ...] = ()  # missed doses, in time order
    notes: tuple[tuple[datetime, str], ...] = ()  # side effects, remarks
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.stop is None

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the course was running at any time in the period (ends included)."""
        return overlaps(self.start, self.stop, period_start, period_end)

    def missed_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> tuple[datetime, ...]:
        """The missed doses in the period."""
        return tuple(m for m in self.missed if overlaps(m, m, period_start, period_end))

    def replace(self, **changes: Any) -> Treatment:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape (and the report's): id, uuid, name, class, dose, start,
        stop, stop_reason, missed_doses (their times)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "name": self.name,
            "class": self.treatment_class,
            "dose": self.dose,
            "start": _stamp(self.start),
            "stop": _stamp(self.stop),
            "stop_reason": self.stop_reason,
            "missed_doses": [_stamp(m) for m in self.missed],
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): TREATMENT_FIELDS."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "name": self.name,
            "class": self.treatment_class,
            "dose": self.dose,
            "start": _stamp(self.start),
            "stop": _stamp(self.stop),
            "stop_reason": self.stop_reason,
            "missed": [_stamp(m) for m in self.missed],
            "notes": [{"at": _stamp(at), "note": note} for at, note in self.notes],
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Treatment:
        """A treatment from its own ``record()`` (a copy msjournal wrote itself)."""
        start = _time(record["start"])
        assert start is not None
        return cls(
            name=record["name"],
            treatment_class=record["class"],
            start=start,
            dose=record.get("dose"),
            stop=_time(record.get("stop")),
            stop_reason=record.get("stop_reason"),
            missed=tuple(datetime.fromisoformat(m) for m in record.get("missed", [])),
            notes=tuple(
                (datetime.fromisoformat(n["at"]), n["note"]) for n in record.get("notes", [])
            ),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


TREATMENT_FIELDS = (
    "id",
    "uuid",
    "name",
    "class",
    "dose",
    "start",
    "stop",
    "stop_reason",
    "missed",
    "notes",
    "logged_at",
    "updated_at",
)


@dataclass(frozen=True)
class Relapse:
    """A relapse: its onset, when it ended (None while it lasts), whether a
    clinician confirmed it and whether it was treated with a steroid course."""

    onset: datetime
    ended: datetime | None = None
    confirmed: bool = False
    steroids: bool = False
    note: str | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the relapse lasted into the period at any time (ends included)."""
        return overlaps(self.onset, self.ended, period_start, period_end)

    def replace(self, **changes: Any) -> Relapse:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, onset, ended, confirmed, steroids."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "onset": _stamp(self.onset),
            "ended": _stamp(self.ended),
            "confirmed": self.confirmed,
            "steroids": self.steroids,
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): RELAPSE_FIELDS."""
        return {
            **self.to_dict(),
            "note": self.note,
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Relapse:
        onset = _time(record["onset"])
        assert onset is not None
        return cls(
            onset=onset,
            ended=_time(record.get("ended")),
            confirmed=bool(record.get("confirmed")),
            steroids=bool(record.get("steroids")),
            note=record.get("note"),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


RELAPSE_FIELDS = (
    "id",
    "uuid",
    "onset",
    "ended",
    "confirmed",
    "steroids",
    "note",
    "logged_at",
    "updated_at",
)


@dataclass(frozen=True)
class Aid:
    """An assistive device in use from ``start`` to ``stop`` (None while in use)."""

    aid: str
    start: datetime
    used_for: str | None = None  # walking, indoors, outdoors, stairs, all
    taught: bool = False  # a therapist showed how to use it
    stop: datetime | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.stop is None

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the aid was in use at any time in the period (ends included)."""
        return overlaps(self.start, self.stop, period_start, period_end)

    def replace(self, **changes: Any) -> Aid:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, aid, for, taught, start, stop."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "aid": self.aid,
            "for": self.used_for,
            "taught": self.taught,
            "start": _stamp(self.start),
            "stop": _stamp(self.stop),
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): AID_FIELDS."""
        return {
            **self.to_dict(),
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Aid:
        start = _time(record["start"])
        assert start is not None
        return cls(
            aid=record["aid"],
            start=start,
            used_for=record.get("for"),
            taught=bool(record.get("taught")),
            stop=_time(record.get("stop")),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


AID_FIELDS = ("id", "uuid", "aid", "for", "taught", "start", "stop", "logged_at", "updated_at")


@dataclass(frozen=True)
class Appointment:
    """An appointment, past or upcoming: when, with whom (``mri``: a scan), a note."""

    at: datetime
    with_whom: str
    note: str | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the appointment is in the period (its day, ends included)."""
        return overlaps(self.at, self.at, period_start, period_end)

    def replace(self, **changes: Any) -> Appointment:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, at, with, note."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "at": _stamp(self.at),
            "with": self.with_whom,
            "note": self.note,
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): APPOINTMENT_FIELDS."""
        return {
            **self.to_dict(),
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Appointment:
        at = _time(record["at"])
        assert at is not None
        return cls(
            at=at,
            with_whom=record["with"],
            note=record.get("note"),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


APPOINTMENT_FIELDS = ("id", "uuid", "at", "with", "note", "logged_at", "updated_at")
QUESTION_MAX = 1000  # a question's text, in characters
PRIORITIES = (1, 2, 3)  # 1 first


@dataclass(frozen=True)
class Question:
    """A question for the next appointment: asked when it was logged (``logged_at``),
    answered at ``done_at`` (None while open). Priority 1 comes first."""

    text: str
    priority: int = 2
    done_at: datetime | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.done_at is None

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the question was open at some time in the period: asked in it, or
        asked before and not answered before it began (ends included)."""
        asked = self.logged_at or self.done_at
        return asked is None or overlaps(asked, self.done_at, period_start, period_end)

    def replace(self, **changes: Any) -> Question:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, text, priority, asked (logged_at), done_at."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "text": self.text,
            "priority": self.priority,
            "logged_at": _stamp(self.logged_at),
            "done_at": _stamp(self.done_at),
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): QUESTION_FIELDS."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "text": self.text,
            "priority": self.priority,
            "done_at": _stamp(self.done_at),
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Question:
        return cls(
            text=record["text"],
            priority=record["priority"],
            done_at=_time(record.get("done_at")),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


QUESTION_FIELDS = ("id", "uuid", "text", "priority", "done_at", "logged_at", "updated_at")


def clean_question(text: str) -> str:
    """A question as typed: one line, trimmed, not too long."""
    question = " ".join(text.split())
    if not question:
        raise InvalidInput("The question is empty: type what you want to ask.")
    if not question.isprintable():
        raise InvalidInput("The question holds control characters, which msjournal cannot keep.")
    if len(question) > QUESTION_MAX:
        raise InvalidInput(
            f"The question is {len(question):,} characters long; the most is {QUESTION_MAX:,}.",
            "Put the details in a note, or split it in two.",
        )
    return question


def priority_of(text: str) -> int:
    """``--priority`` as typed: 1 (first), 2 or 3; 'high', 'normal', 'low' too."""
    words = {"high": 1, "first": 1, "top": 1, "normal": 2, "medium": 2, "low": 3, "last": 3}
    cleaned = text.strip().lower()
    if cleaned in words:
        return words[cleaned]
    if cleaned in ("1", "2", "3"):
        return int(cleaned)
    raise InvalidInput(
        f"'{text.strip()}' is not a priority: give 1 (ask first), 2 or 3 (or high, normal, low)."
    )


APPOINTMENT_AHEAD_DAYS = 2 * 366  # an appointment further ahead is a mistyped year
APPOINTMENT_FORMS = "tomorrow 10:30, next tuesday 9am, in 2 weeks, 15 dec 10:30, 2026-12-15 10:30"


def appointment_time(text: str, now: datetime) -> datetime:
    """When an appointment is, as typed after ``--at``: past or upcoming.

    Everything ``--at`` reads elsewhere (yesterday 3pm, 2026-12-15 10:30), and days
    ahead: tomorrow, the day after tomorrow, next tuesday, in 3 days, in 2 weeks,
    each with a time after it or not ('tomorrow 9am'). A date without a year, the
    15th or a weekday alone is the nearest one, before or after today ('15 dec'
    in November: this December). A day without a time is at noon.
    """
    from msjournal import phrases

    typed = " ".join(text.split())
    if not typed:
        raise InvalidInput(f"--at is empty. Try: {APPOINTMENT_FORMS}.")
    moment = _ahead(phrases.normalise(typed), now)
    if moment is None:
        moment = _nearest(typed, now)
    if moment is None:
        raise InvalidInput(
            f"msjournal does not understand the time '{typed}'. Try: {APPOINTMENT_FORMS}."
        )
    if (moment - now).days > APPOINTMENT_AHEAD_DAYS:
        raise InvalidInput(
            f"'{typed}' ({moment:%a} {moment.day} {moment:%b %Y}) is more than two years "
            "ahead: check the year."
        )
    _check_time("appointment", moment)
    return moment.replace(microsecond=0)


_AHEAD = (
    r"(?P<day>tomorrow|day after tomorrow|next (?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*"
    r"|in (?P<count>\d{1,3}) (?P<unit>day|week|fortnight)s?)(?: (?:at )?(?P<rest>.+))?"
)


def _ahead(cleaned: str, now: datetime) -> datetime | None:
    """Days ahead ('tomorrow 9am', 'next tuesday', 'in 2 weeks'), or None."""
    from datetime import time, timedelta

    from msjournal import dates, phrases

    found = re.fullmatch(_AHEAD, cleaned)
    if found is None:
        return None
    today = now.date()
    if found["weekday"]:
        wanted = dates._WEEKDAY_ABBR[found["weekday"]]
        day = today + timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)
    elif found["count"]:
        size = {"day": 1, "week": 7, "fortnight": 14}[found["unit"]]
        day = today + timedelta(days=int(found["count"]) * size)
    else:
        day = today + timedelta(days=1 if found["day"] == "tomorrow" else 2)
    clock = dates.NOON
    if found["rest"]:
        reading = phrases.read(found["rest"], now)
        if reading is None or reading.day is not None or reading.instant is not None:
            return None
        if reading.clock is not None:
            clock = reading.clock
        elif reading.part is not None:
            clock = time(phrases.PARTS[reading.part][1], 0)
        else:
            return None
    return dates.local(datetime.combine(day, clock))


def _nearest(typed: str, now: datetime) -> datetime | None:
    """What ``--at`` reads, with a date given without its year (or month, or week)
    taken as the nearest such day, before or after now."""
    from datetime import time, timedelta

    from msjournal import dates, phrases

    reading = phrases.read(typed, now)
    if reading is None:  # written dates the phrase reader does not know
        return dates._read(typed, now)
    moment = phrases.read_when(typed, now)
    shiftable = reading.weekday_bare or not reading.year_given or not reading.month_given
    if moment is None or reading.day is None or not shiftable:
        return moment
    if reading.night_after_midnight or reading.zone is not None or reading.instant is not None:
        return moment
    clock = reading.clock
    if clock is None and reading.part is not None:
        clock = time(phrases.PARTS[reading.part][1], 0)
    clock = clock or dates.NOON
    day = reading.day
    if reading.weekday_bare:
        days = [day - timedelta(weeks=1), day, day + timedelta(weeks=1)]
    elif not reading.month_given:
        days = [dates._months_before(day, n) for n in (1, 0, -1) if day.day <= 28]
    else:
        days = [d for y in (-1, 0, 1) if (d := _same_day(day, day.year + y)) is not None]
    candidates = [dates.local(datetime.combine(d, clock)) for d in days] or [moment]
    # the nearest; of two as near, the one ahead
    return min(candidates, key=lambda m: (abs(m - now), m < now))


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


# --- validation ---------------------------------------------------------------------------


def validate_treatment(treatment: Treatment) -> Treatment:
    """Every rule of a stored treatment course; return it or raise InvalidInput."""
    if clean_name(treatment.name) != treatment.name:
        raise InvalidInput("A treatment's name is one line, without blanks around it.")
    if treatment.dose is not None and clean_name(treatment.dose, "dose") != treatment.dose:
        raise InvalidInput("A dose is one line, without blanks around it.")
    _one_of("treatment class", treatment.treatment_class, CLASSES, optional=False)
    _one_of("stop reason", treatment.stop_reason, REASONS, optional=True)
    for what, moment in (("start", treatment.start), ("stop", treatment.stop)):
        _check_time(what, moment)
    _in_order(
        treatment.start,
        treatment.stop,
        f"{treatment.name} cannot stop before it started ({_stamp(treatment.start)}).",
    )
    if treatment.stop_reason is not None and treatment.stop is None:
        raise InvalidInput("A reason for stopping needs a stop time.")
    for moment in treatment.missed:
        _check_time("missed dose", moment)
        if moment < treatment.start or (treatment.stop is not None and moment > treatment.stop):
            raise InvalidInput(
                f"A missed dose ({_stamp(moment)}) must be while the course of "
                f"{treatment.name} was running."
            )
    for moment, note in treatment.notes:
        _check_time("note", moment)
        _check_note(note)
    _check_stamps(treatment.logged_at, treatment.updated_at)
    return treatment


def validate_relapse(relapse: Relapse) -> Relapse:
    """Every rule of a stored relapse; return it or raise InvalidInput."""
    _check_time("onset", relapse.onset)
    _check_time("end", relapse.ended)
    _in_order(relapse.onset, relapse.ended, "A relapse cannot end before its onset.")
    for what, value in (("confirmed", relapse.confirmed), ("steroids", relapse.steroids)):
        if type(value) is not bool:
            raise InvalidInput(f"{what} is true or false.")
    _check_note(relapse.note)
    _check_stamps(relapse.logged_at, relapse.updated_at)
    return relapse


def validate_aid(aid: Aid) -> Aid:
    """Every rule of a stored aid in use; return it or raise InvalidInput."""
    if aid.aid == "none":
        raise InvalidInput("'none' is not an aid to start or stop.")
    _one_of("aid", aid.aid, AID_NAMES, optional=False)
    _one_of("use (--for)", aid.used_for, USES, optional=True)
    if type(aid.taught) is not bool:
        raise InvalidInput("taught is true or false.")
    _check_time("start", aid.start)
    _check_time("stop", aid.stop)
    _in_order(aid.start, aid.stop, f"The {aid.aid} cannot stop before it started.")
    _check_stamps(aid.logged_at, aid.updated_at)
    return aid


# --- in a few words (for messages and the history) ----------------------------------------


def describe_treatment(treatment: Treatment) -> str:
    """'baclofen 10 mg (muscle-relaxant)'."""
    dose = f" {treatment.dose}" if treatment.dose else ""
    return f"{treatment.name}{dose} ({treatment.treatment_class})"


def describe_relapse(relapse: Relapse) -> str:
    """'relapse from 2026-03-02', with 'confirmed', 'steroids' when they apply."""
    words = [f"relapse from {relapse.onset:%Y-%m-%d}"]
    if relapse.ended is not None:
        words[0] += f" to {relapse.ended:%Y-%m-%d}"
    words += [
        w for w, on in (("confirmed", relapse.confirmed), ("steroids", relapse.steroids)) if on
    ]
    return ", ".join(words)


def describe_aid(aid: Aid) -> str:
    """'cane for outdoors'."""
    return aid.aid + (f" for {aid.used_for}" if aid.used_for else "")


def validate_appointment(appointment: Appointment) -> Appointment:
    """Every rule of a stored appointment; return it or raise InvalidInput."""
    _one_of("appointment type", appointment.with_whom, APPOINTMENT_TYPES, optional=False)
    _check_time("appointment", appointment.at)
    _check_note(appointment.note)
    _check_stamps(appointment.logged_at, appointment.updated_at)
    return appointment


def validate_question(question: Question) -> Question:
    """Every rule of a stored question; return it or raise InvalidInput."""
    if not isinstance(question.text, str) or clean_question(question.text) != question.text:
        raise InvalidInput("A question is one line, without blanks around it.")
    if type(question.priority) is not int or question.priority not in PRIORITIES:
        raise InvalidInput(f"A priority is 1, 2 or 3, not {question.priority!r}.")
    _check_time("done", question.done_at)
    _check_stamps(question.logged_at, question.updated_at)
    if question.logged_at is not None:
        _in_order(
            question.logged_at,
            question.done_at,
            "A question cannot be answered before it was asked.",
        )
    return question


def describe_appointment(appointment: Appointment) -> str:
    """'neurology on 2026-12-15 10:30'."""
    return f"{appointment.with_whom} on {appointment.at:%Y-%m-%d %H:%M}"


def describe_question(question: Question) -> str:
    """'"Could the heat ...?" (priority 1)', the text cut at 60 characters."""
    text = question.text if len(question.text) <= 60 else question.text[:57] + "..."
    return f'"{text}" (priority {question.priority})'
