"""Crash safety and concurrency with real processes (reliability.md, "How it is tested").

- A writer killed with SIGKILL at random moments, hundreds of times: afterwards
  SQLite's integrity and foreign-key checks pass, every acknowledged entry is in
  the journal, no note or uuid appears twice, and msjournal still opens it.
- Several processes logging at once through the installed console script while
  backups, reports and lists run: zero errors, zero lost or duplicated entries.
- Several processes editing the same entry at once (read, then write): zero
  "database is locked" errors, because such writes begin with BEGIN IMMEDIATE.

The figures each test measured are printed (run with ``-s``) on a line starting
``msjournal-figures`` and kept in ``FIGURES`` so the README can cite them.
"""

from __future__ import annotations

import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.test_process import MSJOURNAL, child_env

SEED = 20_240_611
CLI_KILLS = 100  # `msjournal log` processes killed after 0-CLI_MAX_DELAY seconds
CLI_MAX_DELAY = 0.150  # a little over the ~110-130 ms a `log` takes, so some finish
PY_KILLS = 100  # Journal.add loops killed 5-60 ms after opening the journal
PY_DELAY = (0.005, 0.060)
PROCESSES = 4
LOGS_PER_PROCESS = 100
EDITORS = 8
EDITS_PER_PROCESS = 25
TIMEOUT = 120

FIGURES: dict[str, dict[str, Any]] = {}

SAVED = re.compile(r"^Saved entry (\d+): ", re.MULTILINE)

# Opens the journal, says "ready", then adds entries with unique notes for ever,
# acknowledging each one on stdout only after Journal.add has returned.
ADD_FOREVER = """
import sys
from datetime import datetime
from pathlib import Path

from msjournal.db import open_journal
from msjournal.entries import Entry
from msjournal.paths import JournalPath

db, prefix = sys.argv[1], sys.argv[2]
out = sys.stdout.buffer
journal = open_journal(JournalPath(Path(db), "option"), create=True)
out.write(b"ready\\n")
out.flush()
n = 0
while True:
    note = f"{prefix}-{n}"
    now = datetime.now().astimezone()
    journal.add(Entry(kind="weakness", at=now, severity=5, regions=("legs",), note=note), now)
    out.write(f"ack {note}\\n".encode())
    out.flush()
    n += 1
"""

# Waits for a line on stdin (so all runners start together), then runs a command
# N times, putting {i} in its arguments, and reports every outcome as JSON.
RUN_MANY = """
import json
import subprocess
import sys

times, command = int(sys.argv[1]), json.loads(sys.argv[2])
sys.stdin.readline()
results = []
for i in range(times):
    done = subprocess.run(
        [arg.replace("{i}", str(i)) for arg in command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    results.append({"i": i, "code": done.returncode, "stderr": done.stderr})
print(json.dumps(results))
"""


def report(name: str, figures: dict[str, Any]) -> None:
    FIGURES[name] = figures
    print(f"\nmsjournal-figures {name} {json.dumps(figures)}")


def sqlite_health(db: Path) -> tuple[list[str], list[Any]]:
    conn = sqlite3.connect(db)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return integrity, foreign


def stored(db: Path) -> list[tuple[int, str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, uuid, note FROM entries ORDER BY id").fetchall()
    finally:
        conn.close()


def logged_in_history(db: Path) -> list[int]:
    """The entry ids the history's log changes name (one id each)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT record_ids FROM changes WHERE action = 'log'").fetchall()
    finally:
        conn.close()
    return sorted(int(ids.strip("[]")) for (ids,) in rows)


def duplicates(values: list[Any]) -> list[Any]:
    return [value for value, count in Counter(values).items() if count > 1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MSJOURNAL), *args],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def start_runners(command_of: list[list[str]], times: int) -> list[subprocess.Popen[str]]:
    """Start one RUN_MANY child per command, all held until release() says go."""
    return [
        subprocess.Popen(
            [sys.executable, "-c", RUN_MANY, str(times), json.dumps(command)],
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in command_of
    ]


def release(runners: list[subprocess.Popen[str]]) -> None:
    for runner in runners:
        assert runner.stdin is not None
        runner.stdin.write("go\n")
        runner.stdin.close()
        runner.stdin = None  # so communicate() does not flush it again


def collect(runners: list[subprocess.Popen[str]]) -> list[list[dict[str, Any]]]:
    outcomes = []
    for runner in runners:
        out, err = runner.communicate(timeout=TIMEOUT)
        assert runner.returncode == 0, err
        outcomes.append(json.loads(out))
    return outcomes


# --- 1. crash safety ----------------------------------------------------------------


def kill_cli_logger(db: Path, i: int, delay: float) -> tuple[bool, int | None, str]:
    """Run `msjournal log`, SIGKILL it after ``delay`` s; (killed, acknowledged id, stderr)."""
    victim = subprocess.Popen(
        [str(MSJOURNAL), "--db", str(db), "log", "weakness", "5", "-w", "legs", "-n", f"crash-{i}"],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    if victim.poll() is None:
        victim.send_signal(signal.SIGKILL)
    _, err = victim.communicate(timeout=TIMEOUT)
    killed = victim.returncode == -signal.SIGKILL
    if not killed:
        assert victim.returncode == 0, f"crash-{i} failed without being killed:\n{err}"
    saved = SAVED.search(err)
    # A "Saved entry" line counts even when the kill came just after it was written.
    return killed, int(saved.group(1)) if saved else None, err


def kill_python_adder(db: Path, i: int, delay: float) -> list[str]:
    """Run ADD_FOREVER, SIGKILL it ``delay`` s after it opened the journal; its acks."""
    victim = subprocess.Popen(
        [sys.executable, "-c", ADD_FOREVER, str(db), f"py-{i}"],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert victim.stdout is not None and victim.stderr is not None
    ready = victim.stdout.readline()
    if ready != b"ready\n":
        victim.kill()
        victim.wait(timeout=TIMEOUT)
        raise AssertionError(f"py-{i} did not open the journal:\n{victim.stderr.read().decode()}")
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    out = victim.stdout.read()  # everything it wrote before it died
    err = victim.stderr.read().decode(errors="replace")
    victim.wait(timeout=TIMEOUT)
    victim.stdout.close()
    victim.stderr.close()
    assert victim.returncode == -signal.SIGKILL, f"py-{i} stopped by itself:\n{err}"
    # Only whole lines: a line cut short was never acknowledged.
    acks = [line[4:] for line in out.decode().split("\n")[:-1] if line.startswith("ack ")]
    return acks


@pytest.mark.slow
def test_acknowledged_entries_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "journal" / "journal.db"
    wanted = {"cli": CLI_KILLS, "py": PY_KILLS}

    started = time.monotonic()
    kills = Counter[str]()
    finished_cli = 0
    acked_cli: dict[str, int] = {}  # note -> the id its "Saved entry" line gave
    acked_py: list[str] = []
    i = 0
    while needed := sorted(kind for kind in wanted if kills[kind] < wanted[kind]):
        kind = rng.choice(needed)
        if kind == "cli":
            killed, saved_id, _err = kill_cli_logger(db, i, rng.uniform(0, CLI_MAX_DELAY))
            kills["cli"] += killed
            finished_cli += not killed
            if saved_id is not None:
                acked_cli[f"crash-{i}"] = saved_id
        else:
            acked_py.extend(kill_python_adder(db, i, rng.uniform(*PY_DELAY)))
            kills["py"] += 1
        i += 1
    elapsed = time.monotonic() - started

    # msjournal itself still opens the journal and finds it healthy.
    listed = run("--db", str(db), "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    checked = run("--db", str(db), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    integrity, foreign = sqlite_health(db)
    rows = stored(db)
    notes = [note for _, _, note in rows]
    by_note = {note: entry_id for entry_id, _, note in rows}
    missing = [n for n in [*acked_cli, *acked_py] if n not in by_note]
    wrong_id = {n: (i, by_note.get(n)) for n, i in acked_cli.items() if by_note.get(n) != i}
    dup_notes, dup_uuids = duplicates(notes), duplicates([u for _, u, _ in rows])
    # A writer killed while it built the new journal leaves its private temp file.
    leftovers = sorted(p.name for p in db.parent.iterdir() if not p.name.startswith(db.name))
    acknowledged = len(acked_cli) + len(acked_py)
    # reliability.md 13: never an entry without its change, nor a change without its entry
    history = logged_in_history(db)
    report(
        "crash",
        {
            "seed": SEED,
            "kills": kills["cli"] + kills["py"],
            "kills_cli_log": kills["cli"],
            "kills_python_add": kills["py"],
            "cli_finished_before_kill": finished_cli,
            "acknowledged": acknowledged,
            "acknowledged_cli_log": len(acked_cli),
            "acknowledged_python_add": len(acked_py),
            "entries_in_journal": len(rows),
            "acknowledged_present": acknowledged - len(missing),
            "acknowledged_missing": len(missing),
            "duplicate_notes": len(dup_notes),
            "duplicate_uuids": len(dup_uuids),
            "integrity_check": integrity,
            "leftover_files": leftovers,
            "log_changes_in_history": len(history),
            "seconds": round(elapsed, 1),
        },
    )
    assert history == [entry_id for entry_id, _, _ in rows]
    assert integrity == ["ok"]
    assert foreign == []
    assert missing == []
    assert wrong_id == {}
    assert dup_notes == []
    assert dup_uuids == []
    assert len(json.loads(listed.stdout)) == len(rows)


# --- 2. many writers at once --------------------------------------------------------


@pytest.mark.slow
def test_four_processes_logging_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared" / "journal.db"
    copies = tmp_path / "copies"
    copies.mkdir()
    log = [str(MSJOURNAL), "--db", str(db), "log", "weakness", "5", "-w", "legs"]
    runners = start_runners(
        [[*log, "-n", f"p{k}-{{i}}"] for k in range(PROCESSES)], LOGS_PER_PROCESS
    )

    # Readers and backups alongside the writers: every one must succeed.
    plan = ["list", "report", "backup", "list", "report", "list", "backup"]
    plan += ["report", "list", "backup", "report", "list"]
    started = time.monotonic()
    release(runners)
    side: list[tuple[str, subprocess.CompletedProcess[str], bool]] = []
    backups: list[Path] = []
    deadline = time.monotonic() + TIMEOUT
    while not db.exists() and time.monotonic() < deadline:  # the first writer makes it
        time.sleep(0.05)
    for n, what in enumerate(plan):
        time.sleep(1.0)
        if what == "backup":
            target = copies / f"copy-{n}.db"
            backups.append(target)
            args = ["backup", str(target)]
        elif what == "list" and n % 2:
            args = ["list", "--format", "json"]
        else:
            args = [what]
        writing = any(r.poll() is None for r in runners)
        # --debug: should one fail, its traceback is in the assertion message.
        side.append((what, run("--debug", "--db", str(db), *args), writing))
    outcomes = collect(runners)
    elapsed = time.monotonic() - started

    results = [r for outcome in outcomes for r in outcome]
    # the one log that made the journal says so first (racers that built one too and
    # found another in place say nothing: theirs was thrown away)
    starter = f"Started a new journal at {db}.\n"
    assert sum(r["stderr"].startswith(starter) for r in results) == 1
    failures = [
        r for r in results if r["code"] != 0 or not SAVED.match(r["stderr"].removeprefix(starter))
    ]
    side_failures = [(w, d.returncode, d.stderr) for w, d, _ in side if d.returncode != 0]
    stderrs = [r["stderr"] for r in results] + [d.stderr for _, d, _ in side]
    locked = [e for e in stderrs if re.search("locked|busy", e, re.IGNORECASE)]

    integrity, foreign = sqlite_health(db)
    rows = stored(db)
    notes = [note for _, _, note in rows]
    expected = {f"p{k}-{i}" for k in range(PROCESSES) for i in range(LOGS_PER_PROCESS)}
    backup_counts = []
    for copy in backups:
        copy_integrity, _ = sqlite_health(copy)
        assert copy_integrity == ["ok"], copy
        copy_notes = [note for _, _, note in stored(copy)]
        assert set(copy_notes) <= expected
        backup_counts.append(len(copy_notes))
    report(
        "concurrency",
        {
            "processes": PROCESSES,
            "logs_per_process": LOGS_PER_PROCESS,
            "commands": len(results),
            "failures": len(failures),
            "locked_or_busy_messages": len(locked),
            "entries": len(rows),
            "notes_present": len(expected & set(notes)),
            "duplicate_notes": len(duplicates(notes)),
            "duplicate_uuids": len(duplicates([u for _, u, _ in rows])),
            "side_commands": len(side),
            "side_commands_while_writing": sum(w for _, _, w in side),
            "side_failures": len(side_failures),
            "backup_entry_counts": backup_counts,
            "seconds": round(elapsed, 1),
        },
    )
    assert failures == []
    assert side_failures == []
    assert locked == []
    assert integrity == ["ok"]
    assert foreign == []
    assert len(rows) == PROCESSES * LOGS_PER_PROCESS
    assert sorted(notes) == sorted(expected)
    assert duplicates([u for _, u, _ in rows]) == []
    assert sorted(entry_id for entry_id, _, _ in rows) == list(range(1, len(rows) + 1))
    saved_ids = sorted(int(SAVED.findall(r["stderr"])[0]) for r in results)
    assert saved_ids == list(range(1, len(rows) + 1))  # each acknowledged id, once


# --- 3. read-then-write edits at once -----------------------------------------------


@pytest.mark.slow
def test_eight_processes_editing_one_entry_at_once_never_see_locked(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    first = run("--db", str(db), "log", "weakness", "5", "-w", "legs", "-n", "original")
    assert first.returncode == 0, first.stderr
    [(entry_id, uuid, _)] = stored(db)

    edit = [str(MSJOURNAL), "--db", str(db), "edit", str(entry_id), "--note"]
    runners = start_runners([[*edit, f"e{k}-{{i}}"] for k in range(EDITORS)], EDITS_PER_PROCESS)
    started = time.monotonic()
    release(runners)
    outcomes = collect(runners)
    elapsed = time.monotonic() - started

    results = [r for outcome in outcomes for r in outcome]
    updated = re.compile(rf"^Updated entry {entry_id}: ")
    failures = [r for r in results if r["code"] != 0 or not updated.match(r["stderr"])]
    locked = [r for r in results if re.search("locked|busy", r["stderr"], re.IGNORECASE)]
    integrity, foreign = sqlite_health(db)
    rows = stored(db)
    report(
        "edits",
        {
            "processes": EDITORS,
            "edits_per_process": EDITS_PER_PROCESS,
            "edits": len(results),
            "failures": len(failures),
            "locked_or_busy_messages": len(locked),
            "seconds": round(elapsed, 1),
        },
    )
    assert len(results) == EDITORS * EDITS_PER_PROCESS
    assert failures == []
    assert locked == []
    assert integrity == ["ok"]
    assert foreign == []
    [(same_id, same_uuid, note)] = rows
    assert (same_id, same_uuid) == (entry_id, uuid)
    assert note in {f"e{k}-{EDITS_PER_PROCESS - 1}" for k in range(EDITORS)}  # some last edit
