"""timeline.py: treatments, relapses and aids as values (pure: no disk, no clock)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from msjournal import timeline
from msjournal.errors import InvalidInput
from msjournal.timeline import Aid, Relapse, Treatment

PARIS = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))
START = datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("name", "implied"),
    [
        ("baclofen", "muscle-relaxant"),
        ("Tizanidine", "muscle-relaxant"),
        ("METHYLPREDNISOLONE", "steroid"),
        ("prednisolone", "steroid"),
        ("Interferon beta-1a", "interferon-beta"),
        ("interferon beta-1b", "interferon-beta"),
        ("plasma exchange", "plasma-exchange"),
        ("Plasma-Exchange", "plasma-exchange"),
        ("ocrelizumab", "dmt"),
        ("natalizumab", "dmt"),
        ("ofatumumab", "dmt"),
        ("vitamin D", None),
    ],
)
def test_well_known_names_imply_their_class(name: str, implied: str | None) -> None:
    assert timeline.implied_class(name) == implied


def test_names_match_in_any_case() -> None:
    assert timeline.same_name("Baclofen", "BACLOFEN")
    assert not timeline.same_name("baclofen", "tizanidine")


def test_a_stop_before_the_start_is_refused_comparing_instants() -> None:
    # 07:30 in New York is 13:30 in Paris: after the 08:00 start, though "07" < "08"
    later = datetime(2026, 3, 2, 7, 30, tzinfo=NEW_YORK)
    assert timeline.validate_treatment(Treatment("baclofen", "muscle-relaxant", START, stop=later))
    # 02:30 in New York is 08:30 in Paris; 01:30 there is 07:30 in Paris: before
    earlier = datetime(2026, 3, 2, 1, 30, tzinfo=NEW_YORK)
    with pytest.raises(InvalidInput, match="cannot stop before it started"):
        timeline.validate_treatment(Treatment("baclofen", "muscle-relaxant", START, stop=earlier))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"treatment_class": "painkiller"}, "not a treatment class"),
        ({"stop_reason": "bored", "stop": START}, "not a stop reason"),
        ({"stop_reason": "other"}, "needs a stop time"),
        ({"name": ""}, "empty"),
        ({"missed": (START - timedelta(days=1),)}, "while the course"),
        ({"start": START.replace(tzinfo=None)}, "no UTC offset"),
    ],
)
def test_a_treatment_breaking_a_rule_is_refused(changes: dict[str, object], message: str) -> None:
    course = Treatment("baclofen", "muscle-relaxant", START).replace(**changes)
    with pytest.raises(InvalidInput, match=message):
        timeline.validate_treatment(course)


def test_relapse_and_aid_rules() -> None:
    with pytest.raises(InvalidInput, match="cannot end before"):
        timeline.validate_relapse(Relapse(START, ended=START - timedelta(hours=1)))
    with pytest.raises(InvalidInput, match="'none' is not an aid"):
        timeline.validate_aid(Aid("none", START))
    with pytest.raises(InvalidInput, match="not a use"):
        timeline.validate_aid(Aid("cane", START, used_for="sometimes"))
    with pytest.raises(InvalidInput, match="cannot stop before"):
        timeline.validate_aid(Aid("cane", START, stop=START - timedelta(minutes=1)))
    assert timeline.AID_NAMES[0] == "cane" and "none" not in timeline.AID_NAMES


def test_running_in_a_period_ends_included_and_open_courses_run_on() -> None:
    course = Treatment("baclofen", "muscle-relaxant", START, stop=START + timedelta(days=10))
    assert course.running_in(date(2026, 3, 12), date(2026, 3, 31))  # the stop day
    assert course.running_in(date(2026, 2, 1), date(2026, 3, 2))  # the start day
    assert not course.running_in(date(2026, 3, 13), date(2026, 3, 31))
    assert not course.running_in(date(2026, 2, 1), date(2026, 3, 1))
    running = course.replace(stop=None)
    assert running.running_in(date(2030, 1, 1), date(2030, 1, 31))
    assert running.running_in(START, START)  # instants too
    assert Relapse(START).running_in(None, None)
    assert not Aid("cane", START).running_in(None, date(2026, 3, 1))
    missed = course.replace(missed=(START + timedelta(days=1), START + timedelta(days=5)))
    assert missed.missed_in(date(2026, 3, 3), date(2026, 3, 4)) == (START + timedelta(days=1),)


def test_the_json_shapes() -> None:
    course = Treatment(
        "baclofen",
        "muscle-relaxant",
        START,
        dose="10 mg",
        missed=(START + timedelta(days=1),),
        notes=((START + timedelta(days=2), "drowsy"),),
        id=3,
        uuid="u",
    )
    assert course.to_dict() == {
        "id": 3,
        "uuid": "u",
        "name": "baclofen",
        "class": "muscle-relaxant",
        "dose": "10 mg",
        "start": "2026-03-02T08:00:00+01:00",
        "stop": None,
        "stop_reason": None,
        "missed_doses": ["2026-03-03T08:00:00+01:00"],
    }
    record = course.record()
    assert tuple(record) == timeline.TREATMENT_FIELDS
    assert record["notes"] == [{"at": "2026-03-04T08:00:00+01:00", "note": "drowsy"}]
    assert Treatment.from_record(record) == course
    relapse = Relapse(START, confirmed=True, id=1, uuid="r")
    assert relapse.to_dict() == {
        "id": 1,
        "uuid": "r",
        "onset": "2026-03-02T08:00:00+01:00",
        "ended": None,
        "confirmed": True,
        "steroids": False,
    }
    assert tuple(relapse.record()) == timeline.RELAPSE_FIELDS
    assert Relapse.from_record(relapse.record()) == relapse
    aid = Aid("cane", START, used_for="outdoors", taught=True, id=2, uuid="a")
    assert aid.to_dict() == {
        "id": 2,
        "uuid": "a",
        "aid": "cane",
        "for": "outdoors",
        "taught": True,
        "start": "2026-03-02T08:00:00+01:00",
        "stop": None,
    }
    assert Aid.from_record(aid.record()) == aid
