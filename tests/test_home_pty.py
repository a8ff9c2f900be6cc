"""The home-safety checklist asked at a real terminal, 40 columns wide.

The installed msjournal runs in a pseudo-terminal (see test_prompts_pty.py): one
short question an item, Enter keeping the last check's answer, Ctrl-C saving
nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from msjournal import home

from .test_prompts_pty import MSJOURNAL, person, too_wide

__all__ = ["person"]  # the fixture, shared with test_prompts_pty


def msjournal(db: Path, *args: str) -> str:
    return subprocess.run(
        [MSJOURNAL, "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        stdin=subprocess.DEVNULL,
    ).stdout


def test_enter_keeps_each_answer_of_the_last_check(person: Any, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    msjournal(db, "home", "check", "--no", "rugs", "--na", "stairs", "--at", "2026-11-09 15:00")
    term = person("home", "check")
    term.wait_for("Enter keeps your answer")
    typed = []
    for k in range(len(home.ITEMS)):
        term.wait_for("time)")  # the question's end: '(Enter: yes, as last time)'
        key = "y" if k == 0 else ""  # the first item typed, every other one kept
        typed.append(key)
        term.type(key + "\r")
    term.wait_for("Saved home check 2")
    assert term.finish() == 0, term.seen
    words = " ".join(term.seen.split())
    assert "Saved home check 2: 1 open hazard (floors)." in words
    assert "Rugs fixed down, or none loose? [y/n/-] (Enter: no, as last time)" in words
    assert "(Enter: not applicable, as last time)" in words
    # what Enter kept is said on a line of its own
    assert re.search(r"^  no, as last time\r?$", term.seen, re.M), term.seen
    assert re.search(r"^  not applicable, as last time\r?$", term.seen, re.M), term.seen
    assert not too_wide(term.seen, *typed), too_wide(term.seen, *typed)
    hazards = json.loads(msjournal(db, "home", "list", "--format", "json"))
    assert [(h["id"], h["since"]) for h in hazards] == [("floors-rugs", "2026-11-09")]
    checks = json.loads(msjournal(db, "home", "list", "--all", "--format", "json"))
    assert checks[1]["answers"]["stairs-rails"] == "na"


def test_ctrl_c_in_the_middle_saves_nothing(person: Any, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    msjournal(db, "home", "check", "--yes", "--at", "2026-11-09 15:00")
    term = person("home", "check")
    term.wait_for("[y/n/-]")
    term.type("n\r")
    term.wait_for("[y/n/-]")
    for _ in range(3):
        time.sleep(0.2)  # see test_prompts_pty: a SIGINT the instant before input() is lost
        term.type("\x03")
        try:
            term.wait_for("Stopped. Nothing was saved.", wait=2)
            break
        except AssertionError:
            continue
    assert term.finish() == 130, term.seen
    assert "Traceback" not in term.seen
    assert len(json.loads(msjournal(db, "home", "list", "--all", "--format", "json"))) == 1
