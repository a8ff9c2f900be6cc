"""vocab.py: forgiving matching of choice values (regions, aids, causes...)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msjournal import vocab
from msjournal.errors import InvalidInput
from msjournal.vocab import VOCABULARIES, match, match_many

PURE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

ALL_WORDS = [(name, word) for name, words in VOCABULARIES.items() for word in words]


def shortest_unique_prefix(word: str, words: tuple[str, ...]) -> str:
    for length in range(1, len(word) + 1):
        prefix = word[:length]
        if [w for w in words if w.startswith(prefix)] == [word]:
            return prefix
    raise AssertionError(f"{word} has no unique prefix")


# --- the vocabularies themselves (product.md lists them) ------------------------------


def test_vocabularies_are_the_documented_ones() -> None:
    assert vocab.REGIONS[:3] == ("legs", "left-leg", "right-leg")
    assert len(vocab.REGIONS) == 22
    # eyes come after the face; other comes last
    assert vocab.REGIONS[14:18] == ("face", "eyes", "left-eye", "right-eye")
    assert vocab.REGIONS[-1] == "other"
    assert vocab.EXERCISE_TYPES == (
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
    assert len(vocab.ACTIVITIES) == 17
    assert vocab.FATIGUE_TYPES == ("physical", "cognitive", "both")
    assert vocab.INJURIES == ("none", "minor", "medical", "hospital")
    assert vocab.KINDS == ("weakness", "fatigue", "fall", "exercise", "symptom")
    assert set(vocab.AEROBIC_TYPES) == {"cardio", "walking", "aquatic"}
    assert set(vocab.STRENGTH_TYPES) == {"strength", "resistance"}
    assert "ankle-brace" in vocab.AIDS


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_vocabulary_has_unique_words_and_sane_synonyms(name: str) -> None:
    words = VOCABULARIES[name]
    assert len(set(words)) == len(words)
    for synonym, target in vocab.SYNONYMS.get(name, {}).items():
        assert target in words, (synonym, target)
        assert synonym not in words, synonym
        # A synonym must not hijack a prefix of some other word.
        starting = [w for w in words if w.startswith(synonym)]
        assert not starting or target in starting, (synonym, starting)


# --- exact words, case and spacing ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("legs", "legs"),
        ("LEGS", "legs"),
        ("Left-Leg", "left-leg"),
        ("left leg", "left-leg"),
        ("Left_Leg", "left-leg"),
        ("  LEFT   LEG  ", "left-leg"),
        ("l-leg", "left-leg"),
        ("L leg", "left-leg"),
        ("l leg", "left-leg"),
        ("r arm", "right-arm"),
        ("R-Hand", "right-hand"),
        ("whole body", "whole-body"),
        ("cog", "cognition"),
        ("sp", "speech"),
        ("brain fog", "cognition"),
        ("leg", "legs"),
    ],
)
def test_region_matching(text: str, expected: str) -> None:
    assert match("region", text) == expected


@pytest.mark.parametrize(
    "text", ["afo", "AFO", "ankle splint", "Ankle-Splint", "ankle_splint", "ankle-b", "ank"]
)
def test_ankle_brace_synonyms(text: str) -> None:
    assert match("aid", text) == "ankle-brace"


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        ("aid", "walking stick", "cane"),
        ("aid", "zimmer", "walker"),
        ("cause", "gave way", "leg-gave-way"),
        ("cause", "drop foot", "foot-drop"),
        ("place", "outside", "outdoors"),
        ("doing", "getting up", "standing-up"),
        ("exercise type", "swimming", "aquatic"),
        ("exercise type", "PT", "physio"),
        ("fatigue type", "mental", "cognitive"),
        ("injury", "gp", "medical"),
        ("activity", "shower", "bathing"),
        ("kind", "falls", "fall"),
    ],
)
def test_synonyms_in_other_vocabularies(vocabulary: str, text: str, expected: str) -> None:
    assert match(vocabulary, text) == expected


def test_same_word_means_the_vocabulary_s_own_thing() -> None:
    # "shower" is bathing as an activity and the bathroom as a place.
    assert match("activity", "shower") == "bathing"
    assert match("place", "shower") == "bathroom"
    assert match("doing", "shower") == "bathing"


# --- the words people use (product.md, "Choice values") --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # legs: knee, hip, thigh, calf, shin
        ("knee", "legs"),
        ("knees", "legs"),
        ("Hip", "legs"),
        ("hips", "legs"),
        ("thigh", "legs"),
        ("thighs", "legs"),
        ("calf", "legs"),
        ("calves", "legs"),
        ("shin", "legs"),
        ("shins", "legs"),
        ("both knees", "legs"),
        ("left knee", "left-leg"),
        ("l knee", "left-leg"),
        ("L-Knee", "left-leg"),
        ("knee left", "left-leg"),
        ("knee l", "left-leg"),
        ("right-thigh", "right-leg"),
        ("r hip", "right-leg"),
        ("calf right", "right-leg"),
        ("shin r", "right-leg"),
        ("left calves", "left-leg"),
        ("leg left", "left-leg"),
        # feet: ankle, toes, heel
        ("ankle", "feet"),
        ("ankles", "feet"),
        ("toe", "feet"),
        ("toes", "feet"),
        ("heel", "feet"),
        ("heels", "feet"),
        ("left ankle", "left-foot"),
        ("r toes", "right-foot"),
        ("heel right", "right-foot"),
        ("right_heel", "right-foot"),
        # hands: fingers, grip, wrist, thumb
        ("finger", "hands"),
        ("fingers", "hands"),
        ("grip", "hands"),
        ("wrist", "hands"),
        ("wrists", "hands"),
        ("thumb", "hands"),
        ("thumbs", "hands"),
        ("R wrist", "right-hand"),
        ("left grip", "left-hand"),
        ("l fingers", "left-hand"),
        ("thumb left", "left-hand"),
        ("right thumb", "right-hand"),
        # arms: shoulder, elbow, forearm
        ("shoulder", "arms"),
        ("shoulders", "arms"),
        ("elbow", "arms"),
        ("elbows", "arms"),
        ("forearm", "arms"),
        ("forearms", "arms"),
        ("left shoulder", "left-arm"),
        ("r elbow", "right-arm"),
        ("forearm right", "right-arm"),
        # eyes: eye, eyes, sight, vision
        ("eye", "eyes"),
        ("eyes", "eyes"),
        ("EYES", "eyes"),
        ("sight", "eyes"),
        ("vision", "eyes"),
        ("both eyes", "eyes"),
        ("left eye", "left-eye"),
        ("l eye", "left-eye"),
        ("L-Eye", "left-eye"),
        ("eye left", "left-eye"),
        ("right eye", "right-eye"),
        ("r eye", "right-eye"),
        ("eye r", "right-eye"),
        # the new region for anything else, only when asked for
        ("other", "other"),
        ("Other", "other"),
        ("elsewhere", "other"),
    ],
)
def test_body_parts_and_sides_mean_their_region(text: str, expected: str) -> None:
    assert match("region", text) == expected


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        ("exercise type", "pilates", "pilates"),
        ("exercise type", "Pilates", "pilates"),
        ("exercise type", "tai chi", "tai-chi"),
        ("exercise type", "Tai Chi", "tai-chi"),
        ("exercise type", "tai-chi", "tai-chi"),
        ("exercise type", "taichi", "tai-chi"),
        ("exercise type", "gym", "strength"),
        ("exercise type", "weights", "strength"),
        ("exercise type", "machines", "strength"),
        ("exercise type", "stationary bike", "cardio"),
        ("exercise type", "exercise bike", "cardio"),
        ("exercise type", "cycling", "cardio"),
        ("exercise type", "spin", "cardio"),
        ("exercise type", "spinning", "cardio"),
        ("exercise type", "hydro", "aquatic"),
        ("exercise type", "hydrotherapy", "aquatic"),
        ("exercise type", "pool", "aquatic"),
        ("injury", "bruise", "minor"),
        ("injury", "bruised", "minor"),
        ("injury", "cut", "minor"),
        ("injury", "sprain", "minor"),
        ("injury", "sprained", "minor"),
        ("injury", "A&E", "medical"),
        ("injury", "a&e", "medical"),
        ("injury", "A & E", "medical"),
        ("injury", "a and e", "medical"),
        ("injury", "A+E", "medical"),
        ("injury", "ER", "medical"),
        ("injury", "emergency", "medical"),
        ("injury", "urgent care", "medical"),
        ("injury", "GP", "medical"),
        ("injury", "doctor", "medical"),
        ("injury", "admitted", "hospital"),
        ("injury", "stayed in hospital", "hospital"),
        ("place", "loo", "bathroom"),
        ("place", "WC", "bathroom"),
        ("place", "toilet", "bathroom"),
        ("doing", "getting out of bed", "standing-up"),
        ("doing", "getting up", "standing-up"),
        ("doing", "toileting", "transferring"),
        ("doing", "on the toilet", "transferring"),
        ("doing", "getting in the car", "transferring"),
        ("doing", "getting out of the car", "transferring"),
    ],
)
def test_everyday_words_in_other_vocabularies(vocabulary: str, text: str, expected: str) -> None:
    assert match(vocabulary, text) == expected


def test_the_new_exercise_types_are_neither_aerobic_nor_strength() -> None:
    for kind in ("pilates", "tai-chi"):
        assert kind in vocab.EXERCISE_TYPES
        assert kind not in vocab.AEROBIC_TYPES
        assert kind not in vocab.STRENGTH_TYPES


@pytest.mark.parametrize(
    ("vocabulary", "text"),
    [
        ("region", "spleen"),
        ("region", "tail"),
        ("region", "left tail"),
        ("region", "knee middle"),
        ("exercise type", "chess"),
        ("injury", "a"),
    ],
)
def test_an_unknown_word_is_refused_never_stored_as_other(vocabulary: str, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        match(vocabulary, text)
    assert caught.value.exit_code == 2
    assert ", ".join(VOCABULARIES[vocabulary]) in caught.value.message


def test_a_near_miss_of_a_body_part_suggests_its_region() -> None:
    with pytest.raises(InvalidInput) as caught:
        match("region", "sholder")
    assert caught.value.suggestion == "arms"
    assert "Did you mean arms?" in caught.value.message
    assert "other" in caught.value.message  # the choices now include other


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        # prefixes that worked before the vocabularies grew still do
        ("region", "wh", "whole-body"),
        ("region", "sp", "speech"),
        ("region", "fa", "face"),
        ("exercise type", "ph", "physio"),
        ("exercise type", "stret", "stretching"),
        ("exercise type", "aq", "aquatic"),
        # and the new words have their own
        ("region", "e", "eyes"),
        ("region", "o", "other"),
        ("region", "left-e", "left-eye"),
        ("region", "r-e", "right-eye"),
        ("exercise type", "pi", "pilates"),
        ("exercise type", "t", "tai-chi"),
    ],
)
def test_prefixes_after_the_vocabularies_grew(vocabulary: str, text: str, expected: str) -> None:
    assert match(vocabulary, text) == expected


# --- prefixes: unique matches, ambiguous refused -------------------------------------


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        ("region", "wh", "whole-body"),
        ("region", "left-h", "left-hand"),
        ("activity", "dre", "dressing"),
        ("activity", "stai", "stairs"),
        ("cause", "dizz", "dizzy"),
        ("injury", "h", "hospital"),
        ("kind", "w", "weakness"),
        ("kind", "fal", "fall"),
        ("kind", "s", "symptom"),
        ("exercise type", "yo", "yoga"),
    ],
)
def test_unique_prefix_matches(vocabulary: str, text: str, expected: str) -> None:
    assert match(vocabulary, text) == expected


@pytest.mark.parametrize(
    ("vocabulary", "text", "candidates"),
    [
        ("region", "le", ["legs", "left-leg", "left-foot", "left-arm", "left-hand", "left-eye"]),
        ("region", "left", ["left-leg", "left-foot", "left-arm", "left-hand", "left-eye"]),
        ("region", "right", ["right-leg", "right-foot", "right-arm", "right-hand", "right-eye"]),
        ("exercise type", "p", ["physio", "pilates"]),
        ("kind", "fa", ["fatigue", "fall"]),
        ("activity", "st", ["stairs", "standing"]),
        ("injury", "m", ["minor", "medical"]),
    ],
)
def test_ambiguous_prefix_lists_the_candidates(
    vocabulary: str, text: str, candidates: list[str]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        match(vocabulary, text)
    message = caught.value.message
    assert f"'{text}'" in message
    for word in candidates:
        assert word in message
    others = [w for w in VOCABULARIES[vocabulary] if w not in candidates]
    for word in others:
        assert word not in message.replace(f"'{text}'", "")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("vocabulary", "text"),
    [
        ("region", "spleen"),
        ("region", "legss"),
        ("region", "left spleen"),
        ("region", "spleen left"),
        ("aid", "skateboard"),
        ("cause", "gremlins"),
        ("exercise type", "chess"),
        ("kind", "mood"),
        ("injury", "broken leg"),
    ],
)
def test_unknown_value_lists_every_valid_value(vocabulary: str, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        match(vocabulary, text)
    message = caught.value.message
    assert f"'{text}'" in message
    assert vocabulary in message
    assert ", ".join(VOCABULARIES[vocabulary]) in message


@pytest.mark.parametrize("text", ["", "   ", "--", "_"])
def test_empty_value_is_refused_with_the_choices(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        match("region", text)
    assert "empty" in caught.value.message
    assert ", ".join(vocab.REGIONS) in caught.value.message


def test_normalise() -> None:
    assert vocab.normalise("  Left  Leg ") == "left-leg"
    assert vocab.normalise("poor_sleep") == "poor-sleep"
    assert vocab.normalise("-a--b-") == "a-b"


# --- many values ----------------------------------------------------------------------


def test_match_many_takes_commas_and_repeats() -> None:
    assert match_many("region", ["legs,left-hand"]) == ("legs", "left-hand")
    assert match_many("region", ["legs", "left-hand"]) == ("legs", "left-hand")
    assert match_many("region", ["legs, left hand", "core"]) == ("legs", "left-hand", "core")


def test_match_many_keeps_vocabulary_order() -> None:
    assert match_many("region", ["whole-body", "left-hand", "legs"]) == (
        "legs",
        "left-hand",
        "whole-body",
    )
    assert match_many("aid", ["afo", "cane"]) == ("cane", "ankle-brace")


def test_match_many_removes_duplicates_even_through_synonyms() -> None:
    assert match_many("region", ["legs", "LEGS", "leg,legs", "l-leg", "left leg"]) == (
        "legs",
        "left-leg",
    )
    assert match_many("aid", ["afo", "ankle splint", "ankle-brace"]) == ("ankle-brace",)


def test_match_many_ignores_stray_commas() -> None:
    assert match_many("region", ["legs,"]) == ("legs",)
    assert match_many("region", ["legs,,arms"]) == ("legs", "arms")


def test_match_many_of_nothing_is_nothing() -> None:
    assert match_many("region", []) == ()


def test_match_many_refuses_an_empty_value_on_its_own() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        match_many("region", ["legs", ""])


def test_match_many_refuses_if_any_part_is_bad() -> None:
    with pytest.raises(InvalidInput, match="'spleen'"):
        match_many("region", ["legs,spleen"])
    with pytest.raises(InvalidInput, match="could be"):
        match_many("region", ["legs", "left"])


def test_ordered() -> None:
    assert vocab.ordered("cause", ["unknown", "tripped", "tripped"]) == ("tripped", "unknown")


# --- properties -------------------------------------------------------------------------


@st.composite
def any_case(draw: st.DrawFn, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(ch.upper() if up else ch for ch, up in zip(word, flips, strict=True))


@PURE
@given(data=st.data(), pair=st.sampled_from(ALL_WORDS))
def test_every_word_matches_itself_in_any_case(data: st.DataObject, pair: tuple[str, str]) -> None:
    name, word = pair
    typed = data.draw(any_case(word))
    assert match(name, typed) == word
    assert match(name, f"  {typed.replace('-', ' ')} ") == word


@pytest.mark.parametrize(("name", "word"), ALL_WORDS)
def test_every_words_shortest_unique_prefix_matches_it(name: str, word: str) -> None:
    prefix = shortest_unique_prefix(word, VOCABULARIES[name])
    assert match(name, prefix) == word
    assert match(name, prefix.upper()) == word


@PURE
@given(
    name=st.sampled_from(sorted(VOCABULARIES)),
    data=st.data(),
)
def test_match_many_is_ordered_and_unique(name: str, data: st.DataObject) -> None:
    words = VOCABULARIES[name]
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=8))
    joined = data.draw(st.booleans())
    values = [",".join(chosen)] if joined else chosen
    got = match_many(name, values)
    assert got == tuple(w for w in words if w in set(chosen))


@pytest.mark.parametrize(
    ("vocabulary", "typed", "guess"),
    [
        ("activity", "dresing", "dressing"),  # one letter left out
        ("exercise type", "yuga", "yoga"),  # one changed
        ("activity", "walkign", "walking"),  # two swapped
        ("place", "kitchn", "kitchen"),
        ("region", "sholder", "arms"),  # a slip of a body part: its region
        ("region", "left side", None),  # not one slip from anything: no guess
        ("region", "head", None),  # two slips from "hand": no guess
        ("activity", "toileting", None),
        ("region", "legs and arms", None),
        ("symptom", "visoin", "vision"),
        ("symptom", "tremer", "tremor"),
        ("symptom", "ballance", "balance"),
        ("symptom", "headache", None),
    ],
)
def test_a_guess_is_offered_only_for_one_slip_of_the_keyboard(
    vocabulary: str, typed: str, guess: str | None
) -> None:
    """At a terminal Enter accepts the guess, so a weak guess must never be offered."""
    with pytest.raises(InvalidInput) as caught:
        vocab.match(vocabulary, typed)
    assert caught.value.suggestion == guess
    assert ("Did you mean" in caught.value.message) == (guess is not None)


# --- other symptoms (product.md, "More than weakness: other symptoms") --------------------


def test_the_symptoms_are_the_documented_ones_in_order() -> None:
    from msjournal import migrations

    assert vocab.SYMPTOMS == (
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
    assert migrations.V5["symptoms"] == vocab.SYMPTOMS  # what the schema allows
    assert VOCABULARIES["symptom"] == vocab.SYMPTOMS
    assert "weakness" not in vocab.SYMPTOMS and "fatigue" not in vocab.SYMPTOMS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stiffness", "spasticity"),
        ("Stiff", "spasticity"),
        ("pins and needles", "tingling"),
        ("Pins-And-Needles", "tingling"),
        ("brain fog", "cognition"),
        ("fog", "cognition"),
        ("memory", "cognition"),
        ("thinking", "cognition"),
        ("blurred vision", "vision"),
        ("eyesight", "vision"),
        ("sight", "vision"),
        ("eyes", "vision"),
        ("low mood", "mood"),
        ("depression", "mood"),
        ("down", "mood"),
        ("insomnia", "sleep"),
        ("poor sleep", "sleep"),
        ("unsteady", "balance"),
        ("unsteadiness", "balance"),
        ("vertigo", "dizziness"),
        ("dizzy", "dizziness"),
        ("Uhthoff", "heat-sensitivity"),
        ("heat", "heat-sensitivity"),
        ("urgency", "bladder"),
        ("incontinence", "bladder"),
        ("constipation", "bowel"),
        ("cramps", "spasms"),
        ("shaking", "tremor"),
        ("shakes", "tremor"),
        ("aching", "pain"),
        ("ache", "pain"),
        ("sore", "pain"),
        ("worry", "anxiety"),
        ("worried", "anxiety"),
        ("anxious", "anxiety"),
        # unique starts, as in every vocabulary
        ("numb", "numbness"),
        ("ti", "tingling"),
        ("spast", "spasticity"),
        ("spasm", "spasms"),
        ("tr", "tremor"),
        ("ba", "balance"),
        ("bl", "bladder"),
        ("bo", "bowel"),
        ("d", "dizziness"),
        ("v", "vision"),
        ("h", "heat-sensitivity"),
        ("heat sensitivity", "heat-sensitivity"),
        ("sl", "sleep"),
        ("sw", "swallowing"),
        ("o", "other"),
    ],
)
def test_symptom_names_and_their_other_words(text: str, expected: str) -> None:
    assert match("symptom", text) == expected


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("s", ["spasticity", "spasms", "sleep", "speech", "swallowing"]),
        ("spas", ["spasticity", "spasms"]),
        ("b", ["balance", "bladder", "bowel"]),
    ],
)
def test_an_ambiguous_symptom_start_names_the_candidates(text: str, candidates: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        match("symptom", text)
    for word in candidates:
        assert word in caught.value.message


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("weakness", "weakness"),
        ("Weakness", "weakness"),
        ("weak", "weakness"),
        ("muscle weakness", "weakness"),
        ("weaknes", "weakness"),  # one slip away
        ("wea", "weakness"),  # the start of it
        ("fatigue", "fatigue"),
        ("tired", "fatigue"),
        ("tiredness", "fatigue"),
        ("exhausted", "fatigue"),
        ("fatige", "fatigue"),
        ("fat", "fatigue"),
        ("fall", "fall"),
        ("falls", "fall"),
    ],
)
def test_weakness_and_fatigue_are_never_symptoms(text: str, command: str) -> None:
    """They keep their own commands: the message names the one to use, and no
    did-you-mean offers a symptom in their place."""
    with pytest.raises(InvalidInput) as caught:
        match("symptom", text)
    assert caught.value.exit_code == 2
    assert caught.value.suggestion is None
    assert caught.value.message.endswith(f"is logged with: msjournal log {command} ...")
    assert vocab.own_kind(text) == command


def test_the_exact_words_for_weakness_and_fatigue() -> None:
    messages = {
        kind: vocab.OWN_KIND_MESSAGES[vocab.own_kind(kind) or ""] for kind in vocab.KINDS[:2]
    }
    assert messages == {
        "weakness": "Weakness is logged with: msjournal log weakness ...",
        "fatigue": "Fatigue is logged with: msjournal log fatigue ...",
    }


@pytest.mark.parametrize("text", [*vocab.SYMPTOMS, "brain fog", "fog", "heat", "spasm", "s", "b"])
def test_no_symptom_or_start_of_one_is_taken_for_weakness_or_fatigue(text: str) -> None:
    assert vocab.own_kind(text) is None


def test_symptom_words_stay_out_of_the_other_vocabularies() -> None:
    """A symptom's name means nothing new elsewhere: 'balance' is still an exercise
    type, and 'mood' is still not a kind of entry."""
    assert match("exercise type", "balance") == "balance"
    assert match("cause", "balance") == "lost-balance"
    assert match("region", "cognition") == "cognition"
    assert match("kind", "symptoms") == "symptom"
    with pytest.raises(InvalidInput):
        match("kind", "mood")
