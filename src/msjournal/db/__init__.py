"""Opening the journal safely, and every SQL statement msjournal runs.

Reliability rules (see the README, "How msjournal protects your data"):
- every connection sets WAL, synchronous=FULL, a busy timeout and foreign keys;
- a new journal is built in a private temp file and linked into place;
- a file that is not an msjournal journal is reported and never written;
- every write is one transaction begun with BEGIN IMMEDIATE;
- callers acknowledge a write only after the method that made it returns.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msjournal import dates, files, migrations, vocab
from msjournal.db import changes
from msjournal.db.changes import Change as Change
from msjournal.db.checkins import CheckinsMixin
from msjournal.db.scores import ScoresMixin
from msjournal.db.timeline import FAMILIES as TIMELINE_FAMILIES
from msjournal.db.timeline import TimelineMixin
from msjournal.entries import (
    BOOL_FIELDS,
    FIELDS,
    LIST_FIELDS,
    Entry,
    describe,
    normalised,
    validate,
)
from msjournal.errors import (
    JournalBusy,
    JournalUnavailable,
    MsJournalError,
    NewerJournal,
    NoJournal,
    NotAJournal,
    UnknownEntry,
)
from msjournal.paths import JournalPath, make_private_dirs

if TYPE_CHECKING:  # scores load only when a command uses them
    from msjournal.instruments import Score

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

SCALAR_COLUMNS = (
    "id",
    "uuid",
    "kind",
    "at",
    "severity",
    "duration_minutes",
    "fatigue_type",
    "near_fall",
    "place",
    "doing",
    "injury",
    "got_up_alone",
    "hopkins_grade",
    "minutes",
    "exercise_type",
    "effort",
    "with_therapist",
    "after",
    "symptom",
    "note",
    "logged_at",
    "updated_at",
)
BOOL_COLUMNS = BOOL_FIELDS
# multi-valued field -> (table, column)
CHILD_TABLES = {
    "regions": ("entry_regions", "region"),
    "activities": ("entry_activities", "activity"),
    "causes": ("entry_causes", "cause"),
    "aids": ("entry_aids", "aid"),
    "tags": ("entry_tags", "tag"),
}
_SEP = "\x1f"

_SELECT = "SELECT {columns}, {children} FROM entries AS e".format(
    columns=", ".join(f'e."{c}"' for c in SCALAR_COLUMNS),
    children=", ".join(
        f"(SELECT group_concat({col}, char(31)) FROM {table} WHERE entry_id = e.id) AS {field}"
        for field, (table, col) in CHILD_TABLES.items()
    ),
)
# The entry shape straight from SQL: columns in FIELDS order, lists joined.
_SELECT_RECORDS = "SELECT {} FROM entries AS e".format(
    ", ".join(
        f"(SELECT group_concat({CHILD_TABLES[f][1]}, char(31)) FROM {CHILD_TABLES[f][0]} "
        f"WHERE entry_id = e.id)"
        if f in CHILD_TABLES
        else f'e."{f}"'
        for f in FIELDS
    )
)
# Multi-valued fields and the order their values are shown in (tags: alphabetical).
_LIST_RANKS: dict[str, dict[str, int] | None] = {
    field: vocab.RANKS[vocabulary] if vocabulary else None
    for field, vocabulary in LIST_FIELDS.items()
}
_INSERT_COLUMNS = (*(c for c in SCALAR_COLUMNS if c != "id"), "at_utc", "day")
_INSERT = "INSERT INTO entries ({}) VALUES ({})".format(
    ", ".join(f'"{c}"' for c in _INSERT_COLUMNS),
    ", ".join("?" for _ in _INSERT_COLUMNS),
)
_INSERT_WITH_ID = "INSERT INTO entries (id, {}) VALUES (?, {})".format(
    ", ".join(f'"{c}"' for c in _INSERT_COLUMNS), ", ".join("?" for _ in _INSERT_COLUMNS)
)
_UPDATE_COLUMNS = tuple(c for c in _INSERT_COLUMNS if c not in ("uuid", "logged_at"))
_UPDATE_INDEXES = tuple(_INSERT_COLUMNS.index(c) for c in _UPDATE_COLUMNS)
_UPDATE = "UPDATE entries SET {} WHERE id = ?".format(
    ", ".join(f'"{c}" = ?' for c in _UPDATE_COLUMNS)
)


def translate(exc: sqlite3.Error | UnicodeDecodeError, path: Path) -> MsJournalError:
    """Turn an SQLite error into a sentence a person can act on."""
    if isinstance(exc, UnicodeDecodeError):  # damaged text in the schema itself
        return NotAJournal(
            f"The journal at {path} is damaged and cannot be read.",
            "It was left as it is. Restore it from a backup if you have one.",
        )
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return JournalBusy(
            "The journal is busy: another program is writing to it. Try again in a moment."
        )
    if "readonly" in text or "read-only" in text:
        return JournalUnavailable(
            f"msjournal cannot write to {path}: the file or its folder is read-only."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return NotAJournal(
            f"The journal at {path} is damaged and cannot be read.",
            "It was left as it is. Restore it from a backup if you have one.",
        )
    if "full" in text:
        return JournalUnavailable(f"The disk holding {path} is full; nothing was saved.")
    if "unable to open" in text or "disk i/o" in text:
        return JournalUnavailable(
            f"msjournal cannot open {path}. Check that the file and its folder "
            "exist and that you may read and write them."
        )
    return JournalUnavailable(f"The journal at {path} could not be used ({exc}).")


@dataclass(frozen=True)
class Query:
    """Which entries to fetch, newest first."""

    kinds: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    tags: tuple[str, ...] = ()
    limit: int | None = None
    oldest_first: bool = False


class Journal(ScoresMixin, TimelineMixin, CheckinsMixin):
    """An open journal. Use as a context manager, or call close()."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.created = False  # True when this run started the journal

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def sqlite_errors(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise translate(exc, self.path) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One transaction, begun IMMEDIATE so no other writer can slip in."""
        with self.sqlite_errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # --- writing -------------------------------------------------------------

    def add(self, entry: Entry, now: datetime) -> Entry:
        """Store a new entry in one transaction; returns it with id and uuid."""
        now = now.replace(microsecond=0)  # stored to the second
        logged = (entry.logged_at or now).replace(microsecond=0)
        entry = entry.replace(
            uuid=entry.uuid or new_uuid(),
            at=entry.at.replace(microsecond=0),
            logged_at=logged,
            updated_at=(entry.updated_at or logged).replace(microsecond=0),
        )
        entry = validate(normalised(entry))  # the same rules again, before any write
        with self.write():
            saved = self._insert(entry)
            assert saved.id is not None
            changes.record(
                self.conn, now, "log", f"entry {saved.id}: {describe(saved)}", record_ids=[saved.id]
            )
            return saved

    def import_entries(
        self, entries: Sequence[Entry], now: datetime, source: str | None = None
    ) -> tuple[int, int]:
        """Add valid entries in one transaction: (added, skipped), see import_records."""
        return self.import_records(entries, (), now, source)["entries"]

    def import_records(
        self,
        entries: Sequence[Entry],
        scores: Sequence[Score],
        now: datetime,
        source: str | None = None,
        timeline: dict[str, Sequence[Any]] | None = None,
    ) -> dict[str, tuple[int, int]]:
        """Add valid records of every family in one transaction, skipping uuids
        already in the journal; the import is one change in the history.

        A record keeps its id when that id is free; the others get new ones.
        ``timeline``: treatments, relapses and aids by family ("treatments",
        "relapses", "aids"). Returns (added, skipped) for each family ("entries",
        "scores", and those of ``timeline``). Rows are
        written in batches, all inside the one transaction, so a failure anywhere
        leaves the journal as it was.
        """
        now = now.replace(microsecond=0)
        added = skipped = 0
        with self.write():
            score_uuids, scores_skipped = self._import_scores(scores, now)
            others: dict[str, tuple[list[str], int]] = {
                plural: (
                    self._import_checkins(records)
                    if plural == "checkins"
                    else self._import_timeline(plural[:-1], records, now)
                )
                for plural, records in (timeline or {}).items()
            }
            known = {row[0] for row in self.conn.execute("SELECT uuid FROM entries")}
            used = {row[0] for row in self.conn.execute("SELECT id FROM entries")}
            # ids of deleted entries are never given out again (AUTOINCREMENT)
            issued = self.conn.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = 'entries'"
            ).fetchone()
            next_id = max(max(used, default=0), issued[0] if issued else 0) + 1
            rows: list[list[Any]] = []
            children: dict[str, list[tuple[int, str]]] = {f: [] for f in CHILD_TABLES}
            added_uuids: list[str] = []
            for entry in entries:
                if entry.uuid is None or entry.uuid in known:
                    skipped += 1
                    continue
                known.add(entry.uuid)
                added_uuids.append(entry.uuid)
                entry_id = entry.id
                if entry_id is None or entry_id in used:
                    while next_id in used:
                        next_id += 1
                    entry_id = next_id
                used.add(entry_id)
                logged = entry.logged_at or now
                rows.append([entry_id, *_values(entry, logged, entry.updated_at or logged)])
                for field, pairs in children.items():
                    pairs.extend((entry_id, value) for value in getattr(entry, field))
                added += 1
                if len(rows) >= 5000:
                    self._insert_batch(rows, children)
            self._insert_batch(rows, children)
            other_uuids = [u for uuids, _skipped in others.values() for u in uuids]
            if added or score_uuids or other_uuids:  # one change: the uuids, not copies
                what = [f"{added} {'entry' if added == 1 else 'entries'}"] if added else []
                if score_uuids:
                    what.append(f"{len(score_uuids)} score{'s' if len(score_uuids) > 1 else ''}")
                for plural, (uuids, _skipped) in others.items():
                    if uuids:
                        noun = (plural if len(uuids) > 1 else plural[:-1]).replace("_", " ")
                        what.append(f"{len(uuids)} {noun.replace('checkin', 'check-in')}")
                where = f" from {source}" if source else ""
                listed = what[-1] if len(what) == 1 else f"{', '.join(what[:-1])} and {what[-1]}"
                changes.record(
                    self.conn,
                    now,
                    "import",
                    f"{listed}{where}",
                    uuids=[*added_uuids, *score_uuids, *other_uuids],
                )
        counts = {"entries": (added, skipped), "scores": (len(score_uuids), scores_skipped)}
        counts.update({name: (len(u), skipped) for name, (u, skipped) in others.items()})
        return counts

    def _insert_batch(
        self, rows: list[list[Any]], children: dict[str, list[tuple[int, str]]]
    ) -> None:
        self.conn.executemany(_INSERT_WITH_ID, rows)
        rows.clear()
        for field, pairs in children.items():
            table, column = CHILD_TABLES[field]
            self.conn.executemany(f"INSERT INTO {table} (entry_id, {column}) VALUES (?, ?)", pairs)
            pairs.clear()

    def _insert(self, entry: Entry) -> Entry:
        assert entry.logged_at is not None and entry.updated_at is not None
        cursor = self.conn.execute(_INSERT, _values(entry, entry.logged_at, entry.updated_at))
        entry_id = cursor.lastrowid
        assert entry_id is not None
        self._write_children(entry_id, entry)
        return entry.replace(id=entry_id)

    def _write_children(self, entry_id: int, entry: Entry) -> None:
        for field, (table, column) in CHILD_TABLES.items():
            values = getattr(entry, field)
            if values:
                self.conn.executemany(
                    f"INSERT INTO {table} (entry_id, {column}) VALUES (?, ?)",
                    [(entry_id, value) for value in values],
                )

    def edit(self, entry_id: int, change: Callable[[Entry], Entry], now: datetime) -> Entry:
        """Read, change and store one entry inside a single IMMEDIATE transaction.

        ``change`` gets the stored entry and returns the new one (it may raise to
        cancel). The uuid and first-logged time never change.
        """
        now = now.replace(microsecond=0)  # stored to the second
        with self.write():
            old = self._get(entry_id)
            if old is None:
                raise UnknownEntry([entry_id])
            changed = change(old)
            # never before its last change, even if the clock went back
            stamp = max(now, old.updated_at) if old.updated_at else now
            new = changed.replace(
                id=old.id,
                uuid=old.uuid,
                at=changed.at.replace(microsecond=0),
                logged_at=old.logged_at,
                updated_at=stamp,
            )
            # Compare as stored (text): aware datetimes compare by instant, and the
            # same instant in another UTC offset is still a change of the entry.
            if new.to_dict() == old.replace(updated_at=stamp).to_dict():
                return old  # nothing changed: keep updated_at as it was
            self._rewrite(entry_id, new)
            before, after = old.to_dict(), new.to_dict()
            fields = [
                name for name in FIELDS if before[name] != after[name] and name != "updated_at"
            ]
            changes.record(
                self.conn,
                now,
                "edit",
                f"entry {entry_id}: {', '.join(fields)}",
                record_ids=[entry_id],
                before=[before],
                after=[after],
            )
            return new

    def _rewrite(self, entry_id: int, new: Entry) -> None:
        """Store ``new`` over entry ``entry_id``, stamps as they are in ``new``."""
        assert new.logged_at is not None and new.updated_at is not None
        values = _values(new, new.logged_at, new.updated_at)
        self.conn.execute(_UPDATE, [*(values[i] for i in _UPDATE_INDEXES), entry_id])
        for table, _column in CHILD_TABLES.values():
            self.conn.execute(f"DELETE FROM {table} WHERE entry_id = ?", (entry_id,))
        self._write_children(entry_id, new)

    def delete(
        self,
        ids: Sequence[int],
        shown: dict[int, Entry] | None = None,
        now: datetime | None = None,
    ) -> list[Entry]:
        """Delete exactly these entries, all or none; unknown ids are an error.

        With ``shown`` (the entries a person confirmed), nothing is deleted if any
        of them changed meanwhile.
        """
        ids = list(dict.fromkeys(ids))  # each id once
        with self.write():
            found = self._many(ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise UnknownEntry(missing)
            if shown is not None and any(
                i not in shown or found[i].to_dict() != shown[i].to_dict() for i in ids
            ):
                raise _changed_meanwhile()
            gone = [found[i] for i in ids]
            self._delete_recorded(gone, now or _now(), None)
            return gone

    def delete_all(self, expected: int | None = None, now: datetime | None = None) -> int:
        """Delete every entry; with ``expected``, only if that is still how many there are."""
        with self.write():
            if expected is not None and self._count() != expected:
                raise _changed_meanwhile()
            sql, params = _filtered(_SELECT, Query(oldest_first=True))
            gone = [_entry(row) for row in self.conn.execute(sql, params)]
            self._delete_recorded(gone, now or _now(), f"all {len(gone)} entries")
            return len(gone)

    def _delete_recorded(self, gone: list[Entry], now: datetime, summary: str | None) -> None:
        ids = [entry.id for entry in gone if entry.id is not None]
        self.conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in ids])
        if summary is None and len(gone) == 1:
            summary = f"entry {ids[0]}: {describe(gone[0])}"
        elif summary is None:
            shown = ", ".join(str(i) for i in ids[:20]) + (", ..." if len(ids) > 20 else "")
            summary = f"{len(ids)} entries: {shown}"
        changes.record(
            self.conn,
            now,
            "delete",
            summary,
            record_ids=ids,
            before=[entry.to_dict() for entry in gone],
        )

    # --- the history -----------------------------------------------------------

    def next_undo(self) -> Change | None:
        """The change ``undo`` would take back now."""
        with self.sqlite_errors():
            return changes.latest_undoable(self.conn)

    def undo(self, now: datetime, expected: int | None = None) -> Change:
        """Take back the latest change not yet undone, in one transaction.

        With ``expected`` (the change a person was shown), nothing happens if
        another change came meanwhile. Returns the change taken back.
        """
        now = now.replace(microsecond=0)
        with self.write():
            change = changes.latest_undoable(self.conn)
            if change is None:
                raise MsJournalError("Nothing to undo: the history has no changes left.")
            if expected is not None and change.id != expected:
                raise _changed_meanwhile()
            before, _after, uuids = changes.copies(self.conn, change.id)
            if change.action in ("edit", "delete") and before is None:
                raise MsJournalError(
                    f"Change {change.id} ({change.action} of {change.summary}) can no longer "
                    "be undone: its copy was forgotten with history --forget.",
                    "Nothing was changed.",
                )
            if change.family == "score" and change.action != "import":
                self._undo_score(change.action, change.record_ids, before)
            elif change.family == "checkin" and change.action != "import":
                self._undo_checkin(before, _after)
            elif change.family in TIMELINE_FAMILIES and change.action != "import":
                self._undo_timeline(change.family, change.action, change.record_ids, before)
            elif change.action == "log":
                self._remove(list(change.record_ids))
            elif change.action == "import":
                self._remove_uuids(uuids or [])
            elif change.action == "edit":
                for record in before:
                    old = Entry.from_dict(record)
                    assert old.id is not None
                    if self._get(old.id) is None:
                        raise MsJournalError(f"Entry {old.id} is gone; the edit cannot be undone.")
                    self._rewrite(old.id, old)
            elif change.action in ("delete", "restore"):
                self._restore([Entry.from_dict(record) for record in before])
            changes.record(
                self.conn,
                now,
                "undo",
                f"undid change {change.id} ({change.action} of {change.summary})",
                record_ids=list(change.record_ids) or None,
                undoes=change.id,
                family=change.family,
            )
            return change

    def _remove(self, ids: list[int]) -> None:
        for entry_id in ids:
            if self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount != 1:
                raise MsJournalError(f"Entry {entry_id} is already gone; nothing was changed.")

    def _remove_uuids(self, uuids: list[str]) -> None:
        """Take out what an import added: its uuids, of any record family."""
        self.conn.executemany("DELETE FROM entries WHERE uuid = ?", [(u,) for u in uuids])
        tables = ("scores", "checkins", *(family.table for family in TIMELINE_FAMILIES.values()))
        for table in tables:
            self.conn.executemany(f"DELETE FROM {table} WHERE uuid = ?", [(u,) for u in uuids])

    def _restore(self, gone: list[Entry]) -> None:
        """Put deleted entries back with their own ids, uuids and times."""
        for entry in gone:
            assert entry.id is not None and entry.logged_at is not None
            taken = self.conn.execute(
                "SELECT 1 FROM entries WHERE id = ? OR uuid = ?", (entry.id, entry.uuid)
            ).fetchone()
            if taken:
                raise MsJournalError(
                    f"Entry {entry.id} cannot come back: its id is in use again.",
                    "Nothing was changed.",
                )
            values = _values(entry, entry.logged_at, entry.updated_at or entry.logged_at)
            self.conn.execute(_INSERT_WITH_ID, [entry.id, *values])
            self._write_children(entry.id, entry)

    def history(self, limit: int | None = None) -> list[Change]:
        """The changes, newest first."""
        with self.sqlite_errors():
            return changes.listing(self.conn, limit)

    def history_count(self) -> int:
        with self.sqlite_errors():
            return changes.count(self.conn)

    def forgettable(self) -> int:
        """How many changes still hold copies of entries that are deleted."""
        with self.sqlite_errors():
            return len(changes.forgettable(self.conn))

    def forget(self, now: datetime) -> int:
        """Remove the copies of deleted entries from the history, for good.

        SQLite's secure_delete overwrites the freed space, and the write-ahead log
        is folded in and emptied, so the copies do not linger in the file.
        """
        with self.sqlite_errors():
            self.conn.execute("PRAGMA secure_delete = ON")
        with self.write():
            found = changes.forgettable(self.conn)
            changes.forget(self.conn, found, now.replace(microsecond=0))
        with self.sqlite_errors():
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(found)

    # --- reading -------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        with self.sqlite_errors():
            return self._get(entry_id)

    def _get(self, entry_id: int) -> Entry | None:
        return self._many([entry_id]).get(entry_id)

    def _by_uuids(self, uuids: Sequence[str]) -> list[Entry]:
        """The entries with these uuids that exist, in the order of ``uuids``."""
        found: dict[str, Entry] = {}
        for start in range(0, len(uuids), 500):
            part = list(uuids[start : start + 500])
            sql = f"{_SELECT} WHERE e.uuid IN ({','.join('?' for _ in part)})"
            for row in self.conn.execute(sql, part):
                entry = _entry(row)
                assert entry.uuid is not None
                found[entry.uuid] = entry
        return [found[u] for u in uuids if u in found]

    def get_many(self, ids: Sequence[int]) -> dict[int, Entry]:
        with self.sqlite_errors():
            return self._many(ids)

    def _many(self, ids: Sequence[int]) -> dict[int, Entry]:
        if not ids:
            return {}
        unique = sorted(set(ids))
        sql = f"{_SELECT} WHERE e.id IN ({', '.join('?' for _ in unique)})"
        return {e.id: e for e in map(_entry, self.conn.execute(sql, unique)) if e.id}

    def last_logged(self) -> Entry | None:
        """The entry stored most recently (by when it was logged, not its time)."""
        sql = f"{_SELECT} ORDER BY julianday(e.logged_at) DESC, e.id DESC LIMIT 1"
        with self.sqlite_errors():
            row = self.conn.execute(sql).fetchone()
        return None if row is None else _entry(row)

    def ids_between(self, first: int, last: int) -> list[int]:
        """The ids that exist from ``first`` to ``last`` (both included), in order."""
        sql = "SELECT id FROM entries WHERE id BETWEEN ? AND ? ORDER BY id"
        with self.sqlite_errors():
            return [int(row[0]) for row in self.conn.execute(sql, (first, last))]

    def entries(self, query: Query) -> list[Entry]:
        return list(self.iter_entries(query))

    def iter_entries(self, query: Query) -> Iterator[Entry]:
        sql, params = _filtered(_SELECT, query)
        with self.sqlite_errors():
            yield from map(_entry, self.conn.execute(sql, params))

    def iter_records(self, query: Query) -> Iterator[dict[str, Any]]:
        """Entries straight into the entry shape (JSON-ready dicts), for big exports.

        The same values as ``Entry.to_dict()``, without building Entry objects.
        """
        sql, params = _filtered(_SELECT_RECORDS, query)
        with self.sqlite_errors():
            for row in self.conn.execute(sql, params):
                record = dict(zip(FIELDS, row, strict=True))
                for name in BOOL_COLUMNS:
                    value = record[name]
                    if value is not None:
                        record[name] = bool(value)
                for name, rank in _LIST_RANKS.items():
                    joined = record[name]
                    if not joined:
                        record[name] = []
                    elif _SEP not in joined:
                        record[name] = [joined]
                    else:
                        values = joined.split(_SEP)
                        values.sort(key=rank.__getitem__ if rank else None)
                        record[name] = values
                yield record

    def backup_to(self, target: Path) -> int:
        """Copy the journal into ``target`` (an empty file) with SQLite's backup API.

        The copy is a consistent snapshot even while others write, and is left as
        one self-contained file (rollback journal mode, not WAL).
        """
        with self.sqlite_errors():
            copy = sqlite3.connect(target, isolation_level=None)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                problems = _integrity_problems(copy)
                copied = int(copy.execute("SELECT count(*) FROM entries").fetchone()[0])
            finally:
                copy.close()
        if problems:
            raise JournalUnavailable(
                "The backup copy did not pass SQLite's integrity check; it was not kept.",
                "Run msjournal check to look at the journal itself.",
            )
        return copied

    def health(self) -> list[str]:
        """Problems SQLite's integrity and foreign-key checks find (empty: healthy)."""
        with self.sqlite_errors():
            problems = _integrity_problems(self.conn)
            for table, _rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"a row of {table} points to an entry that is missing ({parent})")
            if not problems:
                problems = _schema_problems(self.conn)
            if not problems:
                problems = changes.problems(self.conn)
        return problems

    def notice_shown(self, name: str) -> bool:
        with self.sqlite_errors():
            return bool(
                self.conn.execute("SELECT 1 FROM notices WHERE name = ?", (name,)).fetchone()
            )

    def record_notice(self, name: str, now: datetime) -> None:
        with self.write():
            self.conn.execute(
                "INSERT OR IGNORE INTO notices (name, shown_at) VALUES (?, ?)",
                (name, dates.iso(now)),
            )

    def count(self) -> int:
        with self.sqlite_errors():
            return self._count()

    def _count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def count_matching(self, query: Query) -> int:
        """How many entries the query's filters match, whatever its limit."""
        from dataclasses import replace

        sql, params = _filtered("SELECT count(*) FROM entries AS e", replace(query, limit=None))
        sql = sql[: sql.index(" ORDER BY")]
        with self.sqlite_errors():
            return int(self.conn.execute(sql, params).fetchone()[0])

    def same_logged_since(self, entry: Entry, since: datetime) -> Entry | None:
        """The latest entry logged at or after ``since`` whose values are those of
        ``entry`` (its time, ids and stamps aside): a command run twice by mistake."""
        ignored = ("id", "uuid", "at", "logged_at", "updated_at", "hopkins_grade")
        wanted = {k: v for k, v in entry.to_dict().items() if k not in ignored}
        with self.sqlite_errors():
            rows = self.conn.execute(  # among the last 50 ids: cheap on the log path
                "SELECT id FROM entries WHERE id > (SELECT max(id) - 50 FROM entries) "
                "AND kind = ? AND julianday(logged_at) >= julianday(?) ORDER BY id DESC",
                (entry.kind, dates.iso(since)),
            ).fetchall()
            for (entry_id,) in rows:
                found = self._get(entry_id)
                if found is not None:
                    values = {k: v for k, v in found.to_dict().items() if k not in ignored}
                    if values == wanted:
                        return found
        return None

    def schema_version(self) -> int:
        with self.sqlite_errors():
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])


def _filtered(select: str, query: Query) -> tuple[str, list[Any]]:
    """The SELECT with the query's filters, order and limit (the day index serves ranges)."""
    where: list[str] = []
    params: list[Any] = []
    if query.kinds:
        where.append(f"e.kind IN ({', '.join('?' for _ in query.kinds)})")
        params.extend(query.kinds)
    if query.start is not None:
        where.append("e.day >= ?")
        params.append(query.start.isoformat())
    if query.end is not None:
        where.append("e.day <= ?")
        params.append(query.end.isoformat())
    if query.tags:
        where.append(
            "e.id IN (SELECT entry_id FROM entry_tags WHERE tag IN "
            f"({', '.join('?' for _ in query.tags)}))"
        )
        params.extend(query.tags)
    sql = select
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = "" if query.oldest_first else " DESC"
    sql += f" ORDER BY e.at_utc{order}, e.id{order}"
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    return sql, params


def _schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Tables or columns the program relies on that are missing (sqlite-utils reads them)."""
    import sqlite_utils  # only `check` needs it

    found = sqlite_utils.Database(conn)
    tables = set(found.table_names())
    expected = {"entries": (*SCALAR_COLUMNS, "at_utc", "day"), "notices": ("name", "shown_at")}
    expected.update({table: ("entry_id", column) for table, column in CHILD_TABLES.values()})
    problems = []
    for table, columns in expected.items():
        if table not in tables:
            problems.append(f"the table {table} is missing")
            continue
        missing = set(columns) - set(found[table].columns_dict)
        if missing:
            problems.append(f"the table {table} has no column {sorted(missing)[0]}")
    return problems


def _now() -> datetime:
    """The time of a change, for callers that did not pass the one they showed."""
    return datetime.now().astimezone().replace(microsecond=0)


def new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def _changed_meanwhile() -> MsJournalError:
    return MsJournalError(
        "The journal changed while you were deciding; nothing was deleted.",
        "Look at it again (msjournal list) and try once more.",
    )


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _same_stamp(one: datetime, other: datetime) -> bool:
    """The same instant written the same way (same offset)."""
    return one == other and one.utcoffset() == other.utcoffset()


def _values(entry: Entry, logged: datetime, updated: datetime) -> list[Any]:
    """The values of _INSERT_COLUMNS for an entry, stamped logged/updated."""
    at = entry.at
    at_text = dates.iso(at)
    return [
        entry.uuid,
        entry.kind,
        at_text,
        entry.severity,
        entry.duration_minutes,
        entry.fatigue_type,
        _bool(entry.near_fall),
        entry.place,
        entry.doing,
        entry.injury,
        _bool(entry.got_up_alone),
        entry.hopkins_grade,
        entry.minutes,
        entry.exercise_type,
        entry.effort,
        _bool(entry.with_therapist),
        entry.after,
        entry.symptom,
        entry.note,
        logged_text := dates.iso(logged),
        logged_text if _same_stamp(updated, logged) else dates.iso(updated),
        dates.utc_iso(at),
        at_text[:10],
    ]


def _entry(row: Sequence[Any]) -> Entry:
    fields: dict[str, Any] = {}
    for column, value in zip(SCALAR_COLUMNS, row, strict=False):
        if column == "hopkins_grade":
            continue  # derived from near_fall and injury
        if column in ("at", "logged_at", "updated_at"):
            value = dates.parse_iso(value)
        elif column in BOOL_COLUMNS and value is not None:
            value = bool(value)
        fields[column] = value
    for field, joined in zip(CHILD_TABLES, row[len(SCALAR_COLUMNS) :], strict=True):
        values = joined.split(_SEP) if joined else []
        vocabulary = LIST_FIELDS[field]
        fields[field] = vocab.ordered(vocabulary, values) if vocabulary else tuple(sorted(values))
    return Entry(**fields)


# --- opening ------------------------------------------------------------------


def open_journal(where: JournalPath, *, create: bool, write: bool | None = None) -> Journal:
    """Open the journal, creating it first if ``create`` and it does not exist.

    ``write`` (default: ``create``) says whether the command will change it: a
    read-only journal (file or folder) is then refused before anything is touched,
    and otherwise opened for reading only. Never writes to a file that is not
    already an msjournal journal.
    """
    write = create if write is None else write
    path = where.path
    if path.is_dir():
        raise NotAJournal(
            f"{path} is a folder, not a journal file.",
            "Give the path of a file, such as --db ~/journal.db.",
        )
    if not path.exists():
        if not create:
            raise NoJournal(
                f"There is no journal yet at {path}.",
                "Check the path (msjournal path), or log a first entry to start one.",
            )
        created = _create(path, tighten_folder=where.source == "default")
    else:
        created = False
    _check_header(path)
    file_ok, folder_ok = os.access(path, os.W_OK), os.access(path.parent, os.W_OK)
    if not (file_ok and folder_ok):
        what = "file" if not file_ok else "folder it is in"
        if write:
            raise JournalUnavailable(
                f"msjournal cannot write to {path}: the {what} is read-only.",
                "Nothing was changed. Make it writable, or copy the journal elsewhere.",
            )
        return _connect_read_only(path, what)
    journal = _connect(path)
    journal.created = created
    return journal


def _schema_version(journal: Journal) -> int:
    """Set up the connection and read the schema version; refuse a newer journal."""
    with journal.sqlite_errors():
        _configure(journal.conn)
        version = int(journal.conn.execute("PRAGMA user_version").fetchone()[0])
    if version > migrations.SCHEMA_VERSION:
        raise NewerJournal(
            f"The journal at {journal.path} was written by a newer msjournal "
            f"(schema {version}; this one knows up to {migrations.SCHEMA_VERSION}).",
            "Update msjournal to use it. The journal was not changed.",
        )
    return version


def _connect_read_only(path: Path, what: str) -> Journal:
    """Read a journal that may not be written, leaving no -wal or -shm beside it.

    SQLite's 'immutable' mode reads the main file alone; msjournal checkpoints the
    write-ahead log whenever it closes a journal, so that file holds everything.
    """
    from urllib.parse import quote

    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise JournalUnavailable(
            f"The journal at {path} holds recent changes not yet folded into it, and "
            f"the {what} is read-only, so msjournal cannot read it safely.",
            "Make it writable once (msjournal then completes it); nothing was changed.",
        )
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?immutable=1", uri=True, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    journal = Journal(conn, path)
    try:
        version = _schema_version(journal)
        if version < migrations.SCHEMA_VERSION:
            raise JournalUnavailable(
                f"The journal at {path} needs an upgrade, but the {what} is read-only.",
                "Make it writable once, and msjournal upgrades it.",
            )
    except BaseException:
        conn.close()
        raise
    return journal


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise JournalUnavailable(f"msjournal may not read {path} (permission denied).") from exc
    except OSError as exc:
        raise JournalUnavailable(f"msjournal cannot read {path}: {exc.strerror}.") from exc
    leave = "msjournal has left it as it is. Point --db at another file."
    if not header:
        raise NotAJournal(f"{path} is an empty file, not an msjournal journal.", leave)
    if not header.startswith(SQLITE_HEADER):
        raise NotAJournal(f"{path} is not an msjournal journal.", leave)
    if len(header) < 100:
        raise NotAJournal(f"{path} is damaged: the file is cut short.", leave)
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != migrations.APPLICATION_ID:
        raise NotAJournal(f"{path} is an SQLite database, but not an msjournal journal.", leave)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def _connect(path: Path) -> Journal:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    journal = Journal(conn, path)
    try:
        version = _schema_version(journal)
        with journal.sqlite_errors():
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        if version < migrations.SCHEMA_VERSION:
            _upgrade(journal, version)
    except BaseException:
        conn.close()
        raise
    return journal


def _upgrade(journal: Journal, version: int) -> None:
    """Apply the missing migrations to an existing journal, in one transaction.

    When one of them rebuilds tables (migrations.REBUILDS), SQLite's ALTER TABLE
    procedure applies: foreign keys off before the transaction (inside one the
    pragma does nothing, and with them on, dropping ``entries`` would delete every
    row of its child tables), and back on after it, whether it committed or not.
    The journal as it was is first copied to backups/before-schema-N-DATE.db.
    """
    conn = journal.conn
    if migrations.first_rebuild(version) is None:
        with journal.write():
            migrations.apply(conn)
        return
    with journal.sqlite_errors():
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with journal.write():
            # read again under the write lock: another msjournal may have upgraded it
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            rebuild = migrations.first_rebuild(current)
            if rebuild is not None:
                _backup_before_schema(journal, rebuild)
            migrations.apply(conn)
    finally:
        with journal.sqlite_errors():
            conn.execute("PRAGMA foreign_keys = ON")


def _backup_before_schema(journal: Journal, number: int) -> Path:
    """Copy the journal, as committed, to backups/before-schema-N-DATE.db beside it.

    Called while ``journal`` holds the write lock and has changed nothing yet: the
    copy is read through a second connection (the backup API cannot read through
    the connection that is writing), so it is exactly what the upgrade starts from.
    """
    folder = journal.path.parent / "backups"
    make_private_dirs(folder)
    stem = f"before-schema-{number}-{date.today().isoformat()}"
    with journal.sqlite_errors():
        reader = sqlite3.connect(journal.path, isolation_level=None)
    with Journal(reader, journal.path) as source:
        with journal.sqlite_errors():
            reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        with files.private_temp(folder, f".{stem}.", ".part") as temp:
            source.backup_to(temp)
            files.fsync(temp)
            for attempt in range(1, 100):
                target = folder / (f"{stem}.db" if attempt == 1 else f"{stem}-{attempt}.db")
                try:
                    files.link_no_clobber(temp, target)
                except FileExistsError:
                    continue  # upgraded earlier today: a journal restored and upgraded again
                except OSError as exc:
                    raise JournalUnavailable(
                        f"msjournal cannot write the backup {target}: {exc.strerror}. "
                        "The journal was not upgraded."
                    ) from exc
                files.fsync(folder)
                return target
    raise JournalUnavailable(f"msjournal cannot name a backup in {folder}; nothing was changed.")


def _create(path: Path, *, tighten_folder: bool) -> bool:
    """Build a new, empty journal in a private temp file and link it into place.

    False when another msjournal linked its own new journal there first.
    """
    folder = path.parent
    make_private_dirs(folder)
    if tighten_folder:
        os.chmod(folder, 0o700)
    import tempfile

    try:
        handle, temp_name = tempfile.mkstemp(prefix=".msjournal-new-", suffix=".db", dir=folder)
    except OSError as exc:
        raise JournalUnavailable(
            f"msjournal cannot create a journal in {folder}: {exc.strerror}."
        ) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _configure(conn)
            conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            # migrations that rebuild tables need foreign keys off (nothing to back
            # up yet: the journal is new and empty)
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("BEGIN IMMEDIATE")
            migrations.apply(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        files.fsync(temp)
        # never replaces a journal another msjournal made a moment ago: that one is used
        try:
            files.link_no_clobber(temp, path)
            won = True
        except FileExistsError:
            won = False
        files.fsync(folder)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    except OSError as exc:
        raise JournalUnavailable(
            f"msjournal cannot create the journal {path}: {exc.strerror}."
        ) from exc
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return won
