"""The completion log: every session and desk break saved safely, and what is computed from it.

- ``store``: the SQLite log (``HistoryStore``) and its errors;
- ``schema``: the versioned schema and its ordered migrations;
- ``owners``: which running BackCoach owns an in-progress session;
- ``safe_log``: a wrapper that keeps a session going when the log cannot be written;
- ``localtime``: local days and times from UTC epoch seconds plus an offset;
- ``stats``: everything the history window shows, in one call;
- ``suggestions``: progress and ease-off suggestions, and writing the new routine;
- ``export``: CSV and JSON export.
"""
