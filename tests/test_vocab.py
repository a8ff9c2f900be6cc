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
    assert len(vocab.REGIONS) == 18
    assert len(vocab.ACTIVITIES) == 17
    assert vocab.FATIGUE_TYPES == ("physical", "cognitive", "both")
    assert vocab.INJURIES == ("none", "minor", "medical", "hospital")
    assert vocab.KINDS == ("weakness", "fatigue", "fall", "exercise")
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
        ("exercise type", "yo", "yoga"),
    ],
)
def test_unique_prefix_matches(vocabulary: str, text: str, expected: str) -> None:
    assert match(vocabulary, text) == expected


@pytest.mark.parametrize(
    ("vocabulary", "text", "candidates"),
    [
        ("region", "le", ["legs", "left-leg", "left-foot", "left-arm", "left-hand"]),
        ("region", "left", ["left-leg", "left-foot", "left-arm", "left-hand"]),
        ("region", "right", ["right-leg", "right-foot", "right-arm", "right-hand"]),
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
        ("region", "elbow"),
        ("region", "legss"),
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
    with pytest.raises(InvalidInput, match="'elbow'"):
        match_many("region", ["legs,elbow"])
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
