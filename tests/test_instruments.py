"""Questionnaire definitions and scoring: every rule of clinical.md at its edges.

clinical.md, "Questionnaires (scoring facts only; item wording is copyrighted)".
"""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

from msjournal import instruments
from msjournal.errors import InvalidInput
from msjournal.instruments import Score, compute, parse_responses, reading, shown, subscores

from .test_architecture import SRC, uses

WHEN = datetime(2025, 11, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))
# The MFIS subscales, written out again from clinical.md (not read from the module).
PHYSICAL = {4, 6, 7, 10, 13, 14, 17, 20, 21}
COGNITIVE = {1, 2, 3, 5, 11, 12, 15, 16, 18, 19}
PSYCHOSOCIAL = {8, 9}
SIGNIFICANT = "mean of 4 or more: commonly read as significant fatigue"
BELOW_4 = "below the usual cut-off of 4"
ABOVE_38 = "38 or more: above the commonly used cut-off"
BELOW_38 = "below the cut-off of 38"
WALKING = "0-100, higher means walking is more affected"


def score_of(name: str, *values: int | float) -> float:
    return compute(name, parse_responses(name, [str(v) for v in values]))


# --- FSS: the mean of 9 items, 1-7; 4 or more ---------------------------------------------


def test_fss_lowest_and_highest() -> None:
    assert score_of("fss", *[1] * 9) == 1.0
    assert score_of("fss", *[7] * 9) == 7.0
    assert reading("fss", 1.0) == BELOW_4
    assert reading("fss", 7.0) == SIGNIFICANT


def test_fss_cut_off_is_a_mean_of_exactly_4() -> None:
    exactly = score_of("fss", 4, 4, 4, 4, 4, 4, 4, 4, 4)
    assert exactly == 4.0 and reading("fss", exactly) == SIGNIFICANT
    also = score_of("fss", 1, 7, 1, 7, 1, 7, 4, 4, 4)  # sum 36
    assert also == 4.0 and reading("fss", also) == SIGNIFICANT
    just_below = score_of("fss", 4, 4, 4, 4, 4, 4, 4, 4, 3)  # sum 35
    assert just_below == pytest.approx(35 / 9)
    assert reading("fss", just_below) == BELOW_4
    assert shown("fss", just_below) == "3.9"


def test_fss_keeps_the_exact_mean_and_shows_one_decimal() -> None:
    value = score_of("fss", 5, 6, 4, 7, 3, 5, 6, 4, 3)  # 43 / 9
    assert value == float(Fraction(43, 9))
    assert shown("fss", value) == "4.8"
    assert shown("fss", 4.0) == "4.0"


# --- MFIS: 21 items 0-4, total 0-84, three subscales; 38 or more ---------------------------


def test_mfis_lowest_and_highest() -> None:
    assert score_of("mfis", *[0] * 21) == 0
    assert score_of("mfis", *[4] * 21) == 84
    assert subscores("mfis", [4] * 21) == {"physical": 36, "cognitive": 40, "psychosocial": 8}
    assert subscores("mfis", [0] * 21) == {"physical": 0, "cognitive": 0, "psychosocial": 0}


def test_mfis_cut_off_is_a_total_of_exactly_38() -> None:
    at_38 = [4] * 9 + [2] + [0] * 11
    assert score_of("mfis", *at_38) == 38 and reading("mfis", 38) == ABOVE_38
    at_37 = [4] * 9 + [1] + [0] * 11
    assert score_of("mfis", *at_37) == 37 and reading("mfis", 37) == BELOW_38
    assert shown("mfis", 38.0) == "38"


@pytest.mark.parametrize("item", range(1, 22))
def test_each_mfis_item_belongs_to_exactly_its_subscale(item: int) -> None:
    responses = [0] * 21
    responses[item - 1] = 4
    found = subscores("mfis", responses)
    expected = (
        "physical" if item in PHYSICAL else "cognitive" if item in COGNITIVE else "psychosocial"
    )
    assert found == {name: 4 if name == expected else 0 for name in found}
    assert compute("mfis", responses) == 4


def test_the_mfis_subscales_cover_the_21_items_once() -> None:
    assert sorted([*PHYSICAL, *COGNITIVE, *PSYCHOSOCIAL]) == list(range(1, 22))
    assert set(instruments.MFIS_PHYSICAL) == PHYSICAL
    assert set(instruments.MFIS_COGNITIVE) == COGNITIVE
    assert set(instruments.MFIS_PSYCHOSOCIAL) == PSYCHOSOCIAL


# --- MFIS-5: 5 items 0-4, total 0-20, no cut-off --------------------------------------------


def test_mfis5_total_and_no_reading() -> None:
    assert score_of("mfis5", 0, 0, 0, 0, 0) == 0
    assert score_of("mfis5", 4, 4, 4, 4, 4) == 20
    assert score_of("mfis5", 1, 2, 3, 4, 0) == 10
    assert reading("mfis5", 20) is None and reading("mfis5", 0) is None
    assert subscores("mfis5", [4] * 5) == {}


# --- MSWS-12: 12 items 1-5, (sum - 12) / 48 x 100 -------------------------------------------


def test_msws12_lowest_and_highest() -> None:
    assert score_of("msws12", *[1] * 12) == 0.0
    assert score_of("msws12", *[5] * 12) == 100.0
    assert reading("msws12", 0.0) == reading("msws12", 100.0) == WALKING


@pytest.mark.parametrize("total", range(12, 61))
def test_msws12_formula_at_every_sum(total: int) -> None:
    responses = [1] * 12
    extra = total - 12
    for i in range(12):
        step = min(4, extra)
        responses[i] += step
        extra -= step
    assert sum(responses) == total
    assert score_of("msws12", *responses) == pytest.approx((total - 12) / 48 * 100)


def test_msws12_shows_one_decimal_rounding_halves_up() -> None:
    assert shown("msws12", score_of("msws12", 2, *[1] * 11)) == "2.1"  # 2.083...
    assert shown("msws12", score_of("msws12", 4, *[1] * 11)) == "6.3"  # 6.25 exactly
    assert shown("msws12", 100.0) == "100.0"


# --- PDDS: one rating 0-8 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "word"),
    [(0, "mild"), (2, "mild"), (3, "moderate"), (5, "moderate"), (6, "severe"), (8, "severe")],
)
def test_pdds_readings_at_their_edges(rating: int, word: str) -> None:
    assert score_of("pdds", rating) == rating
    assert reading("pdds", rating) == word


# --- EDSS: 0-10 in steps of 0.5, as given, no reading -------------------------------------


@pytest.mark.parametrize("halves", range(21))
def test_edss_takes_every_half_step(halves: int) -> None:
    value = halves / 2
    text = f"{value:g}"
    assert parse_responses("edss", text) == (value,)
    assert compute("edss", parse_responses("edss", text)) == value
    assert reading("edss", value) is None


@pytest.mark.parametrize("typed", ["10.5", "0.25", "3.2", "11", "-0.5", "x", "35"])
def test_edss_refuses_what_is_not_a_half_step_from_0_to_10(typed: str) -> None:
    with pytest.raises(InvalidInput, match=r"^EDSS is 0-10 in steps of 0.5; .* was given\.$"):
        parse_responses("edss", typed)


def test_edss_is_shown_with_one_decimal_and_takes_a_decimal_comma() -> None:
    assert shown("edss", 3.0) == "3.0" and shown("edss", 3.5) == "3.5"
    assert parse_responses("edss", "3,5") == (3.5,)
    assert parse_responses("edss", "3.0") == (3,)  # a whole step is kept as a whole number


# --- wrong counts and items out of range name the item --------------------------------------

COUNTS = {"fss": 9, "mfis": 21, "mfis5": 5, "msws12": 12}
RANGES = {"fss": (1, 7), "mfis": (0, 4), "mfis5": (0, 4), "msws12": (1, 5), "pdds": (0, 8)}
LABELS = {"fss": "FSS", "mfis": "MFIS", "mfis5": "MFIS-5", "msws12": "MSWS-12"}


@pytest.mark.parametrize("name", COUNTS)
@pytest.mark.parametrize("delta", [-1, 1, "all but one"])
def test_a_wrong_count_says_how_many_items_there_are(name: str, delta: int | str) -> None:
    items = COUNTS[name]
    count = 1 if delta == "all but one" else items + int(delta)
    low = RANGES[name][0]
    with pytest.raises(InvalidInput) as caught:
        parse_responses(name, " ".join([str(low)] * count))
    were = "was" if count == 1 else "were"
    assert caught.value.message == f"{LABELS[name]} has {items} items; {count} {were} given."


def test_nothing_given_is_a_wrong_count_too() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_responses("fss", "")
    assert caught.value.message == "FSS has 9 items; 0 were given."


@pytest.mark.parametrize("name", COUNTS)
def test_every_item_out_of_range_is_named(name: str) -> None:
    low, high = RANGES[name]
    for item in range(1, COUNTS[name] + 1):
        for bad in (low - 1, high + 1):
            responses = [str(low)] * COUNTS[name]
            responses[item - 1] = str(bad)
            with pytest.raises(InvalidInput) as caught:
                parse_responses(name, responses)
            assert caught.value.message == (
                f"Item {item} is {bad}; {LABELS[name]} items are {low}-{high}."
            )


def test_the_product_example_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_responses("fss", "5 6 4 9 3 5 6 4 5")
    assert caught.value.message == "Item 4 is 9; FSS items are 1-7."


@pytest.mark.parametrize("typed", ["4.5", "x", "four", "½"])
def test_an_item_that_is_not_a_whole_number_is_named(typed: str) -> None:
    responses = ["4"] * 9
    responses[2] = typed
    with pytest.raises(InvalidInput, match=r"^Item 3 is .*; FSS items are 1-7\.$"):
        parse_responses("fss", responses)


@pytest.mark.parametrize(("typed", "message"), [("9", "PDDS is 0-8; 9 was given."), ("3 4", "")])
def test_pdds_wrong_values(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_responses("pdds", typed)
    assert caught.value.message == (message or "PDDS is one rating; 2 were given.")


# --- spaces, commas and digit strings --------------------------------------------------------

FSS = (5, 6, 4, 7, 3, 5, 6, 4, 5)


@pytest.mark.parametrize(
    "typed",
    [
        "5 6 4 7 3 5 6 4 5",
        "5,6,4,7,3,5,6,4,5",
        "5, 6, 4, 7, 3, 5, 6, 4, 5",
        " 5  6,4 ,7 3 5 6 4 5 ",
        "564735645",
        ["5", "6", "4", "7", "3", "5", "6", "4", "5"],
        ["5,6,4", "7", "3,5,6", "4", "5"],
        ["564735645"],
        list(FSS),
    ],
)
def test_responses_by_spaces_commas_or_digits(typed: str | list[str]) -> None:
    assert parse_responses("fss", typed) == FSS


def test_digit_strings_for_every_single_digit_questionnaire() -> None:
    assert parse_responses("mfis", "012340123401234012340") == (0, 1, 2, 3, 4) * 4 + (0,)
    assert parse_responses("mfis5", "12340") == (1, 2, 3, 4, 0)
    assert parse_responses("msws12", "123451234512") == (1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2)
    with pytest.raises(InvalidInput, match="FSS has 9 items; 8 were given"):
        parse_responses("fss", "56473564")
    with pytest.raises(InvalidInput, match="Item 5 is 9; FSS items are 1-7"):
        parse_responses("fss", "564795645")


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("fss", "fss"),
        ("FSS", "fss"),
        ("f", "fss"),
        ("mfis", "mfis"),  # a whole name before a longer one it starts
        ("MFIS-5", "mfis5"),
        ("mfis 5", "mfis5"),
        ("mfis5", "mfis5"),
        ("MSWS-12", "msws12"),
        ("msws", "msws12"),
        ("ms", "msws12"),
        ("pdds", "pdds"),
        ("EDSS", "edss"),
        ("e", "edss"),
    ],
)
def test_instrument_names(typed: str, name: str) -> None:
    assert instruments.match(typed) == name


def test_an_ambiguous_or_unknown_name_is_refused() -> None:
    with pytest.raises(InvalidInput, match="'m' could be mfis, mfis5 or msws12"):
        instruments.match("m")
    with pytest.raises(InvalidInput, match="'hads' is not a questionnaire msjournal knows"):
        instruments.match("hads")


def test_the_instruments_match_the_schema() -> None:
    from msjournal.migrations import V5

    assert V5["instruments"] == instruments.NAMES


# --- a recorded score -----------------------------------------------------------------------


def test_a_score_in_the_listing_shape_and_in_full() -> None:
    score = Score("mfis", WHEN, (4,) * 9 + (2,) + (0,) * 11, note="after clinic", id=3)
    assert score.to_dict() == {
        "id": 3,
        "uuid": None,
        "instrument": "mfis",
        "at": "2025-11-03T09:30:00+01:00",
        "responses": [4] * 9 + [2] + [0] * 11,
        "score": 38,
        "subscores": {"physical": 14, "cognitive": 16, "psychosocial": 8},
        "reading": ABOVE_38,
    }
    assert tuple(score.record()) == instruments.RECORD_FIELDS
    assert Score.from_record(score.record()) == score
    assert instruments.describe(score) == "MFIS 38"


def test_scores_are_numbers_in_json_whole_when_whole() -> None:
    assert Score("fss", WHEN, (4,) * 9).to_dict()["score"] == 4
    assert Score("edss", WHEN, (3.5,)).to_dict()["score"] == 3.5
    assert Score("fss", WHEN, FSS).to_dict()["score"] == 5


def test_validate_refuses_what_cannot_be_stored() -> None:
    good = Score("fss", WHEN, FSS)
    assert instruments.validate(good) is good
    for bad in (
        good.replace(responses=(5, 6)),
        good.replace(responses=(5.0,) * 9),  # numbers as stored: whole ones are int
        good.replace(at=WHEN.replace(tzinfo=None)),
        good.replace(at=WHEN.replace(year=1900)),
        good.replace(note=" padded "),
        good.replace(note=""),
        good.replace(logged_at=WHEN, updated_at=WHEN - timedelta(seconds=1)),
        good.replace(instrument="hads"),
    ):
        with pytest.raises(InvalidInput):
            instruments.validate(bad)


def test_change_since_the_one_before_is_exact() -> None:
    before = Score("fss", WHEN, (4,) * 9)
    after = Score("fss", WHEN, (5,) + (4,) * 8)
    assert instruments.change(after, before) == pytest.approx(1 / 9)
    assert instruments.change(after, None) is None
    assert instruments.change(Score("msws12", WHEN, (1,) * 12), Score("msws12", WHEN, (5,) * 12))
    with pytest.raises(ValueError):
        instruments.change(after, Score("pdds", WHEN, (3,)))


# --- no item wording, anywhere ---------------------------------------------------------------

SCORE_MODULES = [SRC / "instruments.py", SRC / "cli" / "scores.py", SRC / "db" / "scores.py"]


def strings_of(path: Path) -> list[str]:
    """Every string in a module's source, docstrings and pieces of f-strings too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pieces = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string, whole: '{}' where values go
            found.append(
                "".join(
                    part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
                )
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in pieces
        ):
            found.append(node.value)
    return found


@pytest.mark.parametrize("path", SCORE_MODULES, ids=lambda p: p.name)
def test_no_question_is_ever_worded(path: Path) -> None:
    """The questionnaires' items are first-person statements or questions; msjournal's
    own strings about them are neither. (A test cannot name the real wording without
    copying it, so it checks the shape of every string instead.)"""
    for text in strings_of(path):
        words = re.findall(r"[A-Za-z']+", text)
        assert not {"I", "I'm", "I've", "my", "My", "me", "Me", "myself"} & set(words), text
        # msjournal's own questions ask about the journal, never about the person
        questions = re.findall(r"[A-Za-z][A-Za-z0-9 ',{}-]*\?", text)
        assert all(q.startswith("Delete th") for q in questions), text


def test_the_questions_carry_numbers_and_nothing_else() -> None:
    from msjournal.cli.scores import question

    pattern = re.compile(
        r"^[A-Z0-9-]+ (item \d{1,2} of \d{1,2}|score|rating) \(\d+-\d+( in steps of 0\.5)?\):$"
    )
    for definition in instruments.INSTRUMENTS.values():
        for index in range(definition.items):
            text = question(definition, index)
            assert pattern.fullmatch(text), text
            assert len(text) + 1 <= 39  # with the cursor, on one line of 40 columns


def test_the_only_sentences_about_scores_are_the_readings() -> None:
    """Every reading msjournal prints is one of clinical.md's, word for word."""
    found = {
        reading(name, value)
        for name in instruments.NAMES
        for value in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 37.0, 38.0, 84.0, 100.0)
    }
    assert found == {
        SIGNIFICANT,
        BELOW_4,
        ABOVE_38,
        BELOW_38,
        WALKING,
        "mild",
        "moderate",
        "severe",
        None,
    }


def test_instruments_is_pure() -> None:
    path = SRC / "instruments.py"
    for forbidden in ("typer", "rich", "sqlite3", "msjournal.db", "msjournal.cli", "os", "time"):
        assert not uses(path, forbidden), forbidden
    text = path.read_text(encoding="utf-8")
    assert ".now(" not in text and ".today(" not in text
