"""How commands are named: unique prefixes, help, bare msjournal, global options anywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.db import Journal

Run = Callable[..., Result]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def stored(run: Run, *db: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(ok(run(*db, "list", "--format", "json")).stdout)
    return data


# --- a unique prefix is the command ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        (("log", "weak", "5", "-w", "legs"), "weakness"),
        (("log", "w", "5", "-w", "legs"), "weakness"),
        (("log", "fat", "4"), "fatigue"),
        (("log", "fal"), "fall"),
        (("log", "n"), "fall"),  # near-fall
        (("log", "ex", "30", "--type", "walking"), "exercise"),
        (("lo", "ex", "30", "--type", "walking"), "exercise"),
        (("LOG", "Weak", "5", "-w", "legs"), "weakness"),
        (("log", "s", "pain", "4"), "symptom"),
        (("log", "sym", "4", "brain", "fog"), "symptom"),
    ],
    ids=" ".join,
)
def test_a_unique_prefix_of_a_command_or_kind_works(
    run: Run, typed: tuple[str, ...], kind: str
) -> None:
    ok(run(*typed))
    [entry] = stored(run)
    assert entry["kind"] == kind


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("li", "--format", "json"), '"fatigue_type": "both"'),
        (("rep", "--help"), "Usage: msjournal report"),
        (("sh", "--help"), "Usage: msjournal show"),
        (("log", "ex", "--help"), "Usage: msjournal log exercise"),
        (("p",), "journal.db"),  # path
    ],
    ids=" ".join,
)
def test_a_prefix_runs_the_full_command(run: Run, typed: tuple[str, ...], expected: str) -> None:
    ok(run("log", "fatigue", "3"))
    result = ok(run(*typed))
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        (("l",), "'l' could be log or list"),
        (("e", "--help"), "'e' could be edit or export"),
        (("log", "f"), "'f' could be fatigue or fall"),
        (("log", "fa", "3"), "'fa' could be fatigue or fall"),
    ],
    ids=" ".join,
)
def test_an_ambiguous_prefix_is_a_usage_error_naming_the_candidates(
    run: Run, journal_path: Path, typed: tuple[str, ...], candidates: str
) -> None:
    result = run(*typed)
    assert result.exit_code == 2
    assert candidates in result.stderr
    assert "Traceback" not in result.output
    assert not journal_path.exists()


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        (("help",), ("--help",)),
        (("help", "report"), ("report", "--help")),
        (("help", "rep"), ("report", "--help")),
        (("help", "log"), ("log", "--help")),
        (("help", "log", "weakness"), ("log", "weakness", "--help")),
        (("--db", "x.db", "help", "list"), ("list", "--help")),
        (("log", "help", "fall"), ("log", "fall", "--help")),
        ((), ("--help",)),  # bare msjournal
        (("log",), ("log", "--help")),  # bare log
    ],
    ids=lambda words: " ".join(words) or "(nothing)",
)
def test_help_and_bare_groups_print_the_help_with_status_0(
    run: Run, journal_path: Path, typed: tuple[str, ...], same_as: tuple[str, ...]
) -> None:
    result = ok(run(*typed))
    assert result.stdout == ok(run(*same_as)).stdout
    assert "Usage: msjournal" in result.stdout
    assert "Error" not in result.output
    assert not journal_path.exists()


def test_bare_msjournal_lists_the_commands_and_how_to_get_help(run: Run) -> None:
    out = ok(run()).stdout
    assert "Commands:" in out and "report" in out
    assert "msjournal help log" in out


@pytest.mark.parametrize(
    "typed", [(), ("help",), ("help", "log", "fall"), ("help", "delete"), ("log",)], ids=" ".join
)
def test_help_fits_a_terminal_of_40_columns(typed: tuple[str, ...]) -> None:
    from typer.testing import CliRunner

    from msjournal.cli import app

    result = CliRunner().invoke(app, list(typed), env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 40, [line for line in lines if len(line) > 40]
    # no summary cut short ("ID..." and "[ARGS]..." are how Click names repeats)
    assert "..." not in result.stdout.replace("ID...", "").replace("ARGS]...", "")
    # every word whole: the vocabulary words of the options are never split in two
    words = set(result.stdout.replace(",", " ").replace(".", " ").split())
    for word in ("transferring", "wheelchair", "ankle-brace", "cognitive"):
        if word[:5] in result.stdout:
            assert word in words, word


def test_help_for_an_unknown_command_is_a_usage_error(run: Run) -> None:
    result = run("help", "lst")
    assert result.exit_code == 2
    assert "No such command 'lst'" in result.stderr


# --- msjournal's own options after the command --------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ("log", "fatigue", "3", "--db", "{other}"),
        ("log", "weakness", "5", "-w", "legs", "--db", "{other}"),
        ("log", "weakness", "5", "--db", "{other}", "-w", "legs"),
        ("log", "--db", "{other}", "fatigue", "3"),
        ("log", "fatigue", "3", "--db={other}"),
        ("log", "fatigue", "3", "--db", "{elsewhere}", "--db", "{other}"),  # the last wins
        ("--db", "{elsewhere}", "log", "fatigue", "3", "--db", "{other}"),
        ("lo", "fat", "3", "-n", "a note", "--db", "{other}"),
    ],
    ids=" ".join,
)
def test_db_is_accepted_after_the_command(
    run: Run, journal_path: Path, tmp_path: Path, words: tuple[str, ...]
) -> None:
    other, elsewhere = tmp_path / "other.db", tmp_path / "elsewhere.db"
    ok(run(*(w.format(other=other, elsewhere=elsewhere) for w in words)))
    assert other.exists()
    assert not journal_path.exists() and not elsewhere.exists()
    assert len(stored(run, "--db", str(other))) == 1
    # Reading commands too.
    assert len(json.loads(ok(run("list", "--format", "json", "--db", str(other))).stdout)) == 1
    assert json.loads(ok(run("show", "1", "--db", str(other), "-f", "json")).stdout)["id"] == 1


def test_debug_is_accepted_after_the_command(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Journal, "add", broken)
    assert isinstance(run("log", "fatigue", "3", "--debug").exception, RuntimeError)
    assert isinstance(run("log", "fatigue", "--debug", "--debug", "3").exception, RuntimeError)
    quiet = run("log", "fatigue", "3")
    assert quiet.exit_code == 1 and "--debug" in quiet.stderr


def test_a_db_that_is_not_an_option_of_msjournal_stays_where_it_is(
    run: Run, journal_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    ok(run("log", "fatigue", "3", "--note", "--db"))
    ok(run("log", "fatigue", "4", "-n", "--db", "-t", "x"))
    assert [entry["note"] for entry in stored(run)] == ["--db", "--db"]
    after_dashes = run("log", "fatigue", "--", "3", "--db", str(other))
    assert after_dashes.exit_code == 2  # --db is an extra argument there, not an option
    assert not other.exists()
    without_a_path = run("list", "--db")
    assert without_a_path.exit_code == 2
    assert "--db needs a path" in without_a_path.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["list", "--db", "x"], ["--db", "x", "list"]),
        (["list", "--debug", "-n", "3"], ["--debug", "list", "-n", "3"]),
        (["--db", "a", "list", "--db=b"], ["--db", "a", "--db=b", "list"]),
        (
            ["log", "weakness", "5", "-wlegs", "--db", "x"],
            ["--db", "x", "log", "weakness", "5", "-wlegs"],
        ),
        (["list", "-n", "--db"], ["list", "-n", "--db"]),  # the value of -n (a limit)
        (["log", "fatigue", "3", "-n", "--db", "x"], ["log", "fatigue", "3", "-n", "--db", "x"]),
        (["log", "fatigue", "3", "--note=--db"], ["log", "fatigue", "3", "--note=--db"]),
        (["log", "fatigue", "--", "--db", "x"], ["log", "fatigue", "--", "--db", "x"]),
        (["l", "--db", "x"], ["l", "--db", "x"]),  # ambiguous: Click says so
        (["help"], ["--help"]),
        (["help", "log", "weak", "--db", "x"], ["--db", "x", "log", "weak", "--help"]),
    ],
    ids=lambda argv: " ".join(argv),
)
def test_global_options_are_moved_before_the_command(argv: list[str], expected: list[str]) -> None:
    import typer.main

    from msjournal.cli import app
    from msjournal.cli.common import arranged

    group = typer.main.get_command(app)
    assert arranged(group, argv) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("argv", "kept"),
    [
        (["log", "s", "pain", "4"], ["symptom"]),
        (["--db", "x.db", "log", "symptom", "pain", "4"], ["symptom"]),
        (["log", "f", "4"], None),  # fatigue or fall: all stay, so the error names both
    ],
    ids=["log s", "log symptom", "log f"],
)
def test_the_entry_point_builds_only_the_kind_logged(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], kept: list[str] | None
) -> None:
    from msjournal.cli import load, only_the_kind_logged
    from msjournal.cli.common import log_app

    load("log")
    every = list(log_app.registered_commands)
    monkeypatch.setattr(log_app, "registered_commands", list(every))
    only_the_kind_logged(argv)
    names = [info.name for info in log_app.registered_commands]
    assert names == (kept if kept is not None else [info.name for info in every])
