"""The completion log's schema, versioned with ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; version 0
is an empty file. Each migration is a list of SQL statements run in one
transaction together with the new ``user_version``, so a crash mid-migration
leaves the file at the old version, untouched. A later version adds its
statements at the end (``ALTER TABLE sessions ADD COLUMN ...``); earlier
entries are never edited, and readers name their columns, so a newer column
never disturbs an older query.

``local_day`` columns hold the day the user saw on the clock (days since
1970-01-01 of UTC time plus the stored offset), so the statistics group and
filter by day on an index. Values with a closed list (status, break kind)
are checked in Python, not by CHECK constraints, so a later version can add
one without rebuilding a table.
"""

from __future__ import annotations

import sqlite3

Migration = tuple[str, ...]

_V1: Migration = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_title TEXT NOT NULL,
        routine_kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        started_at REAL NOT NULL,
        utc_offset_s INTEGER NOT NULL,
        local_day INTEGER NOT NULL,
        ended_at REAL,
        end_utc_offset_s INTEGER,
        planned_s REAL NOT NULL,
        done_s REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        effort INTEGER CHECK (effort BETWEEN 0 AND 10),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'gui',
        owner TEXT,
        owner_pid INTEGER,
        checkpointed_at REAL
    )
    """,
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX sessions_by_day"
    " ON sessions (local_day, status, routine_kind, routine_id, done_s)",
    """
    CREATE INDEX sessions_with_feedback
    ON sessions (started_at, local_day, routine_id, effort, pain)
    WHERE effort IS NOT NULL OR pain IS NOT NULL
    """,
    "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
    "CREATE INDEX sessions_in_progress ON sessions (owner) WHERE status = 'in-progress'",
    """
    CREATE TABLE session_steps (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        pointer TEXT NOT NULL,
        name TEXT NOT NULL,
        planned_s REAL NOT NULL,
        done_s REAL NOT NULL,
        planned_reps INTEGER,
        done_reps INTEGER,
        skipped INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, position)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE break_events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        at REAL NOT NULL,
        utc_offset_s INTEGER NOT NULL,
        local_day INTEGER NOT NULL,
        routine_id TEXT
    )
    """,
    "CREATE INDEX break_events_by_time ON break_events (at)",
    "CREATE INDEX break_events_by_day ON break_events (local_day, kind, routine_id)",
)

MIGRATIONS: list[Migration] = [_V1]
"""Ordered migrations; the schema version of a fully migrated file is ``len(MIGRATIONS)``."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the file's schema version (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring ``conn`` (in autocommit mode) up to the newest version; return the version before.

    Raise ``NewerSchemaError`` if the file is newer than this code knows.
    """
    steps = MIGRATIONS if migrations is None else migrations
    before = schema_version(conn)
    if before > len(steps):
        raise NewerSchemaError(before, len(steps))
    for version in range(before, len(steps)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) > version:  # another connection migrated meanwhile
                conn.execute("COMMIT")
                continue
            for statement in steps[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before


class NewerSchemaError(Exception):
    """The file was written by a newer BackCoach whose schema this one does not know."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"schema version {found}, this BackCoach knows up to {known}")
        self.found = found
        self.known = known
