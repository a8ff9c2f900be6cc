"""msjournal as people run it: the installed console script, in real processes."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import msjournal

MSJOURNAL = Path(sys.executable).parent / "msjournal"
TIMEOUT = 30


def child_env(**changes: str | None) -> dict[str, str]:
    """The test's environment, without colour, 100 columns wide, without MSJOURNAL_DB."""
    env = {k: v for k, v in os.environ.items() if k not in ("MSJOURNAL_DB", "FORCE_COLOR")}
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def msj(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: Any = subprocess.DEVNULL,
    **kwargs: Any,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MSJOURNAL), *args],
        env=child_env() if env is None else env,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def listed(db: Path) -> list[dict[str, Any]]:
    result = msj("--db", str(db), "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_console_script_is_installed() -> None:
    assert MSJOURNAL.is_file()
    assert os.access(MSJOURNAL, os.X_OK)


def test_console_script_logs_and_lists(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    logged = msj("--db", str(db), "log", "weakness", "6", "--where", "legs,left-hand", "-t", "Heat")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout == ""  # messages go to stderr; stdout is for data
    started, saved = logged.stderr.splitlines()  # the first entry starts the journal
    assert started == f"Started a new journal at {db}."
    assert saved.startswith("Saved entry 1:")

    [entry] = listed(db)
    assert entry["id"] == 1
    assert entry["kind"] == "weakness"
    assert entry["severity"] == 6
    assert entry["regions"] == ["legs", "left-hand"]
    assert entry["tags"] == ["heat"]

    table = msj("--db", str(db), "list")
    assert table.returncode == 0, table.stderr
    assert "weakness 6/10" in table.stdout
    assert "Traceback" not in table.stderr


def test_console_script_uses_msjournal_db_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = child_env(MSJOURNAL_DB=str(db), XDG_DATA_HOME=str(tmp_path / "xdg"))
    logged = msj("log", "exercise", "30", "--type", "walking", "--format", "json", env=env)
    assert logged.returncode == 0, logged.stderr
    assert json.loads(logged.stdout)["minutes"] == 30
    assert db.is_file()
    assert not (tmp_path / "xdg").exists()
    found = msj("list", "--format", "json", env=env)
    assert [e["exercise_type"] for e in json.loads(found.stdout)] == ["walking"]


def test_python_dash_m_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "msjournal", "--version"],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"msjournal {msjournal.__version__}"
    assert msj("--version").stdout == result.stdout


# --- private files whatever the umask ------------------------------------------------


def test_files_are_private_under_umask_000(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    env = child_env(XDG_DATA_HOME=str(xdg), MSJOURNAL_DB=None)
    where = msj("path", env=env)
    folder = xdg / "msjournal"
    db = folder / "journal.db"
    assert where.stdout.strip() == str(db)

    first = msj("log", "fatigue", "7", env=env, preexec_fn=lambda: os.umask(0))
    assert first.returncode == 0, first.stderr
    assert mode(xdg) == 0o700
    assert mode(folder) == 0o700
    assert mode(db) == 0o600
    assert [p.name for p in folder.iterdir()] == ["journal.db"]  # no temp files left

    # Hold the journal open so its -wal and -shm stay while another process writes.
    old = os.umask(0)
    try:
        holder = sqlite3.connect(db)
        holder.execute("BEGIN")
        assert holder.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
        holder.execute("COMMIT")
    finally:
        os.umask(old)
    try:
        second = msj("log", "weakness", "4", "-w", "feet", env=env, preexec_fn=lambda: os.umask(0))
        assert second.returncode == 0, second.stderr
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600
        assert mode(db) == 0o600
        assert holder.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    finally:
        holder.close()


def test_umask_000_through_a_shell(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    env = child_env(XDG_DATA_HOME=str(xdg), MSJOURNAL_DB=None)
    result = subprocess.run(
        ["sh", "-c", f"umask 000; exec '{MSJOURNAL}' log fall --place kitchen"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert mode(xdg / "msjournal") == 0o700
    assert mode(xdg / "msjournal" / "journal.db") == 0o600


@pytest.mark.slow
def test_processes_creating_and_logging_at_once_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "new" / "journal.db"
    children = [
        subprocess.Popen(
            [str(MSJOURNAL), "--db", str(db), "log", "weakness", str(n), "--where", "legs"],
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    starters = 0
    for child in children:
        _out, err = child.communicate(timeout=TIMEOUT)
        assert child.returncode == 0, err
        if err.startswith(f"Started a new journal at {db}.\n"):  # the one that made it
            starters += 1
            err = err.split("\n", 1)[1]
        assert err.startswith("Saved entry ")
    # Only the one whose journal is used: racers that built one too and found
    # another in place threw theirs away, and say nothing of it.
    assert starters == 1
    found = listed(db)
    assert sorted(e["id"] for e in found) == list(range(1, 9))
    assert sorted(e["severity"] for e in found) == list(range(8))
    assert len({e["uuid"] for e in found}) == 8
    assert [p.name for p in db.parent.iterdir()] == ["journal.db"]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# --- no journal yet ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "1"],
        ["edit", "1", "--severity", "3"],
        ["delete", "1", "--yes"],
        ["undo", "--yes"],
    ],
    ids=" ".join,
)
def test_reading_a_missing_journal_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "journal.db"
    result = msj("--db", str(missing), *command)
    assert result.returncode == 1
    assert "no journal yet" in result.stderr
    assert str(missing) in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert tree(tmp_path) == []


def test_reading_a_missing_journal_from_the_environment_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "journal.db"
    result = msj("list", env=child_env(MSJOURNAL_DB=str(missing)))
    assert result.returncode == 1
    assert "no journal yet" in result.stderr
    assert tree(tmp_path) == []


# --- errors: a message, never a traceback (unless --debug) ---------------------------------


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "1"], ["log", "weakness", "5", "--where", "legs"], ["log", "fall"]],
    ids=" ".join,
)
def test_zero_byte_file_is_an_error_without_traceback(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    result = msj("--db", str(db), *command)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "empty file" in result.stderr
    assert 1 <= len(result.stderr.strip().splitlines()) <= 2
    assert result.stdout == ""
    assert db.stat().st_size == 0
    assert tree(tmp_path) == ["empty.db"]


def test_debug_shows_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    result = msj("--debug", "--db", str(db), "list")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "NotAJournal" in result.stderr
    assert db.stat().st_size == 0
    assert tree(tmp_path) == ["empty.db"]


def test_not_an_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n")
    result = msj("--db", str(db), "log", "weakness", "5", "--where", "legs")
    assert result.returncode == 1
    assert "not an msjournal journal" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_text() == "my notes\n"
    assert tree(tmp_path) == ["notes.txt"]


def test_newer_journal_is_refused_by_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert msj("--db", str(db), "log", "fatigue", "3").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    for command in (["list"], ["log", "fatigue", "4"]):
        result = msj("--db", str(db), *command)
        assert result.returncode == 1
        assert "newer msjournal" in result.stderr
        assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_invalid_input_is_status_2_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    for command in (
        ["log", "weakness", "11", "--where", "legs"],
        ["log", "weakness", "5", "--where", "tail"],
        ["log", "exercise", "30", "--type", "walking", "--at", "tomorrow 9am"],
    ):
        result = msj("--db", str(db), *command)
        assert result.returncode == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.strip()
    assert tree(tmp_path) == []


# --- asking for what is missing -------------------------------------------------------------


class Terminal:
    """A child process whose stdin, stdout and stderr are a real pseudo-terminal."""

    def __init__(self, args: Sequence[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            list(args),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""

    def read_until(self, text: str, times: int = 1, timeout: float = 15) -> str:
        """Read the terminal until ``text`` has appeared ``times`` times in all."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while self.output.count(wanted) < times:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never saw {text!r}; got {self.output!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"never saw {text!r}; got {self.output!r}")
            self.output += chunk
        return self.output.decode(errors="replace")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def finish(self) -> tuple[int, str]:
        while True:
            ready, _, _ = select.select([self.master], [], [], TIMEOUT)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
        code = self.process.wait(timeout=TIMEOUT)
        return code, self.output.decode(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        os.close(self.master)


@pytest.fixture
def terminal_run() -> Iterator[Any]:
    opened: list[Terminal] = []

    def start(*args: str, env: dict[str, str]) -> Terminal:
        term = Terminal([str(MSJOURNAL), *args], env)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


@pytest.mark.slow
def test_prompts_for_missing_values_at_a_terminal(tmp_path: Path, terminal_run: Any) -> None:
    db = tmp_path / "j.db"
    term = terminal_run("--db", str(db), "log", "weakness", env=child_env())
    term.read_until("How weak, 0 (none) to 10 (worst)?")
    term.type("6")
    term.read_until("Where? (legs, feet, arms, … ? for all)")  # the choices, compactly
    term.type("legs")
    code, output = term.finish()
    assert code == 0, output
    assert "Saved entry 1" in output
    assert "Traceback" not in output

    [entry] = listed(db)
    assert (entry["kind"], entry["severity"], entry["regions"]) == ("weakness", 6, ["legs"])


@pytest.mark.slow
def test_a_wrong_answer_is_asked_again(tmp_path: Path, terminal_run: Any) -> None:
    db = tmp_path / "j.db"
    term = terminal_run("--db", str(db), "log", "weakness", "--where", "arms", env=child_env())
    question = "How weak, 0 (none) to 10 (worst)?"
    term.read_until(question)
    term.type("eleven")
    term.read_until("must be a whole number from 0 to 10; got 'eleven'.")
    term.read_until(question, times=2)
    term.type("11")
    term.read_until("got 11.")
    term.read_until(question, times=3)
    term.type("3")
    code, output = term.finish()
    assert code == 0, output
    assert output.count(question) == 3
    assert "Saved entry 1" in output
    [entry] = listed(db)
    assert (entry["severity"], entry["regions"]) == (3, ["arms"])


@pytest.mark.parametrize(
    ("command", "missing"),
    [
        (["log", "weakness"], "Missing severity"),
        (["log", "weakness", "6"], "Missing where the weakness is"),
        (["log", "fatigue"], "Missing severity"),
        (["log", "exercise", "20"], "Missing the exercise type"),
        (["log", "exercise", "--type", "yoga"], "Missing minutes"),
    ],
    ids=" ".join,
)
def test_without_a_terminal_a_missing_value_is_status_2(
    tmp_path: Path, command: list[str], missing: str
) -> None:
    db = tmp_path / "j.db"
    result = msj("--db", str(db), *command, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert tree(tmp_path) == []


def test_without_a_terminal_nothing_is_added_to_an_existing_journal(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert msj("--db", str(db), "log", "fatigue", "5").returncode == 0
    result = msj("--db", str(db), "log", "weakness", stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert len(listed(db)) == 1


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    """`msjournal list --format json | head -1` must not complain."""
    from datetime import datetime, timedelta

    from msjournal.db import open_journal
    from msjournal.entries import Entry
    from msjournal.paths import JournalPath

    db = tmp_path / "journal.db"
    start = datetime(2026, 1, 1, 9, 0).astimezone()
    with open_journal(JournalPath(db, "option"), create=True) as journal:
        for day in range(1500):
            at = start + timedelta(hours=day)
            journal.add(Entry(kind="fatigue", at=at, severity=3, fatigue_type="both"), at)
    child = subprocess.Popen(
        [str(MSJOURNAL), "--db", str(db), "list", "--format", "json"],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().strip() == b"["
    child.stdout.close()  # the reader goes away, like `head`
    errors = child.stderr.read().decode()
    child.wait(timeout=TIMEOUT)
    assert "Error" not in errors and "Traceback" not in errors, errors
