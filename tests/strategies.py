"""Hypothesis strategies for valid entries of every kind (shared by several tests)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from hypothesis import strategies as st

from msjournal import entries, vocab
from msjournal.entries import Entry

PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "'already quoted",
    "=1+1; more",
)

# Any printable text a person might type, including formula look-alikes.
notes = (
    st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
            min_size=1,
            max_size=40,
        ),
        st.text(alphabet="ab \n\r\t\"',;=", min_size=1, max_size=20),
    )
    .map(str.strip)
    .filter(bool)
)

tag_words = (
    st.text(alphabet="abcxyzé0=+@'-", min_size=1, max_size=10)
    .map(lambda text: vocab.normalise(text.lstrip("#")))
    .filter(bool)
)
tag_sets = st.lists(tag_words, max_size=3).map(entries.clean_tags)


def subsets(vocabulary: str, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    words = vocab.VOCABULARIES[vocabulary]
    return st.lists(st.sampled_from(words), min_size=min_size, max_size=4).map(
        lambda chosen: vocab.ordered(vocabulary, chosen)
    )


BASE = datetime(2026, 1, 1, 0, 0)
# Whole seconds within six years before 2026, in the machine's own time zone.
moments = st.integers(min_value=0, max_value=6 * 365 * 86400).map(
    lambda seconds: (BASE - timedelta(seconds=seconds)).astimezone()
)
maybe_rating = st.none() | st.integers(0, 10)


@st.composite
def any_entry(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(vocab.KINDS))
    common = {
        "at": draw(moments),
        "note": draw(st.none() | notes),
        "tags": draw(tag_sets),
        "uuid": str(draw(st.uuids(version=4))),
    }
    if kind == "symptom":
        fields = {
            "symptom": draw(st.sampled_from(vocab.SYMPTOMS)),
            "severity": draw(st.integers(0, 10)),
            "regions": draw(subsets("region")),
            "duration_minutes": draw(st.none() | st.integers(1, 1440)),
        }
    elif kind in ("weakness", "fatigue"):
        fields = {
            "severity": draw(st.integers(0, 10)),
            "activities": draw(subsets("activity")),
            "duration_minutes": draw(st.none() | st.integers(1, 1440)),
        }
        if kind == "weakness":
            fields["regions"] = draw(subsets("region", min_size=1))
        else:
            fields["fatigue_type"] = draw(st.sampled_from(vocab.FATIGUE_TYPES))
    elif kind == "fall":
        near = draw(st.booleans())
        aids = draw(subsets("aid"))
        if "none" in aids and len(aids) > 1:
            aids = ("none",)
        fields = {
            "near_fall": near,
            "injury": "none" if near else draw(st.sampled_from(vocab.INJURIES)),
            "got_up_alone": None if near else draw(st.none() | st.booleans()),
            "place": draw(st.none() | st.sampled_from(vocab.PLACES)),
            "doing": draw(st.none() | st.sampled_from(vocab.DOING)),
            "causes": draw(subsets("cause")),
            "aids": aids,
        }
    else:
        fields = {
            "minutes": draw(st.integers(1, 600)),
            "exercise_type": draw(st.sampled_from(vocab.EXERCISE_TYPES)),
            "effort": draw(maybe_rating),
            "with_therapist": draw(st.booleans()),
            "after": draw(maybe_rating),
        }
    logged = common["at"] + timedelta(minutes=draw(st.integers(0, 600)))  # type: ignore[operator]
    edited = logged + timedelta(minutes=draw(st.integers(0, 600)))
    entry = Entry(kind=kind, logged_at=logged, updated_at=edited, **common, **fields)  # type: ignore[arg-type]
    return entries.validate(entry)


def new_uuid() -> str:
    return str(uuid.uuid4())
