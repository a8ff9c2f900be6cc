"""export and import: the exact CSV a clinician opens, formula safety, full round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.errors import InvalidInput
from msjournal.export import (
    BOM,
    CSV_HEADER,
    TIMELINE_FAMILIES,
    VISIT_FAMILIES,
    csv_row,
    entries_from_records,
    neutralise,
    read_records,
    write_csv,
    write_export_json,
    write_json,
)
from msjournal.instruments import Score
from msjournal.paths import JournalPath
from msjournal.timeline import Aid, Appointment, Question, Relapse, Treatment

from .conftest import dump
from .strategies import PAYLOADS, any_entry

Run = Callable[..., Result]
GOLDEN = Path(__file__).parent / "golden"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def known_entries() -> list[Entry]:
    """A small journal with every kind (other symptoms too), lists, a quoted note
    and a formula."""
    logged = at("2025-11-09T21:00:00")
    edited = at("2025-11-10T08:15:00")
    return [
        Entry(
            kind="weakness",
            at=at("2025-11-03T08:30:00"),
            severity=6,
            regions=("legs", "left-hand"),
            activities=("dressing", "stairs"),
            duration_minutes=90,
            tags=("heat",),
            note='Legs "heavy", worse after shower',
            uuid="00000000-0000-4000-8000-000000000001",
            logged_at=logged,
            updated_at=edited,
        ),
        Entry(
            kind="fatigue",
            at=at("2025-11-03T23:59:00"),
            severity=7,
            fatigue_type="cognitive",
            activities=("work",),
            uuid="00000000-0000-4000-8000-000000000002",
            logged_at=logged,
            updated_at=logged,
        ),
        Entry(
            kind="fall",
            at=at("2025-11-04T00:00:00"),
            near_fall=False,
            injury="medical",
            place="bathroom",
            doing="turning",
            causes=("slipped", "dizzy"),
            aids=("cane", "ankle-brace"),
            got_up_alone=False,
            note='=HYPERLINK("x","y")',
            uuid="00000000-0000-4000-8000-000000000003",
            logged_at=logged,
            updated_at=logged,
        ),
        Entry(
            kind="fall",
            at=at("2025-11-05T18:10:00"),
            near_fall=True,
            injury="none",
            tags=("+1", "@sum"),
            uuid="00000000-0000-4000-8000-000000000004",
            logged_at=logged,
            updated_at=logged,
        ),
        Entry(
            kind="exercise",
            at=at("2025-11-06T10:00:00"),
            minutes=30,
            exercise_type="walking",
            effort=5,
            with_therapist=True,
            after=3,
            note="'quoted already\nsecond line",
            uuid="00000000-0000-4000-8000-000000000005",
            logged_at=logged,
            updated_at=logged,
        ),
        Entry(
            kind="symptom",
            at=at("2025-11-07T07:45:00"),
            symptom="vision",
            severity=4,
            regions=("left-eye",),
            duration_minutes=120,
            tags=("heat",),
            note="Blurred after a hot bath",
            uuid="00000000-0000-4000-8000-000000000006",
            logged_at=logged,
            updated_at=logged,
        ),
        Entry(
            kind="symptom",
            at=at("2025-11-08T22:00:00"),
            symptom="heat-sensitivity",
            severity=0,
            uuid="00000000-0000-4000-8000-000000000007",
            logged_at=logged,
            updated_at=logged,
        ),
    ]


def build(path: Path, found: list[Entry]) -> Journal:
    journal = open_journal(JournalPath(path, "env"), create=True)
    for entry in found:
        journal.add(entry, at("2025-11-09T21:00:00"))
    return journal


def known_scores() -> list[Score]:
    """A questionnaire of every kind, one with a note that looks like a formula, and
    an FSS whose mean is not a round number (exact in JSON, 4.8 in the CSV)."""
    times = [at(f"2025-11-0{day}T10:00:00") for day in range(1, 7)]
    responses: list[tuple[int | float, ...]] = [
        (5, 6, 4, 7, 3, 5, 6, 4, 3),
        (0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0),
        (1, 2, 3, 4, 0),
        (1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2),
        (3,),
        (3.5,),
    ]
    return [
        Score(
            name,
            moment,
            answers,
            note="=before the visit" if name == "fss" else None,
            uuid=f"00000000-0000-4000-8000-00000000010{i}",
        )
        for i, (name, moment, answers) in enumerate(
            zip(("fss", "mfis", "mfis5", "msws12", "pdds", "edss"), times, responses, strict=True),
            start=1,
        )
    ]


def known_timeline() -> dict[str, list[Any]]:
    """Two courses (one stopped, one running with missed doses and notes, a formula
    for a dose), a relapse and an aid."""
    logged = at("2025-11-09T21:00:00")
    baclofen = Treatment(
        name="baclofen",
        treatment_class="muscle-relaxant",
        start=at("2025-10-01T08:00:00"),
        dose="=10 mg",
        missed=(at("2025-10-05T08:00:00"), at("2025-11-02T20:00:00")),
        notes=((at("2025-10-06T09:00:00"), 'drowsy; "heavy" legs'),),
        uuid="00000000-0000-4000-8000-000000000202",
        logged_at=logged,
        updated_at=at("2025-11-10T08:15:00"),
    )
    ocrelizumab = Treatment(
        name="Ocrelizumab",
        treatment_class="dmt",
        start=at("2024-01-15T10:00:00"),
        stop=at("2025-07-15T10:00:00"),
        stop_reason="other",
        uuid="00000000-0000-4000-8000-000000000201",
        logged_at=logged,
        updated_at=logged,
    )
    relapse = Relapse(
        onset=at("2025-09-01T12:00:00"),
        ended=at("2025-09-20T12:00:00"),
        confirmed=True,
        steroids=True,
        note="=optic neuritis",
        uuid="00000000-0000-4000-8000-000000000301",
        logged_at=logged,
        updated_at=logged,
    )
    cane = Aid(
        aid="cane",
        start=at("2025-08-01T12:00:00"),
        used_for="outdoors",
        taught=True,
        uuid="00000000-0000-4000-8000-000000000401",
        logged_at=logged,
        updated_at=logged,
    )
    # an appointment still to come (the export keeps its future time) and an answered question
    neurology = Appointment(
        at=at("2026-02-02T10:30:00"),
        with_whom="neurology",
        note="[bring](http://x) <b>scans</b> | =1",
        uuid="00000000-0000-4000-8000-000000000601",
        logged_at=logged,
        updated_at=logged,
    )
    question = Question(
        text="Could the heat make my legs weaker?",
        priority=1,
        done_at=at("2025-11-10T09:00:00"),
        uuid="00000000-0000-4000-8000-000000000701",
        logged_at=logged,
        updated_at=at("2025-11-10T09:00:00"),
    )
    return {
        "treatments": [ocrelizumab, baclofen],
        "relapses": [relapse],
        "aids": [cane],
        "appointments": [neurology],
        "questions": [question],
    }


def known_checkins(journal: Journal) -> None:
    """A check-in of 5 Nov that made the near-fall of that day (entry 4), with a note
    of symbols, and one of 6 Nov that made nothing (no falls, nothing else answered);
    and a home check with an open hazard."""
    from msjournal import home
    from msjournal.checkin import CheckIn

    made = CheckIn(
        day=at("2025-11-05T18:10:00").date(),
        at=at("2025-11-05T18:10:00"),
        weakness=0,
        fatigue=5,
        falls=0,
        near_falls=1,
        exercise=((20, "walking"),),
        note='=SUM(A1) "quoted", <b>',
        entries=("00000000-0000-4000-8000-000000000004",),
        uuid="00000000-0000-4000-8000-000000000501",
        logged_at=at("2025-11-05T20:00:00"),
        updated_at=at("2025-11-05T20:00:00"),
    )
    nothing = CheckIn(
        day=at("2025-11-06T20:00:00").date(),
        at=at("2025-11-06T20:00:00"),
        falls=0,
        near_falls=0,
        uuid="00000000-0000-4000-8000-000000000502",
        logged_at=at("2025-11-06T20:00:00"),
        updated_at=at("2025-11-06T20:00:00"),
    )
    journal.import_records(
        [], [], at("2025-11-09T21:00:00"), timeline={"checkins": [made, nothing]}
    )
    check = home.HomeCheck(
        at("2025-11-08T15:00:00"),
        home.answers_from(["bathroom-grab-bars"], ["stairs-rails"]),
        uuid="00000000-0000-4000-8000-000000000801",
    )
    journal.add_home_check(check, at("2025-11-08T15:00:00"))


def build_everything(path: Path) -> Journal:
    """The golden journal: the known entries, scores, treatments, relapses and aids,
    appointments, questions, a check-in and a home check."""
    journal = build(path, known_entries())
    for score in known_scores():
        journal.add_score(score, at("2025-11-09T21:00:00"))
    journal.import_records([], [], at("2025-11-09T21:00:00"), timeline=known_timeline())
    known_checkins(journal)
    return journal


def export_object_text(journal: Journal) -> str:
    """The JSON export, as `export --format json` writes it: every family."""
    out = io.StringIO(newline="")
    families = {
        "entries": journal.iter_records(Query(oldest_first=True)),
        **{name: journal.timeline_records(name[:-1]) for name in TIMELINE_FAMILIES},
        "scores": journal.iter_score_records(),
        **{name: journal.timeline_records(name[:-1]) for name in VISIT_FAMILIES},
        "checkins": journal.checkin_records(),
        "home_checks": journal.timeline_records("home_check"),
    }
    write_export_json(families, out)
    return out.getvalue()


def export_text(journal: Journal, fmt: str) -> str:
    out = io.StringIO(newline="")
    rows = journal.iter_records(Query(oldest_first=True))
    if fmt == "csv":
        write_csv(rows, out)
    else:
        write_json(rows, out)
    return out.getvalue()


# --- the exact CSV ----------------------------------------------------------------------


@pytest.mark.usefixtures("berlin")
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_golden_export(journal_path: Path, fmt: str) -> None:
    # scores, treatments, relapses and aids: not in the entries CSV; in the JSON export
    with build_everything(journal_path) as journal:
        text = export_text(journal, fmt) if fmt == "csv" else export_object_text(journal)
    golden = GOLDEN / f"export.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


@pytest.mark.usefixtures("berlin")
def test_cli_export_is_the_golden_file_with_a_bom(run: Run, journal_path: Path) -> None:
    build_everything(journal_path).close()
    out = ok(run("export")).stdout_bytes
    golden = (GOLDEN / "export.csv").read_bytes()
    assert out == BOM.encode("utf-8") + golden
    assert ok(run("export", "--no-bom")).stdout_bytes == golden
    assert (
        ok(run("export", "--format", "json")).stdout_bytes == (GOLDEN / "export.json").read_bytes()
    )


def test_the_header_is_the_entry_shape_with_date_and_time() -> None:
    assert CSV_HEADER[:5] == ("id", "uuid", "kind", "date", "time")
    assert CSV_HEADER[-3:] == ("note", "logged_at", "updated_at")
    assert CSV_HEADER[-6:-3] == ("after", "symptom", "tags")  # product.md, Part 2
    assert len(CSV_HEADER) == 29


# --- formula injection ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("'quoted", "''quoted"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


@pytest.mark.parametrize("payload", [*PAYLOADS, "\tleading tab", "\rleading return"])
def test_every_text_field_is_neutralised_and_numbers_never(payload: str) -> None:
    entry = Entry(
        kind="exercise",
        at=at("2025-11-06T10:00:00"),
        minutes=30,
        exercise_type="walking",
        effort=5,
        with_therapist=False,
        note=payload,
        tags=(payload.strip().lower(),),
        uuid="00000000-0000-4000-8000-000000000009",
        logged_at=at("2025-11-06T10:00:00"),
        updated_at=at("2025-11-06T10:00:00"),
        id=3,
    )
    row = dict(zip(CSV_HEADER, csv_row(entry.to_dict()), strict=True))
    assert row["note"] == "'" + payload
    assert row["tags"].startswith("'") == payload.strip().lower().startswith(
        ("=", "+", "-", "@", "'")
    )
    for number in ("id", "minutes", "effort"):
        assert row[number].isdigit()
    # and the importer takes exactly one apostrophe off again
    (record,) = read_records(",".join(CSV_HEADER) + "\r\n" + _csv_line(csv_row(entry.to_dict())))[1]
    assert record["note"] == payload


def _csv_line(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue()


# --- round trips ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(any_entry(), max_size=8, unique_by=lambda e: e.uuid),
    fmt=st.sampled_from(["csv", "json"]),
)
def test_export_import_export_is_identical(found: list[Entry], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with build(Path(folder) / "a.db", found) as first:
            exported = export_text(first, fmt)
            # the fast export path gives exactly what the entries themselves say
            everything = Query(oldest_first=True)
            assert list(first.iter_records(everything)) == [
                e.to_dict() for e in first.iter_entries(everything)
            ]
        kind, records = read_records(exported)
        assert kind == fmt
        with open_journal(JournalPath(Path(folder) / "b.db", "env"), create=True) as second:
            added, skipped = second.import_entries(
                entries_from_records(records), at("2026-01-01T00:00:00")
            )
            assert (added, skipped) == (len(found), 0)
            assert export_text(second, fmt) == exported
            # importing the same file again adds nothing
            assert second.import_entries(
                entries_from_records(records), at("2026-01-01T00:00:00")
            ) == (0, len(found))


# --- other symptoms, and exports from before them (reliability.md, item 15) -------------

FIXTURES = Path(__file__).parent / "fixtures"
# An export as msjournal wrote it before schema 5: no `symptom` column or key.
OLD_EXPORTS = {fmt: FIXTURES / f"export-schema-4.{fmt}" for fmt in ("csv", "json")}


def without_symptoms(text: str, fmt: str) -> str:
    """An export as it would read without the `symptom` column (or key)."""
    if fmt == "json":
        return text.replace(', "symptom": null', "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index("symptom")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(r[:column] + r[column + 1 :] for r in rows)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_from_before_other_symptoms_imports_exactly(journal_path: Path, fmt: str) -> None:
    old = OLD_EXPORTS[fmt].read_bytes().decode("utf-8")
    kind, records = read_records(old)
    assert kind == fmt
    assert all("symptom" not in record for record in records)
    found = entries_from_records(records)
    assert [entry.symptom for entry in found] == [None] * 5
    with open_journal(JournalPath(journal_path, "env"), create=True) as journal:
        assert journal.import_entries(found, at("2026-01-01T00:00:00")) == (5, 0)
        again = export_text(journal, fmt)
    # the same entries, the same values: only the new column (null for them) is added
    assert "symptom" in again.splitlines()[0] if fmt == "csv" else '"symptom": null' in again
    assert without_symptoms(again, fmt) == old
    # they are the first five entries of today's golden export, value for value
    golden = (GOLDEN / f"export.{fmt}").read_bytes().decode("utf-8")
    assert read_records(again)[1] == read_records(golden)[1][:5]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_import_command_takes_an_export_from_before_other_symptoms(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"old.{fmt}"
    target.write_bytes(OLD_EXPORTS[fmt].read_bytes())
    result = ok(run("import", str(target)))
    assert "Imported 5 entries" in result.stderr
    listed = json.loads(ok(run("list", "--format", "json")).stdout)
    assert len(listed) == 5
    assert {entry["symptom"] for entry in listed} == {None}


def test_a_csv_with_a_symptom_column_of_another_kind_is_refused(run: Run, tmp_path: Path) -> None:
    """A symptom name on a weakness row, or an unknown one, is named, never stored."""
    header = ",".join(CSV_HEADER)
    row = dict.fromkeys(CSV_HEADER, "")
    row.update(kind="weakness", at="2025-11-03T08:30:00+01:00", severity="5", regions="legs")
    for symptom, message in (("pain", "weakness entry has no symptom"), ("", "")):
        row["symptom"] = symptom
        target = tmp_path / "in.csv"
        target.write_text(f"{header}\n{','.join(row[name] for name in CSV_HEADER)}\n")
        if message:
            result = run("import", str(target))
            assert result.exit_code == 2 and message in result.stderr, result.output
    row.update(kind="symptom", symptom="headache")
    target.write_text(f"{header}\n{','.join(row[name] for name in CSV_HEADER)}\n")
    result = run("import", str(target))
    assert result.exit_code == 2 and "'headache' is not a symptom" in result.stderr


def test_symptoms_round_trip_through_both_formats(journal_path: Path, tmp_path: Path) -> None:
    symptoms = [e for e in known_entries() if e.kind == "symptom"]
    with build(journal_path, symptoms) as journal:
        for fmt in ("csv", "json"):
            text = export_text(journal, fmt)
            _, records = read_records(text)
            assert [r["symptom"] for r in records] == ["vision", "heat-sensitivity"]
            with open_journal(JournalPath(tmp_path / f"{fmt}.db", "env"), create=True) as other:
                other.import_entries(entries_from_records(records), at("2026-01-01T00:00:00"))
                assert export_text(other, fmt) == text
                stored = other.entries(Query(kinds=("symptom",), oldest_first=True))
                assert [(e.symptom, e.severity, e.regions) for e in stored] == [
                    ("vision", 4, ("left-eye",)),
                    ("heat-sensitivity", 0, ()),
                ]


# --- the commands -----------------------------------------------------------------------


@pytest.fixture
def small(run: Run) -> None:
    ok(run("log", "weakness", "6", "-w", "legs", "--at", "3 days ago"))
    ok(run("log", "fatigue", "4", "--at", "2 days ago", "-n", "=1+1"))
    ok(run("log", "exercise", "30", "--type", "walking", "--at", "yesterday"))


@pytest.mark.usefixtures("small")
def test_export_filters_and_is_oldest_first(run: Run) -> None:
    rows = list(csv.reader(io.StringIO(ok(run("export", "--no-bom")).stdout)))
    assert [r[2] for r in rows[1:]] == ["weakness", "fatigue", "exercise"]
    only = list(csv.reader(io.StringIO(ok(run("export", "--no-bom", "--kind", "fatigue")).stdout)))
    assert [r[2] for r in only[1:]] == ["fatigue"]
    assert only[1][CSV_HEADER.index("note")] == "'=1+1"
    recent = list(
        csv.reader(io.StringIO(ok(run("export", "--no-bom", "--from", "2 days ago")).stdout))
    )
    assert [r[2] for r in recent[1:]] == ["fatigue", "exercise"]
    assert run("export", "--from", "today", "--to", "last week sometime").exit_code == 2


@pytest.mark.usefixtures("small")
def test_export_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "visit.csv"
    result = ok(run("export", "-o", str(target)))
    assert result.stdout == ""
    assert "Exported 3 entries" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(BOM.encode("utf-8"))
    before = target.read_bytes()
    refused = run("export", "--from", "today", "-o", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == before
    ok(run("export", "--from", "today", "-o", str(target), "--force"))
    assert target.read_bytes() != before
    ok(run("export", "--format", "json", "-o", str(tmp_path / "visit.json")))
    exported = json.loads((tmp_path / "visit.json").read_text())
    assert exported["entries"][0]["kind"] == "weakness" and exported["scores"] == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.usefixtures("small")
def test_import_round_trip_through_the_commands(run: Run, tmp_path: Path) -> None:
    for fmt in ("json", "csv"):
        target = tmp_path / f"all.{fmt}"
        ok(run("export", "--format", fmt, "-o", str(target)))
        other = tmp_path / f"new-{fmt}.db"
        first = ok(run("--db", str(other), "import", str(target)))
        assert "Imported 3 entries" in first.stderr and "skipped 0" in first.stderr
        again = ok(run("--db", str(other), "import", str(target)))
        assert "Imported 0 entries" in again.stderr and "skipped 3" in again.stderr
        exported = ok(run("--db", str(other), "export", "--format", fmt)).stdout
        assert exported == target.read_text(encoding="utf-8")


def test_a_bad_record_at_the_end_changes_nothing(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    ok(run("log", "weakness", "6", "-w", "legs"))
    before = dump(journal_path)
    good = [e.to_dict() for e in known_entries()]
    bad = dict(good[0], uuid="00000000-0000-4000-8000-00000000000f", severity=11)
    target = tmp_path / "mixed.json"
    target.write_text(json.dumps([*good, bad]))
    result = run("import", str(target))
    assert result.exit_code == 2
    assert "Nothing was imported" in result.stderr
    assert f"record {len(good) + 1}" in result.stderr
    assert dump(journal_path) == before


def test_import_failing_inside_the_transaction_changes_nothing(
    run: Run, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("log", "weakness", "6", "-w", "legs"))
    before = dump(journal_path)
    target = tmp_path / "all.json"
    target.write_text(json.dumps([e.to_dict() for e in known_entries()]))
    original = Journal._insert_batch

    def fail_at_the_end(self: Journal, rows: list[Any], children: dict[str, Any]) -> None:
        original(self, rows, children)  # the rows are in; then the disk goes away
        raise OSError("disk went away")

    monkeypatch.setattr(Journal, "_insert_batch", fail_at_the_end)
    assert run("import", str(target)).exit_code == 1
    assert dump(journal_path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("hello,world\n1,2\n", "neither a JSON nor a CSV export"),
        ('[{"kind": "weakness"', "cannot be read"),
        ('{"kind": "weakness"}', "list of entries"),
        ('[{"kind": "mood", "at": "2025-01-01T10:00:00+00:00"}]', "record 1"),
        (
            '[{"kind": "fatigue", "at": "2025-01-01T10:00:00", "severity": 3,'
            ' "fatigue_type": "both"}]',
            "no UTC offset",
        ),
        (
            '[{"kind": "fall", "at": "2025-01-01T10:00:00+00:00", "near_fall": false,'
            ' "injury": "none", "hopkins_grade": 4}]',
            "hopkins_grade",
        ),
        (
            '[{"kind": "fatigue", "at": "2025-01-01T10:00:00+00:00", "severity": 3,'
            ' "fatigue_type": "both", "mood": 1}]',
            "unknown field",
        ),
    ],
)
def test_import_refuses_what_it_cannot_trust(
    run: Run, tmp_path: Path, journal_path: Path, content: str, message: str
) -> None:
    target = tmp_path / "in.json"
    target.write_text(content)
    result = run("import", str(target))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not journal_path.exists()


def test_import_of_a_missing_file(run: Run, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "There is no file" in result.stderr


def test_hand_made_records_get_a_uuid_and_import_from_stdin(run: Run) -> None:
    record = {
        "kind": "fatigue",
        "at": "2025-01-01T10:00:00+00:00",
        "severity": 3,
        "fatigue_type": "both",
    }
    ok(run("import", "-", input=json.dumps([record])))
    (entry,) = json.loads(ok(run("list", "--format", "json")).stdout)
    assert len(entry["uuid"]) == 36 and entry["severity"] == 3


def test_read_records_rejects_rows_of_the_wrong_length() -> None:
    with pytest.raises(InvalidInput, match="cells"):
        read_records(",".join(CSV_HEADER) + "\r\n1,2,3\r\n")


def test_import_refuses_times_far_in_the_future(run: Run, tmp_path: Path) -> None:
    record = {
        "kind": "fatigue",
        "at": "2999-01-01T10:00:00+00:00",
        "severity": 3,
        "fatigue_type": "both",
    }
    target = tmp_path / "future.json"
    target.write_text(json.dumps([record]))
    result = run("import", str(target))
    assert result.exit_code == 2
    assert "in the future" in result.stderr


@pytest.mark.parametrize("cell", ["²", "--5", "1e3"])
def test_odd_number_cells_in_a_csv_are_named_not_crashed_on(
    run: Run, tmp_path: Path, cell: str
) -> None:
    row = dict.fromkeys(CSV_HEADER, "")
    row.update(
        kind="fatigue",
        at="2025-01-01T10:00:00+00:00",
        severity=cell,
        fatigue_type="both",
        date="2025-01-01",
        time="10:00",
    )
    target = tmp_path / "odd.csv"
    target.write_text(",".join(CSV_HEADER) + "\r\n" + _csv_line([row[h] for h in CSV_HEADER]))
    result = run("import", str(target))
    assert result.exit_code == 2, result.output
    assert "severity must be a whole number" in result.stderr


def test_a_read_only_journal_with_pending_changes_is_not_read_short(journal_path: Path) -> None:
    import sqlite3

    from msjournal import db
    from msjournal.errors import JournalUnavailable

    build(journal_path, known_entries()[:1]).close()
    writer = sqlite3.connect(journal_path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("UPDATE entries SET note = 'pending'")
    writer.commit()  # committed into the -wal, not yet folded into the file
    try:
        with pytest.raises(JournalUnavailable, match="not yet folded"):
            db._connect_read_only(journal_path, "file")
    finally:
        writer.close()
    db._connect_read_only(journal_path, "file").close()  # folded in on close: fine
