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
    import sys

    if sys.platform == "linux":  # what platformdirs answers, without its import time
        base = os.environ.get("XDG_DATA_HOME", "")
        return Path(base.strip() or os.path.expanduser("~/.local/share")) / "msjournal"
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
    return user_path(value, where)


def user_path(value: str, what: str = "The path") -> Path:
    """A path as typed: '~' expanded, made absolute; refused if it cannot be a path."""
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character, which no file name can hold.")
    try:
        path = Path(value).expanduser().absolute()
    except RuntimeError:  # '~someone' who has no home here
        raise InvalidInput(f"{what} '{value}' names a home folder that does not exist.") from None
    try:
        path.exists()
    except OSError as exc:  # a name too long for the file system, and the like
        raise InvalidInput(f"{what} '{value[:80]}' cannot be used: {exc.strerror}.") from None
    except ValueError:
        raise InvalidInput(f"{what} '{value[:80]}' cannot be used as a file name.") from None
    return path


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


# Folders that a sync service copies to other machines, by a word in their path.
SYNC_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud": "iCloud",
    "mobile documents": "iCloud",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud": "pCloud",
}
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "afpfs",
        "9p",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "gpfs",
        "ncpfs",
        "coda",
    }
)


def sync_risk(path: Path, mounts: str | None = None) -> str | None:
    """What makes this journal path risky for SQLite's write-ahead log, if anything.

    ``mounts`` is the text of /proc/mounts (read from the system when None).
    """
    for part in path.parts:
        folded = part.lower().replace("_", " ")
        for word, service in SYNC_FOLDERS.items():
            if word in folded:
                return f"a {service} folder"
    fs_type = _mount_type(path, mounts)
    if fs_type in NETWORK_FILE_SYSTEMS:
        return f"a network file system ({fs_type})"
    return None


def _mount_type(path: Path, mounts: str | None) -> str | None:
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, best_type = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type


def sync_warning(risk: str) -> str:
    return (
        f"Warning: the journal is in {risk}. SQLite journals can be damaged when a "
        "sync service or another computer touches them while in use. Keep the "
        "journal on this computer's own disk, and put backups there instead "
        "(msjournal backup DEST). This warning is shown once."
    )
