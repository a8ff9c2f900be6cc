"""Questionnaires and the EDSS: what each one is, how it is checked and scored.

Pure: standard library only, no clock, no disk. The scoring facts come from
clinical.md ("Questionnaires"); the same ranges are checked a second time by the
CHECK constraints of the ``scores`` table (migrations.py).

This module holds no item wording, and must never hold any: the questionnaires'
wording is copyrighted. A person fills the form in on paper or at their clinic and
types the numbers they chose; msjournal asks "FSS item 3 of 9 (1-7):" and nothing
more.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from msjournal.dates import FIRST_YEAR, LAST_YEAR
from msjournal.entries import NOTE_MAX
from msjournal.errors import InvalidInput

Number = int | float  # a response: whole numbers, and halves for the EDSS

# MFIS subscales (clinical.md): which of the 21 items each one adds up.
MFIS_PHYSICAL = (4, 6, 7, 10, 13, 14, 17, 20, 21)
MFIS_COGNITIVE = (1, 2, 3, 5, 11, 12, 15, 16, 18, 19)
MFIS_PSYCHOSOCIAL = (8, 9)

FSS_CUT_OFF = 4  # a mean of 4 or more
MFIS_CUT_OFF = 38  # a total of 38 or more


@dataclass(frozen=True)
class Instrument:
    """One questionnaire (or the clinic's EDSS): its items, their range, its score."""

    name: str  # as stored and typed: mfis5
    label: str  # as shown: MFIS-5
    title: str  # in full, for help
    items: int
    low: int  # each response is low..high
    high: int
    step: Fraction  # responses go up in these steps (halves for the EDSS)
    lowest: float  # the score's range
    highest: float
    decimals: int  # how many decimals a score is shown with
    subscales: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def digits(self) -> bool:
        """Every response is one digit, so '564735645' can be typed for nine."""
        return self.step == 1 and self.high <= 9 and self.items > 1

    @property
    def range_text(self) -> str:
        """The range of one response: '1-7', '0-10 in steps of 0.5'."""
        text = f"{self.low}-{self.high}"
        return text if self.step == 1 else f"{text} in steps of {float(self.step):g}"

    @property
    def about(self) -> str:
        """Items, range and score in a few words (for help; never any item wording)."""
        if self.items == 1:
            return f"one {'score' if self.name == 'edss' else 'rating'}, {self.range_text}"
        return f"{self.items} items, each {self.range_text}"


INSTRUMENTS: dict[str, Instrument] = {
    one.name: one
    for one in (
        Instrument("fss", "FSS", "Fatigue Severity Scale", 9, 1, 7, Fraction(1), 1, 7, 1),
        Instrument(
            "mfis",
            "MFIS",
            "Modified Fatigue Impact Scale",
            21,
            0,
            4,
            Fraction(1),
            0,
            84,
            0,
            (
                ("physical", MFIS_PHYSICAL),
                ("cognitive", MFIS_COGNITIVE),
                ("psychosocial", MFIS_PSYCHOSOCIAL),
            ),
        ),
        Instrument("mfis5", "MFIS-5", "MFIS, 5-item version", 5, 0, 4, Fraction(1), 0, 20, 0),
        Instrument("msws12", "MSWS-12", "MS Walking Scale", 12, 1, 5, Fraction(1), 0, 100, 1),
        Instrument(
            "pdds", "PDDS", "Patient Determined Disease Steps", 1, 0, 8, Fraction(1), 0, 8, 0
        ),
        Instrument(
            "edss", "EDSS", "Expanded Disability Status Scale", 1, 0, 10, Fraction(1, 2), 0, 10, 1
        ),
    )
}
NAMES = tuple(INSTRUMENTS)

# Other ways people write the names (after lowercasing and dropping - _ . and blanks).
SYNONYMS = {
    "mfis21": "mfis",
    "msws": "msws12",
    "mswsv1": "msws12",
    "msws12v1": "msws12",
    "walking": "msws12",
    "steps": "pdds",
}


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-_.]+", "", text.lower())


def match(text: str) -> str:
    """The instrument a typed name means: any case, 'mfis-5', 'MSWS 12', a unique start."""
    typed = _squeezed(text)
    if typed in INSTRUMENTS:
        return typed
    if typed in SYNONYMS:
        return SYNONYMS[typed]
    found = [name for name in NAMES if typed and name.startswith(typed)]
    if len(found) == 1:
        return found[0]
    shown = text.strip() or "nothing"
    if found:
        raise InvalidInput(f"'{shown}' could be {_or_list(found)}; type a little more.")
    raise InvalidInput(f"'{shown}' is not a questionnaire msjournal knows.", f"Choose {choices()}.")


def choices() -> str:
    return _or_list(list(NAMES))


def _or_list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def get(name: str) -> Instrument:
    """The definition of a stored instrument name (exact)."""
    try:
        return INSTRUMENTS[name]
    except KeyError:
        raise InvalidInput(
            f"'{name}' is not a questionnaire msjournal knows.", f"Choose {choices()}."
        ) from None


# --- reading responses ------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def tokens(instrument: Instrument, given: str | Sequence[str | Number]) -> list[str]:
    """The responses as typed, one string each: numbers separated by blanks or commas
    (across any number of arguments), or one digit string ('564735645') for
    questionnaires whose responses are single digits."""
    parts = [given] if isinstance(given, str) else list(given)
    text = " ".join(str(part) for part in parts).strip()
    if instrument.items == 1 and instrument.step != 1:
        text = re.sub(r"^([0-9]+),([0-9]+)$", r"\1.\2", text)  # EDSS 3,5: a decimal comma
    found = [token for token in re.split(r"[\s,;]+", text) if token]
    if (
        len(found) == 1
        and instrument.digits
        and len(found[0]) > 1
        and found[0].isascii()
        and found[0].isdigit()
    ):
        return list(found[0])
    return found


def _wrong_count(instrument: Instrument, count: int) -> InvalidInput:
    if instrument.items == 1:
        return InvalidInput(
            f"{instrument.label} is one {_what(instrument)}; {count} were given.",
            f"E.g. msjournal score {instrument.name} {_example(instrument)}",
        )
    were = "was" if count == 1 else "were"
    return InvalidInput(
        f"{instrument.label} has {instrument.items} items; {count} {were} given.",
        f"Type {instrument.items} numbers, each {instrument.range_text}.",
    )


def _what(instrument: Instrument) -> str:
    return "score" if instrument.name == "edss" else "rating"


def _example(instrument: Instrument) -> str:
    return "3.5" if instrument.name == "edss" else "3"


def item(instrument: Instrument, number: int, token: str | Number) -> Number:
    """One response, checked; ``number`` is the item's place (1 for the first)."""
    value = _number(token)
    if value is None or not instrument.low <= value <= instrument.high or value % instrument.step:
        shown = str(token).strip() if not isinstance(token, float) else f"{token:g}"
        shown = shown if value is not None else f"'{shown}'"
        if instrument.items == 1:
            raise InvalidInput(f"{instrument.label} is {instrument.range_text}; {shown} was given.")
        raise InvalidInput(
            f"Item {number} is {shown}; {instrument.label} items are {instrument.range_text}."
        )
    return _plain(value)


def _number(token: str | Number) -> Fraction | None:
    if isinstance(token, bool):
        return None
    if isinstance(token, int):
        return Fraction(token)
    if isinstance(token, float):
        return Fraction(token) if token == token and abs(token) != float("inf") else None
    text = token.strip()
    if not _NUMBER.fullmatch(text):
        return None
    return Fraction(text)


def _plain(value: Fraction) -> Number:
    """Whole numbers as int (3), halves as float (3.5)."""
    return int(value) if value.denominator == 1 else float(value)


def parse_responses(
    instrument: str | Instrument, given: str | Sequence[str | Number]
) -> tuple[Number, ...]:
    """Every response of one filled-in form, checked: the count, then each item.

    Raises InvalidInput naming the problem: "FSS has 9 items; 8 were given.",
    "Item 4 is 9; FSS items are 1-7."
    """
    definition = instrument if isinstance(instrument, Instrument) else get(instrument)
    found = tokens(definition, given)
    if len(found) != definition.items:
        raise _wrong_count(definition, len(found))
    return tuple(item(definition, number, token) for number, token in enumerate(found, start=1))


# --- scoring ------------------------------------------------------------------------------


def _exact(instrument: Instrument, responses: Sequence[Number]) -> Fraction:
    total = sum((Fraction(value) for value in responses), Fraction(0))
    if instrument.name == "fss":
        return total / 9  # the mean of the nine
    if instrument.name == "msws12":
        return (total - 12) * 100 / 48  # 0-100
    return total  # MFIS and MFIS-5 totals; PDDS and EDSS: the one value


def compute(instrument: str, responses: Sequence[Number]) -> float:
    """The score of checked responses (clinical.md): FSS the mean of 9; MFIS the total
    0-84; MFIS-5 the total 0-20; MSWS-12 (sum - 12) / 48 x 100; PDDS the rating;
    EDSS as given. Exact values are kept; ``shown`` rounds them for people."""
    return float(_exact(get(instrument), responses))


def subscores(instrument: str, responses: Sequence[Number]) -> dict[str, int]:
    """The MFIS subscales (physical, cognitive, psychosocial); {} for the others."""
    definition = get(instrument)
    return {
        name: int(sum(responses[number - 1] for number in numbers))
        for name, numbers in definition.subscales
    }


def reading(instrument: str, value: float) -> str | None:
    """What a score is commonly read as, in msjournal's own words (clinical.md);
    None for the MFIS-5 (no accepted cut-off) and the EDSS (only recorded)."""
    if instrument == "fss":
        if value >= FSS_CUT_OFF:
            return "mean of 4 or more: commonly read as significant fatigue"
        return "below the usual cut-off of 4"
    if instrument == "mfis":
        if value >= MFIS_CUT_OFF:
            return "38 or more: above the commonly used cut-off"
        return "below the cut-off of 38"
    if instrument == "msws12":
        return "0-100, higher means walking is more affected"
    if instrument == "pdds":
        return "mild" if value <= 2 else ("moderate" if value <= 5 else "severe")
    return None


def shown(instrument: str, value: float) -> str:
    """A score as people read it: FSS, MSWS-12 and EDSS to one decimal (halves
    rounded up: 6.25 is 6.3), totals and ratings whole."""
    places = get(instrument).decimals
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:.{places}f}"


def number(value: float) -> Number:
    """A score for JSON: 38 rather than 38.0; 4.777777777777778 as it is."""
    return int(value) if float(value).is_integer() else value


# --- a recorded score ---------------------------------------------------------------------

# A score in full, as exported and imported: every stored field, in this order.
RECORD_FIELDS = (
    "id",
    "uuid",
    "instrument",
    "at",
    "responses",
    "score",
    "note",
    "logged_at",
    "updated_at",
)
# A score as `scores --format json` lists it (and reports show it).
LISTING_FIELDS = ("id", "uuid", "instrument", "at", "responses", "score", "subscores", "reading")


@dataclass(frozen=True)
class Score:
    """One filled-in questionnaire (or an EDSS from the clinic). A value: change it
    with replace(). Its score, subscores and reading follow from its responses."""

    instrument: str
    at: datetime
    responses: tuple[Number, ...]
    note: str | None = None
    id: int | None = None
    uuid: str | None = None
    logged_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def definition(self) -> Instrument:
        return get(self.instrument)

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def score(self) -> float:
        return compute(self.instrument, self.responses)

    @property
    def subscores(self) -> dict[str, int]:
        return subscores(self.instrument, self.responses)

    @property
    def reading(self) -> str | None:
        return reading(self.instrument, self.score)

    @property
    def shown(self) -> str:
        """The score as people read it: '4.8'."""
        return shown(self.instrument, self.score)

    def replace(self, **changes: Any) -> Score:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The listing shape: id, uuid, instrument, at, responses, score, subscores, reading."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "instrument": self.instrument,
            "at": _stamp(self.at),
            "responses": list(self.responses),
            "score": number(self.score),
            "subscores": self.subscores,
            "reading": self.reading,
        }

    def record(self) -> dict[str, Any]:
        """Every stored field (the export's shape): RECORD_FIELDS."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "instrument": self.instrument,
            "at": _stamp(self.at),
            "responses": list(self.responses),
            "score": number(self.score),
            "note": self.note,
            "logged_at": None if self.logged_at is None else _stamp(self.logged_at),
            "updated_at": None if self.updated_at is None else _stamp(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Score:
        """A score from its own ``record()`` (a copy msjournal wrote itself)."""
        times = {
            name: None if record.get(name) is None else datetime.fromisoformat(record[name])
            for name in ("logged_at", "updated_at")
        }
        return cls(
            instrument=record["instrument"],
            at=datetime.fromisoformat(record["at"]),
            responses=tuple(record["responses"]),
            note=record.get("note"),
            id=record.get("id"),
            uuid=record.get("uuid"),
            **times,
        )


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def describe(score: Score) -> str:
    """A score in a few words, for the history: 'FSS 4.8', 'EDSS 3.5'."""
    return f"{score.label} {score.shown}"


def validate(score: Score) -> Score:
    """Every rule of a stored score; return it or raise InvalidInput."""
    definition = get(score.instrument)
    checked = parse_responses(definition, score.responses)
    if checked != tuple(score.responses) or any(
        type(a) is not type(b) for a, b in zip(checked, score.responses, strict=True)
    ):
        raise InvalidInput("The responses must be plain numbers (3, or 3.5 for the EDSS).")
    for name in ("at", "logged_at", "updated_at"):
        moment = getattr(score, name)
        if moment is None:
            continue
        if moment.utcoffset() is None:
            raise InvalidInput(f"The score's {name} has no UTC offset.")
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise InvalidInput(
                f"msjournal keeps times from {FIRST_YEAR} to {LAST_YEAR}; "
                f"{moment:%Y-%m-%d %H:%M} is outside them."
            )
    if score.logged_at and score.updated_at and score.updated_at < score.logged_at:
        raise InvalidInput("The score was changed (updated_at) before it was logged.")
    if score.note is not None and (
        score.note != score.note.strip() or not 1 <= len(score.note) <= NOTE_MAX
    ):
        raise InvalidInput(f"A note is 1 to {NOTE_MAX:,} characters, without blanks around it.")
    return score


def change(latest: Score, previous: Score | None) -> float | None:
    """How much the score moved since the one before (None when there is none)."""
    if previous is None:
        return None
    if previous.instrument != latest.instrument:
        raise ValueError("a change is between two scores of the same instrument")
    definition = latest.definition
    return float(_exact(definition, latest.responses) - _exact(definition, previous.responses))
