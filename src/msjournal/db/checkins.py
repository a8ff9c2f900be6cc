"""The SQL of daily check-ins: save (or redo) a day's check-in with its entries,
read them, import them, and take one back.

``Journal`` inherits ``CheckinsMixin``. Saving a check-in is one IMMEDIATE
transaction: the check-in row, the entries it adds, changes or removes, and one
change in the history (family ``checkin``) holding the check-in and those entries
as they were and became, so undo puts back exactly what was there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from msjournal import dates
from msjournal.db import changes
from msjournal.db.scores import period_where
from msjournal.errors import MsJournalError

if TYPE_CHECKING:
    from msjournal.checkin import CheckIn
    from msjournal.entries import Entry

COLUMNS = (
    "uuid",
    "day",
    "at",
    "weakness",
    "regions",
    "fatigue",
    "falls",
    "near_falls",
    "exercise",
    "note",
    "entries",
    "logged_at",
    "updated_at",
)
_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM checkins"


def _dumps(value: Any) -> str:
    import json  # not on the everyday log path

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str) -> Any:
    import json

    return json.loads(text)


def _values(c: CheckIn) -> list[Any]:
    assert c.logged_at is not None and c.updated_at is not None
    return [
        c.uuid,
        c.day.isoformat(),
        dates.iso(c.at),
        c.weakness,
        _dumps(list(c.regions)) if c.weakness else None,
        c.fatigue,
        c.falls,
        c.near_falls,
        None if c.exercise is None else _dumps([{"minutes": m, "type": t} for m, t in c.exercise]),
        c.note,
        _dumps(list(c.entries)),
        dates.iso(c.logged_at),
        dates.iso(c.updated_at),
    ]


def _load(row: Sequence[Any]) -> CheckIn:
    from msjournal.checkin import CheckIn

    values = dict(zip(("id", *COLUMNS), row, strict=True))
    exercise = None if values["exercise"] is None else _loads(values["exercise"])
    return CheckIn(
        id=values["id"],
        uuid=values["uuid"],
        day=date.fromisoformat(values["day"]),
        at=dates.parse_iso(values["at"]),
        weakness=values["weakness"],
        regions=tuple(_loads(values["regions"])) if values["regions"] else (),
        fatigue=values["fatigue"],
        falls=values["falls"],
        near_falls=values["near_falls"],
        exercise=None if exercise is None else tuple((s["minutes"], s["type"]) for s in exercise),
        note=values["note"],
        entries=tuple(_loads(values["entries"])),
        logged_at=dates.parse_iso(values["logged_at"]),
        updated_at=dates.parse_iso(values["updated_at"]),
    )


class CheckinsMixin:
    """Daily check-ins, for ``Journal``."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:  # Journal's own, used here

        def write(self) -> AbstractContextManager[None]: ...

        def sqlite_errors(self) -> AbstractContextManager[None]: ...

        def _insert(self, entry: Entry) -> Entry: ...

        def _rewrite(self, entry_id: int, new: Entry) -> None: ...

        def _restore(self, gone: list[Entry]) -> None: ...

        def _by_uuids(self, uuids: Sequence[str]) -> list[Entry]: ...

    def _ci_rows(self, where: str = "", params: Sequence[Any] = ()) -> list[CheckIn]:
        sql = _SELECT + (f" WHERE {where}" if where else "") + " ORDER BY day"
        return [_load(row) for row in self.conn.execute(sql, list(params))]

    def checkin_on(self, day: date) -> CheckIn | None:
        with self.sqlite_errors():
            found = self._ci_rows("day = ?", (day.isoformat(),))
        return found[0] if found else None

    def latest_checkin_before(self, day: date) -> CheckIn | None:
        """The most recent check-in of a day before ``day``: its answers are the defaults."""
        with self.sqlite_errors():
            row = self.conn.execute(
                _SELECT + " WHERE day < ? ORDER BY day DESC LIMIT 1", (day.isoformat(),)
            ).fetchone()
        return None if row is None else _load(row)

    def checkins(self, start: date | None = None, end: date | None = None) -> list[CheckIn]:
        """Check-ins of the days from ``start`` to ``end`` (included), oldest first."""
        where, params = period_where(start, end)
        with self.sqlite_errors():
            return self._ci_rows(" AND ".join(where), params)

    def checkin_days(self, start: date, end: date) -> set[date]:
        """The days from ``start`` to ``end`` (included) that have a check-in."""
        with self.sqlite_errors():
            return {
                date.fromisoformat(day)
                for (day,) in self.conn.execute(
                    "SELECT day FROM checkins WHERE day BETWEEN ? AND ?",
                    (start.isoformat(), end.isoformat()),
                )
            }

    def entries_of_checkin(self, checkin: CheckIn | None, edited: bool = False) -> list[Entry]:
        """The entries a check-in made that are still in the journal and as it left
        them (with ``edited``, those the person changed since, too)."""
        if checkin is None or not checkin.entries:
            return []
        from msjournal.checkin import owned

        with self.sqlite_errors():
            found = self._by_uuids(checkin.entries)
        return found if edited else owned(found, checkin)

    def save_checkin(
        self,
        day: date,
        make: Callable[[CheckIn | None], CheckIn],
        now: datetime,
        expected: int | None = None,
        injuries: Sequence[str] = (),
        apart: tuple[int, int] = (0, 0),
    ) -> tuple[CheckIn, list[Entry], list[Entry], list[Entry]]:
        """Save a day's check-in in one transaction, replacing that day's earlier one.

        ``make`` gets ``day``'s earlier check-in (read inside the transaction) and
        returns the new one, without entries. The entries the earlier one made are
        kept where still wanted (see checkin.plan), changed, or removed; entries
        logged otherwise are never touched. With ``expected`` (the earlier check-in's
        id a person was shown, or 0 for none), nothing is saved if it changed.
        ``injuries``: of the falls the check-in adds, in order; ``apart``: the day's
        falls and near-falls logged apart, for the history's words. Entries the
        person edited since the earlier check-in are theirs: never touched.
        Returns (the check-in, entries added, entries changed, entries removed).
        """
        from msjournal.checkin import describe, owned, plan, validate, wanted_entries
        from msjournal.entries import validate as validate_entry

        now = now.replace(microsecond=0)
        with self.write():
            old = self._ci_rows("day = ?", (day.isoformat(),))
            earlier = old[0] if old else None
            if expected is not None and (earlier.id if earlier else 0) != expected:
                raise MsJournalError(
                    "The journal changed while you were answering; nothing was saved.",
                    "Check in again: msjournal today",
                )
            checkin = validate(make(earlier))
            if checkin.day != day:
                raise MsJournalError("A check-in was made for the wrong day; nothing was saved.")
            before_entries = owned(self._by_uuids(earlier.entries), earlier) if earlier else []
            kept_falls = sum(1 for e in before_entries if e.kind == "fall" and not e.near_fall)
            hurt = ["none"] * min(kept_falls, checkin.falls) + list(injuries)
            add, change, remove = plan(before_entries, wanted_entries(checkin, hurt))
            added = []
            for entry in add:
                fresh = entry.replace(uuid=_new_uuid(), logged_at=now, updated_at=now)
                added.append(self._insert(validate_entry(fresh)))
            changed = []
            for old_entry, new_entry in change:
                assert old_entry.id is not None
                stamp = max(now, old_entry.updated_at or now)
                new_entry = validate_entry(new_entry.replace(updated_at=stamp))
                self._rewrite(old_entry.id, new_entry)
                changed.append(new_entry)
            for entry in remove:
                self.conn.execute("DELETE FROM entries WHERE id = ?", (entry.id,))
            kept = [e for e in before_entries if e not in remove]
            made = {e.uuid for e in (*kept, *added)}
            order = [e.uuid for e in (*before_entries, *added) if e.uuid in made]
            saved = checkin.replace(
                entries=tuple(u for u in order if u is not None),
                uuid=earlier.uuid if earlier else (checkin.uuid or _new_uuid()),
                logged_at=earlier.logged_at if earlier else now,
                updated_at=max(now, earlier.updated_at or now) if earlier else now,
            )
            if earlier is None:
                cursor = self.conn.execute(
                    f"INSERT INTO checkins ({', '.join(COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in COLUMNS)})",
                    _values(saved),
                )
                assert cursor.lastrowid is not None
                saved = saved.replace(id=cursor.lastrowid)
            else:
                saved = saved.replace(id=earlier.id)
                self._ci_update(saved)
            shown = f"{saved.day:%a} {saved.day.day} {saved.day:%b}"
            changes.record(
                self.conn,
                now,
                "log" if earlier is None else "edit",
                f"check-in {saved.id} for {shown}: {describe(saved, apart)}"
                + (
                    f" ({len(added)} added, {len(changed)} changed, {len(remove)} removed)"
                    if earlier is not None
                    else ""
                ),
                record_ids=[saved.id] if saved.id is not None else None,
                before=[
                    {
                        "checkin": earlier.record() if earlier else None,
                        "entries": [e.to_dict() for e in (*(o for o, _ in change), *remove)],
                    }
                ],
                after=[
                    {
                        "checkin": saved.record(),
                        "entries": [e.to_dict() for e in (*changed, *added)],
                    }
                ],
                family="checkin",
            )
            return saved, added, changed, remove

    def _ci_update(self, checkin: CheckIn) -> None:
        columns = [c for c in COLUMNS if c not in ("uuid", "logged_at")]
        values = dict(zip(COLUMNS, _values(checkin), strict=True))
        self.conn.execute(
            f"UPDATE checkins SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [*(values[c] for c in columns), checkin.id],
        )

    def _undo_checkin(self, before: Any, after: Any) -> None:
        """Take back a check-in (inside undo's transaction): its entries and the
        check-in row go back to what they were."""
        from msjournal.checkin import CheckIn
        from msjournal.entries import Entry

        was, became = before[0], after[0]
        old_entries = {record["uuid"]: record for record in was["entries"]}
        for record in became["entries"]:
            present = self._by_uuids([record["uuid"]])
            if not present:
                raise MsJournalError(
                    f"Entry {record['id']} of the check-in is gone; nothing was changed."
                )
            entry_id = present[0].id
            assert entry_id is not None
            if record["uuid"] in old_entries:
                self._rewrite(entry_id, Entry.from_dict(old_entries[record["uuid"]]))
            else:
                self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
        new_uuids = {record["uuid"] for record in became["entries"]}
        self._restore([Entry.from_dict(r) for u, r in old_entries.items() if u not in new_uuids])
        checkin_id = became["checkin"]["id"]
        if was["checkin"] is None:
            self.conn.execute("DELETE FROM checkins WHERE id = ?", (checkin_id,))
        else:
            self._ci_update(CheckIn.from_record(was["checkin"]))

    def _import_checkins(self, records: Sequence[CheckIn]) -> tuple[list[str], int]:
        """Add check-ins inside the caller's transaction, skipping uuids already here
        and days that already have a check-in. A record keeps its id when free."""
        if not records:
            return [], 0
        known = {row[0] for row in self.conn.execute("SELECT uuid FROM checkins")}
        days = {row[0] for row in self.conn.execute("SELECT day FROM checkins")}
        used = {row[0] for row in self.conn.execute("SELECT id FROM checkins")}
        added: list[str] = []
        skipped = 0
        for record in records:
            day = record.day.isoformat()
            if record.uuid is None or record.uuid in known or day in days:
                skipped += 1
                continue
            known.add(record.uuid)
            days.add(day)
            values = _values(record)
            if record.id is not None and record.id not in used:
                used.add(record.id)
                self.conn.execute(
                    f"INSERT INTO checkins (id, {', '.join(COLUMNS)}) "
                    f"VALUES (?, {', '.join('?' for _ in COLUMNS)})",
                    [record.id, *values],
                )
            else:
                cursor = self.conn.execute(
                    f"INSERT INTO checkins ({', '.join(COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in COLUMNS)})",
                    values,
                )
                assert cursor.lastrowid is not None
                used.add(cursor.lastrowid)
            added.append(record.uuid)
        return added, skipped

    def checkin_records(
        self, start: date | None = None, end: date | None = None
    ) -> list[dict[str, Any]]:
        """Check-ins in the export's shape, oldest first."""
        return [c.record() for c in self.checkins(start, end)]


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())
