"""Shared fixtures. Every test gets its own journal path; none touches a real home."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msjournal.cli import app


@pytest.fixture(autouse=True)
def journal_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MSJOURNAL_DB at a temp dir, and XDG_DATA_HOME too, for every test."""
    path = tmp_path / "data" / "journal.db"
    monkeypatch.setenv("MSJOURNAL_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return path


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process: run("log", "weakness", "6", "--where", "legs")."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100"})

    return invoke


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if a person were typing at a terminal."""
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)


def dump(path: Path) -> list[str] | None:
    """Every row and table of a journal as SQL text (None if there is no file).

    Compare dumps, not bytes, to show a journal is unchanged: closing a
    connection may checkpoint the WAL into the main file without changing data.
    """
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
