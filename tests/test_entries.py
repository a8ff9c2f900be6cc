"""entries.py: the entry kinds, their rules, and cleaning what a person typed."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from msjournal import entries, vocab
from msjournal.entries import (
    FIELDS,
    KIND_FIELDS,
    Entry,
    clean_note,
    clean_tags,
    hopkins_grade,
    parse_number,
    validate,
)
from msjournal.errors import InvalidInput

PURE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

PLUS_ONE = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 25, 9, 0, tzinfo=PLUS_ONE)

VALID: dict[str, Entry] = {
    "weakness": Entry(
        kind="weakness",
        at=AT,
        severity=6,
        regions=("legs", "left-hand"),
        activities=("dressing", "walking"),
        duration_minutes=45,
        tags=("heat", "poor-sleep"),
        note="Hot day; legs heavy after lunch.",
    ),
    "weakness-minimal": Entry(kind="weakness", at=AT, severity=0, regions=("core",)),
    "fatigue": Entry(
        kind="fatigue",
        at=AT,
        severity=7,
        fatigue_type="cognitive",
        activities=("work",),
        duration_minutes=1440,
    ),
    "fatigue-minimal": Entry(kind="fatigue", at=AT, severity=10, fatigue_type="both"),
    "fall": Entry(
        kind="fall",
        at=AT,
        near_fall=False,
        place="bathroom",
        doing="turning",
        causes=("tripped", "foot-drop"),
        injury="minor",
        aids=("cane", "ankle-brace"),
        got_up_alone=True,
    ),
    "fall-minimal": Entry(kind="fall", at=AT, near_fall=False, injury="none"),
    "fall-hospital": Entry(
        kind="fall", at=AT, near_fall=False, injury="hospital", got_up_alone=False
    ),
    "near-fall": Entry(
        kind="fall", at=AT, near_fall=True, injury="none", causes=("dizzy",), aids=("none",)
    ),
    "exercise": Entry(
        kind="exercise",
        at=AT,
        minutes=30,
        exercise_type="balance",
        effort=5,
        with_therapist=True,
        after=3,
    ),
    "exercise-minimal": Entry(
        kind="exercise", at=AT, minutes=1, exercise_type="cardio", with_therapist=False
    ),
    "exercise-edges": Entry(
        kind="exercise",
        at=AT,
        minutes=600,
        exercise_type="other",
        effort=0,
        with_therapist=False,
        after=10,
    ),
    "symptom": Entry(
        kind="symptom",
        at=AT,
        symptom="vision",
        severity=4,
        regions=("left-eye",),
        duration_minutes=120,
        tags=("heat",),
        note="Blurred after the bath.",
    ),
    "symptom-minimal": Entry(kind="symptom", at=AT, symptom="other", severity=0),
}


# --- parse_number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("10", 10), ("6", 6), (" 7 ", 7), ("6/10", 6), ("6 /10", 6), ("10/10", 10), (5, 5)],
)
def test_parse_number_accepts(text: str | int, value: int) -> None:
    assert parse_number(text, "severity", 0, 10) == value


@pytest.mark.parametrize("text", ["-1", "11", "11/10", -1, 11, "100"])
def test_parse_number_refuses_out_of_range(text: str | int) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_number(text, "severity", 0, 10)
    assert "severity" in caught.value.message
    assert "from 0 to 10" in caught.value.message
    assert str(text).removesuffix("/10") in caught.value.message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("text", ["abc", "6.5", "six", "6/", "/10", "1e1", "0x5"])
def test_parse_number_refuses_garbage_naming_it(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_number(text, "severity", 0, 10)
    assert f"'{text}'" in caught.value.message
    assert "whole number from 0 to 10" in caught.value.message


def test_parse_number_refuses_nothing_and_booleans() -> None:
    with pytest.raises(InvalidInput, match="got 'nothing'"):
        parse_number("  ", "severity", 0, 10)
    with pytest.raises(InvalidInput):
        parse_number(True, "severity", 0, 10)


def test_parse_number_uses_the_given_range() -> None:
    assert parse_number("1", "number of minutes", 1, 600) == 1
    assert parse_number("600", "number of minutes", 1, 600) == 600
    with pytest.raises(InvalidInput, match="from 1 to 600"):
        parse_number("0", "number of minutes", 1, 600)
    with pytest.raises(InvalidInput, match="from 1 to 600"):
        parse_number("601", "number of minutes", 1, 600)


# --- notes ------------------------------------------------------------------------------


def test_clean_note_strips_surrounding_blanks_only() -> None:
    assert clean_note("  legs  heavy \n") == "legs  heavy"
    assert clean_note("line one\nline two") == "line one\nline two"
    assert clean_note("Müde, très fatigué 😴") == "Müde, très fatigué 😴"


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_clean_note_refuses_empty(text: str) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        clean_note(text)


def test_clean_note_refuses_nul() -> None:
    with pytest.raises(InvalidInput, match="NUL"):
        clean_note("before\x00after")


def test_clean_note_length_limit() -> None:
    assert clean_note("x" * 10_000) == "x" * 10_000
    assert clean_note(" " + "x" * 10_000 + " ") == "x" * 10_000  # blanks do not count
    with pytest.raises(InvalidInput, match="10,001") as caught:
        clean_note("x" * 10_001)
    assert "10,000" in caught.value.message


# --- tags -------------------------------------------------------------------------------


def test_clean_tags_lowercases_splits_dedupes_and_sorts() -> None:
    assert clean_tags(["Stress,Poor Sleep", "heat", "HEAT", "poor_sleep"]) == (
        "heat",
        "poor-sleep",
        "stress",
    )


def test_clean_tags_of_nothing() -> None:
    assert clean_tags([]) == ()
    assert clean_tags(()) == ()


def test_clean_tags_ignores_stray_commas() -> None:
    assert clean_tags(["heat,"]) == ("heat",)
    assert clean_tags(["heat,,stress"]) == ("heat", "stress")


@pytest.mark.parametrize("value", ["", "   ", "-"])
def test_clean_tags_refuses_an_empty_tag(value: str) -> None:
    with pytest.raises(InvalidInput, match="tag is empty"):
        clean_tags(["heat", value])


def test_clean_tags_length_limit() -> None:
    assert clean_tags(["a" * 40]) == ("a" * 40,)
    with pytest.raises(InvalidInput, match="at most 40"):
        clean_tags(["a" * 41])


def test_clean_tags_refuses_unprintable_characters() -> None:
    with pytest.raises(InvalidInput, match="not a usable tag"):
        clean_tags(["bell\x07"])


tag_text = st.text(alphabet="abcXYZé _-,", max_size=20)


@PURE
@given(st.lists(tag_text, max_size=6))
def test_clean_tags_is_sorted_unique_lowercase_and_stable(values: list[str]) -> None:
    try:
        tags = clean_tags(values)
    except InvalidInput:
        assume(False)
        return
    assert list(tags) == sorted(set(tags))
    assert all(tag == tag.lower() and tag and " " not in tag and "," not in tag for tag in tags)
    assert clean_tags(list(tags)) == tags  # what is stored passes validation again


# --- Hopkins falls grade ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("near_fall", "injury", "grade"),
    [
        (True, "none", 1),
        (True, None, 1),
        (False, "none", 2),
        (False, "minor", 2),
        (False, None, 2),
        (False, "medical", 3),
        (False, "hospital", 4),
        (None, "hospital", 4),
    ],
)
def test_hopkins_grade(near_fall: bool | None, injury: str | None, grade: int) -> None:
    assert hopkins_grade(near_fall, injury) == grade
    assert entries.HOPKINS_GRADES[grade]


def test_entry_carries_its_hopkins_grade_only_when_a_fall() -> None:
    assert VALID["near-fall"].hopkins_grade == 1
    assert VALID["fall"].hopkins_grade == 2
    assert VALID["fall-hospital"].hopkins_grade == 4
    assert VALID["fall"].replace(injury="medical").hopkins_grade == 3
    for name in ("weakness", "fatigue", "exercise"):
        assert VALID[name].hopkins_grade is None


# --- validate: valid entries --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALID))
def test_validate_accepts_a_valid_entry_of_every_kind(name: str) -> None:
    entry = VALID[name]
    assert validate(entry) is entry


def test_validate_accepts_severity_edges() -> None:
    for severity in (0, 10):
        validate(VALID["weakness"].replace(severity=severity))
        validate(VALID["fatigue"].replace(severity=severity))
        validate(VALID["symptom"].replace(severity=severity))


def test_validate_accepts_duration_edges() -> None:
    for minutes in (1, 1440):
        validate(VALID["weakness"].replace(duration_minutes=minutes))
        validate(VALID["symptom"].replace(duration_minutes=minutes))


@pytest.mark.parametrize("name", vocab.SYMPTOMS)
def test_validate_accepts_every_symptom_name(name: str) -> None:
    validate(VALID["symptom-minimal"].replace(symptom=name))


# --- validate: every rule break ---------------------------------------------------------------

BREAKS: list[tuple[str, dict[str, Any], str]] = [
    # weakness
    ("weakness", {"severity": None}, "needs its severity"),
    ("weakness", {"severity": 11}, "from 0 to 10"),
    ("weakness", {"severity": -1}, "from 0 to 10"),
    ("weakness", {"regions": ()}, "--where"),
    ("weakness", {"regions": ("elbow",)}, "'elbow'"),
    ("weakness", {"regions": ("left-hand", "legs")}, "out of order"),
    ("weakness", {"regions": ("legs", "legs")}, "repeated"),
    ("weakness", {"regions": ("Legs",)}, "'Legs'"),
    ("weakness", {"activities": ("juggling",)}, "'juggling'"),
    ("weakness", {"activities": ("walking", "dressing")}, "out of order"),
    ("weakness", {"duration_minutes": 0}, "from 1 to 1440"),
    ("weakness", {"duration_minutes": 1441}, "from 1 to 1440"),
    ("weakness", {"fatigue_type": "both"}, "weakness entry has no fatigue type"),
    ("weakness", {"minutes": 30}, "weakness entry has no minutes"),
    ("weakness", {"injury": "none"}, "weakness entry has no injury"),
    # fatigue
    ("fatigue", {"severity": None}, "needs its severity"),
    ("fatigue", {"severity": 11}, "from 0 to 10"),
    ("fatigue", {"fatigue_type": None}, "needs its fatigue type"),
    ("fatigue", {"fatigue_type": "sleepy"}, "'sleepy'"),
    ("fatigue", {"regions": ("legs",)}, "fatigue entry has no regions"),
    ("fatigue", {"duration_minutes": 0}, "from 1 to 1440"),
    # falls
    ("fall", {"near_fall": None}, "near-fall yes or no"),
    ("fall", {"injury": None}, "needs its injury"),
    ("fall", {"injury": "broken"}, "'broken'"),
    ("fall", {"place": "roof"}, "'roof'"),
    ("fall", {"doing": "flying"}, "'flying'"),
    ("fall", {"causes": ("gremlins",)}, "'gremlins'"),
    ("fall", {"causes": ("foot-drop", "tripped")}, "out of order"),
    ("fall", {"aids": ("none", "cane")}, "'none'"),
    ("fall", {"aids": ("jetpack",)}, "'jetpack'"),
    ("fall", {"severity": 3}, "fall entry has no severity"),
    ("fall", {"minutes": 10}, "fall entry has no minutes"),
    ("near-fall", {"injury": "minor"}, "near-fall has no injury"),
    ("near-fall", {"injury": "hospital"}, "near-fall has no injury"),
    ("near-fall", {"got_up_alone": True}, "not near-falls"),
    ("near-fall", {"got_up_alone": False}, "not near-falls"),
    # exercise
    ("exercise", {"minutes": None}, "needs its minutes"),
    ("exercise", {"minutes": 0}, "from 1 to 600"),
    ("exercise", {"minutes": 601}, "from 1 to 600"),
    ("exercise", {"exercise_type": None}, "needs its exercise type"),
    ("exercise", {"exercise_type": "chess"}, "'chess'"),
    ("exercise", {"with_therapist": None}, "with-therapist"),
    ("exercise", {"effort": 11}, "effort"),
    ("exercise", {"effort": -1}, "effort"),
    ("exercise", {"after": 11}, "after"),
    ("exercise", {"after": -1}, "after"),
    ("exercise", {"severity": 5}, "exercise entry has no severity"),
    ("exercise", {"regions": ("legs",)}, "exercise entry has no regions"),
    ("exercise", {"near_fall": False}, "exercise entry has no near fall"),
    # other symptoms
    ("symptom", {"severity": None}, "needs its severity"),
    ("symptom", {"severity": 11}, "from 0 to 10"),
    ("symptom", {"severity": -1}, "from 0 to 10"),
    ("symptom", {"symptom": None}, "A symptom entry needs its symptom name."),
    ("symptom", {"symptom": "weakness"}, "'weakness' is not a symptom"),
    ("symptom", {"symptom": "fatigue"}, "'fatigue' is not a symptom"),
    ("symptom", {"symptom": "Vision"}, "'Vision'"),
    ("symptom", {"symptom": "headache"}, "'headache'"),
    ("symptom", {"regions": ("spleen",)}, "'spleen'"),
    ("symptom", {"regions": ("right-eye", "left-eye")}, "out of order"),
    ("symptom", {"duration_minutes": 0}, "from 1 to 1440"),
    ("symptom", {"activities": ("walking",)}, "symptom entry has no activities"),
    ("weakness", {"symptom": "pain"}, "weakness entry has no symptom"),
    ("fatigue", {"symptom": "sleep"}, "fatigue entry has no symptom"),
    ("fall", {"symptom": "balance"}, "fall entry has no symptom"),
    ("exercise", {"symptom": "pain"}, "exercise entry has no symptom"),
    # any kind
    ("weakness", {"kind": "mood"}, "'mood' is not a kind"),
    ("weakness", {"at": datetime(2026, 11, 25, 9, 0)}, "UTC offset"),
    ("weakness", {"note": " padded "}, "blanks"),
    ("weakness", {"note": ""}, "empty"),
    ("weakness", {"note": "a\x00b"}, "NUL"),
    ("weakness", {"note": "x" * 10_001}, "10,000"),
    ("weakness", {"tags": ("stress", "heat")}, "sorted"),
    ("weakness", {"tags": ("Heat",)}, "lowercase"),
    ("weakness", {"tags": ("heat", "heat")}, "repeats"),
    ("weakness", {"tags": ("poor sleep",)}, "tags"),
]


@pytest.mark.parametrize(
    ("base", "changes", "message"),
    BREAKS,
    ids=[f"{base}-{'-'.join(changes)}-{i}" for i, (base, changes, _) in enumerate(BREAKS)],
)
def test_validate_rejects_each_rule_break(base: str, changes: dict[str, Any], message: str) -> None:
    entry = VALID[base].replace(**changes)
    with pytest.raises(InvalidInput) as caught:
        validate(entry)
    assert message in caught.value.message
    assert caught.value.exit_code == 2


# A plausible value for every kind-specific field; falsy ones on purpose (False, 0),
# since "present" must not mean "truthy".
SAMPLE_VALUES: dict[str, Any] = {
    "severity": 0,
    "regions": ("legs",),
    "activities": ("walking",),
    "duration_minutes": 30,
    "fatigue_type": "both",
    "near_fall": False,
    "place": "kitchen",
    "doing": "walking",
    "causes": ("tripped",),
    "injury": "none",
    "aids": ("cane",),
    "got_up_alone": False,
    "minutes": 30,
    "exercise_type": "yoga",
    "effort": 0,
    "with_therapist": False,
    "after": 0,
    "symptom": "pain",
}
FOREIGN = [
    (kind, field)
    for kind in vocab.KINDS
    for field in sorted(set(SAMPLE_VALUES) - KIND_FIELDS[kind])
]


def test_sample_values_cover_every_kind_specific_field() -> None:
    assert set(SAMPLE_VALUES) == set().union(*KIND_FIELDS.values())


@pytest.mark.parametrize(("kind", "field"), FOREIGN)
def test_validate_rejects_fields_of_another_kind(kind: str, field: str) -> None:
    entry = VALID[kind].replace(**{field: SAMPLE_VALUES[field]})
    with pytest.raises(InvalidInput) as caught:
        validate(entry)
    article = "An" if kind == "exercise" else "A"
    assert f"{article} {kind} entry has no {field.replace('_', ' ')}." == caught.value.message


def test_kind_fields_match_the_product() -> None:
    assert KIND_FIELDS["weakness"] == {"severity", "regions", "activities", "duration_minutes"}
    assert KIND_FIELDS["fatigue"] == {"severity", "fatigue_type", "activities", "duration_minutes"}
    assert "got_up_alone" in KIND_FIELDS["fall"]
    assert "with_therapist" in KIND_FIELDS["exercise"]
    assert KIND_FIELDS["symptom"] == {"severity", "symptom", "regions", "duration_minutes"}


# --- the entry shape ----------------------------------------------------------------------------

# As product.md words it ("The entry shape"; Part 2 adds `symptom` after `after`).
PRODUCT_SHAPE = """
`id`, `uuid`, `kind` (`weakness|fatigue|fall|exercise`), `at` (ISO 8601 with UTC
offset), `severity`, `regions`, `activities`, `duration_minutes`, `fatigue_type`,
`near_fall`, `place`, `doing`, `causes`, `injury`, `aids`, `got_up_alone`,
`hopkins_grade`, `minutes`, `exercise_type`, `effort`, `with_therapist`, `after`,
`tags`, `note`, `logged_at`, `updated_at`.
"""


def test_fields_are_the_documented_entry_shape() -> None:
    part_1 = re.findall(r"`(\w+)`", PRODUCT_SHAPE)
    after = part_1.index("after") + 1
    assert [*part_1[:after], "symptom", *part_1[after:]] == list(FIELDS)
    assert set(entries.LIST_FIELDS) <= set(FIELDS)


@pytest.mark.parametrize("name", sorted(VALID))
def test_to_dict_has_exactly_the_fields_in_order(name: str) -> None:
    shape = VALID[name].to_dict()
    assert list(shape) == list(FIELDS)
    for field in entries.LIST_FIELDS:
        assert isinstance(shape[field], list)
    json.dumps(shape)  # JSON-ready


def test_to_dict_values_for_a_weakness_entry() -> None:
    logged = datetime(2026, 11, 25, 9, 5, 7, 654321, tzinfo=PLUS_ONE)
    entry = VALID["weakness"].replace(
        id=12, uuid="0b5c", logged_at=logged, updated_at=logged, at=AT.replace(microsecond=5)
    )
    shape = entry.to_dict()
    assert shape["id"] == 12
    assert shape["uuid"] == "0b5c"
    assert shape["kind"] == "weakness"
    assert shape["at"] == "2026-11-25T09:00:00+01:00"
    assert shape["logged_at"] == shape["updated_at"] == "2026-11-25T09:05:07+01:00"
    assert shape["severity"] == 6
    assert shape["regions"] == ["legs", "left-hand"]
    assert shape["activities"] == ["dressing", "walking"]
    assert shape["duration_minutes"] == 45
    assert shape["tags"] == ["heat", "poor-sleep"]
    assert shape["note"] == "Hot day; legs heavy after lunch."
    # Keys of other kinds: None, lists empty.
    assert shape["causes"] == []
    assert shape["aids"] == []
    for field in (
        "fatigue_type",
        "near_fall",
        "place",
        "doing",
        "injury",
        "got_up_alone",
        "hopkins_grade",
        "minutes",
        "exercise_type",
        "effort",
        "with_therapist",
        "after",
        "symptom",
    ):
        assert shape[field] is None, field


def test_to_dict_of_a_symptom() -> None:
    shape = VALID["symptom"].to_dict()
    assert list(shape) == list(FIELDS)
    assert (shape["kind"], shape["symptom"], shape["severity"]) == ("symptom", "vision", 4)
    assert shape["regions"] == ["left-eye"]
    assert shape["duration_minutes"] == 120
    assert shape["activities"] == [] and shape["fatigue_type"] is None
    assert shape["hopkins_grade"] is None
    again = Entry.from_dict(shape)
    assert again == VALID["symptom"]


def test_to_dict_of_a_new_entry_has_no_id_yet() -> None:
    shape = VALID["fall-minimal"].to_dict()
    assert shape["id"] is None
    assert shape["uuid"] is None
    assert shape["logged_at"] is None
    assert shape["updated_at"] is None
    assert shape["note"] is None
    assert shape["tags"] == []
    assert shape["regions"] == []
    assert shape["severity"] is None
    assert shape["near_fall"] is False
    assert shape["injury"] == "none"
    assert shape["hopkins_grade"] == 2


def test_to_dict_of_falls_and_exercise() -> None:
    fall = VALID["fall"].to_dict()
    assert fall["causes"] == ["tripped", "foot-drop"]
    assert fall["aids"] == ["cane", "ankle-brace"]
    assert fall["got_up_alone"] is True
    assert fall["hopkins_grade"] == 2
    assert VALID["near-fall"].to_dict()["hopkins_grade"] == 1
    exercise = VALID["exercise-edges"].to_dict()
    assert (exercise["minutes"], exercise["effort"], exercise["after"]) == (600, 0, 10)
    assert exercise["with_therapist"] is False
    assert exercise["hopkins_grade"] is None


# --- describe ---------------------------------------------------------------------------------


def test_describe_is_one_plain_line() -> None:
    assert entries.describe(VALID["weakness"]) == (
        "weakness 6/10; legs, left-hand; hard: dressing, walking; 45m"
    )
    assert entries.describe(VALID["fatigue"]) == "fatigue 7/10 (cognitive); hard: work; all day"
    assert entries.describe(VALID["near-fall"]) == "near-fall; cause: dizzy; aid: none"
    assert entries.describe(VALID["fall-hospital"]) == "fall, injury: hospital; needed help"
    assert entries.describe(VALID["exercise"]) == (
        "exercise 30 min balance; effort 5/10; with therapist; after 3/10"
    )
    assert entries.describe(VALID["symptom"]) == "vision 4/10; left-eye; 2h"
    assert entries.describe(VALID["symptom-minimal"]) == "other symptom 0/10"
    both = VALID["symptom"].replace(symptom="pain", regions=("legs", "core"), duration_minutes=45)
    assert entries.describe(both) == "pain 4/10; legs, core; 45m"
