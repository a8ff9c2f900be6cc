"""A questionnaire typed item by item at a real terminal, 40 columns wide.

The installed msjournal runs in a pseudo-terminal (see test_prompts_pty.py): what a
person sees is each item's number and range, never its wording.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from .test_prompts_pty import MSJOURNAL, person, too_wide

__all__ = ["person"]  # the fixture, shared with test_prompts_pty


def scores(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    result = subprocess.run(
        [MSJOURNAL, "--db", str(db), "scores", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_fss_item_by_item_with_a_slip_and_going_back(person: Any) -> None:
    term = person("score", "fss")
    answers = ["5", "6", "4", "7", "3", "5", "6", "4", "3"]
    term.wait_for("FSS item 1 of 9 (1-7): ")
    term.type("5\r")
    term.wait_for("FSS item 2 of 9 (1-7): ")
    term.type("9\r")  # a slip: asked again
    term.wait_for("Item 2 is 9; FSS items are 1-7.")
    term.wait_for("FSS item 2 of 9 (1-7): ")
    term.type("6\r")
    term.wait_for("FSS item 3 of 9 (1-7): ")
    term.type("1\r")
    term.wait_for("FSS item 4 of 9 (1-7): ")
    term.type("b\r")  # back to item 3
    term.wait_for("FSS item 3 of 9 (1-7): ")
    for number, answer in enumerate(answers[2:], start=3):
        if number > 3:
            term.wait_for(f"FSS item {number} of 9 (1-7): ")
        term.type(f"{answer}\r")
    term.wait_for("Saved FSS score 4.8")
    assert term.finish() == 0, term.seen
    assert too_wide(term.seen, *answers, "9", "1", "b") == []
    # what was on the screen, messages taken out: the questions, and nothing else
    text = " ".join(term.seen.split())
    text = re.sub(r"Started a new journal at .*?journal\.db\.", "", text)
    for message in (
        "Type each FSS answer from your form. b goes back; Ctrl-C stops.",
        "Item 2 is 9; FSS items are 1-7.",
        "Saved FSS score 4.8 (mean of 4 or more: commonly read as significant fatigue), id 1.",
    ):
        text = text.replace(message, "")
    text = re.sub(r"FSS item \d of 9 \(1-7\): [0-9b]", "", text)
    assert text.strip() == ""  # no item wording, nothing else at all
    [saved] = scores(term.db)
    assert saved["responses"] == [5, 6, 4, 7, 3, 5, 6, 4, 3]


def test_ctrl_c_at_an_item_saves_nothing_and_exits_130(person: Any) -> None:
    term = person("score", "msws12")
    term.wait_for("MSWS-12 item 1 of 12 (1-5): ")
    term.type("2\r")
    term.wait_for("MSWS-12 item 2 of 12 (1-5): ")
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
    assert not term.db.exists()
