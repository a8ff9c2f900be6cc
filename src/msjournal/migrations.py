"""The journal's schema, built by an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a journal has had. Opening a
journal applies the missing ones in one transaction. Never edit a migration that
has shipped: add a new one at the end.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable

# 'MSJL' as a 32-bit big-endian integer: lets `file` and other tools recognise
# an msjournal journal (PRAGMA application_id).
APPLICATION_ID = 0x4D534A4C

Migration = Callable[[sqlite3.Connection], None]

# The vocabularies as migration 1 wrote them into its CHECK constraints. They are
# copied here, not imported from vocab.py, so that a new word in vocab.py can never
# change what this shipped migration builds; a new word needs a new migration.
V1 = {
    "kinds": ("weakness", "fatigue", "fall", "exercise"),
    "fatigue_types": ("physical", "cognitive", "both"),
    "places": (
        "bathroom",
        "bedroom",
        "kitchen",
        "living-room",
        "hallway",
        "stairs",
        "outdoors",
        "other",
    ),
    "doing": (
        "walking",
        "turning",
        "standing-up",
        "sitting-down",
        "stairs",
        "reaching",
        "bathing",
        "dressing",
        "transferring",
        "other",
    ),
    "injuries": ("none", "minor", "medical", "hospital"),
    "exercise_types": (
        "cardio",
        "strength",
        "resistance",
        "balance",
        "stretching",
        "physio",
        "yoga",
        "aquatic",
        "walking",
        "other",
    ),
    "regions": (
        "legs",
        "left-leg",
        "right-leg",
        "feet",
        "left-foot",
        "right-foot",
        "arms",
        "left-arm",
        "right-arm",
        "hands",
        "left-hand",
        "right-hand",
        "core",
        "neck",
        "face",
        "speech",
        "cognition",
        "whole-body",
    ),
    "activities": (
        "dressing",
        "cooking",
        "laundry",
        "walking",
        "stairs",
        "standing",
        "bathing",
        "grooming",
        "eating",
        "writing",
        "typing",
        "lifting",
        "housework",
        "shopping",
        "driving",
        "work",
        "other",
    ),
    "causes": (
        "tripped",
        "slipped",
        "leg-gave-way",
        "lost-balance",
        "dizzy",
        "foot-drop",
        "fatigue",
        "heat",
        "other",
        "unknown",
    ),
    "aids": (
        "none",
        "cane",
        "crutches",
        "walker",
        "rollator",
        "ankle-brace",
        "knee-brace",
        "wheelchair",
        "scooter",
        "other",
    ),
}


def _one_of(column: str, values: tuple[str, ...] | tuple[int, ...]) -> str:
    """``column`` is one of ``values`` (NULL passes, as with IN).

    Written as a chain of = ... OR, which SQLite checks about twice as fast as an
    IN list on every insert: it halves the time of a large import.
    """
    return " OR ".join(f"{column} = {_literal(v)}" for v in values)


def _literal(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def _iso_offset(column: str) -> str:
    digits = "[0-9]"
    pattern = (
        f"{digits * 4}-{digits * 2}-{digits * 2}T{digits * 2}:{digits * 2}:{digits * 2}"
        f"[+-]{digits * 2}:{digits * 2}"
    )
    return f"{column} GLOB '{pattern}'"


def _child_table(table: str, column: str, check: str) -> str:
    return f"""
        CREATE TABLE {table} (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            {column} TEXT NOT NULL CHECK ({check}),
            PRIMARY KEY (entry_id, {column})
        ) WITHOUT ROWID"""


def m001_entries(conn: sqlite3.Connection) -> None:
    """The entries table, one row per entry, and a table per multi-valued field."""
    digits = "[0-9]"
    utc_pattern = f"{digits * 4}-{digits * 2}-{digits * 2}T{digits * 2}:{digits * 2}:{digits * 2}Z"
    statements = [
        f"""
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- an id is never used twice
            uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
            kind TEXT NOT NULL CHECK ({_one_of("kind", V1["kinds"])}),
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            at_utc TEXT NOT NULL CHECK (at_utc GLOB '{utc_pattern}'),
            day TEXT NOT NULL CHECK (day = substr(at, 1, 10)),
            severity INTEGER CHECK (severity BETWEEN 0 AND 10),
            duration_minutes INTEGER CHECK (duration_minutes BETWEEN 1 AND 1440),
            fatigue_type TEXT CHECK ({_one_of("fatigue_type", V1["fatigue_types"])}),
            near_fall INTEGER CHECK ({_one_of("near_fall", (0, 1))}),
            place TEXT CHECK ({_one_of("place", V1["places"])}),
            doing TEXT CHECK ({_one_of("doing", V1["doing"])}),
            injury TEXT CHECK ({_one_of("injury", V1["injuries"])}),
            got_up_alone INTEGER CHECK ({_one_of("got_up_alone", (0, 1))}),
            hopkins_grade INTEGER CHECK (hopkins_grade BETWEEN 1 AND 4),
            minutes INTEGER CHECK (minutes BETWEEN 1 AND 600),
            exercise_type TEXT CHECK ({_one_of("exercise_type", V1["exercise_types"])}),
            effort INTEGER CHECK (effort BETWEEN 0 AND 10),
            with_therapist INTEGER CHECK ({_one_of("with_therapist", (0, 1))}),
            "after" INTEGER CHECK ("after" BETWEEN 0 AND 10),
            note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 10000),
            logged_at TEXT NOT NULL CHECK ({_iso_offset("logged_at")}),
            updated_at TEXT NOT NULL CHECK ({_iso_offset("updated_at")}),
            CHECK (julianday(updated_at) >= julianday(logged_at)),
            -- each kind carries its own fields and no others
            CHECK ((severity IS NOT NULL) = (kind = 'weakness' OR kind = 'fatigue')),
            CHECK (duration_minutes IS NULL OR kind = 'weakness' OR kind = 'fatigue'),
            CHECK ((fatigue_type IS NOT NULL) = (kind = 'fatigue')),
            CHECK ((near_fall IS NOT NULL) = (kind = 'fall')),
            CHECK ((injury IS NOT NULL) = (kind = 'fall')),
            CHECK ((hopkins_grade IS NOT NULL) = (kind = 'fall')),
            CHECK ((place IS NULL AND doing IS NULL AND got_up_alone IS NULL)
                   OR kind = 'fall'),
            CHECK (NOT (near_fall = 1 AND (injury <> 'none' OR got_up_alone IS NOT NULL))),
            CHECK (kind <> 'fall' OR hopkins_grade = CASE
                       WHEN near_fall = 1 THEN 1
                       WHEN injury = 'hospital' THEN 4
                       WHEN injury = 'medical' THEN 3
                       ELSE 2 END),
            CHECK ((minutes IS NOT NULL) = (kind = 'exercise')),
            CHECK ((exercise_type IS NOT NULL) = (kind = 'exercise')),
            CHECK ((with_therapist IS NOT NULL) = (kind = 'exercise')),
            CHECK ((effort IS NULL AND "after" IS NULL) OR kind = 'exercise')
        )""",
        # The event time, for periods (local calendar days) and timelines.
        "CREATE INDEX entries_day ON entries(day)",
        "CREATE INDEX entries_at_utc ON entries(at_utc)",
        _child_table("entry_regions", "region", f"{_one_of('region', V1['regions'])}"),
        _child_table("entry_activities", "activity", f"{_one_of('activity', V1['activities'])}"),
        _child_table("entry_causes", "cause", f"{_one_of('cause', V1['causes'])}"),
        _child_table("entry_aids", "aid", f"{_one_of('aid', V1['aids'])}"),
        _child_table(
            "entry_tags",
            "tag",
            "length(tag) BETWEEN 1 AND 40 AND tag = lower(tag) AND tag NOT LIKE '%,%'",
        ),
        "CREATE INDEX entry_tags_tag ON entry_tags(tag)",
    ]
    for statement in statements:
        conn.execute(statement)


def m002_notices(conn: sqlite3.Connection) -> None:
    """Notices msjournal shows once per journal, such as the cloud-folder warning."""
    conn.execute(
        """
        CREATE TABLE notices (
            name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
            shown_at TEXT NOT NULL
        )"""
    )


# The vocabularies that migration 3 grew, as it wrote them into its CHECK
# constraints: its own copy, for the same reason as V1 (never import vocab.py here).
V3 = {
    "regions": (
        "legs",
        "left-leg",
        "right-leg",
        "feet",
        "left-foot",
        "right-foot",
        "arms",
        "left-arm",
        "right-arm",
        "hands",
        "left-hand",
        "right-hand",
        "core",
        "neck",
        "face",
        "eyes",
        "left-eye",
        "right-eye",
        "speech",
        "cognition",
        "whole-body",
        "other",
    ),
    "exercise_types": (
        "cardio",
        "strength",
        "resistance",
        "balance",
        "stretching",
        "physio",
        "yoga",
        "pilates",
        "tai-chi",
        "aquatic",
        "walking",
        "other",
    ),
}


def m003_grown_vocabularies(conn: sqlite3.Connection) -> None:
    """Regions eyes, left-eye, right-eye and other; exercise types pilates and tai-chi.

    Only CHECK constraints change, which SQLite cannot alter in place: `entries`
    (exercise_type) and `entry_regions` (region) are rebuilt. Runs with foreign
    keys off (see rebuild_tables).
    """
    rebuild_tables(
        conn,
        {
            "entries": [
                (
                    _one_of("exercise_type", V1["exercise_types"]),
                    _one_of("exercise_type", V3["exercise_types"]),
                )
            ],
            "entry_regions": [
                (_one_of("region", V1["regions"]), _one_of("region", V3["regions"])),
            ],
        },
    )


# Every record family product.md names, so a new family needs no rebuild of the
# history (its own copy, as above).
V4_FAMILIES = (
    "entry",
    "treatment",
    "relapse",
    "aid",
    "score",
    "appointment",
    "question",
    "checkin",
    "home_check",
)
V4_ACTIONS = ("log", "edit", "delete", "import", "restore", "undo")


def m004_changes(conn: sqlite3.Connection) -> None:
    """The change history: one row per change, written in the change's transaction.

    ``before`` and ``after`` hold the records as they were and became (JSON arrays
    in the export's shape); a log keeps neither (its record is in its table) and
    an import keeps the uuids it added. An ``undo`` row names the change it
    reverted. Rows are never deleted or rewritten; only ``history --forget`` may
    empty the copies of deleted records, marking the row forgotten.
    """
    conn.execute(
        f"""
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            action TEXT NOT NULL CHECK ({_one_of("action", V4_ACTIONS)}),
            family TEXT NOT NULL CHECK ({_one_of("family", V4_FAMILIES)}),
            summary TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 1000),
            record_ids TEXT CHECK (record_ids IS NULL OR json_valid(record_ids)),
            before TEXT CHECK (before IS NULL OR json_valid(before)),
            after TEXT CHECK (after IS NULL OR json_valid(after)),
            uuids TEXT CHECK (uuids IS NULL OR json_valid(uuids)),
            undoes INTEGER UNIQUE REFERENCES changes(id),
            forgotten_at TEXT CHECK (forgotten_at IS NULL OR {_iso_offset("forgotten_at")}),
            CHECK ((undoes IS NOT NULL) = (action = 'undo'))
        )"""
    )
    # Append-only: no row is ever deleted, and only forgetting may change one.
    conn.execute(
        """
        CREATE TRIGGER changes_are_never_deleted BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END"""
    )
    conn.execute(
        """
        CREATE TRIGGER changes_are_only_forgotten BEFORE UPDATE ON changes
        WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
            OR NEW.family IS NOT OLD.family OR NEW.summary IS NOT OLD.summary
            OR NEW.record_ids IS NOT OLD.record_ids OR NEW.uuids IS NOT OLD.uuids
            OR NEW.undoes IS NOT OLD.undoes OR NEW.forgotten_at IS NULL
            OR NEW.before IS NOT NULL OR NEW.after IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END"""
    )


# Migration 5's own copy of the symptom names and of the kinds (see V1).
V5 = {
    "kinds": ("weakness", "fatigue", "fall", "exercise", "symptom"),
    "symptoms": (
        "numbness",
        "tingling",
        "pain",
        "spasticity",
        "spasms",
        "tremor",
        "balance",
        "dizziness",
        "vision",
        "bladder",
        "bowel",
        "mood",
        "anxiety",
        "sleep",
        "cognition",
        "speech",
        "swallowing",
        "heat-sensitivity",
        "other",
    ),
    "instruments": ("fss", "mfis", "mfis5", "msws12", "pdds", "edss"),
}


def m005_symptoms_and_scores(conn: sqlite3.Connection) -> None:
    """Other MS symptoms as a kind of entry (a `symptom` column, rated 0-10 like
    weakness), and a `scores` table for validated questionnaires and the EDSS.

    The kind and severity CHECK constraints change, so `entries` is rebuilt (with
    foreign keys off, see rebuild_tables); its rows keep every value.
    """
    weak_or_tired = "kind = 'weakness' OR kind = 'fatigue'"
    rated = "kind = 'weakness' OR kind = 'fatigue' OR kind = 'symptom'"
    rebuild_tables(
        conn,
        {
            "entries": [
                (_one_of("kind", V1["kinds"]), _one_of("kind", V5["kinds"])),
                (
                    '"after" INTEGER CHECK ("after" BETWEEN 0 AND 10),',
                    '"after" INTEGER CHECK ("after" BETWEEN 0 AND 10),\n'
                    f"            symptom TEXT CHECK ({_one_of('symptom', V5['symptoms'])}),",
                ),
                (
                    f"CHECK ((severity IS NOT NULL) = ({weak_or_tired})),",
                    f"CHECK ((severity IS NOT NULL) = ({rated})),\n"
                    "            CHECK ((symptom IS NOT NULL) = (kind = 'symptom')),",
                ),
                (
                    f"CHECK (duration_minutes IS NULL OR {weak_or_tired}),",
                    f"CHECK (duration_minutes IS NULL OR {rated}),",
                ),
            ]
        },
    )
    digits = "[0-9]"
    utc_pattern = f"{digits * 4}-{digits * 2}-{digits * 2}T{digits * 2}:{digits * 2}:{digits * 2}Z"
    conn.execute(
        f"""
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- an id is never used twice
            uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
            instrument TEXT NOT NULL CHECK ({_one_of("instrument", V5["instruments"])}),
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            at_utc TEXT NOT NULL CHECK (at_utc GLOB '{utc_pattern}'),
            day TEXT NOT NULL CHECK (day = substr(at, 1, 10)),
            responses TEXT NOT NULL CHECK (json_valid(responses)
                AND json_type(responses) = 'array'
                AND json_array_length(responses) = CASE instrument
                    WHEN 'fss' THEN 9 WHEN 'mfis' THEN 21 WHEN 'mfis5' THEN 5
                    WHEN 'msws12' THEN 12 ELSE 1 END),
            score REAL NOT NULL CHECK (CASE instrument
                WHEN 'fss' THEN score BETWEEN 1 AND 7
                WHEN 'mfis' THEN score BETWEEN 0 AND 84
                WHEN 'mfis5' THEN score BETWEEN 0 AND 20
                WHEN 'msws12' THEN score BETWEEN 0 AND 100
                WHEN 'pdds' THEN score BETWEEN 0 AND 8
                ELSE score BETWEEN 0 AND 10 AND score * 2 = CAST(score * 2 AS INTEGER) END),
            note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 10000),
            logged_at TEXT NOT NULL CHECK ({_iso_offset("logged_at")}),
            updated_at TEXT NOT NULL CHECK ({_iso_offset("updated_at")}),
            CHECK (julianday(updated_at) >= julianday(logged_at))
        )"""
    )
    conn.execute("CREATE INDEX scores_at_utc ON scores(at_utc)")


# The vocabularies migration 6 wrote into its CHECK constraints (copied, as V1).
V6 = {
    "treatment_classes": (
        "muscle-relaxant",
        "steroid",
        "interferon-beta",
        "plasma-exchange",
        "dmt",
        "symptomatic",
        "other",
    ),
    "stop_reasons": ("course-finished", "side-effects", "not-working", "other"),
    "aids": (
        "cane",
        "crutches",
        "walker",
        "rollator",
        "ankle-brace",
        "knee-brace",
        "wheelchair",
        "scooter",
        "other",
    ),
    "aid_uses": ("walking", "indoors", "outdoors", "stairs", "all"),
}


def m006_treatments_relapses_aids(conn: sqlite3.Connection) -> None:
    """Treatments (with their missed doses and notes), relapses and assistive
    devices over time: new tables only, nothing rebuilt.

    A course runs from ``start`` to ``stop`` (NULL while running); an end is never
    before its start, compared as instants (julianday reads the UTC offset). Only
    one course of a name, and one of each aid, can be running at a time.
    """

    def stamps() -> str:
        return (
            f"logged_at TEXT NOT NULL CHECK ({_iso_offset('logged_at')}),\n"
            f"            updated_at TEXT NOT NULL CHECK ({_iso_offset('updated_at')}),"
        )

    def interval(first: str, last: str) -> str:
        return (
            f"{first} TEXT NOT NULL CHECK ({_iso_offset(first)}),\n"
            f"            {last} TEXT CHECK ({last} IS NULL OR {_iso_offset(last)}),"
        )

    def in_order(first: str, last: str) -> str:
        return f"CHECK ({last} IS NULL OR julianday({first}) <= julianday({last})),"

    uuid = "uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),"
    in_order_stamps = "CHECK (julianday(updated_at) >= julianday(logged_at))"
    text = "CHECK ({0} IS NULL OR length({0}) BETWEEN 1 AND {1})"
    conn.execute(
        f"""
        CREATE TABLE treatments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- an id is never used twice
            {uuid}
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
            treatment_class TEXT NOT NULL
                CHECK ({_one_of("treatment_class", V6["treatment_classes"])}),
            dose TEXT {text.format("dose", 100)},
            {interval("start", "stop")}
            stop_reason TEXT CHECK ({_one_of("stop_reason", V6["stop_reasons"])}),
            {stamps()}
            {in_order("start", "stop")}
            CHECK (stop_reason IS NULL OR stop IS NOT NULL),
            {in_order_stamps}
        )"""
    )
    conn.execute(
        "CREATE UNIQUE INDEX treatments_running ON treatments(lower(name)) WHERE stop IS NULL"
    )
    conn.execute(
        f"""
        CREATE TABLE treatment_missed (
            treatment_id INTEGER NOT NULL REFERENCES treatments(id) ON DELETE CASCADE,
            at TEXT NOT NULL CHECK ({_iso_offset("at")})
        )"""
    )
    conn.execute("CREATE INDEX treatment_missed_treatment ON treatment_missed(treatment_id)")
    conn.execute(
        f"""
        CREATE TABLE treatment_notes (
            treatment_id INTEGER NOT NULL REFERENCES treatments(id) ON DELETE CASCADE,
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 10000)
        )"""
    )
    conn.execute("CREATE INDEX treatment_notes_treatment ON treatment_notes(treatment_id)")
    conn.execute(
        f"""
        CREATE TABLE relapses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {uuid}
            {interval("onset", "ended")}
            confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
            steroids INTEGER NOT NULL CHECK (steroids IN (0, 1)),
            note TEXT {text.format("note", 10000)},
            {stamps()}
            {in_order("onset", "ended")}
            {in_order_stamps}
        )"""
    )
    conn.execute(
        f"""
        CREATE TABLE aids (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {uuid}
            aid TEXT NOT NULL CHECK ({_one_of("aid", V6["aids"])}),
            used_for TEXT CHECK ({_one_of("used_for", V6["aid_uses"])}),
            {interval("start", "stop")}
            taught INTEGER NOT NULL CHECK (taught IN (0, 1)),
            {stamps()}
            {in_order("start", "stop")}
            {in_order_stamps}
        )"""
    )
    conn.execute("CREATE UNIQUE INDEX aids_running ON aids(aid) WHERE stop IS NULL")


def _stamps() -> str:
    return (
        f"logged_at TEXT NOT NULL CHECK ({_iso_offset('logged_at')}),\n"
        f"            updated_at TEXT NOT NULL CHECK ({_iso_offset('updated_at')}),\n"
        "            CHECK (julianday(updated_at) >= julianday(logged_at))"
    )


_UUID = "uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),"
_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def m007_checkins(conn: sqlite3.Connection) -> None:
    """The daily check-in: one row per day (``day``, the local date), holding the
    answers as given and the uuids of the entries the check-in made (``entries``),
    so a second check-in that day replaces exactly those. New table only.

    ``falls`` and ``near_falls`` count the ones the check-in added (falls already
    logged that day are not in them); a day with a check-in is a day whose falls
    are known. ``regions`` and ``exercise`` are JSON: ``["legs"]``,
    ``[{"minutes": 20, "type": "walking"}]``. NULL: not answered.
    """
    rating = "CHECK ({0} IS NULL OR {0} BETWEEN 0 AND 10)"
    count = "CHECK ({0} BETWEEN 0 AND 50)"
    conn.execute(
        f"""
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {_UUID}
            day TEXT NOT NULL UNIQUE CHECK (day GLOB '{_DAY}'),
            at TEXT NOT NULL CHECK ({_iso_offset("at")} AND substr(at, 1, 10) = day),
            weakness INTEGER {rating.format("weakness")},
            regions TEXT CHECK (regions IS NULL OR json_type(regions) = 'array'),
            fatigue INTEGER {rating.format("fatigue")},
            falls INTEGER NOT NULL {count.format("falls")},
            near_falls INTEGER NOT NULL {count.format("near_falls")},
            exercise TEXT CHECK (exercise IS NULL OR json_type(exercise) = 'array'),
            note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 10000),
            entries TEXT NOT NULL CHECK (json_type(entries) = 'array'),
            {_stamps()}
        )"""
    )


# Migration 8's own copy of who an appointment is with (see V1).
V8 = {"with": ("neurology", "ms-nurse", "physio", "gp", "mri", "other")}


def m008_appointments_questions(conn: sqlite3.Connection) -> None:
    """Appointments (past or upcoming; ``with_whom`` 'mri' is a scan) and the
    person's questions for them (priority 1 first; ``done_at`` once answered).
    New tables only."""
    conn.execute(
        f"""
        CREATE TABLE appointments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {_UUID}
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            with_whom TEXT NOT NULL CHECK ({_one_of("with_whom", V8["with"])}),
            note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 10000),
            {_stamps()}
        )"""
    )
    conn.execute("CREATE INDEX appointments_at ON appointments(julianday(at))")
    conn.execute(
        f"""
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {_UUID}
            text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
            priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 3),
            done_at TEXT CHECK (done_at IS NULL OR {_iso_offset("done_at")}),
            {_stamps()}
        )"""
    )


def m009_home_checks(conn: sqlite3.Connection) -> None:
    """Home-safety checks: when, and the answers as a JSON object of checklist item
    id to 'yes' (in place), 'no' (missing: an open hazard) or 'na' (not
    applicable); items left out were not asked. New table only."""
    conn.execute(
        f"""
        CREATE TABLE home_checks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {_UUID}
            at TEXT NOT NULL CHECK ({_iso_offset("at")}),
            answers TEXT NOT NULL CHECK (json_type(answers) = 'object'),
            {_stamps()}
        )"""
    )


MIGRATIONS: list[Migration] = [
    m001_entries,
    m002_notices,
    m003_grown_vocabularies,
    m004_changes,
    m005_symptoms_and_scores,
    m006_treatments_relapses_aids,
    m007_checkins,
    m008_appointments_questions,
    m009_home_checks,
]
SCHEMA_VERSION = len(MIGRATIONS)

# Migrations that rebuild tables. Whoever opens the journal runs them only with
# foreign keys off (set before the transaction: the pragma does nothing inside
# one) and, for a journal that holds a person's data, after a backup beside it.
REBUILDS: frozenset[Migration] = frozenset({m003_grown_vocabularies, m005_symptoms_and_scores})


def first_rebuild(current: int, migrations: list[Migration] | None = None) -> int | None:
    """The number of the first migration still to run that rebuilds tables, if any."""
    steps = MIGRATIONS if migrations is None else migrations
    for number, step in enumerate(steps[current:], start=current + 1):
        if step in REBUILDS:
            return number
    return None


def rebuild_tables(conn: sqlite3.Connection, changes: dict[str, list[tuple[str, str]]]) -> None:
    """Rebuild tables with parts of their definitions replaced, keeping every row.

    SQLite's documented procedure for schema changes ALTER TABLE cannot make
    (https://www.sqlite.org/lang_altertable.html#otheralter), steps 3 to 10; the
    caller has turned foreign keys off before the transaction (step 1) and began it
    (step 2), and commits it and turns foreign keys back on (steps 11 and 12).

    ``changes`` maps a table to (old text, new text) pairs: each old text must occur
    exactly once in the table's stored CREATE TABLE, so everything else about the
    table stays exactly as it was. Views and triggers anywhere in the schema are
    dropped first and made again last, since renaming a table checks every one of
    them against tables that, halfway through, do not exist.
    """
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        # with foreign keys on, DROP TABLE entries deletes every child row
        raise RuntimeError("a migration that rebuilds tables needs foreign keys off")
    if not conn.in_transaction:
        raise RuntimeError("a migration that rebuilds tables runs inside a transaction")
    # rows that already point nowhere (a journal once changed with foreign keys off)
    # are kept as they are, for `msjournal check` to report; the rebuild adds none
    orphans = Counter(conn.execute("PRAGMA foreign_key_check").fetchall())
    others = conn.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for kind, name, _sql in others:
        conn.execute(f"DROP {kind.upper()} IF EXISTS {_name(name)}")
    for table, replacements in changes.items():
        _rebuild(conn, table, replacements)
    for *_, sql in others:
        conn.execute(sql)
    # step 10
    problems = Counter(conn.execute("PRAGMA foreign_key_check").fetchall()) - orphans
    if problems:
        raise sqlite3.IntegrityError(
            f"FOREIGN KEY constraint failed after rebuilding tables: {sorted(problems)[:3]}"
        )


def _rebuild(conn: sqlite3.Connection, table: str, replacements: list[tuple[str, str]]) -> None:
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if row is None:
        raise RuntimeError(f"the table {table} to rebuild is missing")
    sql: str = row[0]
    for old, new in replacements:
        if sql.count(old) != 1:
            raise RuntimeError(f"the table {table} is not as expected: cannot rebuild it")
        sql = sql.replace(old, new)
    head = re.match(rf'CREATE TABLE (?:"{table}"|{table}) \(', sql)
    if head is None:
        raise RuntimeError(f"the table {table} is not as expected: cannot rebuild it")
    new_table = f"{table}_rebuilt"
    # step 3: the table's own indexes (triggers were dropped above)
    indexes = [
        index_sql
        for (index_sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL ORDER BY rowid",
            (table,),
        )
    ]
    columns = ", ".join(
        _name(column[1]) for column in conn.execute(f"PRAGMA table_info({_name(table)})")
    )
    sequence = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    rows = int(conn.execute(f"SELECT count(*) FROM {_name(table)}").fetchone()[0])
    # step 4: the new table; step 5: copy every row, ids included
    conn.execute(f"CREATE TABLE {_name(new_table)} (" + sql[head.end() :])
    conn.execute(f"INSERT INTO {_name(new_table)} ({columns}) SELECT {columns} FROM {_name(table)}")
    copied = int(conn.execute(f"SELECT count(*) FROM {_name(new_table)}").fetchone()[0])
    if copied != rows:
        raise RuntimeError(f"rebuilding {table} copied {copied} of {rows} rows")
    # step 6: drop the old table; step 7: give the new one its name
    conn.execute(f"DROP TABLE {_name(table)}")
    conn.execute(f"ALTER TABLE {_name(new_table)} RENAME TO {_name(table)}")
    if sequence is not None:
        # AUTOINCREMENT: an id once given out (even if deleted since) is never reused,
        # so the counter goes on from where the old table's stood, not from its rows
        now = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
            (table, max(sequence[0], now[0] if now else 0)),
        )
    # step 8: the indexes again (views and triggers: in rebuild_tables)
    for index_sql in indexes:
        conn.execute(index_sql)


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def apply(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring the journal up to date inside the caller's transaction.

    Returns how many migrations ran. The caller owns BEGIN/COMMIT, so a failing
    migration rolls back with everything else.
    """
    steps = MIGRATIONS if migrations is None else migrations
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for step in steps[current:]:
        step(conn)
    if current < len(steps):
        conn.execute(f"PRAGMA user_version = {len(steps)}")
    return max(0, len(steps) - current)
