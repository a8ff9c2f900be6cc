"""Build a synthetic msjournal journal for benchmarks, through msjournal's own write path.

    python benchmarks/generate.py --db /tmp/10y.db                 # ten years (default)
    python benchmarks/generate.py --db /tmp/1m.db --years 0.083    # about one month
    python benchmarks/generate.py --db /tmp/100k.db --entries 100000

The mix is what a person logging most days looks like: most days a weakness and a
fatigue entry, exercise about three times a week, other symptoms (numbness, pain,
stiffness, sleep, heat sensitivity in summer...) a few times a week, about one fall
and three near-falls a month, a home-safety check every six months or so. Times
are real local times in Europe/London, so the entries cross every daylight-saving
change of the span.
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from msjournal import vocab
from msjournal.db import Journal, Query, changes, open_journal
from msjournal.entries import Entry, describe, validate
from msjournal.instruments import Score
from msjournal.paths import JournalPath
from msjournal.timeline import Aid, Relapse, Treatment, implied_class

ZONE = ZoneInfo("Europe/London")
END = date(2026, 11, 1)  # fixed, so a seed always gives the same journal


def moment(day: date, rng: random.Random, first_hour: int, last_hour: int) -> datetime:
    # Hours between 7 and 22 never fall in a daylight-saving gap or overlap.
    naive = datetime(
        day.year, day.month, day.day, rng.randint(first_hour, last_hour), rng.randrange(0, 60)
    )
    return naive.replace(tzinfo=ZONE)


def day_entries(day: date, rng: random.Random) -> list[Entry]:
    found: list[Entry] = []
    bad_spell = (day.toordinal() // 40) % 5 == 0  # now and then a worse few weeks
    base = 5 if bad_spell else 3
    tags = (
        tuple(sorted(rng.sample(["heat", "stress", "poor-sleep", "infection"], k=1)))
        if rng.random() < 0.15
        else ()
    )
    if rng.random() < 0.9:
        found.append(
            Entry(
                kind="weakness",
                at=moment(day, rng, 7, 12),
                severity=min(10, max(0, base + rng.randint(-2, 3))),
                regions=vocab.ordered(
                    "region", rng.sample(vocab.REGIONS[:12], k=rng.randint(1, 2))
                ),
                activities=vocab.ordered(
                    "activity", rng.sample(vocab.ACTIVITIES, k=rng.randint(0, 2))
                ),
                duration_minutes=rng.choice([None, 30, 60, 120, 1440]),
                tags=tags,
                note=rng.choice(
                    [None, None, "Legs heavy after the stairs", "Worse in the afternoon"]
                ),
            )
        )
    if rng.random() < 0.35:  # a second weakness entry, later in the day
        found.append(
            Entry(
                kind="weakness",
                at=moment(day, rng, 13, 16),
                severity=min(10, max(0, base + rng.randint(-1, 4))),
                regions=("legs",),
                activities=("walking",) if rng.random() < 0.5 else (),
            )
        )
    if rng.random() < 0.9:
        found.append(
            Entry(
                kind="fatigue",
                at=moment(day, rng, 17, 22),
                severity=min(10, max(0, base + rng.randint(-1, 4))),
                fatigue_type=rng.choice(vocab.FATIGUE_TYPES),
                activities=vocab.ordered(
                    "activity", rng.sample(vocab.ACTIVITIES, k=rng.randint(0, 1))
                ),
                tags=tags,
            )
        )
    if rng.random() < 3 / 7:
        kind = rng.choice(vocab.EXERCISE_TYPES)
        found.append(
            Entry(
                kind="exercise",
                at=moment(day, rng, 9, 16),
                minutes=rng.choice([15, 20, 30, 45, 60]),
                exercise_type=kind,
                effort=rng.choice([None, 3, 4, 5, 6, 7]),
                with_therapist=kind == "physio",
                after=rng.choice([None, 2, 4, 6]),
            )
        )
    if rng.random() < 4 / 30:
        near = rng.random() < 0.75
        found.append(
            Entry(
                kind="fall",
                at=moment(day, rng, 7, 22),
                near_fall=near,
                injury="none" if near else rng.choice(["none", "none", "minor", "medical"]),
                place=rng.choice(vocab.PLACES),
                doing=rng.choice(vocab.DOING),
                causes=vocab.ordered("cause", rng.sample(vocab.CAUSES, k=rng.randint(0, 2))),
                aids=rng.choice([(), ("cane",), ("ankle-brace",), ("walker",)]),
            )
        )
    return found


# The other symptoms one person tracks, most often first (a person has their own few),
# with the regions each may be felt in.
USUAL_SYMPTOMS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("numbness", 0.22, ("left-hand", "hands", "left-foot", "feet", "left-leg")),
    ("tingling", 0.16, ("left-hand", "hands", "feet", "face")),
    ("spasticity", 0.14, ("legs", "left-leg", "right-leg")),
    ("pain", 0.12, ("legs", "core", "neck", "arms")),
    ("sleep", 0.09, ()),
    ("balance", 0.07, ()),
    ("bladder", 0.06, ()),
    ("cognition", 0.05, ()),
    ("vision", 0.04, ("left-eye", "eyes")),
    ("mood", 0.03, ()),
    ("spasms", 0.02, ("legs", "feet")),
)
SYMPTOM_REGIONS = {name: regions for name, _, regions in USUAL_SYMPTOMS}
SYMPTOM_DAYS = 0.4  # a few days a week


def symptom_entries(day: date, rng: random.Random) -> list[Entry]:
    """Other symptoms, from their own random stream (the other kinds stay as they were)."""
    found: list[Entry] = []
    summer = day.month in (6, 7, 8)
    if summer and rng.random() < 0.25:
        found.append(
            Entry(
                kind="symptom",
                at=moment(day, rng, 13, 18),
                symptom="heat-sensitivity",
                severity=rng.randint(2, 6),
                duration_minutes=rng.choice([None, 60, 120, 180]),
                tags=("heat",),
            )
        )
    if rng.random() >= SYMPTOM_DAYS:
        return found
    bad_spell = (day.toordinal() // 40) % 5 == 0
    names = [name for name, _, _ in USUAL_SYMPTOMS]
    weights = [weight for _, weight, _ in USUAL_SYMPTOMS]
    for name in dict.fromkeys(rng.choices(names, weights, k=rng.choice([1, 1, 1, 2]))):
        regions = SYMPTOM_REGIONS[name]
        found.append(
            Entry(
                kind="symptom",
                at=moment(day, rng, 7, 22),
                symptom=name,
                severity=min(7, max(1, (4 if bad_spell else 2) + rng.randint(-1, 3))),
                regions=(rng.choice(regions),) if regions and rng.random() < 0.7 else (),
                duration_minutes=rng.choice([None, None, 30, 60, 240, 1440]),
                note=rng.choice([None, None, None, "Worse in the evening"]),
            )
        )
    return found


def generate(days: int, entries: int | None, seed: int) -> list[Entry]:
    rng = random.Random(seed)
    others = random.Random(seed + 5)  # other symptoms: their own stream
    found: list[Entry] = []
    if entries is None:
        for offset in range(days, 0, -1):
            day = END - timedelta(days=offset - 1)
            found.extend(day_entries(day, rng))
            found.extend(symptom_entries(day, others))
        return found
    # The stress case: the same ten years, logged many times over (a very busy
    # journal), so that times stay realistic.
    while len(found) < entries:
        for offset in range(3653, 0, -1):
            day = END - timedelta(days=offset - 1)
            found.extend(day_entries(day, rng))
            found.extend(symptom_entries(day, others))
    found = found[:entries]
    found.sort(key=lambda e: e.at)
    return found


def history(journal: Journal, rng: random.Random) -> None:
    """A history as years of use leave it: every entry logged on its own (written in
    one transaction, as msjournal itself records a log), and one in fifty edited
    afterwards (each an edit of its own, with its copies)."""
    stored = journal.entries(Query(oldest_first=True))
    with journal.write():
        for entry in stored:
            assert entry.id is not None
            summary = f"entry {entry.id}: {describe(entry)}"
            changes.record(journal.conn, entry.at, "log", summary, record_ids=[entry.id])
    for entry in stored:
        if rng.random() < 0.02:
            assert entry.id is not None
            journal.edit(entry.id, lambda old: old.replace(note="edited afterwards"), entry.at)


def questionnaires(first: date, last: date, rng: random.Random) -> list[Score]:
    """A quarter's clinic forms: FSS, MFIS, MSWS-12 and PDDS every 91 days, an EDSS
    once a year, answered around a slowly moving level."""
    forms = []
    day = first + timedelta(days=30)
    quarter = 0
    while day <= last:
        level = rng.randint(2, 5)
        at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZONE)
        for name, items, low, high in (
            ("fss", 9, 1, 7),
            ("mfis", 21, 0, 4),
            ("msws12", 12, 1, 5),
            ("pdds", 1, 0, 8),
        ):
            answers = [max(low, min(high, level + rng.randint(-1, 1))) for _ in range(items)]
            forms.append(
                Score(
                    name,
                    at,
                    tuple(answers),
                    uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                )
            )
        if quarter % 4 == 0:
            edss = rng.choice([2.0, 2.5, 3.0, 3.5])
            forms.append(
                Score("edss", at, (edss,), uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)))
            )
        quarter += 1
        day += timedelta(days=91)
    return forms


def what_is_done(journal: Journal, first: date, last: date, rng: random.Random) -> None:
    """Years of what is done about MS, through msjournal's own write path: a
    disease-modifying therapy changed twice, baclofen courses at changing doses with
    missed doses, a relapse or two a year (most treated with a steroid course), and
    walking aids taken up over the years."""

    def moment(day: date, hour: int = 9) -> datetime:
        return datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZONE)

    span = (last - first).days
    now = moment(last, 21)
    for name, share in (("interferon beta-1a", 0.0), ("natalizumab", 0.4), ("ocrelizumab", 0.7)):
        start = first + timedelta(days=int(span * share) + 1)
        journal.start_treatment(Treatment(name, implied_class(name) or "dmt", moment(start)), now)
        if share < 0.7:
            stop = first + timedelta(days=int(span * (share + 0.4)))
            journal.stop_treatment(name, moment(stop), "not-working", now)
    day = first + timedelta(days=20)
    while day < last - timedelta(days=200):
        dose = f"{rng.choice([5, 10, 15, 20])} mg"
        journal.start_treatment(Treatment("baclofen", "muscle-relaxant", moment(day), dose), now)
        for _ in range(rng.randint(1, 6)):
            missed = day + timedelta(days=rng.randint(1, 150))
            journal.treatment_missed("baclofen", moment(missed, 20), now)
        day += timedelta(days=rng.randint(160, 200))
        journal.stop_treatment("baclofen", moment(day, 8), "other", now)
        day += timedelta(days=1)
    onset = first + timedelta(days=rng.randint(60, 200))
    while onset < last - timedelta(days=30):
        ended = onset + timedelta(days=rng.randint(10, 40))
        steroids = rng.random() < 0.7
        journal.add_relapse(
            Relapse(moment(onset), moment(ended), rng.random() < 0.8, steroids), now
        )
        if steroids:
            course = Treatment("methylprednisolone", "steroid", moment(onset + timedelta(days=2)))
            journal.start_treatment(course, now)
            journal.stop_treatment(
                "methylprednisolone", moment(onset + timedelta(days=5)), "course-finished", now
            )
        onset = ended + timedelta(days=rng.randint(150, 400))
    for aid, use, share in (("ankle-brace", "walking", 0.3), ("cane", "outdoors", 0.55)):
        journal.start_aid(
            Aid(aid, moment(first + timedelta(days=int(span * share))), use, True), now
        )
    journal.start_aid(Aid("walker", moment(last - timedelta(days=400)), "indoors"), now)


def checkins(journal: Journal, rng: random.Random) -> None:
    """A check-in on most days (about four in five), made of that day's weakness,
    fatigue, falls and exercise entries, as `msjournal today` leaves them."""
    from msjournal.checkin import CheckIn

    by_day: dict[date, list[Entry]] = {}
    for entry in journal.entries(Query(oldest_first=True)):
        by_day.setdefault(entry.at.date(), []).append(entry)
    made = []
    for day, todays in by_day.items():
        if rng.random() >= 0.8:
            continue
        rated = {e.kind: e for e in todays if e.kind in ("weakness", "fatigue")}
        falls = [e for e in todays if e.kind == "fall"]
        sessions = [e for e in todays if e.kind == "exercise"]
        weakness = rated.get("weakness")
        at = datetime(day.year, day.month, day.day, 20, 30, tzinfo=ZONE)
        made.append(
            CheckIn(
                day=day,
                at=at,
                weakness=None if weakness is None else weakness.severity,
                regions=() if weakness is None or not weakness.severity else weakness.regions,
                fatigue=None if "fatigue" not in rated else rated["fatigue"].severity,
                falls=sum(1 for e in falls if not e.near_fall),
                near_falls=sum(1 for e in falls if e.near_fall),
                exercise=tuple((e.minutes or 1, e.exercise_type or "other") for e in sessions),
                entries=tuple(
                    e.uuid for e in (*rated.values(), *falls, *sessions) if e.uuid is not None
                ),
                uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                logged_at=at,
                updated_at=at,
            )
        )
    with journal.write():
        journal._import_checkins(made)


def visits(journal: Journal, first: date, last: date, rng: random.Random) -> None:
    """An appointment about every three months (neurology, the MS nurse, physio, a
    yearly MRI), the next one still to come, and a few questions before each, most
    answered at the visit."""
    from msjournal.timeline import Appointment, Question

    now = datetime(last.year, last.month, last.day, 21, 0, tzinfo=ZONE)
    day = first + timedelta(days=rng.randint(30, 90))
    count = 0
    while day <= last + timedelta(days=60):
        count += 1
        who = "mri" if count % 4 == 0 else rng.choice(["neurology", "ms-nurse", "physio"])
        at = datetime(day.year, day.month, day.day, rng.choice([9, 10, 14]), 30, tzinfo=ZONE)
        journal.add_appointment(Appointment(at, who, rng.choice([None, "Clinic B, room 4"])), now)
        for asked in range(rng.randint(0, 3)):
            when = at - timedelta(days=rng.randint(3, 40), hours=asked)
            if when > now:
                continue
            done = at + timedelta(hours=1) if at < now and rng.random() < 0.8 else None
            text = rng.choice(["Could the heat make my legs weaker?", "Physio referral?"])
            journal.add_question(
                Question(f"{text} ({count})", rng.randint(1, 3), done, logged_at=when), now
            )
        day += timedelta(days=rng.randint(80, 100))


def home_checks(journal: Journal, first: date, last: date, rng: random.Random) -> None:
    """A home-safety check about every six months: a few hazards found at first,
    most put right by a later check, now and then a new one."""
    from msjournal import home

    missing = set(rng.sample(home.IDS, 4))
    day = first + timedelta(days=rng.randint(10, 60))
    now = datetime(last.year, last.month, last.day, 21, 0, tzinfo=ZONE)
    while day <= last:
        at = datetime(day.year, day.month, day.day, 17, 0, tzinfo=ZONE)
        journal.add_home_check(home.HomeCheck(at, home.answers_from(missing)), now)
        missing = {i for i in missing if rng.random() < 0.5}
        if rng.random() < 0.3:
            missing.add(rng.choice(home.IDS))
        day += timedelta(days=rng.randint(170, 195))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="journal file to create")
    parser.add_argument("--years", type=float, default=10.0, help="span in years (default 10)")
    parser.add_argument("--entries", type=int, help="exactly this many entries instead")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.db.exists():
        parser.error(f"{args.db} exists already")
    found = generate(max(1, round(args.years * 365.25)), args.entries, args.seed)
    rng = random.Random(args.seed)
    found = [
        validate(e.replace(uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)))) for e in found
    ]
    logged = datetime(2026, 11, 1, 12, 0).astimezone()
    with open_journal(JournalPath(args.db, "option"), create=True) as journal:
        added, _ = journal.import_entries(found, logged)
        forms = questionnaires(
            found[0].at.date(), found[-1].at.date(), random.Random(args.seed + 2)
        )
        journal.import_records([], forms, logged)
        history(journal, random.Random(args.seed + 1))
        if (found[-1].at.date() - found[0].at.date()).days > 400:
            what_is_done(
                journal, found[0].at.date(), found[-1].at.date(), random.Random(args.seed + 3)
            )
        home_checks(journal, found[0].at.date(), found[-1].at.date(), random.Random(args.seed + 4))
        visits(journal, found[0].at.date(), found[-1].at.date(), random.Random(args.seed + 5))
        checkins(journal, random.Random(args.seed + 6))
    print(
        f"{args.db}: {added} entries, {found[0].at:%Y-%m-%d} to {found[-1].at:%Y-%m-%d}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
