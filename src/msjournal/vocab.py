"""The choice vocabularies and forgiving matching of what a person types.

A value matches when, after folding case and turning spaces and underscores into
hyphens, it is a vocabulary word, a known synonym, or the start of exactly one
word. ``l-leg`` and ``r arm`` mean ``left-leg`` and ``right-arm``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from msjournal.errors import InvalidInput

REGIONS = (
    "legs",
    "left-leg",
    "right-leg",
    "feet",
    "left-foot",
    "right-foot",
    "arms",
    "left-arm",
    "right-arm",
    "hands",
    "left-hand",
    "right-hand",
    "core",
    "neck",
    "face",
    "speech",
    "cognition",
    "whole-body",
)
ACTIVITIES = (
    "dressing",
    "cooking",
    "laundry",
    "walking",
    "stairs",
    "standing",
    "bathing",
    "grooming",
    "eating",
    "writing",
    "typing",
    "lifting",
    "housework",
    "shopping",
    "driving",
    "work",
    "other",
)
FATIGUE_TYPES = ("physical", "cognitive", "both")
PLACES = (
    "bathroom",
    "bedroom",
    "kitchen",
    "living-room",
    "hallway",
    "stairs",
    "outdoors",
    "other",
)
DOING = (
    "walking",
    "turning",
    "standing-up",
    "sitting-down",
    "stairs",
    "reaching",
    "bathing",
    "dressing",
    "transferring",
    "other",
)
CAUSES = (
    "tripped",
    "slipped",
    "leg-gave-way",
    "lost-balance",
    "dizzy",
    "foot-drop",
    "fatigue",
    "heat",
    "other",
    "unknown",
)
INJURIES = ("none", "minor", "medical", "hospital")
AIDS = (
    "none",
    "cane",
    "crutches",
    "walker",
    "rollator",
    "ankle-brace",
    "knee-brace",
    "wheelchair",
    "scooter",
    "other",
)
EXERCISE_TYPES = (
    "cardio",
    "strength",
    "resistance",
    "balance",
    "stretching",
    "physio",
    "yoga",
    "aquatic",
    "walking",
    "other",
)
AEROBIC_TYPES = ("cardio", "walking", "aquatic")
STRENGTH_TYPES = ("strength", "resistance")
KINDS = ("weakness", "fatigue", "fall", "exercise")

# What each vocabulary is called in messages, and its words.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "activity": ACTIVITIES,
    "fatigue type": FATIGUE_TYPES,
    "place": PLACES,
    "doing": DOING,
    "cause": CAUSES,
    "injury": INJURIES,
    "aid": AIDS,
    "exercise type": EXERCISE_TYPES,
    "kind": KINDS,
}

# Obvious other words for the same thing, after normalising. Only words that
# cannot be mistaken for another value are listed.
SYNONYMS: dict[str, dict[str, str]] = {
    "region": {
        "leg": "legs",
        "both-legs": "legs",
        "foot": "feet",
        "both-feet": "feet",
        "arm": "arms",
        "both-arms": "arms",
        "hand": "hands",
        "both-hands": "hands",
        "trunk": "core",
        "torso": "core",
        "back": "core",
        "voice": "speech",
        "thinking": "cognition",
        "memory": "cognition",
        "brain-fog": "cognition",
        "all-over": "whole-body",
        "body": "whole-body",
        "everywhere": "whole-body",
    },
    "activity": {
        "shower": "bathing",
        "showering": "bathing",
        "bath": "bathing",
        "washing": "bathing",
        "getting-dressed": "dressing",
        "cleaning": "housework",
        "chores": "housework",
        "walk": "walking",
        "stair": "stairs",
        "steps": "stairs",
        "job": "work",
        "carrying": "lifting",
        "computer": "typing",
    },
    "fatigue type": {"body": "physical", "mental": "cognitive", "brain": "cognitive"},
    "place": {
        "bath": "bathroom",
        "shower": "bathroom",
        "toilet": "bathroom",
        "lounge": "living-room",
        "sitting-room": "living-room",
        "hall": "hallway",
        "corridor": "hallway",
        "stair": "stairs",
        "steps": "stairs",
        "outside": "outdoors",
        "street": "outdoors",
        "garden": "outdoors",
    },
    "doing": {
        "walk": "walking",
        "turn": "turning",
        "getting-up": "standing-up",
        "stand-up": "standing-up",
        "sit-down": "sitting-down",
        "sitting": "sitting-down",
        "stair": "stairs",
        "steps": "stairs",
        "reach": "reaching",
        "shower": "bathing",
        "showering": "bathing",
        "transfer": "transferring",
    },
    "cause": {
        "trip": "tripped",
        "slip": "slipped",
        "gave-way": "leg-gave-way",
        "leg-gave-out": "leg-gave-way",
        "knee-gave-way": "leg-gave-way",
        "buckled": "leg-gave-way",
        "balance": "lost-balance",
        "dizziness": "dizzy",
        "vertigo": "dizzy",
        "drop-foot": "foot-drop",
        "footdrop": "foot-drop",
        "tired": "fatigue",
        "hot": "heat",
        "dont-know": "unknown",
        "not-sure": "unknown",
    },
    "injury": {
        "no": "none",
        "doctor": "medical",
        "gp": "medical",
        "hospital-admission": "hospital",
        "admitted": "hospital",
    },
    "aid": {
        "no": "none",
        "nothing": "none",
        "stick": "cane",
        "walking-stick": "cane",
        "crutch": "crutches",
        "frame": "walker",
        "zimmer": "walker",
        "walking-frame": "walker",
        "afo": "ankle-brace",
        "ankle-splint": "ankle-brace",
        "ankle-foot-orthosis": "ankle-brace",
        "splint": "ankle-brace",
        "knee-splint": "knee-brace",
        "chair": "wheelchair",
        "mobility-scooter": "scooter",
    },
    "exercise type": {
        "aerobic": "cardio",
        "cycling": "cardio",
        "bike": "cardio",
        "running": "cardio",
        "weights": "strength",
        "bands": "resistance",
        "swimming": "aquatic",
        "swim": "aquatic",
        "hydrotherapy": "aquatic",
        "walk": "walking",
        "stretch": "stretching",
        "physiotherapy": "physio",
        "physical-therapy": "physio",
        "pt": "physio",
    },
    "kind": {"falls": "fall", "weak": "weakness", "tired": "fatigue"},
}

# Each vocabulary's words with their place in its order (for sorting and checking).
RANKS: dict[str, dict[str, int]] = {
    name: {word: i for i, word in enumerate(words)} for name, words in VOCABULARIES.items()
}

_SIDE = r"^(l|r)-(.+)$"  # compiled by `re` on first use


def normalise(text: str) -> str:
    """Fold case and spacing: ``'  Left  Leg '`` becomes ``'left-leg'``."""
    folded = re.sub(r"[\s_]+", "-", text.strip().lower())
    return re.sub(r"-{2,}", "-", folded).strip("-")


def match(vocabulary: str, text: str) -> str:
    """Return the vocabulary word that ``text`` means, or raise InvalidInput."""
    words = VOCABULARIES[vocabulary]
    value = normalise(text)
    if not value:
        raise InvalidInput(f"The {vocabulary} is empty. {choices_sentence(vocabulary)}")
    if value in words:
        return value
    side = re.match(_SIDE, value)
    if side:
        value = ("left-" if side.group(1) == "l" else "right-") + side.group(2)
        if value in words:
            return value
    synonym = SYNONYMS.get(vocabulary, {}).get(value)
    if synonym:
        return synonym
    candidates = [word for word in words if word.startswith(value)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise InvalidInput(
            f"'{text.strip()}' could be {_or_list(candidates)}; "
            f"type a little more of the {vocabulary}."
        )
    import difflib  # only on the error path

    close = difflib.get_close_matches(value, [*words, *SYNONYMS.get(vocabulary, {})], n=1)
    guess = ""
    suggestion = None
    if close:
        suggestion = SYNONYMS.get(vocabulary, {}).get(close[0], close[0])
        guess = f" Did you mean {suggestion}?"
    raise InvalidInput(
        f"'{text.strip()}' is not {article(vocabulary)} {vocabulary} msjournal knows.{guess} "
        f"{choices_sentence(vocabulary)}",
        suggestion=suggestion,
    )


def match_many(vocabulary: str, values: Iterable[str]) -> tuple[str, ...]:
    """Match repeated and comma-separated values; keep vocabulary order, no repeats."""
    found: set[str] = set()
    for value in values:
        for part in value.split(","):
            if part.strip():
                found.add(match(vocabulary, part))
            elif "," not in value:
                match(vocabulary, part)  # an empty value on its own is an error
    return ordered(vocabulary, found)


def ordered(vocabulary: str, values: Iterable[str]) -> tuple[str, ...]:
    """Values in the vocabulary's own order (the order the README lists)."""
    chosen = set(values)
    return tuple(word for word in VOCABULARIES[vocabulary] if word in chosen)


def article(word: str) -> str:
    """'a' or 'an' before a word: an activity, a region."""
    return "an" if word[:1] in "aeiou" else "a"


def choices_sentence(vocabulary: str) -> str:
    return f"Choose from: {', '.join(VOCABULARIES[vocabulary])}."


def _or_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]
