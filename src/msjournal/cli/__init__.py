"""The command line: parse, call, render. The only package that uses Typer."""

from msjournal.cli import browse, data, log, report
from msjournal.cli.common import app

__all__ = ["app", "browse", "data", "log", "main", "report"]


def main() -> None:
    """Console-script entry point."""
    app(prog_name="msjournal")
