"""Everyday time phrases through the commands, with the clock frozen.

A date without a year is its most recent occurrence that is not in the future,
for --at, --from and --to, in log, list, report and export alike: on the first
days of January, "1 dec" is last December.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import Result

CLI_MODULES = ("common", "log", "browse", "report", "data")


@pytest.fixture
def freeze(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Make every command see ``moment`` as now."""

    def set_clock(moment: datetime) -> None:
        import importlib

        for name in CLI_MODULES:
            module = importlib.import_module(f"msjournal.cli.{name}")
            if hasattr(module, "now"):
                monkeypatch.setattr(module, "now", lambda: moment)

    return set_clock


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("day", [1, 2, 3, 4, 5])
def test_a_date_without_a_year_is_last_year_in_early_january(
    day: int, run: Callable[..., Result], freeze: Callable[[datetime], None]
) -> None:
    freeze(datetime(2027, 1, day, 10, 0).astimezone())
    ok(run("log", "weakness", "6", "--where", "legs", "--at", "1 dec"))
    ok(run("log", "fatigue", "4", "--at", "31 dec 11pm"))
    ok(run("log", "exercise", "20min", "--type", "walk", "--at", "dec 31 9am"))

    listed = json.loads(
        ok(run("list", "--from", "1 dec", "--to", "31 dec", "--format", "json")).stdout
    )
    assert sorted(entry["at"][:16] for entry in listed) == [
        "2026-12-01T12:00",
        "2026-12-31T09:00",
        "2026-12-31T23:00",
    ]
    assert [entry["minutes"] for entry in listed if entry["kind"] == "exercise"] == [20]

    exported = ok(run("export", "--from", "1 dec", "--format", "csv")).stdout
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert len(rows) == 3

    report = json.loads(
        ok(run("report", "--from", "1 nov", "--to", "31 dec", "--format", "json")).stdout
    )
    assert (report["period"]["start"], report["period"]["end"]) == ("2026-11-01", "2026-12-31")
    assert report["weakness"]["entries"] == 1
    assert report["fatigue"]["entries"] == 1


def test_the_stored_time_is_echoed_after_a_corrected_word(
    run: Callable[..., Result], freeze: Callable[[datetime], None]
) -> None:
    freeze(datetime(2026, 12, 1, 14, 30).astimezone())
    result = ok(run("log", "fatigue", "3", "--at", "yesterdy evening"))
    assert "Mon 30 Nov 19:00" in result.output


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("this morning", "2026-12-01T09:00"),
        ("last night", "2026-11-30T22:00"),
        ("two days ago", "2026-11-29T12:00"),
        ("half an hour ago", "2026-12-01T14:00"),
        ("2026/11/20", "2026-11-20T12:00"),
        ("30/11", "2026-11-30T12:00"),
        ("1030", "2026-12-01T10:30"),
        ("17:32.19 yesterday", "2026-11-30T17:32:19"),
    ],
)
def test_log_at_stores_what_was_meant(
    typed: str, stored: str, run: Callable[..., Result], freeze: Callable[[datetime], None]
) -> None:
    freeze(datetime(2026, 12, 1, 14, 30).astimezone())
    saved = json.loads(ok(run("log", "fatigue", "3", "--at", typed, "--format", "json")).stdout)
    assert saved["at"].startswith(stored)


def test_refused_phrases_save_nothing_and_show_forms_that_work(
    run: Callable[..., Result], freeze: Callable[[datetime], None], journal_path: Path
) -> None:
    freeze(datetime(2026, 12, 1, 14, 30).astimezone())
    result = run("log", "fatigue", "3", "--at", "the other day")
    assert result.exit_code == 2
    assert "vague" in result.output
    result = run("log", "fatigue", "3", "--at", "3/11")
    assert result.exit_code == 2
    assert "day or month first?" in result.output
    assert not journal_path.exists()
