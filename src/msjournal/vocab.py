"""The choice vocabularies and forgiving matching of what a person types.

A value matches when, after folding case and turning spaces and underscores into
hyphens, it is a vocabulary word, a known synonym, or the start of exactly one
word. ``l-leg`` and ``r arm`` mean ``left-leg`` and ``right-arm``; a named part of
the body means its region, on its side if one is given (``left knee``, ``knee l``:
``left-leg``). A word msjournal does not know is refused, never stored as ``other``.
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
    "eyes",
    "left-eye",
    "right-eye",
    "speech",
    "cognition",
    "whole-body",
    "other",
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
    "pilates",
    "tai-chi",
    "aquatic",
    "walking",
    "other",
)
AEROBIC_TYPES = ("cardio", "walking", "aquatic")
STRENGTH_TYPES = ("strength", "resistance")
# Other MS symptoms, rated 0-10 like weakness and fatigue (which are never among
# them: they have their own commands).
SYMPTOMS = (
    "numbness",
    "tingling",
    "pain",
    "spasticity",
    "spasms",
    "tremor",
    "balance",
    "dizziness",
    "vision",
    "bladder",
    "bowel",
    "mood",
    "anxiety",
    "sleep",
    "cognition",
    "speech",
    "swallowing",
    "heat-sensitivity",
    "other",
)
KINDS = ("weakness", "fatigue", "fall", "exercise", "symptom")
# Treatments, relapses and aids over time (timeline.py).
TREATMENT_CLASSES = (
    "muscle-relaxant",
    "steroid",
    "interferon-beta",
    "plasma-exchange",
    "dmt",
    "symptomatic",
    "other",
)
STOP_REASONS = ("course-finished", "side-effects", "not-working", "other")
AID_USES = ("walking", "indoors", "outdoors", "stairs", "all")
# Who an appointment is with (`appointment add --with`); mri is a scan.
APPOINTMENT_TYPES = ("neurology", "ms-nurse", "physio", "gp", "mri", "other")

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
    "symptom": SYMPTOMS,
    "kind": KINDS,
    "treatment class": TREATMENT_CLASSES,
    "stop reason": STOP_REASONS,
    "aid use": AID_USES,
    "appointment type": APPOINTMENT_TYPES,
}

# Parts of the body people name, by the region they belong to. Each may carry a
# side before or after it ("left knee", "l knee", "knee left"): that side's region.
_BODY_PARTS = {
    "legs": "leg knee knees hip hips thigh thighs calf calves shin shins",
    "feet": "foot ankle ankles toe toes heel heels sole soles",
    "hands": "hand finger fingers grip wrist wrists thumb thumbs palm palms",
    "arms": "arm shoulder shoulders elbow elbows forearm forearms",
    "eyes": "eye",
}
# The one-sided region of each region above: "left-" or "right-" and this.
_SIDED = {"legs": "leg", "feet": "foot", "hands": "hand", "arms": "arm", "eyes": "eye"}


def _body_part_synonyms() -> dict[str, str]:
    """knee -> legs, left-knee -> left-leg, both-knees -> legs, and so on."""
    found: dict[str, str] = {}
    for region, parts in _BODY_PARTS.items():
        for part in (*parts.split(), region):
            found[part] = region
            found[f"both-{part}"] = region
            for side in ("left", "right"):
                found[f"{side}-{part}"] = f"{side}-{_SIDED[region]}"
    return {part: region for part, region in found.items() if part not in REGIONS}


# Obvious other words for the same thing, after normalising. Only words that
# cannot be mistaken for another value are listed.
SYNONYMS: dict[str, dict[str, str]] = {
    "region": {
        **_body_part_synonyms(),
        "sight": "eyes",
        "vision": "eyes",
        "trunk": "core",
        "torso": "core",
        "back": "core",
        "lower-back": "core",
        "voice": "speech",
        "thinking": "cognition",
        "memory": "cognition",
        "brain-fog": "cognition",
        "all-over": "whole-body",
        "body": "whole-body",
        "everywhere": "whole-body",
        "elsewhere": "other",
        "somewhere-else": "other",
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
        "loo": "bathroom",
        "wc": "bathroom",
        "lavatory": "bathroom",
        "restroom": "bathroom",
        "washroom": "bathroom",
        "en-suite": "bathroom",
        "ensuite": "bathroom",
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
        "got-up": "standing-up",
        "getting-out-of-bed": "standing-up",
        "got-out-of-bed": "standing-up",
        "stand-up": "standing-up",
        "sit-down": "sitting-down",
        "sitting": "sitting-down",
        "stair": "stairs",
        "steps": "stairs",
        "reach": "reaching",
        "shower": "bathing",
        "showering": "bathing",
        "transfer": "transferring",
        "toileting": "transferring",
        "on-the-toilet": "transferring",
        "using-the-toilet": "transferring",
        "getting-in-the-car": "transferring",
        "getting-into-the-car": "transferring",
        "getting-out-of-the-car": "transferring",
        "getting-in-car": "transferring",
        "getting-out-of-car": "transferring",
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
        "bruise": "minor",
        "bruised": "minor",
        "bruises": "minor",
        "bruising": "minor",
        "cut": "minor",
        "cuts": "minor",
        "graze": "minor",
        "grazed": "minor",
        "sprain": "minor",
        "sprained": "minor",
        # '&' and '+' are kept by normalise(): "A&E", "A & E", "a+e", "a and e"
        "a&e": "medical",
        "a-&-e": "medical",
        "a+e": "medical",
        "a-+-e": "medical",
        "a-and-e": "medical",
        "er": "medical",
        "emergency": "medical",
        "emergency-room": "medical",
        "urgent-care": "medical",
        "doctor": "medical",
        "gp": "medical",
        "stitches": "medical",
        "hospital-admission": "hospital",
        "admitted": "hospital",
        "admitted-to-hospital": "hospital",
        "stayed-in-hospital": "hospital",
        "hospitalised": "hospital",
        "hospitalized": "hospital",
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
        "biking": "cardio",
        "stationary-bike": "cardio",
        "exercise-bike": "cardio",
        "static-bike": "cardio",
        "spin": "cardio",
        "spinning": "cardio",
        "spin-class": "cardio",
        "cross-trainer": "cardio",
        "elliptical": "cardio",
        "running": "cardio",
        "jogging": "cardio",
        "gym": "strength",
        "weights": "strength",
        "weight-training": "strength",
        "weightlifting": "strength",
        "weight-lifting": "strength",
        "machines": "strength",
        "weight-machines": "strength",
        "bands": "resistance",
        "swimming": "aquatic",
        "swim": "aquatic",
        "hydro": "aquatic",
        "hydrotherapy": "aquatic",
        "pool": "aquatic",
        "aqua-aerobics": "aquatic",
        "water-aerobics": "aquatic",
        "aquafit": "aquatic",
        "taichi": "tai-chi",
        "tai-chi-chuan": "tai-chi",
        "taiji": "tai-chi",
        "walk": "walking",
        "stretch": "stretching",
        "physiotherapy": "physio",
        "physical-therapy": "physio",
        "pt": "physio",
    },
    "symptom": {
        "numb": "numbness",
        "pins-and-needles": "tingling",
        "pins-&-needles": "tingling",
        "tingly": "tingling",
        "tingles": "tingling",
        "ache": "pain",
        "aches": "pain",
        "aching": "pain",
        "sore": "pain",
        "soreness": "pain",
        "painful": "pain",
        "nerve-pain": "pain",
        "stiff": "spasticity",
        "stiffness": "spasticity",
        "tight-muscles": "spasticity",
        "spasm": "spasms",
        "muscle-spasms": "spasms",
        "cramp": "spasms",
        "cramps": "spasms",
        "shaking": "tremor",
        "shakes": "tremor",
        "shaky": "tremor",
        "tremors": "tremor",
        "unsteady": "balance",
        "unsteadiness": "balance",
        "off-balance": "balance",
        "imbalance": "balance",
        "dizzy": "dizziness",
        "vertigo": "dizziness",
        "light-headed": "dizziness",
        "lightheaded": "dizziness",
        "blurred-vision": "vision",
        "blurry-vision": "vision",
        "blurred": "vision",
        "blurry": "vision",
        "double-vision": "vision",
        "eyesight": "vision",
        "sight": "vision",
        "eye": "vision",
        "eyes": "vision",
        "urgency": "bladder",
        "incontinence": "bladder",
        "urinary": "bladder",
        "constipation": "bowel",
        "constipated": "bowel",
        "low-mood": "mood",
        "depression": "mood",
        "depressed": "mood",
        "down": "mood",
        "feeling-down": "mood",
        "anxious": "anxiety",
        "worry": "anxiety",
        "worried": "anxiety",
        "worrying": "anxiety",
        "insomnia": "sleep",
        "poor-sleep": "sleep",
        "bad-sleep": "sleep",
        "sleeping": "sleep",
        "brain-fog": "cognition",
        "fog": "cognition",
        "foggy": "cognition",
        "memory": "cognition",
        "thinking": "cognition",
        "concentration": "cognition",
        "slurred-speech": "speech",
        "slurred": "speech",
        "slurring": "speech",
        "voice": "speech",
        "choking": "swallowing",
        "heat": "heat-sensitivity",
        "hot": "heat-sensitivity",
        "overheating": "heat-sensitivity",
        "heat-intolerance": "heat-sensitivity",
        "uhthoff": "heat-sensitivity",
        "uhthoffs": "heat-sensitivity",
        "uhthoff's": "heat-sensitivity",
    },
    "kind": {"falls": "fall", "weak": "weakness", "tired": "fatigue", "symptoms": "symptom"},
    "appointment type": {
        "neurologist": "neurology",
        "neuro": "neurology",
        "nurse": "ms-nurse",
        "msnurse": "ms-nurse",
        "ms-specialist-nurse": "ms-nurse",
        "specialist-nurse": "ms-nurse",
        "physiotherapy": "physio",
        "physiotherapist": "physio",
        "physical-therapy": "physio",
        "physical-therapist": "physio",
        "family-doctor": "gp",
        "general-practitioner": "gp",
        "scan": "mri",
        "mri-scan": "mri",
        "mr-scan": "mri",
        "mr": "mri",
    },
}

# Words for what has its own `log` command, never a symptom: weakness and fatigue
# are recorded apart (and a fall is an event), so they are refused as symptom
# names with the command to use instead.
OWN_KINDS = {
    "weakness": "weakness",
    "weak": "weakness",
    "muscle-weakness": "weakness",
    "fatigue": "fatigue",
    "fatigued": "fatigue",
    "tired": "fatigue",
    "tiredness": "fatigue",
    "exhausted": "fatigue",
    "exhaustion": "fatigue",
    "fall": "fall",
    "falls": "fall",
    "fell": "fall",
    "near-fall": "fall",
}
OWN_KIND_MESSAGES = {
    "weakness": "Weakness is logged with: msjournal log weakness ...",
    "fatigue": "Fatigue is logged with: msjournal log fatigue ...",
    "fall": "A fall is logged with: msjournal log fall ...",
}

# Each vocabulary's words with their place in its order (for sorting and checking).
RANKS: dict[str, dict[str, int]] = {
    name: {word: i for i, word in enumerate(words)} for name, words in VOCABULARIES.items()
}

_SIDE = r"^(l|r)-(.+)$"  # compiled by `re` on first use
_SIDE_AFTER = r"^(.+)-(l|r|left|right)$"  # "knee left", "leg-r"


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
    synonyms = SYNONYMS.get(vocabulary, {})
    side = re.match(_SIDE, value)
    if side:
        value = ("left-" if side.group(1) == "l" else "right-") + side.group(2)
        if value in words:
            return value
    else:
        side = re.match(_SIDE_AFTER, value)
        if side:
            turned = ("left-" if side.group(2)[0] == "l" else "right-") + side.group(1)
            if turned in words or turned in synonyms:
                value = turned
                if value in words:
                    return value
    synonym = synonyms.get(value)
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
    if vocabulary == "symptom":
        kind = own_kind(value)
        if kind is not None:
            raise InvalidInput(OWN_KIND_MESSAGES[kind])
    # A guess is offered only when it is one slip of the keyboard away and the only
    # such word: a tired person pressing Enter must not store "hands" for "head",
    # or "left-foot" for "left side".
    allowed = 1
    near = {
        synonyms.get(word, word)
        for word in (*words, *synonyms)
        if abs(len(word) - len(value)) <= allowed and _slips(value, word) <= allowed
    }
    guess = ""
    suggestion = None
    if len(near) == 1:
        suggestion = near.pop()
        guess = f" Did you mean {suggestion}?"
    raise InvalidInput(
        f"'{text.strip()}' is not {article(vocabulary)} {vocabulary} msjournal knows.{guess} "
        f"{choices_sentence(vocabulary)}",
        suggestion=suggestion,
    )


def own_kind(text: str) -> str | None:
    """The kind with its own command that a symptom name means, if it means one:
    ``weakness``, ``tired`` or ``fall``, the start of one (``weak``, ``fatig``), or one
    slip of the keyboard from one (``weaknes``) that is not one from a symptom."""
    value = normalise(text)
    if not value:
        return None
    if value in OWN_KINDS:
        return OWN_KINDS[value]
    symptoms = (*SYMPTOMS, *SYNONYMS["symptom"])
    if any(word.startswith(value) for word in SYMPTOMS):
        return None
    if len(value) >= 3:
        for kind in ("weakness", "fatigue", "fall"):
            if kind.startswith(value):
                return kind
    if any(abs(len(w) - len(value)) <= 1 and _slips(value, w) <= 1 for w in symptoms):
        return None
    for word, kind in OWN_KINDS.items():
        if abs(len(word) - len(value)) <= 1 and _slips(value, word) <= 1:
            return kind
    return None


def _slips(typed: str, word: str) -> int:
    """Keyboard slips between two words: letters left out, added, changed or swapped
    (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(word) + 1))
    for i, a in enumerate(typed, 1):
        current = [i]
        for j, b in enumerate(word, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


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
