"""What a player needs from the completion log, as a protocol.

The player window saves a session through these calls;
``backcoach.core.history.safe_log.SafeLog`` provides them for real (it never
raises: a log that cannot be written is reported once and the session goes
on). ``NoSessionLog`` stands in where no log is wanted.
"""

from __future__ import annotations

from typing import Protocol

from backcoach.core.playback.record import SessionRecord


class SessionLog(Protocol):
    """Begin, checkpoint and finish one session record; add the after-session answers."""

    def begin(self, record: SessionRecord) -> int | None:
        """Log a started session; return its id, or None when it could not be logged."""
        ...

    def checkpoint(self, session_id: int | None, record: SessionRecord) -> None:
        """Save progress, so a crash leaves the session as interrupted with what was done."""
        ...

    def finish(self, session_id: int | None, record: SessionRecord) -> int | None:
        """Save the ended session durably; return its id when saved, None when not."""
        ...

    def set_feedback(
        self, session_id: int | None, effort: int | None, pain: int | None, note: str = ""
    ) -> bool:
        """Store effort (0-10), back pain (0-10) and a note; return whether they were saved."""
        ...

    def close(self) -> None:
        """Release the log (the app is closing)."""
        ...


class NoSessionLog:
    """A log that keeps nothing: ``finish`` returns None, so nothing claims to be saved."""

    def begin(self, record: SessionRecord) -> int | None:
        return None

    def checkpoint(self, session_id: int | None, record: SessionRecord) -> None:
        pass

    def finish(self, session_id: int | None, record: SessionRecord) -> int | None:
        return None

    def set_feedback(
        self, session_id: int | None, effort: int | None, pain: int | None, note: str = ""
    ) -> bool:
        return False

    def close(self) -> None:
        pass
