"""A live journal in a cloud-synced or network folder gets a one-time warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from msjournal.paths import sync_risk

Run = Callable[..., Result]
MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home/nfsuser nfs4 rw 0 0
//nas/share /mnt/my\\040share cifs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/ana/Dropbox/msjournal/journal.db", "Dropbox"),
        ("/home/ana/OneDrive - Contoso/journal.db", "OneDrive"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/j.db", "iCloud"),
        ("/Users/ana/iCloud Drive/j.db", "iCloud"),
        ("/home/ana/Google Drive/j.db", "Google Drive"),
        ("/home/ana/Nextcloud/j.db", "Nextcloud"),
    ],
)
def test_sync_folders_are_recognised(path: str, service: str) -> None:
    risk = sync_risk(Path(path), mounts=MOUNTS)
    assert risk is not None and service in risk


@pytest.mark.parametrize(
    ("path", "fs_type"),
    [("/home/nfsuser/j.db", "nfs4"), ("/mnt/my share/j.db", "cifs")],
)
def test_network_file_systems_are_recognised(path: str, fs_type: str) -> None:
    assert sync_risk(Path(path), mounts=MOUNTS) == f"a network file system ({fs_type})"


@pytest.mark.parametrize("path", ["/home/ana/.local/share/msjournal/journal.db", "/tmp/j.db"])
def test_ordinary_local_paths_are_not_flagged(path: str) -> None:
    assert sync_risk(Path(path), mounts=MOUNTS) is None


def test_the_warning_is_shown_once_per_journal(run: Run, tmp_path: Path) -> None:
    db = str(tmp_path / "Dropbox" / "journal.db")
    first = run("--db", db, "log", "fatigue", "3")
    assert first.exit_code == 0
    assert "Warning: the journal is in a Dropbox folder" in first.stderr
    assert "backup" in first.stderr
    second = run("--db", db, "list")
    assert second.exit_code == 0
    assert "Warning" not in second.stderr
    assert first.stdout == "" and "Warning" not in second.stdout  # never mixed into data


def test_no_warning_for_a_local_journal(run: Run) -> None:
    assert "Warning" not in run("log", "fatigue", "3").stderr
