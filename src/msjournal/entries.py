"""The entry kinds, their fields, and the rules a valid entry follows.

Pure: standard library only, no clock, no disk. The same rules are enforced a
second time by CHECK constraints in the database (see migrations.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from msjournal import vocab
from msjournal.dates import ALL_DAY, FIRST_YEAR, LAST_YEAR
from msjournal.errors import InvalidInput

# The entry shape: every entry in JSON has exactly these keys, in this order.
FIELDS = (
    "id",
    "uuid",
    "kind",
    "at",
    "severity",
    "regions",
    "activities",
    "duration_minutes",
    "fatigue_type",
    "near_fall",
    "place",
    "doing",
    "causes",
    "injury",
    "aids",
    "got_up_alone",
    "hopkins_grade",
    "minutes",
    "exercise_type",
    "effort",
    "with_therapist",
    "after",
    "symptom",
    "tags",
    "note",
    "logged_at",
    "updated_at",
)

BOOL_FIELDS = ("near_fall", "got_up_alone", "with_therapist")
# Multi-valued fields and the vocabulary each draws from (tags are free words).
LIST_FIELDS: dict[str, str | None] = {
    "regions": "region",
    "activities": "activity",
    "causes": "cause",
    "aids": "aid",
    "tags": None,
}

SEVERITY_RANGE = (0, 10)
MINUTES_RANGE = (1, 600)
EFFORT_RANGE = (0, 10)
DURATION_RANGE = (1, ALL_DAY)
AFTER_RANGE = EFFORT_RANGE  # how weak or tired afterwards: the same 0-10 scale
NOTE_MAX = 10_000
TAG_MAX = 40
EARLIEST_YEAR, LATEST_YEAR = FIRST_YEAR, LAST_YEAR

HOPKINS_GRADES = {
    1: "near-fall",
    2: "fall, no medical attention",
    3: "fall with medical attention",
    4: "fall with hospital admission",
}

# Which optional fields belong to which kinds (tags and note belong to all).
KIND_FIELDS: dict[str, frozenset[str]] = {
    "weakness": frozenset({"severity", "regions", "activities", "duration_minutes"}),
    "fatigue": frozenset({"severity", "fatigue_type", "activities", "duration_minutes"}),
    "fall": frozenset({"near_fall", "place", "doing", "causes", "injury", "aids", "got_up_alone"}),
    "exercise": frozenset({"minutes", "exercise_type", "effort", "with_therapist", "after"}),
    "symptom": frozenset({"severity", "symptom", "regions", "duration_minutes"}),
}
# The kinds rated 0-10 by severity, with an optional duration.
RATED_KINDS = ("weakness", "fatigue", "symptom")


@dataclass(slots=True)
class Entry:
    """One journal entry. Treat it as a value: change it with replace(), never in place.

    (Not frozen: frozen dataclasses are several times slower to build, which shows
    when an import builds a hundred thousand of them.)
    """

    kind: str
    at: datetime
    severity: int | None = None
    regions: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    duration_minutes: int | None = None
    fatigue_type: str | None = None
    near_fall: bool | None = None
    place: str | None = None
    doing: str | None = None
    causes: tuple[str, ...] = ()
    injury: str | None = None
    aids: tuple[str, ...] = ()
    got_up_alone: bool | None = None
    minutes: int | None = None
    exercise_type: str | None = None
    effort: int | None = None
    with_therapist: bool | None = None
    after: int | None = None
    symptom: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def hopkins_grade(self) -> int | None:
        return hopkins_grade(self.near_fall, self.injury) if self.kind == "fall" else None

    def replace(self, **changes: Any) -> Entry:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Entry:
        """An entry from its own ``to_dict`` (a copy msjournal wrote itself)."""
        from msjournal.dates import parse_iso

        fields = {name: record[name] for name in FIELDS if name in record}
        fields.pop("hopkins_grade", None)  # derived from near_fall and injury
        for name in ("at", "logged_at", "updated_at"):
            if fields.get(name) is not None:
                fields[name] = parse_iso(fields[name])
        for name in LIST_FIELDS:
            fields[name] = tuple(fields.get(name) or ())
        return cls(**fields)

    def to_dict(self) -> dict[str, Any]:
        """The entry shape: JSON-ready values, keys in the documented order."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime):
                value = value.replace(microsecond=0).isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


def hopkins_grade(near_fall: bool | None, injury: str | None) -> int:
    """Hopkins Falls Grading Scale: 1 near-fall, 2 no medical care, 3 medical, 4 hospital."""
    if near_fall:
        return 1
    if injury == "hospital":
        return 4
    if injury == "medical":
        return 3
    return 2


# --- parsing what a person typed ------------------------------------------------


def parse_number(text: str | int, what: str, low: int, high: int) -> int:
    """A whole number in [low, high]; '6/10' is read as 6."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        cleaned = str(text).strip()
        if cleaned.endswith("/10"):
            cleaned = cleaned[:-3].strip()
        try:
            value = int(cleaned)
        except ValueError:
            shown = str(text).strip() or "nothing"
            raise InvalidInput(
                f"The {what} must be a whole number from {low} to {high}; got '{shown}'."
            ) from None
    if not low <= value <= high:
        raise InvalidInput(f"The {what} must be a whole number from {low} to {high}; got {value}.")
    return value


def _is_text(text: str) -> bool:
    """False for strings holding undecodable bytes (lone surrogates from argv)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_note(text: str) -> str:
    """A note: surrounding blanks trimmed; empty, NUL bytes or huge notes refused."""
    note = text.strip()
    if not note:
        raise InvalidInput("The note is empty. Leave out --note, or write something.")
    if "\x00" in note:
        raise InvalidInput("The note contains a NUL character, which msjournal cannot keep.")
    if not _is_text(note):
        raise InvalidInput(
            "The note holds bytes that are not valid text (is the terminal set to UTF-8?)."
        )
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"The note is {len(note):,} characters long; the most is {NOTE_MAX:,}.")
    return note


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def inert(text: str, keep_newlines: bool = False) -> str:
    """A person's text made harmless on a terminal: control characters (escape
    sequences from a paste or an imported file, bidi overrides) are shown as
    ``\\x1b``-style escapes instead of being obeyed. Tabs become spaces."""
    if text.isprintable():
        return text
    shown: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            shown.append(ch)
        elif ch in "\t\n":
            shown.append(" ")
        elif (ch.isprintable() or ch in "\u200c\u200d") and ch not in _BIDI_CONTROLS:
            shown.append(ch)
        elif ord(ch) < 0x100:
            shown.append(f"\\x{ord(ch):02x}")
        else:
            shown.append(f"\\u{ord(ch):04x}")
    return "".join(shown)


def clean_tags(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags: lowercase words, repeats or commas; spaces become hyphens."""
    tags: set[str] = set()
    for value in values:
        parts = value.split(",")
        for part in parts:
            tag = vocab.normalise(part.strip().lstrip("#"))  # '#heat' is heat
            if not tag:
                if len(parts) == 1:
                    raise InvalidInput("A tag is empty. Leave out --tag, or give a word.")
                continue
            if len(tag) > TAG_MAX or not _is_text(tag) or not all(ch.isprintable() for ch in tag):
                raise InvalidInput(
                    f"'{part.strip()[:50]}' is not a usable tag: use a short word "
                    f"of at most {TAG_MAX} letters, such as heat or poor-sleep."
                )
            tags.add(tag)
    return tuple(sorted(tags))


# --- the rules a stored entry follows -------------------------------------------


def validate(entry: Entry) -> Entry:
    """Check every rule of the entry's kind; return the entry or raise InvalidInput."""
    kind = entry.kind
    if kind not in vocab.KINDS:
        raise InvalidInput(f"'{kind}' is not a kind of entry. {vocab.choices_sentence('kind')}")
    if entry.at.utcoffset() is None:
        raise InvalidInput("The entry's time has no UTC offset.")
    if not _storable(entry.at):
        raise InvalidInput(
            f"msjournal keeps times from {EARLIEST_YEAR} to {LATEST_YEAR}; "
            f"{entry.at:%Y-%m-%d %H:%M} is outside them."
        )
    logged, updated = entry.logged_at, entry.updated_at
    for name, stamp in (("logged_at", logged), ("updated_at", updated)):
        if stamp is not None and not _storable(stamp):
            raise InvalidInput(f"The entry's {name} ({stamp}) cannot be stored.")
    if logged and updated and updated < logged:
        raise InvalidInput("The entry was changed (updated_at) before it was logged.")
    other = [name for name in _OTHER_FIELDS[kind] if getattr(entry, name) not in (None, ())]
    if other:
        label = other[0].replace("_", " ")
        raise InvalidInput(f"{vocab.article(kind).capitalize()} {kind} entry has no {label}.")
    if kind in RATED_KINDS:
        _require(entry.severity, "severity", kind)
        parse_number(entry.severity, "severity", *SEVERITY_RANGE)  # type: ignore[arg-type]
        _in_vocab(entry.activities, "activity")
        if entry.duration_minutes is not None:
            parse_number(entry.duration_minutes, "duration in minutes", *DURATION_RANGE)
    if kind == "symptom":
        _require(entry.symptom, "symptom name", kind)
        _in_vocab((entry.symptom,), "symptom")  # type: ignore[arg-type]
        _in_vocab(entry.regions, "region")
    elif kind == "weakness":
        if not entry.regions and entry.severity != 0:  # no weakness is nowhere
            raise InvalidInput("A weakness entry needs at least one place (--where).")
        _in_vocab(entry.regions, "region")
    elif kind == "fatigue":
        _require(entry.fatigue_type, "fatigue type", kind)
        _in_vocab((entry.fatigue_type,), "fatigue type")  # type: ignore[arg-type]
    elif kind == "fall":
        _require(entry.near_fall, "near-fall yes or no", kind)
        _require(entry.injury, "injury", kind)
        _in_vocab((entry.injury,), "injury")  # type: ignore[arg-type]
        if entry.near_fall and entry.injury != "none":
            raise InvalidInput(
                "A near-fall has no injury: leave out --injury, or leave out --near."
            )
        if entry.near_fall and entry.got_up_alone is not None:
            raise InvalidInput("--got-up-alone and --needed-help are for falls, not near-falls.")
        for name, vocabulary in (("place", "place"), ("doing", "doing")):
            value = getattr(entry, name)
            if value is not None:
                _in_vocab((value,), vocabulary)
        _in_vocab(entry.causes, "cause")
        _in_vocab(entry.aids, "aid")
        if "none" in entry.aids and len(entry.aids) > 1:
            raise InvalidInput("The aids say 'none' and name an aid too; choose one.")
    elif kind == "exercise":
        _require(entry.minutes, "minutes", kind)
        parse_number(entry.minutes, "number of minutes", *MINUTES_RANGE)  # type: ignore[arg-type]
        _require(entry.exercise_type, "exercise type", kind)
        _in_vocab((entry.exercise_type,), "exercise type")  # type: ignore[arg-type]
        _require(entry.with_therapist, "with-therapist yes or no", kind)
        for name in ("effort", "after"):
            value = getattr(entry, name)
            if value is not None:
                parse_number(value, name, *EFFORT_RANGE)
    if entry.note is not None and clean_note(entry.note) != entry.note:
        raise InvalidInput("The note has blanks at its start or end.")
    if entry.tags and clean_tags(list(entry.tags)) != tuple(entry.tags):
        raise InvalidInput("The tags must be lowercase, sorted and without repeats.")
    return entry


def _storable(moment: datetime) -> bool:
    """Within the years msjournal keeps, with a UTC offset of whole minutes."""
    offset = moment.utcoffset()
    return (
        offset is not None
        and offset.seconds % 60 == 0
        and not offset.microseconds
        and EARLIEST_YEAR <= moment.year <= LATEST_YEAR
    )


# For each kind, the fields of the other kinds, which it must leave empty.
_OTHER_FIELDS = {
    kind: tuple(sorted({f for fields in KIND_FIELDS.values() for f in fields} - allowed))
    for kind, allowed in KIND_FIELDS.items()
}


def normalised(entry: Entry) -> Entry:
    """The same entry with its lists in vocabulary order (tags sorted), repeats dropped."""
    changes: dict[str, tuple[str, ...]] = {}
    for name, vocabulary in LIST_FIELDS.items():
        values = getattr(entry, name)
        ordered = vocab.ordered(vocabulary, values) if vocabulary else tuple(sorted(set(values)))
        if vocabulary and len(ordered) != len(set(values)):
            continue  # an unknown word: leave it for validate() to name
        changes[name] = ordered
    return entry.replace(**changes)


def _require(value: object, what: str, kind: str) -> None:
    if value is None:
        article = vocab.article(kind).capitalize()
        raise InvalidInput(f"{article} {kind} entry needs its {what}.")


def _in_vocab(values: tuple[str, ...], vocabulary: str) -> None:
    rank = vocab.RANKS[vocabulary]
    previous = -1
    for value in values:
        position = rank.get(value)
        if position is None:
            raise InvalidInput(
                f"'{value}' is not {vocab.article(vocabulary)} {vocabulary} msjournal knows. "
                f"{vocab.choices_sentence(vocabulary)}"
            )
        if position <= previous:
            raise InvalidInput(f"The {vocabulary} values are repeated or out of order.")
        previous = position


# --- short descriptions for people -----------------------------------------------


PLACE_PHRASES = {
    "bathroom": "in the bathroom",
    "bedroom": "in the bedroom",
    "kitchen": "in the kitchen",
    "living-room": "in the living room",
    "hallway": "in the hallway",
    "stairs": "on the stairs",
    "outdoors": "outdoors",
    "other": "somewhere else",
}


def describe(entry: Entry) -> str:
    """One short line: 'weakness 6/10; legs, left-hand; hard: dressing; 45m', or for
    another symptom 'vision 4/10; left-eye; 2h'."""
    from msjournal.dates import format_duration

    parts: list[str] = []
    if entry.kind == "symptom":
        name = "other symptom" if entry.symptom == "other" else entry.symptom
        parts.append(f"{name} {entry.severity}/10")
        if entry.regions:
            parts.append(", ".join(entry.regions))
        if entry.duration_minutes:
            parts.append(format_duration(entry.duration_minutes))
    elif entry.kind in ("weakness", "fatigue"):
        head = f"{entry.kind} {entry.severity}/10"
        if entry.kind == "fatigue" and entry.fatigue_type != "both":
            head += f" ({entry.fatigue_type})"
        parts.append(head)
        if entry.regions:
            parts.append(", ".join(entry.regions))
        if entry.activities:
            parts.append("hard: " + ", ".join(entry.activities))
        if entry.duration_minutes:
            parts.append(format_duration(entry.duration_minutes))
    elif entry.kind == "fall":
        head = "near-fall" if entry.near_fall else "fall"
        if not entry.near_fall and entry.injury != "none":
            head += f", injury: {entry.injury}"
        parts.append(head)
        doing = None if entry.doing == entry.place else entry.doing  # not "stairs on the stairs"
        where = " ".join(bit for bit in (doing, PLACE_PHRASES.get(entry.place or "")) if bit)
        if where:
            parts.append(where)
        if entry.causes:
            parts.append("cause: " + ", ".join(entry.causes))
        if entry.aids:
            parts.append("aid: " + ", ".join(entry.aids))
        if entry.got_up_alone is not None:
            parts.append("got up alone" if entry.got_up_alone else "needed help")
    else:
        head = f"exercise {entry.minutes} min {entry.exercise_type}"
        parts.append(head)
        if entry.effort is not None:
            parts.append(f"effort {entry.effort}/10")
        if entry.with_therapist:
            parts.append("with therapist")
        if entry.after is not None:
            parts.append(f"after {entry.after}/10")
    return "; ".join(parts)
