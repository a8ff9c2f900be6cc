"""No silent surprises that only a real process shows: a reader that goes away
(`msjournal report | head -1`), Ctrl-C while msjournal works, a terminal that
cannot show an arrow. The installed console script, as people run it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from msjournal.db import open_journal
from msjournal.entries import Entry
from msjournal.paths import JournalPath

MSJOURNAL = Path(sys.executable).parent / "msjournal"
TIMEOUT = 60


def child_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MSJOURNAL_DB", "FORCE_COLOR")}
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1", **changes)
    return env


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten years of entries: every listing and report of it is far more than a pipe holds."""
    path = tmp_path_factory.mktemp("big") / "journal.db"
    start = datetime(2017, 1, 1, 9, 0).astimezone()
    found = [
        Entry(
            kind="fatigue",
            at=start + timedelta(hours=30 * i),
            severity=i % 11,
            fatigue_type="both",
            uuid=str(uuid.uuid4()),
        )
        for i in range(3000)
    ]
    with open_journal(JournalPath(path, "option"), create=True) as journal:
        journal.import_entries(found, datetime.now().astimezone())
    return path


def first_line_then_gone(db: Path, *args: str) -> tuple[int, bytes, str]:
    """Run msjournal, read one line of its output, and close the pipe, as `head -1`
    does: its exit status, the line, and what it said on stderr."""
    child = subprocess.Popen(
        [str(MSJOURNAL), "--db", str(db), *args],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    line = child.stdout.readline()
    child.stdout.close()  # the reader goes away
    errors = child.stderr.read().decode()
    return child.wait(timeout=TIMEOUT), line, errors


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--from", "2017-01-01"),
        ("report", "--from", "2017-01-01", "--format", "json"),
        ("list", "-n", "3000", "--format", "json"),
        ("list", "-n", "3000", "--format", "csv"),
        ("export",),
        ("export", "--format", "json"),
    ],
    ids=" ".join,
)
def test_a_reader_that_goes_away_ends_it_quietly_with_status_0(big: Path, args: tuple[str]) -> None:
    status, line, errors = first_line_then_gone(big, *args)
    assert line  # it had begun
    assert (status, errors) == (0, "")


def test_a_table_listing_to_a_reader_that_goes_away_ends_with_status_0(big: Path) -> None:
    """The table reaches the pipe in one write, of which the system may accept part
    without an error: then msjournal cannot know, and still says how many it listed."""
    status, _, errors = first_line_then_gone(big, "list", "-n", "3000")
    assert status == 0
    assert errors in ("", "3000 entries, newest first.\n")


@pytest.mark.parametrize("command", ["report --from 2017-01-01", "list -n 3000 --format json"])
def test_piped_into_head_the_status_is_0(big: Path, command: str) -> None:
    script = f'set -o pipefail; "$MSJ" --db "$DB" {command} | head -1 >/dev/null'
    result = subprocess.run(
        ["bash", "-c", script],
        env=child_env(MSJ=str(MSJOURNAL), DB=str(big)),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_ctrl_c_while_importing_stops_with_130_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    child = subprocess.Popen(
        [str(MSJOURNAL), "--db", str(db), "import", "-"],
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None
    # More than a pipe holds: once written, msjournal is inside the command reading it.
    child.stdin.write(b"[" + b" " * 400_000)
    child.stdin.flush()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 130, err
    assert err.decode().strip() == "Stopped. Nothing more was changed."
    assert out == b""
    assert not db.exists()


def test_the_change_arrow_is_ascii_where_the_terminal_cannot_show_it(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    logged = subprocess.run(
        [MSJOURNAL, "--db", db, "log", "fatigue", "4"],
        env=child_env(),
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert logged.returncode == 0
    edited = subprocess.run(
        [MSJOURNAL, "--db", db, "edit", "1", "--severity", "5"],
        env=child_env(PYTHONIOENCODING="ascii"),
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert (edited.returncode, edited.stderr) == (0, b"Updated entry 1: severity 4 -> 5.\n")
