"""The SQL of questionnaire scores: add, read, list, edit, delete, import, undo.

``Journal`` inherits ``ScoresMixin``, so a journal has these methods beside its
entries' ones. Every write runs in one IMMEDIATE transaction and records its change
in the history (family ``score``) in that same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from msjournal import dates
from msjournal.db import changes
from msjournal.errors import MsJournalError

if TYPE_CHECKING:
    from msjournal.instruments import Score


class _Instruments:
    """msjournal.instruments, imported the first time a score is read or written:
    every command opens the journal, and logging weakness needs no questionnaires."""

    def __getattr__(self, name: str) -> Any:
        from msjournal import instruments as module

        return getattr(module, name)


instruments = _Instruments()

_COLUMNS = "id, uuid, instrument, at, responses, note, logged_at, updated_at"
_SELECT = f"SELECT {_COLUMNS} FROM scores"
_NEWEST_FIRST = " ORDER BY at_utc DESC, id DESC"
_VALUE_COLUMNS = (
    "uuid",
    "instrument",
    "at",
    "at_utc",
    "day",
    "responses",
    "score",
    "note",
    "logged_at",
    "updated_at",
)
_INSERT = "INSERT INTO scores ({}) VALUES ({})".format(
    ", ".join(_VALUE_COLUMNS), ", ".join("?" for _ in _VALUE_COLUMNS)
)
_INSERT_WITH_ID = "INSERT INTO scores (id, {}) VALUES (?, {})".format(
    ", ".join(_VALUE_COLUMNS), ", ".join("?" for _ in _VALUE_COLUMNS)
)
_UPDATE = "UPDATE scores SET {} WHERE id = ?".format(
    ", ".join(f"{c} = ?" for c in _VALUE_COLUMNS if c not in ("uuid", "logged_at"))
)
# What an edit of a score names in the history.
_EDITABLE = ("at", "responses", "note")


class UnknownScore(MsJournalError):
    """One or more score ids do not exist."""

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = list(ids)
        if len(self.ids) == 1:
            message = f"There is no score with id {self.ids[0]}."
        else:
            message = f"There are no scores with ids {', '.join(str(i) for i in self.ids)}."
        super().__init__(message, "See the ids with: msjournal scores")


def _responses_text(responses: Sequence[int | float]) -> str:
    return "[" + ",".join(repr(value) for value in responses) + "]"


def _values(score: Score) -> list[Any]:
    """The values of _VALUE_COLUMNS for a score with its stamps set."""
    assert score.logged_at is not None and score.updated_at is not None
    at_text = dates.iso(score.at)
    return [
        score.uuid,
        score.instrument,
        at_text,
        dates.utc_iso(score.at),
        at_text[:10],
        _responses_text(score.responses),
        score.score,
        score.note,
        dates.iso(score.logged_at),
        dates.iso(score.updated_at),
    ]


def _update_params(score: Score) -> list[Any]:
    """The values of _UPDATE for a score: all but its uuid and first-logged time."""
    values = _values(score)
    return [*values[1:8], values[9], score.id]


def _score(row: Sequence[Any]) -> Score:
    import json

    score: Score = instruments.Score(
        id=row[0],
        uuid=row[1],
        instrument=row[2],
        at=dates.parse_iso(row[3]),
        responses=tuple(json.loads(row[4])),
        note=row[5],
        logged_at=dates.parse_iso(row[6]),
        updated_at=dates.parse_iso(row[7]),
    )
    return score


def period_where(start: date | None, end: date | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append("day >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("day <= ?")
        params.append(end.isoformat())
    return where, params


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def _gone_meanwhile() -> MsJournalError:
    return MsJournalError(
        "The journal changed while you were deciding; nothing was deleted.",
        "Look at it again (msjournal scores) and try once more.",
    )


class ScoresMixin:
    """Questionnaire scores, for ``Journal``."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:  # Journal's own, used here

        def write(self) -> AbstractContextManager[None]: ...

        def sqlite_errors(self) -> AbstractContextManager[None]: ...

    # --- writing ---------------------------------------------------------------

    def add_score(self, score: Score, now: datetime) -> Score:
        """Store a new score in one transaction; returns it with its id and uuid."""
        now = now.replace(microsecond=0)
        logged = (score.logged_at or now).replace(microsecond=0)
        score = instruments.validate(
            score.replace(
                uuid=score.uuid or _new_uuid(),
                at=score.at.replace(microsecond=0),
                logged_at=logged,
                updated_at=(score.updated_at or logged).replace(microsecond=0),
            )
        )
        with self.write():
            cursor = self.conn.execute(_INSERT, _values(score))
            assert cursor.lastrowid is not None
            saved = score.replace(id=cursor.lastrowid)
            changes.record(
                self.conn,
                now,
                "log",
                f"score {saved.id}: {instruments.describe(saved)}",
                record_ids=[cursor.lastrowid],
                family="score",
            )
            return saved

    def edit_score(self, score_id: int, change: Callable[[Score], Score], now: datetime) -> Score:
        """Read, change and store one score in a single IMMEDIATE transaction.

        ``change`` gets the stored score and returns the new one (it may raise to
        cancel). Its id, uuid, instrument and first-logged time never change.
        """
        now = now.replace(microsecond=0)
        with self.write():
            old = self._score(score_id)
            if old is None:
                raise UnknownScore([score_id])
            changed = change(old)
            assert old.updated_at is not None
            stamp = max(now, old.updated_at)  # never before its last change
            new: Score = instruments.validate(
                changed.replace(
                    id=old.id,
                    uuid=old.uuid,
                    instrument=old.instrument,
                    at=changed.at.replace(microsecond=0),
                    logged_at=old.logged_at,
                    updated_at=stamp,
                )
            )
            before, after = old.record(), new.record()
            fields = [name for name in _EDITABLE if before[name] != after[name]]
            if not fields:
                return old  # nothing changed: updated_at stays as it was
            self.conn.execute(_UPDATE, _update_params(new))
            changes.record(
                self.conn,
                now,
                "edit",
                f"score {score_id}: {', '.join(fields)}",
                record_ids=[score_id],
                before=[before],
                after=[after],
                family="score",
            )
            return new

    def delete_scores(
        self, ids: Sequence[int], shown: dict[int, Score] | None = None, now: datetime | None = None
    ) -> list[Score]:
        """Delete exactly these scores, all or none; unknown ids are an error.

        With ``shown`` (the scores a person confirmed), nothing is deleted if any of
        them changed meanwhile.
        """
        ids = list(dict.fromkeys(ids))
        moment = (now or datetime.now().astimezone()).replace(microsecond=0)
        with self.write():
            found = self._scores_by_id(ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise UnknownScore(missing)
            if shown is not None and any(
                i not in shown or found[i].record() != shown[i].record() for i in ids
            ):
                raise _gone_meanwhile()
            gone = [found[i] for i in ids]
            self.conn.executemany("DELETE FROM scores WHERE id = ?", [(i,) for i in ids])
            if len(gone) == 1:
                summary = f"score {ids[0]}: {instruments.describe(gone[0])}"
            else:
                summary = f"{len(ids)} scores: {', '.join(str(i) for i in ids[:20])}"
                summary += ", ..." if len(ids) > 20 else ""
            changes.record(
                self.conn,
                moment,
                "delete",
                summary,
                record_ids=ids,
                before=[score.record() for score in gone],
                family="score",
            )
            return gone

    def _import_scores(self, scores: Sequence[Score], now: datetime) -> tuple[list[str], int]:
        """Add scores inside the caller's transaction, skipping uuids already here.

        A score keeps its id when that id is free; the others get new ones.
        Returns the uuids added and how many were skipped.
        """
        if not scores:  # nothing to read either (an import of entries alone)
            return [], 0
        known = {row[0] for row in self.conn.execute("SELECT uuid FROM scores")}
        used = {row[0] for row in self.conn.execute("SELECT id FROM scores")}
        issued = self.conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'scores'"
        ).fetchone()
        next_id = max(max(used, default=0), issued[0] if issued else 0) + 1
        added: list[str] = []
        skipped = 0
        rows: list[list[Any]] = []
        for score in scores:
            if score.uuid is None or score.uuid in known:
                skipped += 1
                continue
            known.add(score.uuid)
            score_id = score.id
            if score_id is None or score_id in used:
                while next_id in used:
                    next_id += 1
                score_id = next_id
            used.add(score_id)
            logged = score.logged_at or now
            stamped = score.replace(logged_at=logged, updated_at=score.updated_at or logged)
            rows.append([score_id, *_values(stamped)])
            added.append(score.uuid)
        self.conn.executemany(_INSERT_WITH_ID, rows)
        return added, skipped

    def _undo_score(self, action: str, ids: Sequence[int], before: Any) -> None:
        """Take back a log, an edit or a delete of scores (inside undo's transaction)."""
        if action == "log":
            for score_id in ids:
                if self.conn.execute("DELETE FROM scores WHERE id = ?", (score_id,)).rowcount != 1:
                    raise MsJournalError(f"Score {score_id} is already gone; nothing was changed.")
        elif action == "edit":
            for record in before:
                old = instruments.Score.from_record(record)
                if self._score(record["id"]) is None:
                    raise MsJournalError(f"Score {old.id} is gone; the edit cannot be undone.")
                self.conn.execute(_UPDATE, _update_params(old))
        elif action in ("delete", "restore"):
            for record in before:
                old = instruments.Score.from_record(record)
                taken = self.conn.execute(
                    "SELECT 1 FROM scores WHERE id = ? OR uuid = ?", (old.id, old.uuid)
                ).fetchone()
                if taken:
                    raise MsJournalError(
                        f"Score {old.id} cannot come back: its id is in use again.",
                        "Nothing was changed.",
                    )
                self.conn.execute(_INSERT_WITH_ID, [old.id, *_values(old)])

    # --- reading ---------------------------------------------------------------

    def get_score(self, score_id: int) -> Score | None:
        with self.sqlite_errors():
            return self._score(score_id)

    def _score(self, score_id: int) -> Score | None:
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (score_id,)).fetchone()
        return None if row is None else _score(row)

    def get_scores(self, ids: Sequence[int]) -> dict[int, Score]:
        with self.sqlite_errors():
            return self._scores_by_id(ids)

    def _scores_by_id(self, ids: Sequence[int]) -> dict[int, Score]:
        found: dict[int, Score] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            sql = f"{_SELECT} WHERE id IN ({', '.join('?' for _ in part)})"
            for row in self.conn.execute(sql, part):
                found[row[0]] = _score(row)
        return found

    def last_logged_score(self) -> Score | None:
        """The score stored most recently (by when it was logged, not its time)."""
        sql = f"{_SELECT} ORDER BY julianday(logged_at) DESC, id DESC LIMIT 1"
        with self.sqlite_errors():
            row = self.conn.execute(sql).fetchone()
        return None if row is None else _score(row)

    def scores(
        self,
        instrument: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Score]:
        """The scores, newest first: of one instrument, in a period (local days)."""
        where, params = period_where(start, end)
        if instrument is not None:
            where.append("instrument = ?")
            params.append(instrument)
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _NEWEST_FIRST
        with self.sqlite_errors():
            return [_score(row) for row in self.conn.execute(sql, params)]

    def score_count(self) -> int:
        with self.sqlite_errors():
            return int(self.conn.execute("SELECT count(*) FROM scores").fetchone()[0])

    def latest_scores(
        self, start: date | None, end: date | None
    ) -> dict[str, tuple[Score, Score | None]]:
        """For each instrument scored in the period: the latest score in it, and the
        one before that (which may be older than the period; None if there is none).

        Instruments come in msjournal's order (fss, mfis, mfis5, msws12, pdds, edss).
        """
        where, params = period_where(start, end)
        found: dict[str, tuple[Score, Score | None]] = {}
        with self.sqlite_errors():
            for instrument in instruments.NAMES:
                row = self.conn.execute(
                    f"{_SELECT} WHERE {' AND '.join(['instrument = ?', *where])}"
                    f"{_NEWEST_FIRST} LIMIT 1",
                    [instrument, *params],
                ).fetchone()
                if row is None:
                    continue
                latest = _score(row)
                at_utc = dates.utc_iso(latest.at)
                before = self.conn.execute(
                    f"{_SELECT} WHERE instrument = ? AND (at_utc < ? OR (at_utc = ? AND id < ?))"
                    f"{_NEWEST_FIRST} LIMIT 1",
                    (instrument, at_utc, at_utc, latest.id),
                ).fetchone()
                found[instrument] = (latest, None if before is None else _score(before))
        return found

    def iter_score_records(
        self, start: date | None = None, end: date | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every score in the export's shape (instruments.RECORD_FIELDS), oldest first."""
        where, params = period_where(start, end)
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY at_utc, id"
        with self.sqlite_errors():
            for row in self.conn.execute(sql, params):
                record = _score(row).record()
                assert tuple(record) == instruments.RECORD_FIELDS
                yield record
