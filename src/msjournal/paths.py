"""Where the journal lives: ``--db``, then ``MSJOURNAL_DB``, then the data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from msjournal.errors import InvalidInput, JournalUnavailable

ENV_VAR = "MSJOURNAL_DB"
FILE_NAME = "journal.db"

SOURCES = {
    "option": "set by the --db option",
    "env": f"set by the {ENV_VAR} environment variable",
    "default": "the default location",
}


@dataclass(frozen=True)
class JournalPath:
    path: Path
    source: str  # "option", "env" or "default"

    @property
    def explained(self) -> str:
        return SOURCES[self.source]


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("msjournal", appauthor=False))


def resolve(option: str | None, environ: dict[str, str] | None = None) -> JournalPath:
    """The journal file and where that choice came from."""
    env = os.environ if environ is None else environ
    if option is not None:
        return JournalPath(_checked(option, "--db"), "option")
    from_env = env.get(ENV_VAR)
    if from_env:
        return JournalPath(_checked(from_env, ENV_VAR), "env")
    return JournalPath(default_data_dir() / FILE_NAME, "default")


def _checked(value: str, where: str) -> Path:
    if not value.strip():
        raise InvalidInput(f"{where} is empty; give the path of a journal file.")
    if "\x00" in value:
        raise InvalidInput(f"{where} contains a NUL character.")
    return Path(value).expanduser().absolute()


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700 whatever the umask.

    Folders that already exist are left as they are.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise JournalUnavailable(
                f"msjournal cannot create the folder {path}: {exc.strerror}."
            ) from exc
        os.chmod(path, 0o700)
