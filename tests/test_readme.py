"""The README tells the truth: its tour is real output, its commands match CI.

Regenerate the tour after changing output: UPDATE_README=1 pytest tests/test_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msjournal import vocab
from msjournal.cli import app
from msjournal.db import SCALAR_COLUMNS
from msjournal.export import CSV_HEADER

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TOUR = re.compile(r"(<!-- tour:start -->\n```console\n)(.*?)(```\n<!-- tour:end -->)", re.S)
COMMAND = re.compile(r"^\$ (msjournal .*)$", re.M)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# when an entry was logged or changed: the moment the tour ran
LOGGED = re.compile(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d(?=[,\s]|$)", re.M)


def masked(text: str) -> str:
    """The tour with what differs from run to run (uuids, logging times) masked."""
    text = UUID.sub("<uuid>", text)
    lines = []
    for line in text.split("\n"):
        label = re.match(r"^ (Logged|Last changed) ", line)
        if label:
            line = label.group(0) + "<logged>"
        lines.append(LOGGED.sub("<logged>", line) if line[:1].isdigit() else line)
    return "\n".join(lines)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tour runs in one fixed time zone, so its offsets read the same anywhere."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def render_tour(commands: list[str]) -> str:
    runner = CliRunner()
    out: list[str] = []
    for command in commands:
        args = shlex.split(command)[1:]
        result = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"})
        assert result.exit_code == 0, (command, result.output)
        out.append(f"$ {command}\n{result.output}")
    return "".join(out)


@pytest.mark.usefixtures("berlin")
def test_the_tour_is_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    found = TOUR.search(text)
    assert found, "README needs a tour block"
    commands = COMMAND.findall(found.group(2))
    assert commands
    fresh = render_tour(commands)
    if os.environ.get("UPDATE_README"):
        README.write_text(text[: found.start(2)] + fresh + text[found.end(2) :], "utf-8")
    assert masked(found.group(2)) == masked(fresh), (
        "run: UPDATE_README=1 pytest tests/test_readme.py"
    )


def test_ci_runs_the_readme_test_command() -> None:
    text = README.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "pytest" in line and "pip install" in line]
    assert len(lines) == 1, "README shows exactly one full test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[0].strip() in ci.splitlines()


@pytest.mark.parametrize("name", sorted(vocab.VOCABULARIES))
def test_every_vocabulary_word_is_documented(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    for word in vocab.VOCABULARIES[name]:
        assert f"`{word}`" in text, f"{name}: {word}"


def test_the_schema_and_csv_header_are_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for column in (*SCALAR_COLUMNS, "at_utc", "day", *CSV_HEADER):
        assert f"`{column}`" in text, column
    for table in (
        "entries",
        "entry_regions",
        "entry_activities",
        "entry_causes",
        "entry_aids",
        "entry_tags",
    ):
        assert f"`{table}`" in text, table
