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
BLOCK = r"(<!-- {name}:start -->\n```console\n)(.*?)(```\n<!-- {name}:end -->)"
TOUR = re.compile(BLOCK.format(name="tour"), re.S)
REPORT = re.compile(BLOCK.format(name="report"), re.S)
# What is done about MS: each block runs on a journal of its own.
TIMELINE = [re.compile(BLOCK.format(name=name), re.S) for name in ("timeline", "relapses", "aids")]
EXPECTED = re.compile(r"^(.*?)\s+# status (\d)$")
# The sample journal behind the README's report: two weeks of a person's entries.
REPORT_SETUP = [
    *(
        f'msjournal log weakness {s} -w legs --at "2025-10-{d} 09:00"'
        for d, s in zip(range(20, 27), (3, 4, 3, 3, 4, 3, 4), strict=True)
    ),
    *(
        f'msjournal log weakness {s} -w legs --at "2025-10-{d} 09:00"'
        for d, s in zip(range(27, 32), (3, 4, 3, 4, 3), strict=True)
    ),
    'msjournal log weakness 4 -w legs --at "2025-11-01 09:00"',
    'msjournal log weakness 3 -w legs --at "2025-11-02 09:00"',
    *(
        f'msjournal log fatigue {s} --at "2025-10-{d} 20:00"'
        for d, s in zip(range(27, 32), (4, 5, 4, 5, 4), strict=True)
    ),
    'msjournal log fatigue 5 --at "2025-11-01 20:00"',
    'msjournal log fatigue 4 --at "2025-11-02 20:00"',
    'msjournal log exercise 30 --type walking --effort 4 --at "2025-10-28 11:00"',
    'msjournal log exercise 30 --type strength --effort 5 --at "2025-10-30 11:00"',
    'msjournal log weakness 5 -w legs -a walking --at "2025-11-03 09:00"',
    'msjournal log weakness 6 -w legs,left-hand -a dressing --at "2025-11-04 09:00"',
    'msjournal log weakness 7 -w legs,left-hand -a dressing,writing --at "2025-11-05 09:00"',
    'msjournal log weakness 7 -w legs -a stairs --at "2025-11-07 09:00" -t heat',
    'msjournal log weakness 5 -w legs --at "2025-11-09 09:00"',
    'msjournal log fatigue 6 --type physical --at "2025-11-03 20:00"',
    'msjournal log fatigue 5 --at "2025-11-05 20:00"',
    'msjournal log fatigue 6 --type cognitive --at "2025-11-07 20:00" -t heat',
    'msjournal log fall --near --place kitchen --doing turning --at "2025-11-04 18:00"',
    'msjournal log fall --near --place hallway --cause foot-drop --at "2025-11-05 08:00"',
    "msjournal log fall --place bathroom --cause slipped --injury medical --aid cane "
    '--needed-help --at "2025-11-05 21:30"',
    'msjournal log fall --near --place stairs --at "2025-11-07 16:00"',
    'msjournal log exercise 35 --type walking --effort 4 --at "2025-11-03 11:00"',
    'msjournal log exercise 25 --type physio --with-therapist --at "2025-11-06 14:00"',
    'msjournal log exercise 20 --type strength --effort 6 --at "2025-11-08 11:00"',
]
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
    # the history and undo show when each change was made: the moment the tour ran
    return CHANGED.sub(r"\1<changed>", "\n".join(lines))


CHANGED = re.compile(r"(The last change \(|^ +\d+ +)\w{3} \d{1,2} \w{3} \d\d:\d\d", re.M)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tour runs in one fixed time zone, so its offsets read the same anywhere."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def render_tour(commands: list[str], setup: tuple[str, ...] = ()) -> str:
    runner = CliRunner()
    out: list[str] = []
    for command in setup:
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    for command in commands:
        marked = EXPECTED.match(command)  # an example of a refusal: "... # status 2"
        status = int(marked.group(2)) if marked else 0
        args = shlex.split(marked.group(1) if marked else command)[1:]
        result = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"})
        assert result.exit_code == status, (command, result.output)
        out.append(f"$ {command}\n{result.output}")
    # the tour's journal is a temp file: shown where a person's would be
    shown = "".join(out).replace(os.environ["MSJOURNAL_DB"], "~/.local/share/msjournal/journal.db")
    # trailing blanks that rich pads lines with are dropped, so editors keep them
    return "".join(line.rstrip() + "\n" for line in shown.splitlines())


@pytest.mark.usefixtures("berlin")
@pytest.mark.parametrize(
    ("block", "setup"),
    [(TOUR, ()), (REPORT, tuple(REPORT_SETUP)), *((block, ()) for block in TIMELINE)],
)
def test_the_readme_shows_real_output(block: re.Pattern[str], setup: tuple[str, ...]) -> None:
    text = README.read_text(encoding="utf-8")
    found = block.search(text)
    assert found, f"README needs a block {block.pattern[:20]}"
    commands = COMMAND.findall(found.group(2))
    assert commands
    fresh = render_tour(commands, setup)
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
        "notices",
    ):
        assert f"`{table}`" in text, table


def test_the_readme_says_which_export_file_names_need_format(tmp_path: Path) -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    start = text.index("- `export -o FILE`")
    rule = text[start : text.index(" - ", start + 2)]
    assert "needs `--format` to say which (`-o visit.txt --format csv`)" in rule
    runner = CliRunner()
    assert runner.invoke(app, ["log", "fatigue", "3"]).exit_code == 0

    def export(*args: str) -> int:
        return runner.invoke(app, ["export", "--force", *args]).exit_code

    assert export("-o", str(tmp_path / "visit.txt"), "--format", "csv") == 0
    assert export("-o", str(tmp_path / "visit.txt")) == 2
    assert export("-o", str(tmp_path / "all.json"), "--format", "csv") == 2
    others = re.findall(r"`(\.\w+)`", rule[rule.index("does not write") :])
    assert others
    for extension in others:
        assert export("-o", str(tmp_path / f"visit{extension}"), "--format", "csv") == 2
