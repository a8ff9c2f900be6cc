"""Treatments, relapses and aids out and back in: the JSON export object, their
CSVs (export --table), import all or nothing, and undo of an import."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from msjournal import timeline as tl
from msjournal.db import Journal, Query, open_journal
from msjournal.entries import Entry
from msjournal.export import (
    TIMELINE_CSV_HEADERS,
    TIMELINE_FAMILIES,
    entries_from_records,
    read_export,
    scores_from_records,
    timeline_from_records,
    write_export_json,
)
from msjournal.instruments import Score
from msjournal.paths import JournalPath
from msjournal.timeline import Aid, Relapse, Treatment

from .conftest import dump
from .strategies import any_entry, moments, notes
from .test_scores import any_score

Run = Callable[..., Result]
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def exported(run: Run, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run("export", "--format", "json", *args)).stdout)
    return data


def history(run: Run) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(run("history", "--format", "json")).stdout)
    return data


def fill(run: Run) -> None:
    """A journal with one record of each family, a formula-like dose and note, two
    missed doses and two notes on a course."""
    ok(run("log", "fatigue", "4", "--at", "2025-11-03 10:00"))
    ok(run("score", "pdds", "2", "--at", "2025-11-03 11:00"))
    ok(run("treatment", "start", "ocrelizumab", "--at", "2024-01-01 09:00"))
    ok(run("treatment", "stop", "ocrelizumab", "--at", "2024-06-01 09:00", "--reason", "other"))
    ok(run("treatment", "start", "baclofen", "--dose", "=10 mg", "--at", "2025-10-01 08:00"))
    ok(run("treatment", "missed", "baclofen", "--at", "2025-10-05 08:00"))
    ok(run("treatment", "missed", "baclofen", "--at", "2025-10-09 20:00"))
    ok(run("treatment", "note", "baclofen", "=HYPERLINK(1)", "--at", "2025-10-06 09:00"))
    ok(run("treatment", "note", "baclofen", "drowsy; better, later", "--at", "2025-10-07 09:00"))
    ok(run("log", "relapse", "--at", "2025-09-01 12:00", "--confirmed"))
    ok(run("relapse", "end", "--at", "2025-09-20 12:00"))
    ok(run("aid", "start", "cane", "--for", "outdoors", "--at", "2025-08-01 12:00"))


# --- the JSON export object ---------------------------------------------------------------


def test_json_export_holds_every_family_with_every_field(run: Run) -> None:
    fill(run)
    data = exported(run)
    assert list(data)[:9] == [  # and the families added after these
        "format",
        "version",
        "entries",
        "treatments",
        "relapses",
        "aids",
        "scores",
        "appointments",
        "questions",
    ]
    ocrelizumab, baclofen = data["treatments"]  # oldest first
    assert list(baclofen) == list(tl.TREATMENT_FIELDS)
    assert (ocrelizumab["name"], ocrelizumab["stop_reason"]) == ("ocrelizumab", "other")
    assert baclofen["dose"] == "=10 mg" and baclofen["stop"] is None
    assert [m[:16] for m in baclofen["missed"]] == ["2025-10-05T08:00", "2025-10-09T20:00"]
    assert [(n["at"][:16], n["note"]) for n in baclofen["notes"]] == [
        ("2025-10-06T09:00", "=HYPERLINK(1)"),
        ("2025-10-07T09:00", "drowsy; better, later"),
    ]
    [relapse] = data["relapses"]
    assert list(relapse) == list(tl.RELAPSE_FIELDS)
    assert (relapse["confirmed"], relapse["ended"][:10]) == (True, "2025-09-20")
    [aid] = data["aids"]
    assert list(aid) == list(tl.AID_FIELDS)
    assert (aid["aid"], aid["for"], aid["stop"]) == ("cane", "outdoors", None)
    for record in [*data["treatments"], relapse, aid]:
        assert record["uuid"] and record["logged_at"] and record["updated_at"]


def test_kind_leaves_them_out_and_a_period_keeps_what_overlaps_it(run: Run) -> None:
    fill(run)
    by_kind = exported(run, "--kind", "fatigue")
    assert len(by_kind["entries"]) == 1
    assert [by_kind[name] for name in (*TIMELINE_FAMILIES, "scores")] == [[]] * 4
    # November 2025: baclofen still runs, the cane is still in use; the relapse
    # ended and ocrelizumab stopped before it
    period = exported(run, "--from", "2025-11-01", "--to", "2025-11-30")
    assert [t["name"] for t in period["treatments"]] == ["baclofen"]
    assert len(period["treatments"][0]["missed"]) == 2  # each record whole
    assert (period["relapses"], [a["aid"] for a in period["aids"]]) == ([], ["cane"])
    # a period touching the relapse's last day keeps it; one before the cane does not
    september = exported(run, "--from", "2025-09-20", "--to", "2025-09-30")
    assert len(september["relapses"]) == 1 and september["aids"] != []
    assert exported(run, "--to", "2025-07-31")["aids"] == []
    spring = exported(run, "--from", "2024-03-01", "--to", "2024-03-31")
    assert [t["name"] for t in spring["treatments"]] == ["ocrelizumab"]


def test_json_round_trip_of_every_family_is_exact_and_one_undoable_change(
    run: Run, tmp_path: Path
) -> None:
    fill(run)
    everything = tmp_path / "everything.json"
    result = ok(run("export", "-f", "json", "-o", str(everything)))
    assert result.stderr == (
        f"Exported 1 entry, 2 treatments, 1 relapse, 1 aid and 1 score to {everything}.\n"
    )
    original = exported(run)
    other = tmp_path / "other.db"
    first = ok(run("--db", str(other), "import", str(everything)))
    assert first.stderr.endswith(
        "Imported 1 entry, 1 score, 2 treatments, 1 relapse and 1 aid from JSON; skipped 0 "
        "already in the journal. (msjournal undo takes them out again)\n"
    )
    # ids, uuids, times, missed doses and notes: all exactly as they were
    assert json.loads(ok(run("--db", str(other), "export", "-f", "json")).stdout) == original
    again = ok(run("--db", str(other), "import", str(everything)))
    assert again.stderr == "Imported 0 entries from JSON; skipped 6 already in the journal.\n"
    changes = json.loads(ok(run("--db", str(other), "history", "--format", "json")).stdout)
    assert [(c["action"], c["summary"]) for c in changes] == [
        ("import", "1 entry, 1 score, 2 treatments, 1 relapse and 1 aid from everything.json")
    ]
    ok(run("--db", str(other), "undo", "--yes"))
    emptied = json.loads(ok(run("--db", str(other), "export", "-f", "json")).stdout)
    assert [emptied[name] for name in ("entries", *TIMELINE_FAMILIES, "scores")] == [[]] * 5
    with open_journal(JournalPath(other, "env"), create=False) as journal:
        for table in ("treatment_missed", "treatment_notes"):
            assert journal.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_an_object_without_these_families_and_an_old_plain_array_still_import(
    run: Run, tmp_path: Path
) -> None:
    source = tmp_path / "old.json"
    source.write_text('{"format": "msjournal", "version": 2, "entries": []}', encoding="utf-8")
    assert "Imported 0 entries from JSON" in ok(run("import", str(source))).stderr
    for old in (FIXTURES / "export-schema-4.json", FIXTURES / "export-schema-4.csv"):
        into = str(tmp_path / f"{old.suffix}.db")
        assert "Imported 5 entries" in ok(run("--db", into, "import", str(old))).stderr
    golden = ok(run("--db", str(tmp_path / "g.db"), "import", str(GOLDEN / "export.json")))
    assert (
        "2 treatments, 1 relapse, 1 aid, 1 appointment, 1 question, 2 check-ins and "
        "1 home check from JSON" in golden.stderr
    )
    data = json.loads(ok(run("--db", str(tmp_path / "g.db"), "export", "-f", "json")).stdout)
    known = json.loads((GOLDEN / "export.json").read_text())
    for family in ("treatments", "checkins", "home_checks"):
        assert data[family] == known[family]


def bad(family: str, **changes: Any) -> dict[str, Any]:
    good = {
        "treatments": {
            "uuid": "00000000-0000-4000-8000-000000000401",
            "name": "baclofen",
            "class": "muscle-relaxant",
            "start": "2025-10-01T08:00:00+00:00",
            "missed": ["2025-10-02T08:00:00+00:00"],
            "notes": [{"at": "2025-10-02T09:00:00+00:00", "note": "tired"}],
        },
        "relapses": {
            "uuid": "00000000-0000-4000-8000-000000000402",
            "onset": "2025-09-01T12:00:00Z",
        },
        "aids": {
            "uuid": "00000000-0000-4000-8000-000000000403",
            "aid": "cane",
            "start": "2025-08-01T12:00:00+02:00",
        },
    }[family]
    return {key: value for key, value in {**good, **changes}.items() if value != "DROP"}


@pytest.mark.parametrize(
    ("family", "changes", "message"),
    [
        ("treatments", {"name": 5}, "treatment 2: name must be text, not 5"),
        ("treatments", {"class": "potion"}, "'potion' is not a treatment class"),
        ("treatments", {"missed": ["2025-09-01T08:00:00+00:00"]}, "must be while the course"),
        ("treatments", {"notes": [{"at": "2025-10-02T09:00:00+00:00"}]}, "notes must be a list"),
        ("treatments", {"stop_reason": "other"}, "needs a stop time"),
        ("treatments", {"start": "2025-10-01 08:00"}, "has no UTC offset"),
        ("relapses", {"ended": "2025-08-01T12:00:00Z"}, "relapse 2: A relapse cannot end before"),
        ("relapses", {"confirmed": "maybe"}, "confirmed must be true or false"),
        ("relapses", {"onset": "DROP"}, "every relapse needs its onset time"),
        ("aids", {"aid": "jetpack"}, "aid 2: 'jetpack' is not a aid"),
        ("aids", {"colour": "red"}, "unknown field 'colour'"),
        ("aids", {"start": "2099-01-01T00:00:00Z"}, "is in the future"),
    ],
)
def test_a_bad_record_names_itself_and_nothing_is_imported(
    run: Run,
    journal_path: Path,
    tmp_path: Path,
    family: str,
    changes: dict[str, Any],
    message: str,
) -> None:
    ok(run("log", "fatigue", "3"))
    before = dump(journal_path)
    data = exported(run)
    data["entries"][0]["uuid"] = "00000000-0000-4000-8000-000000000301"  # a new entry
    data[family] = [bad(family), bad(family, uuid=None, **changes)]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2, result.output
    noun = family[:-1]
    assert f"Nothing was imported: 1 {noun} is not valid ({noun} 2: " in result.stderr
    assert message in result.stderr
    assert dump(journal_path) == before


def test_a_course_running_twice_in_the_file_imports_nothing(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    ok(run("log", "fatigue", "3"))
    before = dump(journal_path)
    twice = [bad("treatments"), bad("treatments", uuid="00000000-0000-4000-8000-000000000499")]
    source = tmp_path / "twice.json"
    source.write_text(json.dumps({"format": "msjournal", "version": 2, "treatments": twice}))
    result = run("import", str(source))
    assert result.exit_code == 2 and "baclofen is already running" in result.stderr
    assert dump(journal_path) == before


# --- the CSV of each family ---------------------------------------------------------------


@pytest.mark.parametrize("family", TIMELINE_FAMILIES)
def test_each_family_has_its_own_csv_that_imports_back(
    run: Run, tmp_path: Path, family: str
) -> None:
    fill(run)
    target = tmp_path / f"{family}.csv"
    result = ok(run("export", "--table", family, "-o", str(target)))
    count = len(exported(run)[family])
    noun = family if count > 1 else family[:-1]
    assert result.stderr == f"Exported {count} {noun} to {target}.\n"
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == TIMELINE_CSV_HEADERS[family]
    other = tmp_path / "other.db"
    first = ok(run("--db", str(other), "import", str(target)))
    assert f"Imported {count} {noun} from CSV; skipped 0 already in the journal." in first.stderr
    again = ok(run("--db", str(other), "import", str(target)))
    assert f"Imported 0 {family} from CSV; skipped {count} already" in again.stderr
    assert (
        json.loads(ok(run("--db", str(other), "export", "-f", "json")).stdout)[family]
        == exported(run)[family]
    )


def test_the_treatments_csv_neutralises_formulas_and_joins_many_values(run: Run) -> None:
    fill(run)
    text = ok(run("export", "--table", "treatments", "--no-bom")).stdout
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    baclofen = rows[1]
    assert baclofen["dose"] == "'=10 mg"  # a spreadsheet shows it, never runs it
    missed = baclofen["missed"].split("; ")
    assert [m[:16] for m in missed] == ["2025-10-05T08:00", "2025-10-09T20:00"]
    first, second = baclofen["notes"].split("; 2025-10-07")
    assert first.endswith(" =HYPERLINK(1)") and second.endswith(" drowsy; better, later")
    relapses = ok(run("export", "--table", "relapses", "--no-bom")).stdout
    [relapse] = csv.DictReader(io.StringIO(relapses))
    assert (relapse["confirmed"], relapse["note"]) == ("yes", None or "")


def test_table_csv_with_nothing_and_misuse(run: Run) -> None:
    ok(run("log", "fatigue", "3"))
    empty = ok(run("export", "--table", "aids", "--no-bom"))
    assert empty.stdout_bytes == (",".join(tl.AID_FIELDS) + "\r\n").encode()
    assert "No aids match; only the header was written." in empty.stderr
    kind = run("export", "--table", "relapses", "--kind", "fall")
    assert kind.exit_code == 2 and "--kind chooses entries; a relapses CSV has none." in kind.stderr
    json_table = run("export", "-f", "json", "--table", "treatments")
    assert json_table.exit_code == 2 and "--table is for CSV" in json_table.stderr


# --- a hypothesis round trip of every record family ------------------------------------------

names = (
    st.text(alphabet="abcxyz=+-@' é", min_size=1, max_size=12)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


@st.composite
def any_treatment(draw: st.DrawFn) -> Treatment:
    start = draw(moments)
    days = draw(st.integers(0, 400))
    stopped = draw(st.booleans())
    stop = start + timedelta(days=days) if stopped else None
    within = st.integers(0, days * 86400).map(lambda s: start + timedelta(seconds=s))
    return tl.validate_treatment(
        Treatment(
            name=draw(names),
            treatment_class=draw(st.sampled_from(tl.CLASSES)),
            start=start,
            dose=draw(st.none() | names),
            stop=stop,
            stop_reason=draw(st.none() | st.sampled_from(tl.REASONS)) if stopped else None,
            missed=tuple(sorted(draw(st.lists(within, max_size=3)))),
            notes=tuple(sorted(draw(st.lists(st.tuples(within, notes), max_size=3)))),
            uuid=str(draw(st.uuids(version=4))),
            logged_at=start,
            updated_at=start + timedelta(minutes=draw(st.integers(0, 600))),
        )
    )


@st.composite
def any_relapse(draw: st.DrawFn) -> Relapse:
    onset = draw(moments)
    ended = draw(st.none() | st.integers(0, 90).map(lambda d: onset + timedelta(days=d)))
    return tl.validate_relapse(
        Relapse(
            onset=onset,
            ended=ended,
            confirmed=draw(st.booleans()),
            steroids=draw(st.booleans()),
            note=draw(st.none() | notes),
            uuid=str(draw(st.uuids(version=4))),
            logged_at=onset,
            updated_at=onset,
        )
    )


@st.composite
def any_aid(draw: st.DrawFn) -> Aid:
    start = draw(moments)
    stop = draw(st.none() | st.integers(0, 600).map(lambda d: start + timedelta(days=d)))
    return tl.validate_aid(
        Aid(
            aid=draw(st.sampled_from(tl.AID_NAMES)),
            start=start,
            used_for=draw(st.none() | st.sampled_from(tl.USES)),
            taught=draw(st.booleans()),
            stop=stop,
            uuid=str(draw(st.uuids(version=4))),
            logged_at=start,
            updated_at=start,
        )
    )


def export_everything(journal: Journal) -> str:
    """The JSON export as `export --format json` writes it."""
    out = io.StringIO(newline="")
    write_export_json(
        {
            "entries": journal.iter_records(Query(oldest_first=True)),
            **{name: journal.timeline_records(name[:-1]) for name in TIMELINE_FAMILIES},
            "scores": journal.iter_score_records(),
        },
        out,
    )
    return out.getvalue()


def import_text(journal: Journal, text: str, now: datetime) -> dict[str, tuple[int, int]]:
    _fmt, records = read_export(text)
    return journal.import_records(
        entries_from_records(records["entries"], now),
        scores_from_records(records["scores"], now),
        now,
        timeline={
            name: timeline_from_records(name, records[name], now) for name in TIMELINE_FAMILIES
        },
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(any_entry(), max_size=4, unique_by=lambda e: e.uuid),
    scores=st.lists(any_score(), max_size=4, unique_by=lambda s: s.uuid),
    # one running course per name and one aid in use per kind, as the journal keeps
    treatments=st.lists(any_treatment(), max_size=4, unique_by=lambda t: tl.squeezed(t.name)),
    relapses=st.lists(any_relapse(), max_size=3, unique_by=lambda r: r.uuid),
    aids=st.lists(any_aid(), max_size=4, unique_by=lambda a: a.aid),
)
def test_export_import_export_of_every_record_family_is_identical(
    found: list[Entry],
    scores: list[Score],
    treatments: list[Treatment],
    relapses: list[Relapse],
    aids: list[Aid],
) -> None:
    now = datetime(2028, 1, 1).astimezone()  # after every course's stop
    timeline = {"treatments": treatments, "relapses": relapses, "aids": aids}
    with tempfile.TemporaryDirectory() as folder:
        with open_journal(JournalPath(Path(folder) / "a.db", "env"), create=True) as first:
            first.import_records(found, scores, now, timeline=timeline)
            text = export_everything(first)
        with open_journal(JournalPath(Path(folder) / "b.db", "env"), create=True) as second:
            counts = import_text(second, text, now)
            sizes = {"entries": found, "scores": scores, **timeline}
            assert counts == {name: (len(sizes[name]), 0) for name in sizes}
            assert export_everything(second) == text
            # the same file again adds nothing
            assert import_text(second, text, now) == {name: (0, len(sizes[name])) for name in sizes}
            assert export_everything(second) == text
