"""The command line: parse, call, render. The only package that uses Typer.

Start-up is part of the product: a person logging on a bad day should not wait.
Typer builds every command it knows on each run, so ``main`` first loads only
the module that defines the command being run (all of them for help, completion
or anything unknown). ``from msjournal.cli import app`` gives the full app.
"""

import importlib
import os
import sys
from typing import Any

MODULES = (
    "log",
    "checkin",
    "browse",
    "report",
    "data",
    "history",
    "scores",
    "treatments",
    "appointments",
    "home",
    "visit",
    "insights",
)
# Which module defines each top-level command.
COMMAND_MODULES = {
    "log": "log",
    "today": "checkin",
    "checkin": "checkin",
    "due": "checkin",
    "list": "browse",
    "show": "browse",
    "edit": "browse",
    "delete": "browse",
    "undo": "history",
    "history": "history",
    "path": "browse",
    "report": "report",
    "rules": "report",
    "insights": "insights",
    "appointment": "appointments",
    "question": "appointments",
    "visit": "visit",
    "export": "data",
    "import": "data",
    "backup": "data",
    "check": "data",
    "score": "scores",
    "scores": "scores",
    "treatment": "treatments",
    "relapse": "treatments",
    "aid": "treatments",
    "home": "home",
}
_OPTIONS_WITH_A_VALUE = ("--db",)


def load(*modules: str) -> Any:
    """Import the command modules (each registers its commands) and return the app."""
    for module in modules:
        importlib.import_module(f"msjournal.cli.{module}")
    from msjournal.cli.common import app

    return app


def needed_modules(argv: list[str]) -> tuple[str, ...]:
    """The command modules a run with these arguments needs.

    A command may be shortened to any unique start (``rep``), as the app allows;
    ``help COMMAND`` needs that command's module.
    """
    if "_MSJOURNAL_COMPLETE" in os.environ:
        return MODULES  # shell completion lists everything
    words = iter(argv)
    asked_help = False
    for word in words:
        if word in _OPTIONS_WITH_A_VALUE:
            next(words, None)
        elif word.lower() == "help" and not asked_help:
            asked_help = True
        elif not word.startswith("-"):
            lowered = word.lower()
            names = [name for name in COMMAND_MODULES if name.startswith(lowered)]
            if lowered in COMMAND_MODULES or (len(names) == 1 and lowered):
                return (COMMAND_MODULES[lowered if lowered in COMMAND_MODULES else names[0]],)
            return MODULES  # unknown or ambiguous: the error names the commands
        elif word.split("=")[0] not in ("--db", "--debug", "--plain"):
            return MODULES  # --help, --version, anything unexpected
    return MODULES


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    modules = needed_modules(argv)
    app = load(*modules)
    if modules == ("log",):
        only_the_kind_logged(argv)
    try:
        app(prog_name="msjournal")
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
    leave(status)


def leave(status: int) -> None:
    """End the process at once, once everything is written.

    By now every journal is committed and closed and every file is in place; what
    is left is Python tearing down the modules it loaded, which costs a person
    logging on a bad day about a tenth of the run. So flush the output and go.
    """
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`list | head`)
            stream.flush()
    os._exit(status)


def only_the_kind_logged(argv: list[str]) -> None:
    """Build only the ``log`` command being run: Typer inspects every command's
    options on each run, and a person logging should not wait for the others."""
    from msjournal.cli.common import log_app

    words = iter(argv)
    for word in words:
        if word in _OPTIONS_WITH_A_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            break  # "log" (or its start)
    kind = next(words, "").lower()
    if not kind or kind.startswith("-"):
        return
    names = {info.name: info for info in log_app.registered_commands}
    found = [name for name in names if name and name.startswith(kind)]
    if kind in names:
        found = [kind]
    if len(found) == 1:
        log_app.registered_commands = [names[found[0]]]


def __getattr__(name: str) -> Any:
    if name == "app":
        return load(*MODULES)
    raise AttributeError(name)
