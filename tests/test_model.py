"""A state machine drives a real journal against a plain Python model.

Each step logs, edits, deletes, undoes, forgets, exports or imports through
msjournal.db and msjournal.export; the model keeps its own history of changes.
After every step the journal must hold exactly what the model says, its history
must hold every change, and SQLite's integrity and foreign-key checks must pass.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
)

from msjournal import vocab
from msjournal.db import Query, open_journal
from msjournal.entries import Entry, normalised
from msjournal.errors import MsJournalError, UnknownEntry
from msjournal.export import entries_from_records, read_records, write_csv, write_json
from msjournal.paths import JournalPath

from .strategies import any_entry, moments, notes, subsets, tag_sets

# The machine's clock: a fixed +01:00 offset, so logged_at is never in the same
# offset as the entries' own (local) times. It starts after every generated
# logged_at/updated_at, as a real clock would be after an exported journal's.
CLOCK_START = datetime(2026, 1, 3, 9, 0, tzinfo=timezone(timedelta(hours=1)))

offsets = st.sampled_from([-8 * 60, -5 * 60, 0, 60, 5 * 60 + 30, 9 * 60 + 45]).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@st.composite
def edit_times(draw: st.DrawFn) -> datetime:
    """A new event time: any offset, sometimes with microseconds (stored to the second)."""
    moment = draw(moments).astimezone(draw(offsets))
    return moment + timedelta(microseconds=draw(st.sampled_from([0, 0, 1, 999_999])))


COMMON_CHANGES: dict[str, st.SearchStrategy[Any]] = {
    "note": st.none() | notes,
    "tags": tag_sets,
    "at": edit_times(),
}
KIND_CHANGES: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "weakness": {
        "severity": st.integers(0, 10),
        "regions": subsets("region", min_size=1),
        "activities": subsets("activity"),
        "duration_minutes": st.none() | st.integers(1, 1440),
    },
    "fatigue": {
        "severity": st.integers(0, 10),
        "fatigue_type": st.sampled_from(vocab.FATIGUE_TYPES),
        "activities": subsets("activity"),
        "duration_minutes": st.none() | st.integers(1, 1440),
    },
    "fall": {
        "place": st.none() | st.sampled_from(vocab.PLACES),
        "doing": st.none() | st.sampled_from(vocab.DOING),
        "causes": subsets("cause"),
    },
    "exercise": {
        "minutes": st.integers(1, 600),
        "exercise_type": st.sampled_from(vocab.EXERCISE_TYPES),
        "effort": st.none() | st.integers(0, 10),
        "after": st.none() | st.integers(0, 10),
        "with_therapist": st.booleans(),
    },
    "symptom": {
        "symptom": st.sampled_from(vocab.SYMPTOMS),
        "severity": st.integers(0, 10),
        "regions": subsets("region"),
        "duration_minutes": st.none() | st.integers(1, 1440),
    },
}


def changes_for(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """A few fields of this kind replaced by valid values of the same kind."""
    return st.fixed_dictionaries({}, optional={**KIND_CHANGES[kind], **COMMON_CHANGES})


class Cancelled(Exception):
    """Raised by an edit's change function to cancel the edit."""


def utc_key(entry: Entry) -> tuple[datetime, int]:
    assert entry.id is not None
    return entry.at.astimezone(UTC).replace(microsecond=0), entry.id


def as_dicts(entries: list[Entry]) -> list[dict[str, Any]]:
    return [entry.to_dict() for entry in entries]


class JournalMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="msjournal-model-"))
        self.journal = open_journal(JournalPath(self.folder / "journal.db", "option"), create=True)
        self.model: dict[int, Entry] = {}  # id -> the entry as the journal should hold it
        self.issued = 0  # the highest id the journal has ever given (ids are never reused)
        self.order: list[int] = []  # ids in the order they were stored
        self.seconds = 0
        # The model's own history: what each change did, newest last. `stack` holds
        # the changes not yet undone; `copies` every change that keeps copies of
        # entries (edits and deletes, undone or not), which forgetting may empty.
        self.stack: list[dict[str, Any]] = []
        self.copies: list[dict[str, Any]] = []
        self.recorded = 0  # rows the history should have

    def teardown(self) -> None:
        self.journal.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers -----------------------------------------------------------------

    def tick(self, data: st.DataObject) -> datetime:
        """Advance the clock by at least a second; sometimes with microseconds."""
        self.seconds += data.draw(st.integers(1, 6 * 3600), label="advance")
        micro = data.draw(st.sampled_from([0, 1, 500_000, 999_999]), label="micro")
        return CLOCK_START + timedelta(seconds=self.seconds, microseconds=micro)

    def next_id(self) -> int:
        """AUTOINCREMENT: one past the highest id ever given, even if since deleted."""
        return self.issued + 1

    def happened(self, action: str, ids: list[int], old: list[Entry] | None = None) -> None:
        change = {"action": action, "ids": ids, "old": old, "forgotten": False}
        self.stack.append(change)
        if old is not None:
            self.copies.append(change)
        self.recorded += 1

    def store(self, entry: Entry) -> None:
        assert entry.id is not None and entry.id not in self.model
        self.issued = max(self.issued, entry.id)
        self.model[entry.id] = entry
        self.order.append(entry.id)

    def forget(self, entry_id: int) -> None:
        del self.model[entry_id]
        self.order.remove(entry_id)

    def uuids(self) -> set[str]:
        return {e.uuid for e in self.model.values() if e.uuid}

    def oldest_first(self) -> list[Entry]:
        return sorted(self.model.values(), key=utc_key)

    def some_ids(self) -> st.SearchStrategy[int]:
        return st.sampled_from(sorted(self.model))

    def unknown_ids(self) -> st.SearchStrategy[int]:
        """Ids not in the journal: 0, -1, deleted ones, the next few, or far off."""
        near = [i for i in range(-1, self.next_id() + 3) if i not in self.model]
        return st.sampled_from(near) | st.integers(10**6, 2**62)

    # --- rules -------------------------------------------------------------------

    @rule(data=st.data())
    def log(self, data: st.DataObject) -> None:
        entry = data.draw(any_entry(), label="entry")
        micro = data.draw(st.sampled_from([0, 0, 123_456]), label="at micro")
        own_uuid = data.draw(st.booleans(), label="own uuid")
        fresh = (
            str(data.draw(st.uuids(version=4).filter(lambda u: str(u) not in self.uuids())))
            if own_uuid
            else None
        )
        entry = entry.replace(
            uuid=fresh,
            at=entry.at + timedelta(microseconds=micro),
            logged_at=None,
            updated_at=None,
        )
        now = self.tick(data)
        stored = self.journal.add(entry, now)
        assert stored.uuid is not None
        if own_uuid:
            assert stored.uuid == fresh
        else:
            assert uuid.UUID(stored.uuid).version == 4
            assert stored.uuid not in self.uuids()
        stamp = now.replace(microsecond=0)
        expected = normalised(entry).replace(
            id=self.next_id(),
            uuid=stored.uuid,
            at=entry.at.replace(microsecond=0),
            logged_at=stamp,
            updated_at=stamp,
        )
        assert stored.to_dict() == expected.to_dict()
        self.store(expected)
        self.happened("log", [expected.id or 0])

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        if not self.model or data.draw(st.integers(0, 5), label="unknown id") == 3:
            self.edit_unknown(data)
            return
        entry_id = data.draw(self.some_ids(), label="id")
        old = self.model[entry_id]
        changes = data.draw(changes_for(old.kind), label="changes")
        if data.draw(st.integers(0, 4), label="same instant") == 3:
            # The same moment written in another offset (a person who travelled).
            changes["at"] = old.at.astimezone(data.draw(offsets, label="offset"))
        tamper = data.draw(st.booleans(), label="tamper")
        cancel = data.draw(st.integers(0, 9), label="cancel") == 7
        now = self.tick(data)

        def change(stored: Entry) -> Entry:
            assert stored.to_dict() == old.to_dict()
            if cancel:
                raise Cancelled
            new = stored.replace(**changes)
            if tamper:  # the journal must keep the identity and first-logged time
                new = new.replace(
                    id=entry_id + 1000,
                    uuid=str(uuid.UUID(int=entry_id)),
                    logged_at=now - timedelta(days=1),
                    updated_at=now - timedelta(days=2),
                )
            return new

        if cancel:
            with pytest.raises(Cancelled):
                self.journal.edit(entry_id, change, now)
            return
        saved = self.journal.edit(entry_id, change, now)
        stamp = now.replace(microsecond=0)
        new = old.replace(**changes)
        new = new.replace(at=new.at.replace(microsecond=0), updated_at=stamp)
        if new.to_dict() != old.replace(updated_at=stamp).to_dict():
            self.model[entry_id] = new  # otherwise nothing changed, updated_at stays
            self.happened("edit", [entry_id], [old])
        expected = self.model[entry_id]
        assert saved.to_dict() == expected.to_dict()
        assert saved.uuid == old.uuid
        assert saved.logged_at == old.logged_at

    def edit_unknown(self, data: st.DataObject) -> None:
        unknown = data.draw(self.unknown_ids(), label="unknown")
        now = self.tick(data)
        with pytest.raises(UnknownEntry) as raised:
            self.journal.edit(unknown, lambda e: e.replace(note="never"), now)
        assert raised.value.ids == [unknown]

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        if not self.model or data.draw(st.integers(0, 5), label="unknown id") == 3:
            self.delete_unknown(data)
            return
        ids = data.draw(st.lists(self.some_ids(), min_size=1, max_size=2), label="ids")
        self.tick(data)
        removed = self.journal.delete(ids, now=self.tick(data))
        unique = list(dict.fromkeys(ids))
        assert as_dicts(removed) == [self.model[i].to_dict() for i in unique]
        self.happened("delete", unique, [self.model[i] for i in unique])
        for entry_id in unique:
            self.forget(entry_id)

    def delete_unknown(self, data: st.DataObject) -> None:
        """All or none: an unknown id among known ones deletes nothing."""
        unknown = data.draw(self.unknown_ids(), label="unknown")
        known = (
            data.draw(st.lists(self.some_ids(), max_size=2), label="known") if self.model else []
        )
        ids = data.draw(st.permutations([*known, unknown]), label="ids")
        self.tick(data)
        with pytest.raises(UnknownEntry) as raised:
            self.journal.delete(ids)
        assert raised.value.ids == [unknown]

    @rule(data=st.data())
    def undo(self, data: st.DataObject) -> None:
        now = self.tick(data)
        pending = self.journal.next_undo()
        if not self.stack:
            assert pending is None
            with pytest.raises(MsJournalError):
                self.journal.undo(now)
            return
        change = self.stack[-1]
        assert pending is not None
        assert (pending.action, list(pending.record_ids)) == (
            change["action"],
            change["ids"] if change["action"] != "import" else [],
        )
        if data.draw(st.booleans(), label="stale"):
            # another change came after the one a person was shown: nothing happens
            with pytest.raises(MsJournalError):
                self.journal.undo(now, expected=pending.id - 1)
        if change["forgotten"]:
            with pytest.raises(MsJournalError, match="forgotten"):
                self.journal.undo(now, expected=pending.id)
            return
        done = self.journal.undo(now, expected=pending.id)
        assert done.id == pending.id
        self.stack.pop()
        self.recorded += 1
        if change["action"] in ("log", "import"):
            for entry_id in change["ids"]:
                self.forget(entry_id)
        elif change["action"] == "edit":
            (old,) = change["old"]
            self.model[old.id] = old  # as it was, updated_at and all
        else:  # a delete: back with the same ids, uuids and times
            for old in change["old"]:
                self.model[old.id] = old
                self.order.append(old.id)

    @rule(data=st.data())
    def forget_deleted(self, data: st.DataObject) -> None:
        now = self.tick(data)
        gone = [
            change
            for change in self.copies
            if not change["forgotten"] and any(i not in self.model for i in change["ids"])
        ]
        assert self.journal.forgettable() == len(gone)
        assert self.journal.forget(now) == len(gone)
        for change in gone:
            change["forgotten"] = True
        assert self.journal.forgettable() == 0

    @rule()
    def export(self) -> None:
        expected = as_dicts(self.oldest_first())
        for write in (write_json, write_csv):
            out = io.StringIO(newline="")
            count = write(self.journal.iter_records(Query(oldest_first=True)), out)
            assert count == len(expected)
            fmt, records = read_records(out.getvalue())
            assert fmt == ("json" if write is write_json else "csv")
            assert as_dicts(entries_from_records(records)) == expected

    @rule(data=st.data())
    def import_(self, data: st.DataObject) -> None:
        batch: list[Entry] = []
        for _ in range(data.draw(st.integers(1, 4), label="size")):
            entry = data.draw(any_entry(), label="entry")
            known = sorted(self.uuids() | {e.uuid for e in batch if e.uuid})
            if known and data.draw(st.booleans(), label="known uuid"):
                entry = entry.replace(uuid=data.draw(st.sampled_from(known), label="uuid"))
            entry_id = data.draw(st.none() | st.integers(1, self.next_id() + 2), label="id")
            stamps = data.draw(st.sampled_from(["kept", "none", "no update"]), label="stamps")
            if stamps == "none":
                entry = entry.replace(logged_at=None, updated_at=None)
            elif stamps == "no update":
                entry = entry.replace(updated_at=None)
            batch.append(entry.replace(id=entry_id))
        fmt = data.draw(st.sampled_from([write_json, write_csv]), label="format")
        out = io.StringIO(newline="")
        fmt(as_dicts(batch), out)
        _, records = read_records(out.getvalue())
        incoming = entries_from_records(records)
        assert as_dicts(incoming) == as_dicts(batch)

        now = self.tick(data)
        counts = self.journal.import_entries(incoming, now)
        # An entry keeps its id when free; which new id the others get is the
        # journal's choice, so it is read back (by uuid) and checked to be unused.
        chosen = {e.uuid: e.id for e in self.journal.entries(Query())}
        stamp = now.replace(microsecond=0)
        added = skipped = 0
        added_ids: list[int] = []
        for entry in incoming:
            if entry.uuid in self.uuids():
                skipped += 1
                continue
            assert entry.uuid is not None
            entry_id = chosen[entry.uuid]
            if entry.id is not None and entry.id not in self.model:
                assert entry_id == entry.id
            logged = entry.logged_at or stamp
            self.store(
                entry.replace(id=entry_id, logged_at=logged, updated_at=entry.updated_at or logged)
            )
            added_ids.append(entry_id)
            added += 1
        assert counts == (added, skipped)
        if added:  # one change for the whole import
            self.happened("import", added_ids)

    # --- after every step -------------------------------------------------------

    @invariant()
    def journal_equals_model(self) -> None:
        found = self.journal.entries(Query())
        assert {e.id: e.to_dict() for e in found} == {i: e.to_dict() for i, e in self.model.items()}
        assert len(found) == len(self.model) == self.journal.count()
        assert list(self.journal.iter_records(Query())) == as_dicts(found)
        assert [e.id for e in found] == [e.id for e in reversed(self.oldest_first())]
        assert sorted(self.order) == sorted(self.model)

    @invariant()
    def history_holds_every_change(self) -> None:
        assert self.journal.history_count() == self.recorded
        undone = [c for c in self.journal.history() if c.action != "undo" and c.undone_by is None]
        assert len(undone) == len(self.stack)

    @invariant()
    def sqlite_is_healthy(self) -> None:
        conn = self.journal.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not conn.in_transaction


def test_edit_keeps_a_new_offset_for_the_same_instant(tmp_path: Path) -> None:
    plus_one = timezone(timedelta(hours=1))
    now = datetime(2026, 1, 2, 9, 0, tzinfo=plus_one)
    with open_journal(JournalPath(tmp_path / "journal.db", "option"), create=True) as journal:
        entry = journal.add(
            Entry(
                kind="exercise",
                at=datetime(2026, 1, 1, 0, 30, tzinfo=plus_one),
                minutes=20,
                exercise_type=vocab.EXERCISE_TYPES[0],
                with_therapist=False,
            ),
            now,
        )
        assert entry.id is not None
        moved = entry.at.astimezone(UTC)  # 2025-12-31 23:30 UTC: another local day
        saved = journal.edit(entry.id, lambda old: old.replace(at=moved), now + timedelta(hours=1))
        stored = journal.get(entry.id)
        assert stored is not None
        assert stored.to_dict()["at"] == "2025-12-31T23:30:00+00:00"
        assert saved.to_dict() == stored.to_dict()
        assert journal.entries(Query(start=moved.date(), end=moved.date())) == [stored]


JournalMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
TestJournalModel = JournalMachine.TestCase


def test_the_machine_changes_every_kind_of_entry() -> None:
    """any_entry makes every kind (other symptoms too), and each has its own edits."""
    assert set(KIND_CHANGES) == set(vocab.KINDS)
