"""Questions at a real terminal: the installed msjournal in a pseudo-terminal, 40 columns wide.

CliRunner cannot show what a person sees: the echo of what they type, Enter, Ctrl-C
turned into a signal by the terminal. These tests type into a real pty.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

MSJOURNAL = shutil.which("msjournal", path=str(Path(sys.executable).parent)) or "msjournal"
WAIT = 8.0  # seconds to wait for any one piece of output


def take_terminal() -> None:
    """In the child, after setsid: make the pty its controlling terminal, so that
    Ctrl-C typed there interrupts it as it would a person's shell."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Person:
    """msjournal running in a pseudo-terminal of 40 columns, and someone typing."""

    def __init__(self, db: Path, *args: str) -> None:
        self.db = db
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 20, 40, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "MSJOURNAL_DB")}
        env.update(MSJOURNAL_DB=str(db), NO_COLOR="1", COLUMNS="40", TERM="xterm")
        self.process = subprocess.Popen(
            [MSJOURNAL, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=take_terminal,  # the child is msjournal: no threads yet
        )
        os.close(slave)
        self.seen = ""
        self.mark = 0  # where the text last waited for ended

    def wait_for(self, text: str, wait: float = WAIT) -> str:
        """Read until ``text`` has appeared (after what was already waited for)."""
        deadline = time.monotonic() + wait
        while text not in self.seen[self.mark :]:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"never saw {text!r}; the screen had:\n{self.seen}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"msjournal ended before {text!r}:\n{self.seen}")
            self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        self.mark = self.seen.index(text, self.mark) + len(text)
        return self.seen

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self) -> int:
        """The exit status, once all output is read."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
            elif self.process.poll() is not None:
                break
        return self.process.wait(timeout=WAIT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT)
        os.close(self.master)


@pytest.fixture
def person(tmp_path: Path) -> Iterator[Any]:
    started: list[Person] = []

    def start(*args: str) -> Person:
        started.append(Person(tmp_path / "journal.db", *args))
        return started[-1]

    yield start
    for one in started:
        one.close()


def stored(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    result = subprocess.run(
        [MSJOURNAL, "--db", str(db), "list", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def too_wide(seen: str, *typed: str) -> list[str]:
    """msjournal's lines wider than 40 columns (what the person typed left out)."""
    lines = [line.rstrip() for line in seen.split("\n")]
    for answer in typed:
        lines = [line.removesuffix(answer).rstrip() for line in lines]
    return [line for line in lines if len(line) > 40]


def test_the_required_question_comes_first_then_did_you_mean(person: Any) -> None:
    term = person("log", "weakness", "5", "--activity", "dresing")
    seen = term.wait_for("Where? (legs, feet, arms, … ? for all) ")
    assert "dresing" not in seen  # the required question first
    term.type("legs\r")
    term.wait_for("'dresing' is not an activity")
    term.wait_for("Did you mean dressing? [Y/n] ")
    term.type("\r")  # Enter alone is yes
    assert term.finish() == 0, term.seen
    assert "Saved entry 1" in term.seen
    assert too_wide(term.seen, "legs") == []
    [entry] = stored(term.db)
    assert (entry["regions"], entry["activities"]) == (["legs"], ["dressing"])


def test_three_empty_answers_to_a_required_question_save_nothing(person: Any) -> None:
    term = person("log", "weakness", "5")
    for _ in range(3):
        term.wait_for("Where? (")
        term.type("\r")
    term.wait_for("Nothing was saved.")
    assert term.finish() == 2, term.seen
    assert term.seen.count("Please answer, or press Ctrl-C to stop.") == 2
    assert stored(term.db) == []
    assert not term.db.exists()


@pytest.mark.parametrize("args", [("log", "weakness"), ("log", "fall")], ids=" ".join)
def test_ctrl_c_at_a_question_saves_nothing_and_exits_130(person: Any, args: tuple[str]) -> None:
    term = person(*args)
    term.wait_for("? ")
    for _ in range(3):
        # Python's input() can miss a SIGINT that arrives the instant before it
        # starts waiting for a key (a person would press Ctrl-C again): so do we.
        time.sleep(0.2)
        term.type("\x03")
        try:
            term.wait_for("Stopped. Nothing was saved.", wait=2)
            break
        except AssertionError:
            continue
    assert "Stopped. Nothing was saved." in term.seen
    assert term.finish() == 130, term.seen
    assert "Traceback" not in term.seen
    assert not term.db.exists()


def test_export_to_the_screen_says_how_to_save_it(person: Any) -> None:
    logging = person("log", "fatigue", "3")
    logging.wait_for("Saved entry 1")
    assert logging.finish() == 0
    exporting = person("export")
    assert exporting.finish() == 0
    assert "kind,date,time" in exporting.seen.replace("\ufeff", "")
    assert "msjournal export -o visit.csv" in " ".join(exporting.seen.split())
