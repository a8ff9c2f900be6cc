"""The everyday log path stays lean: it imports only what it needs (no timing here).

Speed itself is measured by benchmarks/run.py; this checks the cause that matters
most for start-up: which modules a real `msjournal log ...` process imports.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("rich", "sqlite_utils", "dateutil", "pydantic", "platformdirs")


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages a real `python -m msjournal ...` process imports."""
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "msjournal",
            "--db",
            str(tmp_path / "j.db"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", result.stderr, re.M)
    return {name.split(".")[0] for name in names}


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "msjournal", "--db", str(tmp_path / "j.db"), "log", "fatigue", "3"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return tmp_path


def test_log_imports_nothing_heavy(journal: Path) -> None:
    modules = imported(journal, "log", "weakness", "5", "--where", "legs")
    assert "msjournal" in modules  # the check itself works
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_log_with_a_plain_time_does_not_need_dateutil(journal: Path) -> None:
    modules = imported(journal, "log", "weakness", "5", "--where", "legs", "--at", "yesterday 9am")
    assert "dateutil" not in modules


def test_a_written_date_does_use_dateutil(journal: Path) -> None:
    """The other side of the check above: dateutil is there when it is needed."""
    modules = imported(journal, "log", "weakness", "5", "--where", "legs", "--at", "1 nov 3pm")
    assert "dateutil" in modules


def test_help_is_plain_and_needs_no_rich(journal: Path) -> None:
    assert "rich" not in imported(journal, "--help")


def test_report_uses_rich_but_not_sqlite_utils(journal: Path) -> None:
    modules = imported(journal, "report")
    assert "rich" in modules
    assert not modules & {"sqlite_utils", "pydantic"}
