"""The daily check-in typed into a real terminal (tmux), every key counted.

The promise (product.md, "Daily check-in"): a typical day, weakness 4 in the legs,
fatigue 5, no falls and a 20-minute walk, takes at most 30 keystrokes, counting
`msjournal today` and every Enter, when yesterday had a check-in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BIN = Path(sys.executable).parent
BUDGET = 30
WAIT = 10.0


class Terminal:
    """A shell in a tmux window of ``width`` columns, and a person typing into it."""

    def __init__(self, db: Path, width: int) -> None:
        self.session = f"msj-{uuid.uuid4().hex[:8]}"
        self.keys = 0
        env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "HOME": str(db.parent),
            "MSJOURNAL_DB": str(db),
            "NO_COLOR": "1",
            "TERM": "xterm",
            "PS1": "$ ",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
        }
        subprocess.run(
            [
                "tmux",
                "-L",
                self.session,
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                str(width),
                "-y",
                "40",
                "env",
                "-i",
                *(f"{k}={v}" for k, v in env.items()),
                "bash",
                "--norc",
                "--noprofile",
            ],
            check=True,
        )
        self.wait_for("$ ")

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "-L", self.session, "capture-pane", "-p", "-J", "-t", self.session],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"never saw {text!r}; the screen had:\n{self.screen()}")

    def type(self, text: str) -> None:
        """Type ``text`` one key at a time, then Enter: every key is counted."""
        for key in text:
            subprocess.run(
                ["tmux", "-L", self.session, "send-keys", "-t", self.session, "-l", key], check=True
            )
            self.keys += 1
        subprocess.run(
            ["tmux", "-L", self.session, "send-keys", "-t", self.session, "Enter"], check=True
        )
        self.keys += 1

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.session, "kill-server"], check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    db = tmp_path / "journal.db"
    msjournal = str(BIN / "msjournal")
    subprocess.run(  # yesterday's check-in: other ratings, the same places and walk
        [
            msjournal,
            "--db",
            str(db),
            "today",
            "--day",
            "yesterday",
            "--weakness",
            "3",
            "--where",
            "legs",
            "--fatigue",
            "6",
            "--falls",
            "0",
            "--exercise",
            "20 walk",
        ],
        check=True,
        capture_output=True,
    )
    opened: list[Terminal] = []

    def start(width: int) -> Terminal:
        opened.append(Terminal(db, width))
        return opened[-1]

    yield start, db  # type: ignore[misc]
    for one in opened:
        one.close()


def readme_session() -> list[str]:
    """The check-in the README shows, line by line (after its `$ msjournal today`)."""
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = text.split("```console\n$ msjournal today\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


def today_entries(db: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(BIN / "msjournal"), "--db", str(db), "list", "--from", "today", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(result.stdout))


@pytest.mark.parametrize("width", [40, 80])
def test_a_typical_day_takes_at_most_30_keystrokes(terminal: object, width: int) -> None:
    start, db = terminal  # type: ignore[misc]
    term: Terminal = start(width)
    term.type("msjournal today")
    term.wait_for("Weakness today, 0-10? [3]")
    term.type("4")
    term.wait_for("Where? [legs]")
    term.type("")  # Enter: legs, as yesterday
    term.wait_for("Fatigue today, 0-10? [6]")
    term.type("5")
    term.wait_for("Falls? (0, 1 fall, 2 near)")
    term.type("0")
    term.wait_for("[20 walking]")
    term.type("")  # Enter: the same walk
    term.wait_for("Note? (Enter to finish)")
    term.type("")
    shown = term.wait_for("Checked in today")
    assert term.keys <= BUDGET, f"{term.keys} keystrokes"
    assert "weakness 4/10 (legs), fatigue 5/10, no falls, 20 min walking" in " ".join(shown.split())
    for line in shown.splitlines():
        assert len(line) <= width, line
    if width == 80:  # the README shows this very session
        lines = [line.rstrip() for line in shown.splitlines()]
        for line in readme_session():
            assert line in lines, f"README line not on the screen: {line!r}"
    made = sorted((e["kind"], e["severity"], e["minutes"]) for e in today_entries(db))
    assert made == [("exercise", None, 20), ("fatigue", 5, None), ("weakness", 4, None)]


def test_a_reflexive_enter_never_records_a_fall(terminal: object) -> None:
    start, db = terminal  # type: ignore[misc]
    term: Terminal = start(40)
    term.type("msjournal today")
    for question in ("Weakness today", "Where?", "Fatigue today"):
        term.wait_for(question)
        term.type("")
    term.wait_for("Falls? (0, 1 fall, 2 near)")
    term.type("")  # Enter is no answer to falls
    term.wait_for("Please answer")
    term.type("0")
    for question in ("Exercise?", "Note?"):
        term.wait_for(question)
        term.type("")
    term.wait_for("Checked in today")
    assert not [e for e in today_entries(db) if e["kind"] == "fall"]


def test_ctrl_c_saves_nothing_of_the_day(terminal: object) -> None:
    start, db = terminal  # type: ignore[misc]
    term: Terminal = start(40)
    term.type("msjournal today")
    term.wait_for("Weakness today")
    term.type("5")
    term.wait_for("Where?")
    term.type("")
    term.wait_for("Fatigue today")
    subprocess.run(["tmux", "-L", term.session, "send-keys", "-t", term.session, "C-c"], check=True)
    term.wait_for("Nothing was changed.")
    term.type("echo status=$?")
    term.wait_for("status=130")
    assert today_entries(db) == []
