"""The everyday log path stays lean: it imports only what it needs (no timing here).

Speed itself is measured by benchmarks/run.py; this checks the cause that matters
most for start-up: which modules a real msjournal process has loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from msjournal.cli import MODULES

HEAVY = ("rich", "sqlite_utils", "dateutil", "pydantic", "platformdirs")
EVERY_MODULE = MODULES  # help, completion and anything unknown need every command


def modules_of(tmp_path: Path, *args: str) -> set[str]:
    """Every module a child running msjournal's entry point has loaded at the end."""
    script = (
        "import json, sys\n"
        "import msjournal.cli\n"
        "from msjournal.cli import main\n"
        "msjournal.cli.leave = lambda status: None  # stay to report the modules\n"
        f"sys.argv = ['msjournal', '--db', {str(tmp_path / 'j.db')!r}, *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages a real msjournal process has imported when it is done."""
    return {name.split(".")[0] for name in modules_of(tmp_path, *args)}


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "msjournal", "--db", str(tmp_path / "j.db"), "log", "fatigue", "3"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return tmp_path


def test_log_loads_only_the_log_commands(journal: Path) -> None:
    modules = modules_of(journal, "log", "fatigue", "4")
    assert "msjournal.cli.log" in modules
    # the other record families' pure modules wait until a command needs them
    assert not {"msjournal.instruments", "msjournal.timeline", "msjournal.phrases"} & modules
    assert not {"msjournal.cli.browse", "msjournal.cli.data", "msjournal.cli.report"} & modules
    assert not {"msjournal.insights", "msjournal.cli.insights"} & modules


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["log", "weakness", "5"], ("log",)),
        (["--db", "x.db", "--debug", "LIST"], ("browse",)),
        (["--db=x.db", "report", "--week"], ("report",)),
        (["import", "f.json"], ("data",)),
        (["visit", "-o", "v.html"], ("visit",)),
        (["insights", "--months", "3"], ("insights",)),
        (["ins", "-f", "json"], ("insights",)),
        (["--help"], EVERY_MODULE),
        (["--version"], EVERY_MODULE),
        (["lst"], EVERY_MODULE),
        ([], EVERY_MODULE),
        # A unique start of a command is that command; an ambiguous one needs them all
        # (the error names every candidate).
        (["rep"], ("report",)),
        (["li", "--db", "x.db"], ("browse",)),
        (["lo", "weak", "5"], ("log",)),
        (["Imp", "f.json"], ("data",)),
        (["l"], EVERY_MODULE),
        (["e"], EVERY_MODULE),
        # help COMMAND needs only that command; help alone lists them all.
        (["help", "report"], ("report",)),
        (["--db", "x.db", "help", "rep"], ("report",)),
        (["help"], EVERY_MODULE),
    ],
)
def test_each_run_loads_the_commands_it_needs(argv: list[str], expected: tuple[str, ...]) -> None:
    from msjournal.cli import needed_modules

    assert needed_modules(argv) == expected


def test_a_prefix_loads_only_its_command(journal: Path) -> None:
    modules = modules_of(journal, "rep")
    assert "msjournal.cli.report" in modules
    assert not {"msjournal.cli.browse", "msjournal.cli.data", "msjournal.cli.log"} & modules
    modules = modules_of(journal, "lo", "fat", "4", "--db", str(journal / "j.db"))
    assert "msjournal.cli.log" in modules
    assert not {"msjournal.cli.browse", "msjournal.cli.data", "msjournal.cli.report"} & modules


def test_log_imports_nothing_heavy(journal: Path) -> None:
    modules = imported(journal, "log", "weakness", "5", "--where", "legs")
    assert "msjournal" in modules  # the check itself works
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_log_with_a_plain_time_does_not_need_dateutil(journal: Path) -> None:
    modules = imported(journal, "log", "weakness", "5", "--where", "legs", "--at", "yesterday 9am")
    assert "dateutil" not in modules


def test_a_written_date_does_use_dateutil(journal: Path) -> None:
    """The other side of the check above: dateutil is there when it is needed."""
    modules = imported(
        journal, "log", "weakness", "5", "--where", "legs", "--at", "1-Nov-2025 15:00"
    )
    assert "dateutil" in modules


def test_help_is_plain_and_needs_no_rich(journal: Path) -> None:
    assert "rich" not in imported(journal, "--help")


VISIT_ONLY = {"jinja2", "markupsafe", "weasyprint", "msjournal.visit", "msjournal.charts"}


@pytest.mark.parametrize("argv", [["log", "weakness", "5", "-w", "legs"], ["report"], ["--help"]])
def test_nothing_of_the_visit_summary_loads_for_other_commands(
    journal: Path, argv: list[str]
) -> None:
    modules = modules_of(journal, *argv)
    assert not VISIT_ONLY & (modules | {name.split(".")[0] for name in modules})


def test_the_visit_summary_loads_jinja2_but_not_weasyprint_for_html(journal: Path) -> None:
    modules = imported(journal, "visit", "-o", str(journal / "v.html"))
    assert "jinja2" in modules and "weasyprint" not in modules


def test_insights_draw_with_rich_and_write_json_without(journal: Path) -> None:
    modules = imported(journal, "insights")
    assert "rich" in modules
    assert not modules & {"sqlite_utils", "pydantic", "scipy", "numpy"}
    assert not imported(journal, "insights", "--format", "json") & {"rich", "sqlite_utils"}


def test_report_uses_rich_but_not_sqlite_utils(journal: Path) -> None:
    modules = imported(journal, "report")
    assert "rich" in modules
    assert not modules & {"sqlite_utils", "pydantic"}


def test_every_command_is_known_to_the_loader_and_listed_in_order() -> None:
    """A new command must be added to COMMAND_MODULES and COMMAND_ORDER (or it breaks)."""
    import typer.main

    from msjournal.cli import COMMAND_MODULES, app
    from msjournal.cli.common import COMMAND_ORDER

    names = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert names == set(COMMAND_MODULES)
    assert names == set(COMMAND_ORDER)


def test_the_entry_point_writes_everything_and_keeps_the_status(tmp_path: Path) -> None:
    """The process ends without tearing Python down: all output must still arrive,
    and every exit status must be the one the command chose."""
    db = str(tmp_path / "j.db")

    def msj(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "msjournal", "--db", db, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    for day in range(1, 61):
        assert (
            msj("log", "fatigue", "3", "--at", f"{day} days ago", "-n", "x" * 500).returncode == 0
        )
    exported = msj("export", "--format", "json")
    assert exported.returncode == 0
    assert len(json.loads(exported.stdout)["entries"]) == 60  # the whole of a large output
    assert msj("--version").returncode == 0
    assert msj("show", "999").returncode == 1
    refused = msj("log", "fatigue", "11")
    assert refused.returncode == 2 and "0 to 10" in refused.stderr
