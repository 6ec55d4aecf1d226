"""Sessions kept beside the log while the log cannot take them (another program locks it).

A finished session that could not be written before its run ends is kept as a
small JSON file in ``<log>.pending/``; the next ``HistoryStore`` that opens the
log adds it (``kept``) and removes the file. Each file is written whole
(temporary file, fsync, rename), so a kill leaves either all of it or nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord


def folder_for(log_path: Path) -> Path:
    """Return the folder where sessions waiting for ``log_path`` are kept."""
    return log_path.with_name(log_path.name + ".pending")


def keep(log_path: Path, record: SessionRecord) -> Path:
    """Write ``record`` into the waiting folder of ``log_path``; return the file (``OSError``)."""
    folder = folder_for(log_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"session-{int(record.started_at)}-{uuid.uuid4().hex[:8]}.json"
    data = asdict(record)
    data["status"] = record.status.value
    temporary = target.with_suffix(".part")
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(data, stream)
        stream.flush()
        os.fsync(stream.fileno())
    temporary.replace(target)
    return target


def kept(log_path: Path) -> Iterator[tuple[Path, SessionRecord]]:
    """Yield each kept session of ``log_path`` with its file (unreadable files are left alone)."""
    with contextlib.suppress(OSError):
        for path in sorted(folder_for(log_path).glob("session-*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                data["status"] = SessionStatus(data["status"])
                data["steps"] = [StepRecord(**step) for step in data["steps"]]
                record = SessionRecord(**data)
            except (OSError, ValueError, TypeError, KeyError):
                continue
            yield path, record
