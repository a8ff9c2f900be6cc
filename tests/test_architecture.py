"""The layering of architecture.md, checked on the source itself.

cli -> (summary, export, render, db, ...) -> (entries, dates, vocab) -> errors;
nothing below cli imports typer, nothing but render imports rich, nothing but db
and migrations touches SQL, and the pure modules stay pure.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "msjournal"
MODULES = sorted(p for p in SRC.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def name_of(path: Path) -> str:
    return ".".join(("msjournal", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
        ".__init__"
    )


def uses(path: Path, package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in imports_of(path))


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_only_the_cli_uses_typer(path: Path) -> None:
    if not name_of(path).startswith("msjournal.cli"):
        assert not uses(path, "typer")


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_only_render_uses_rich(path: Path) -> None:
    if name_of(path) != "msjournal.render":
        assert not uses(path, "rich")


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_only_db_and_migrations_touch_sql(path: Path) -> None:
    if not name_of(path).startswith(("msjournal.db", "msjournal.migrations")):
        assert not uses(path, "sqlite3") and not uses(path, "sqlite_utils")


@pytest.mark.parametrize(
    "module", ["entries", "dates", "phrases", "vocab", "summary", "errors", "layout", "markdown"]
)
def test_the_pure_core_stays_pure(module: str) -> None:
    """No terminal, disk, database or CLI below the edges (clocks are passed in)."""
    path = SRC / f"{module}.py"
    for forbidden in (
        "typer",
        "rich",
        "sqlite3",
        "sqlite_utils",
        "msjournal.db",
        "msjournal.cli",
        "msjournal.render",
        "msjournal.paths",
        "os",
        "time",
    ):
        assert not uses(path, forbidden), f"{module} imports {forbidden}"
    text = path.read_text(encoding="utf-8")
    assert ".now(" not in text and ".today(" not in text, f"{module} reads the clock"


@pytest.mark.parametrize("module", ["entries", "dates", "phrases", "vocab", "errors"])
def test_the_lowest_layer_imports_nothing_above_it(module: str) -> None:
    above = {
        "msjournal.summary",
        "msjournal.export",
        "msjournal.render",
        "msjournal.db",
        "msjournal.layout",
        "msjournal.markdown",
        "msjournal.files",
    }
    assert not imports_of(SRC / f"{module}.py") & above
