"""The daily check-in: the whole day in one pass, and the entries it makes.

A check-in holds the answers as given (weakness and where, fatigue, the falls and
near-falls it adds, exercise sessions, a note) and the uuids of the entries it
made, so that checking in again that day changes those entries and no others.

Pure: standard library only, no clock, no disk. The same rules are checked a second
time by the CHECK constraints of the ``checkins`` table (migrations.py, schema 7).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from msjournal import vocab
from msjournal.entries import MINUTES_RANGE, SEVERITY_RANGE, Entry, clean_note, parse_number
from msjournal.errors import InvalidInput

EARLIER_DAY_AT = time(20, 0)  # a check-in for an earlier day is timed at 20:00
MOST_FALLS = 50  # falls, or near-falls, one check-in may add

Session = tuple[int, str]  # minutes, exercise type


@dataclass(frozen=True)
class CheckIn:
    """One day's check-in. ``None`` for weakness, fatigue or exercise: not answered
    (no entry made); 0 and ``()`` are answers (no weakness; no exercise)."""

    day: date
    at: datetime  # when its entries are timed
    falls: int  # the falls this check-in added (falls logged otherwise are not in it)
    near_falls: int
    weakness: int | None = None
    regions: tuple[str, ...] = ()
    fatigue: int | None = None
    exercise: tuple[Session, ...] | None = None
    note: str | None = None
    entries: tuple[str, ...] = ()  # uuids of the entries it made
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    def replace(self, **changes: Any) -> CheckIn:
        return dataclasses.replace(self, **changes)

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): CHECKIN_FIELDS."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "day": self.day.isoformat(),
            "at": _stamp(self.at),
            "weakness": self.weakness,
            "where": list(self.regions),
            "fatigue": self.fatigue,
            "falls": self.falls,
            "near_falls": self.near_falls,
            "exercise": (
                None
                if self.exercise is None
                else [{"minutes": m, "type": t} for m, t in self.exercise]
            ),
            "note": self.note,
            "entries": list(self.entries),
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CheckIn:
        """A check-in from its own ``record()`` (a copy msjournal wrote itself)."""
        exercise = record.get("exercise")
        return cls(
            id=record.get("id"),
            uuid=record.get("uuid"),
            day=date.fromisoformat(record["day"]),
            at=datetime.fromisoformat(record["at"]),
            weakness=record.get("weakness"),
            regions=tuple(record.get("where") or ()),
            fatigue=record.get("fatigue"),
            falls=record["falls"],
            near_falls=record["near_falls"],
            exercise=(
                None
                if exercise is None
                else tuple((int(s["minutes"]), str(s["type"])) for s in exercise)
            ),
            note=record.get("note"),
            entries=tuple(record.get("entries") or ()),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )

    def running_in(self, start: date | None, end: date | None) -> bool:
        """Whether the check-in's day is in the period (ends included)."""
        return (start is None or start <= self.day) and (end is None or self.day <= end)


CHECKIN_FIELDS = (
    "id",
    "uuid",
    "day",
    "at",
    "weakness",
    "where",
    "fatigue",
    "falls",
    "near_falls",
    "exercise",
    "note",
    "entries",
    "logged_at",
    "updated_at",
)


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --- reading the answers -------------------------------------------------------------

FALLS_FORMS = "For example: 0 (none); 1 fall; 2 near; 1 fall, 1 near."
EXERCISE_FORMS = (
    "For example: 0 (none), 20 walk, 30 min swimming, 20 walk, 15 strength. "
    f"{vocab.choices_sentence('exercise type')}"
)
_NONE = ("0", "o", "none", "no", "nothing", "n", "nope", "nah")
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def parse_falls(text: str) -> tuple[int, int]:
    """Falls and near-falls as typed: ``0``, ``1 fall``, ``2 near``, ``1 fall, 1 near``,
    ``a near-fall``. A bare number is falls. Returns (falls, near-falls)."""
    cleaned = text.strip().lower()
    if cleaned in _NONE:
        return 0, 0
    falls = near = 0
    # "1 fall 1 near": a count after a word starts another part
    cleaned = re.sub(r"(?<=[a-z])\s+(?=\d)", ", ", cleaned)
    parts = [p.strip() for p in re.split(r",|\band\b|\+|;", cleaned) if p.strip()]
    if not parts:
        raise InvalidInput("Say how many falls: 0 if there were none.", FALLS_FORMS)
    for part in parts:
        match = re.fullmatch(r"(\d+|[a-z]+)\s*(.*)", part)
        count_text, what = (match.group(1), match.group(2).strip()) if match else (part, "")
        if count_text.isdigit():
            count = int(count_text)
        elif count_text in _COUNT_WORDS:
            count = _COUNT_WORDS[count_text]
        else:
            raise InvalidInput(f"'{text.strip()}' is not a number of falls.", FALLS_FORMS)
        squeezed = re.sub(r"[\s\-_]+", "", what)
        if squeezed in ("", "fall", "falls", "f", "fal", "fals", "fell"):
            falls += count
        elif squeezed in ("near", "nearfall", "nearfalls", "n", "nf", "nearly", "almost"):
            near += count
        else:
            raise InvalidInput(f"'{what}' is not fall or near.", FALLS_FORMS)
    for count, what in ((falls, "falls"), (near, "near-falls")):
        if count > MOST_FALLS:
            raise InvalidInput(f"At most {MOST_FALLS} {what} in one check-in; got {count}.")
    return falls, near


def parse_exercise(text: str) -> tuple[Session, ...]:
    """Exercise sessions as typed: ``0``, ``20 walk``, ``20 walk, 15 strength``,
    ``walk 20``, ``1h swimming``. Each session needs minutes and a type."""
    from msjournal.dates import parse_minutes

    cleaned = text.strip()
    if cleaned.lower() in _NONE:
        return ()
    sessions: list[Session] = []
    parts = [p.strip() for p in re.split(r",|;|\+|\band\b", cleaned) if p.strip()]
    for number, part in enumerate(parts):
        words = part.split()
        minutes_at = [i for i, word in enumerate(words) if word[:1].isdigit()]
        if len(minutes_at) != 1 or len(words) < 2:
            raise InvalidInput(
                f"'{part}' needs minutes and a type, like 20 walk.", EXERCISE_FORMS.split(". ")[0]
            )
        i = minutes_at[0]
        # "20 min walk", "20 minutes of walking": the unit may follow the number
        rest = words[:i] + words[i + 1 :]
        minutes_text = words[i]
        while rest and i < len(rest) and rest[i].lower() in ("min", "mins", "minutes", "m"):
            minutes_text += rest.pop(i)
        if rest and rest[0].lower() == "of":
            rest = rest[1:]
        minutes = parse_minutes(minutes_text, *MINUTES_RANGE)
        try:
            kind = vocab.match("exercise type", " ".join(rest))
        except InvalidInput as exc:
            if exc.suggestion is None:
                raise
            # "Did you mean walking?" offers the whole answer, corrected: "20 walking"
            meant = [*(f"{m} {t}" for m, t in sessions), f"{minutes} {exc.suggestion}"]
            meant += parts[number + 1 :]
            short = exc.message.split(" Did you mean")[0]  # the question says it
            raise InvalidInput(short, exc.hint, ", ".join(meant)) from None
        sessions.append((minutes, kind))
    return tuple(sessions)


def rating(text: str, what: str) -> int:
    return parse_number(text, what, *SEVERITY_RANGE)


def describe_falls(falls: int, near: int) -> str:
    if not falls and not near:
        return "no falls"
    parts = []
    if falls:
        parts.append(f"{falls} fall{'s' if falls > 1 else ''}")
    if near:
        parts.append(f"{near} near-fall{'s' if near > 1 else ''}")
    return ", ".join(parts)


def describe_exercise(sessions: Sequence[Session] | None) -> str:
    if sessions is None:
        return ""
    if not sessions:
        return "no exercise"
    return ", ".join(f"{m} min {t}" for m, t in sessions)


def as_typed_exercise(sessions: Sequence[Session]) -> str:
    """Sessions the way a person types them (a question's default): '20 walking'."""
    return ", ".join(f"{m} {t}" for m, t in sessions) if sessions else "0"


def describe(checkin: CheckIn, apart: tuple[int, int] = (0, 0)) -> str:
    """One line: 'weakness 4/10 (legs), fatigue 5/10, no falls, 20 min walking'.

    ``apart``: the falls and near-falls of that day logged apart from the check-in,
    so a day with one never reads 'no falls': 'no other falls (1 fall logged apart)'.
    """
    return ", ".join(describe_parts(checkin, apart))


def describe_parts(checkin: CheckIn, apart: tuple[int, int] = (0, 0)) -> list[str]:
    """The answers of ``describe``, one fact each (for plain output, a line each)."""
    parts = []
    if checkin.weakness is not None:
        where = f" ({', '.join(checkin.regions)})" if checkin.regions else ""
        parts.append(f"weakness {checkin.weakness}/10{where}")
    if checkin.fatigue is not None:
        parts.append(f"fatigue {checkin.fatigue}/10")
    said = describe_falls(checkin.falls, checkin.near_falls)
    if any(apart):
        others = "no other falls" if said == "no falls" else f"{said} more"
        said = f"{others} ({describe_falls(*apart)} logged apart)"
    parts.append(said)
    if checkin.exercise is not None:
        parts.append(describe_exercise(checkin.exercise))
    return parts


# --- rules and the entries ------------------------------------------------------------


def validate(checkin: CheckIn) -> CheckIn:
    """Check every rule; return the check-in or raise InvalidInput."""
    if checkin.at.utcoffset() is None:
        raise InvalidInput("The check-in's time has no UTC offset.")
    if checkin.at.date() != checkin.day:
        raise InvalidInput("A check-in's entries are timed on its own day.")
    for value, what in ((checkin.weakness, "weakness"), (checkin.fatigue, "fatigue")):
        if value is not None:
            parse_number(value, what, *SEVERITY_RANGE)
    if checkin.weakness is not None and checkin.weakness > 0 and not checkin.regions:
        raise InvalidInput("Weakness above 0 needs where you feel it (--where).")
    if (checkin.weakness is None or checkin.weakness == 0) and checkin.regions:
        raise InvalidInput("Where is only for weakness above 0.")
    for region in checkin.regions:
        if region not in vocab.REGIONS:
            raise InvalidInput(f"'{region}' is not a body region msjournal knows.")
    for count, what in ((checkin.falls, "falls"), (checkin.near_falls, "near-falls")):
        parse_number(count, what, 0, MOST_FALLS)
    for minutes, kind in checkin.exercise or ():
        parse_number(minutes, "number of minutes", *MINUTES_RANGE)
        if kind not in vocab.EXERCISE_TYPES:
            raise InvalidInput(f"'{kind}' is not an exercise type msjournal knows.")
    if checkin.note is not None and clean_note(checkin.note) != checkin.note:
        raise InvalidInput("The check-in's note is not stored as typed.")
    return checkin


def wanted_entries(checkin: CheckIn, injuries: Sequence[str] = ()) -> list[Entry]:
    """The entries the answers call for, timed at the check-in (no ids, no uuids);
    ``injuries``: of the falls, in order (none for the others)."""
    at = checkin.at
    made: list[Entry] = []
    if checkin.weakness is not None:
        made.append(
            Entry(kind="weakness", at=at, severity=checkin.weakness, regions=checkin.regions)
        )
    if checkin.fatigue is not None:
        made.append(Entry(kind="fatigue", at=at, severity=checkin.fatigue, fatigue_type="both"))
    hurt = list(injuries)[: checkin.falls]
    hurt += ["none"] * (checkin.falls - len(hurt))
    made += [Entry(kind="fall", at=at, near_fall=False, injury=injury) for injury in hurt]
    made += [Entry(kind="fall", at=at, near_fall=True, injury="none")] * checkin.near_falls
    for minutes, kind in checkin.exercise or ():
        made.append(
            Entry(kind="exercise", at=at, minutes=minutes, exercise_type=kind, with_therapist=False)
        )
    return made


def owned(made: Sequence[Entry], checkin: CheckIn) -> list[Entry]:
    """The entries a check-in made that are still as it left them. One the person
    edited since is theirs now: a later check-in never changes or removes it."""
    last = checkin.updated_at
    return [e for e in made if last is None or e.updated_at is None or e.updated_at <= last]


def slot(entry: Entry) -> tuple[Any, ...]:
    """What an entry stands for in a check-in: the answer it records. A second
    check-in keeps an earlier entry whose slot is still wanted, with whatever
    details were added to it since (a fall's place, say)."""
    if entry.kind in ("weakness", "fatigue"):
        return (entry.kind,)
    if entry.kind == "fall":
        return ("fall", bool(entry.near_fall))
    return ("exercise", entry.minutes, entry.exercise_type)


def plan(
    earlier: Sequence[Entry], wanted: Sequence[Entry]
) -> tuple[list[Entry], list[tuple[Entry, Entry]], list[Entry]]:
    """How a check-in's entries change: (to add, to change as (old, new), to delete).

    An earlier entry of the same slot is kept (weakness and fatigue take the new
    rating; falls and sessions stay as they are), so checking in twice never
    doubles an entry and never loses the details added to one.
    """
    left = list(earlier)
    add: list[Entry] = []
    change: list[tuple[Entry, Entry]] = []
    for new in wanted:
        match = next((old for old in left if slot(old) == slot(new)), None)
        if match is None:
            add.append(new)
            continue
        left.remove(match)
        if new.kind == "weakness" and (match.severity, match.regions) != (
            new.severity,
            new.regions,
        ):
            change.append((match, match.replace(severity=new.severity, regions=new.regions)))
        elif new.kind == "fatigue" and match.severity != new.severity:
            change.append((match, match.replace(severity=new.severity)))
    return add, change, left


def timed(day: date, now: datetime) -> datetime:
    """When a check-in for ``day`` is timed: now for today, 20:00 for an earlier day."""
    if day == now.date():
        return now.replace(microsecond=0)
    from msjournal.dates import local

    return local(datetime.combine(day, EARLIER_DAY_AT))
