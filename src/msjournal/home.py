"""The home-safety checklist (falls prevention): its items, a check's answers, and
the hazards still open.

Pure: standard library only, no clock, no disk. The checklist is clinical.md's,
each item worded by msjournal as the safe state: yes means it is in place, no
means it is missing (an open hazard), na that it does not apply to this home.

A check may leave items out (not asked): such an item is neither open nor closed
in that check, and does not break the run of checks that found it missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from msjournal.errors import InvalidInput
from msjournal.timeline import _check_stamps, _check_time, _stamp, _time, overlaps
from msjournal.vocab import _slips, normalise

ROOMS = ("floors", "stairs", "kitchen", "bathroom", "bedroom", "outdoors")
ANSWERS = ("yes", "no", "na")


@dataclass(frozen=True)
class Item:
    """One line of the checklist: a fixed id, its room, the safe state in words."""

    id: str
    room: str
    text: str


ITEMS = (
    Item("floors-clutter", "floors", "Floors and paths clear of clutter, shoes and small things"),
    Item("floors-rugs", "floors", "Rugs fixed down, or none loose"),
    Item("floors-cables", "floors", "Walkways free of cables and cords"),
    Item("floors-support", "floors", "Something firm to lean on along your everyday paths"),
    Item("stairs-clear", "stairs", "Stairs kept clear of things left on them"),
    Item("stairs-lights", "stairs", "Stair lights at top and bottom, switched from both ends"),
    Item("stairs-rails", "stairs", "Firm handrails on both sides of the stairs"),
    Item("stairs-steps", "stairs", "Every step firm and even"),
    Item("kitchen-reach", "kitchen", "Everyday kitchen things in reach without a step stool"),
    Item("bathroom-mat", "bathroom", "A non-slip mat or strips in the bath or shower"),
    Item("bathroom-grab-bars", "bathroom", "Grab bars by the toilet and the bath or shower"),
    Item("bathroom-seat", "bathroom", "A shower seat, if standing there is hard"),
    Item("bedroom-light", "bedroom", "A light you can reach from the bed"),
    Item("bedroom-night-lights", "bedroom", "Night-lights on the way to the toilet"),
    Item("outdoors-paths", "outdoors", "Outside steps and paths even and well lit"),
)
BY_ID = {item.id: item for item in ITEMS}
IDS = tuple(BY_ID)

# Where a fall happened (its --place) and the rooms of the checklist that cover it.
# Floors and paths run through every room indoors (clutter, a loose rug or a cable
# trips a person in the kitchen as in the hallway); the stairs and outdoors have
# their own items; 'other' could be anywhere, so no room is named for it.
PLACE_ROOMS: dict[str, tuple[str, ...]] = {
    "bathroom": ("floors", "bathroom"),
    "bedroom": ("floors", "bedroom"),
    "kitchen": ("floors", "kitchen"),
    "living-room": ("floors",),
    "hallway": ("floors",),
    "stairs": ("stairs",),
    "outdoors": ("outdoors",),
    "other": (),
}

# Each room as a heading ("Floors and paths:") when the checklist is asked.
ROOM_TITLES = {
    "floors": "Floors and paths",
    "stairs": "Stairs",
    "kitchen": "Kitchen",
    "bathroom": "Bathroom",
    "bedroom": "Bedroom",
    "outdoors": "Outdoors",
}

# How a room reads in a sentence: "Open in the bathroom".
WHERE = {
    "floors": "on floors and paths",
    "stairs": "on the stairs",
    "kitchen": "in the kitchen",
    "bathroom": "in the bathroom",
    "bedroom": "in the bedroom",
    "outdoors": "outdoors",
}


def rooms_of_places(places: Iterable[str | None]) -> tuple[str, ...]:
    """The checklist rooms that cover these fall places, in the checklist's order."""
    wanted = {room for place in places if place for room in PLACE_ROOMS.get(place, ())}
    return tuple(room for room in ROOMS if room in wanted)


# --- reading what a person types ----------------------------------------------------------

# Other names people use for an item (normalised: lowercase, hyphens for blanks).
ITEM_SYNONYMS = {
    "handrails": "stairs-rails",
    "handrail": "stairs-rails",
    "banister": "stairs-rails",
    "banisters": "stairs-rails",
    "grab-rails": "bathroom-grab-bars",
    "shower-seat": "bathroom-seat",
    "bath-mat": "bathroom-mat",
    "non-slip-mat": "bathroom-mat",
    "night-light": "bedroom-night-lights",
    "wires": "floors-cables",
    "cords": "floors-cables",
    "step-stool": "kitchen-reach",
}


def _names(item_id: str) -> list[str]:
    """What an id may be called: itself, and each of its ends after a hyphen
    ('bathroom-grab-bars': 'grab-bars', 'bars')."""
    parts = item_id.split("-")
    return ["-".join(parts[i:]) for i in range(len(parts))]


def ids_text() -> str:
    return f"The items are: {', '.join(IDS)}."


def _known() -> dict[str, str]:
    """Every name of an item, to its id: the id, the id without its room, others."""
    names = {i: i for i in IDS}
    names.update({_names(i)[1]: i for i in IDS})  # unique by design
    names.update(ITEM_SYNONYMS)
    return names


def match_item(text: str) -> str:
    """The checklist item ``text`` means: its id, the id without its room ('rugs',
    'grab bars'), a unique start of either, or another name ('handrails'). One
    slip of the keyboard is offered as a suggestion, never taken silently."""
    value = normalise(text)
    if not value:
        raise InvalidInput(f"An item is empty. {ids_text()}")
    known = _known()
    if value in known:
        return known[value]
    starts = [i for i in IDS if any(name.startswith(value) for name in _names(i))]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise InvalidInput(
            f"'{text.strip()}' could be {_or_list(starts)}; type a little more of the item."
        )
    near = {
        item_id
        for name, item_id in known.items()
        if abs(len(name) - len(value)) <= 1 and _slips(value, name) <= 1
    }
    suggestion = near.pop() if len(near) == 1 else None
    guess = f" Did you mean {suggestion}?" if suggestion else ""
    raise InvalidInput(
        f"'{text.strip()}' is not a checklist item.{guess} {ids_text()}",
        suggestion=suggestion,
    )


# Other words for a room (normalised). A start of a room's name of ROOM_START
# letters or more means the room too ('stair', 'bath', 'floor'), unless it is also
# the start of an item's name without its room.
ROOM_SYNONYMS = {"outside": "outdoors", "garden": "outdoors"}
ROOM_START = 3


def match_room(text: str) -> str | None:
    """The room ``text`` means, or None: its name ('stairs'), another word for it
    ('garden'), or a start of its name of 3 letters or more ('stair', 'bath')."""
    value = normalise(text)
    if value in ROOMS:
        return value
    if value in ROOM_SYNONYMS:
        return ROOM_SYNONYMS[value]
    if len(value) < ROOM_START or value in _known():
        return None
    if any(_names(i)[1].startswith(value) for i in IDS):  # an item's own name first
        return None
    rooms = [room for room in ROOMS if room.startswith(value)]
    return rooms[0] if len(rooms) == 1 else None


def match_part(text: str) -> tuple[str, ...]:
    """One item, or a room (its name, or a word for it: 'stairs', 'stair', 'bath',
    'garden') for every item of that room."""
    room = match_room(text)
    if room is not None:
        return tuple(item.id for item in ITEMS if item.room == room)
    return (match_item(text),)


def match_items(texts: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated or repeated items (or rooms), in the checklist's order, no
    repeats."""
    found = {
        i for text in texts for part in text.split(",") if part.strip() for i in match_part(part)
    }
    return tuple(i for i in IDS if i in found)


def _or_list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


ANSWER_WORDS = {
    "y": "yes",
    "yes": "yes",
    "yep": "yes",
    "yeah": "yes",
    "n": "no",
    "no": "no",
    "nope": "no",
    "nah": "no",
    "-": "na",
    "na": "na",
    "n/a": "na",
    "not-applicable": "na",
    "not-needed": "na",
}
ANSWER_HELP = (
    "y (yes): it is in place. n (no): it is missing, an open hazard. "
    "- (not applicable): your home has no such place or need."
)


def parse_answer(text: str) -> str:
    """'y', 'n' or '-' (and 'yes', 'yep', 'yeah', 'no', 'nope', 'nah', 'na'): yes, no
    or na."""
    found = "na" if text.strip() == "-" else ANSWER_WORDS.get(normalise(text))
    if found is None:
        raise InvalidInput(f"'{text.strip()}' is not an answer: type y, n or -.")
    return found


def answers_from(missing: Iterable[str], not_applicable: Iterable[str] = ()) -> dict[str, str]:
    """The one-line form: the items given are no (or na); every other item yes."""
    no = set(missing)
    na = set(not_applicable)
    both = [i for i in IDS if i in no and i in na]
    if both:
        raise InvalidInput(f"{_or_list(both)} cannot be both --no and --na: choose one.")
    return {i: "no" if i in no else "na" if i in na else "yes" for i in IDS}


# --- a check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeCheck:
    """One home-safety check: when, and each item's answer (items left out were
    not asked)."""

    at: datetime
    answers: dict[str, str] = field(default_factory=dict)
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def open(self) -> tuple[str, ...]:
        """The items answered no, in the checklist's order."""
        return tuple(i for i in IDS if self.answers.get(i) == "no")

    def running_in(
        self, period_start: date | datetime | None, period_end: date | datetime | None
    ) -> bool:
        """Whether the check was made in the period (ends included)."""
        return overlaps(self.at, self.at, period_start, period_end)

    def replace(self, **changes: Any) -> HomeCheck:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, at, answers, open (the items answered no)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "at": _stamp(self.at),
            "answers": dict(self.answers),
            "open": list(self.open),
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): HOME_CHECK_FIELDS."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "at": _stamp(self.at),
            "answers": {i: self.answers[i] for i in _ordered(self.answers)},
            "logged_at": _stamp(self.logged_at),
            "updated_at": _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> HomeCheck:
        """A check from its own ``record()`` (a copy msjournal wrote itself)."""
        at = _time(record["at"])
        assert at is not None
        return cls(
            at=at,
            answers=dict(record.get("answers") or {}),
            id=record.get("id"),
            uuid=record.get("uuid"),
            logged_at=_time(record.get("logged_at")),
            updated_at=_time(record.get("updated_at")),
        )


HOME_CHECK_FIELDS = ("id", "uuid", "at", "answers", "logged_at", "updated_at")


def _ordered(answers: dict[str, str]) -> list[str]:
    """The answered items in the checklist's order (any unknown ones after)."""
    return [i for i in IDS if i in answers] + [i for i in answers if i not in BY_ID]


def validate(check: HomeCheck) -> HomeCheck:
    """Every rule of a stored check; return it or raise InvalidInput."""
    _check_time("check", check.at)
    if not isinstance(check.answers, dict) or not check.answers:
        raise InvalidInput("A home check needs at least one answer.")
    for item_id, value in check.answers.items():
        if item_id not in BY_ID:
            raise InvalidInput(f"'{item_id}' is not a checklist item. {ids_text()}")
        if value not in ANSWERS:
            raise InvalidInput(f"The answer for {item_id} is {value!r}: it is yes, no or na.")
    _check_stamps(check.logged_at, check.updated_at)
    return check


def rooms_text(item_ids: Iterable[str]) -> str:
    """'floors, bathroom': the rooms of these items, in the checklist's order."""
    rooms = {BY_ID[i].room for i in item_ids if i in BY_ID}
    return ", ".join(room for room in ROOMS if room in rooms)


def describe(check: HomeCheck) -> str:
    """'2 open hazards (floors, bathroom)', or 'no open hazards'."""
    found = check.open
    if not found:
        return "no open hazards"
    noun = "open hazard" if len(found) == 1 else "open hazards"
    return f"{len(found)} {noun} ({rooms_text(found)})"


# --- hazards still open -------------------------------------------------------------------


@dataclass(frozen=True)
class Hazard:
    """An item answered no in the latest check, and since when it has been: the
    day of the first check of the unbroken run of no answers that reaches it."""

    item: Item
    since: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "room": self.item.room,
            "text": self.item.text,
            "since": self.since.isoformat(),
        }


def in_order(checks: Iterable[HomeCheck]) -> list[HomeCheck]:
    """Checks oldest first (by time, then id)."""
    return sorted(checks, key=lambda c: (c.at, c.id or 0))


def latest(checks: Iterable[HomeCheck], until: date | None = None) -> HomeCheck | None:
    """The latest check, or the latest made on or before the day ``until``."""
    found = [c for c in in_order(checks) if until is None or c.at.date() <= until]
    return found[-1] if found else None


def open_hazards(
    checks: Iterable[HomeCheck],
    until: date | None = None,
    rooms: Iterable[str] | None = None,
) -> list[Hazard]:
    """The open hazards of the latest check (made on or before ``until``), in the
    checklist's order; with ``rooms``, only those of these rooms.

    ``since`` goes back over the earlier checks while they answered no; a check
    that left the item out is passed over; yes or na ends the run.
    """
    ordered = [c for c in in_order(checks) if until is None or c.at.date() <= until]
    if not ordered:
        return []
    last = ordered[-1]
    wanted = None if rooms is None else set(rooms)
    found = []
    for item_id in last.open:
        item = BY_ID[item_id]
        if wanted is not None and item.room not in wanted:
            continue
        since = last.at
        for earlier in reversed(ordered[:-1]):
            said = earlier.answers.get(item_id)
            if said is None:
                continue
            if said != "no":
                break
            since = earlier.at
        found.append(Hazard(item, since.date()))
    return found


def hazard_line(room: str, text: str, day: str) -> str:
    """'Open in the bathroom (found Mon 9 Nov): grab bars by the toilet and the bath
    or shower.' -- an item missing at the check, and the day it was first found
    missing (as the caller shows days); worded as a fact about the home, not as
    what made anyone fall."""
    where = WHERE.get(room, room)
    return f"Open {where} (found {day}): {text[:1].lower()}{text[1:]}."


def now_in_place(checks: Iterable[HomeCheck], check: HomeCheck) -> list[Hazard]:
    """The hazards open in the check before ``check`` (by time, then id) that
    ``check`` answers yes: what it says is now in place, with since when it was open."""
    key = (check.at, check.id or 0)
    before = [c for c in checks if c.id != check.id and (c.at, c.id or 0) < key]
    return [h for h in open_hazards(before) if check.answers.get(h.item.id) == "yes"]


def in_place_line(text: str, day: str) -> str:
    """'Now in place (was open since Mon 9 Nov): grab bars by the toilet and the bath
    or shower.' -- a hazard of the check before that this one answers yes."""
    return f"Now in place (was open since {day}): {text[:1].lower()}{text[1:]}."


def checked_line(day: str) -> str:
    """When the check found nothing open in the rooms where falls happened."""
    return f"Home check of {day}: nothing open in the rooms where falls happened."
