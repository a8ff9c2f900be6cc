"""Writing files that appear whole or not at all, private to the person (0600)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from msjournal.errors import InvalidInput, JournalUnavailable


def check_target(path: Path, force: bool) -> None:
    """Refuse early (before any work) to replace a file without --force."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        raise InvalidInput(
            f"{path} already exists; msjournal does not replace it.",
            "Give another name, or add --force to replace it.",
        )
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist.")


@contextlib.contextmanager
def private_temp(folder: Path, prefix: str, suffix: str) -> Iterator[Path]:
    """A new 0600 temp file in ``folder``; removed afterwards unless moved away."""
    import tempfile  # not on the everyday log path

    try:
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    except OSError as exc:
        raise JournalUnavailable(f"msjournal cannot write in {folder}: {exc.strerror}.") from exc
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_into_place(temp: Path, path: Path, force: bool) -> None:
    """Rename the finished temp file to ``path``; never replaces without ``force``."""
    fsync(temp)
    try:
        if force:
            os.replace(temp, path)
        else:
            link_no_clobber(temp, path)
    except FileExistsError as exc:
        raise InvalidInput(
            f"{path} already exists; msjournal does not replace it.",
            "Give another name, or add --force to replace it.",
        ) from exc
    except OSError as exc:
        raise JournalUnavailable(f"msjournal cannot write {path}: {exc.strerror}.") from exc
    fsync(path.parent)


def link_no_clobber(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless a file has it already (FileExistsError)."""
    try:
        os.link(temp, path)  # fails if a file appeared meanwhile
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)
        return
    temp.unlink()


@contextlib.contextmanager
def atomic_text(path: Path, force: bool, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write text to ``path`` through a private temp file, renamed when complete."""
    check_target(path, force)
    with private_temp(path.parent, f".{path.name}.", ".part") as temp:
        with open(temp, "w", encoding=encoding, newline="") as out:
            yield out
        move_into_place(temp, path, force)
