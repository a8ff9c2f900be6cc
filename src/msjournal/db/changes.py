"""The change history's SQL: each change recorded in its own transaction, listed,
taken back, and the copies of deleted records forgotten on request.

Every function here runs inside a transaction the caller (``Journal``) opened, so
a change and its record commit together or not at all (reliability.md, item 13).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from msjournal import dates


@dataclass(frozen=True)
class Change:
    """One row of the history, as ``history`` shows it."""

    id: int
    at: datetime
    action: str  # log, edit, delete, import, restore, undo
    family: str  # entry (and the record families to come)
    summary: str
    record_ids: tuple[int, ...]
    undoes: int | None  # for an undo: the change it took back
    undone_by: int | None  # the undo that took this change back
    forgotten: bool  # its copies were removed by history --forget
    copies: bool  # it still holds the records as they were

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": dates.iso(self.at),
            "action": self.action,
            "family": self.family,
            "summary": self.summary,
            "record_ids": list(self.record_ids),
            "undoes": self.undoes,
            "undone_by": self.undone_by,
            "forgotten": self.forgotten,
        }


_COLUMNS = (
    "c.id, c.at, c.action, c.family, c.summary, c.record_ids, c.undoes, u.id, "
    "c.forgotten_at IS NOT NULL, c.before IS NOT NULL OR c.after IS NOT NULL"
)
_FROM = "FROM changes AS c LEFT JOIN changes AS u ON u.undoes = c.id"


def _dumps(value: Any) -> str:
    import json  # not on the everyday log path (a log keeps no copy)

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None) -> Any:
    import json

    return None if text is None else json.loads(text)


def record(
    conn: sqlite3.Connection,
    now: datetime,
    action: str,
    summary: str,
    *,
    record_ids: Sequence[int] | None = None,
    before: list[dict[str, Any]] | None = None,
    after: list[dict[str, Any]] | None = None,
    uuids: Sequence[str] | None = None,
    undoes: int | None = None,
    family: str = "entry",
) -> int:
    """Append one change; call it inside the transaction that makes the change."""
    ids = None
    if record_ids is not None:  # a short list of whole numbers needs no json module
        ids = "[" + ",".join(str(int(i)) for i in record_ids) + "]"
    cursor = conn.execute(
        "INSERT INTO changes (at, action, family, summary, record_ids, before, after, "
        "uuids, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            dates.iso(now),
            action,
            family,
            summary[:1000] or action,
            ids,
            None if before is None else _dumps(before),
            None if after is None else _dumps(after),
            None if uuids is None else _dumps(list(uuids)),
            undoes,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _change(row: Sequence[Any]) -> Change:
    ids = row[5]
    return Change(
        id=row[0],
        at=dates.parse_iso(row[1]),
        action=row[2],
        family=row[3],
        summary=row[4],
        record_ids=tuple(int(i) for i in ids.strip("[]").split(",") if i) if ids else (),
        undoes=row[6],
        undone_by=row[7],
        forgotten=bool(row[8]),
        copies=bool(row[9]),
    )


def latest_undoable(conn: sqlite3.Connection) -> Change | None:
    """The most recent change that is not an undo and has not been undone."""
    row = conn.execute(
        f"SELECT {_COLUMNS} {_FROM} WHERE c.action <> 'undo' AND u.id IS NULL "
        "ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _change(row)


def copies(conn: sqlite3.Connection, change_id: int) -> tuple[Any, Any, Any]:
    """The records as they were and became, and an import's uuids."""
    row = conn.execute(
        "SELECT before, after, uuids FROM changes WHERE id = ?", (change_id,)
    ).fetchone()
    return loads(row[0]), loads(row[1]), loads(row[2])


def listing(conn: sqlite3.Connection, limit: int | None) -> list[Change]:
    sql = f"SELECT {_COLUMNS} {_FROM} ORDER BY c.id DESC"
    if limit is not None:
        return [_change(row) for row in conn.execute(sql + " LIMIT ?", (limit,))]
    return [_change(row) for row in conn.execute(sql)]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM changes").fetchone()[0])


# The table of each record family's records, for the copies history --forget removes.
TABLES = {
    "entry": "entries",
    "score": "scores",
    "treatment": "treatments",
    "relapse": "relapses",
    "aid": "aids",
    "appointment": "appointments",
    "question": "questions",
    "checkin": "checkins",
    "home_check": "home_checks",
}


def forgettable(conn: sqlite3.Connection) -> list[int]:
    """Changes holding a copy of a record that no longer exists (a deleted one)."""
    found = []
    for change_id, family, ids in conn.execute(
        "SELECT id, family, record_ids FROM changes "
        "WHERE (before IS NOT NULL OR after IS NOT NULL) AND record_ids IS NOT NULL"
    ):
        table = TABLES.get(family)
        if table is None:  # a family this msjournal does not keep yet
            continue
        wanted = [int(i) for i in ids.strip("[]").split(",") if i]
        present = {
            row[0]
            for start in range(0, len(wanted), 500)
            for row in conn.execute(
                f"SELECT id FROM {table} WHERE id IN "
                f"({','.join('?' for _ in wanted[start : start + 500])})",
                wanted[start : start + 500],
            )
        }
        if any(i not in present for i in wanted):
            found.append(change_id)
    return found


def forget(conn: sqlite3.Connection, change_ids: Sequence[int], now: datetime) -> None:
    conn.executemany(
        "UPDATE changes SET before = NULL, after = NULL, forgotten_at = ? WHERE id = ?",
        [(dates.iso(now), change_id) for change_id in change_ids],
    )


def problems(conn: sqlite3.Connection) -> list[str]:
    """What `check` reports about the history, in plain words."""
    found = []
    bad = conn.execute(
        "SELECT count(*) FROM changes AS u JOIN changes AS c ON c.id = u.undoes "
        "WHERE c.action = 'undo' OR c.id >= u.id"
    ).fetchone()[0]
    if bad:
        found.append(f"{bad} undo records in the history point at the wrong change.")
    lost = conn.execute(
        "SELECT count(*) FROM changes WHERE action IN ('edit', 'delete') "
        "AND before IS NULL AND forgotten_at IS NULL"
    ).fetchone()[0]
    if lost:
        found.append(f"{lost} changes in the history have lost their copy of the entries.")
    return found
