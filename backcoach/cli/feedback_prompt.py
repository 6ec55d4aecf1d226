"""The questions after a session in the terminal: effort, back pain (0-10), a note; skippable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

ReadLine = Callable[[str], str]
"""Show a prompt and return the line typed (``EOFError`` when input has ended)."""

ATTEMPTS = 3


@dataclass(frozen=True)
class Feedback:
    """The answers; None (or an empty note) where the user skipped."""

    effort: int | None = None
    pain: int | None = None
    note: str = ""

    @property
    def given(self) -> bool:
        """Return True if anything was answered."""
        return self.effort is not None or self.pain is not None or bool(self.note)


def _score(read_line: ReadLine, out: TextIO, prompt: str) -> int | None:
    for _ in range(ATTEMPTS):
        text = read_line(prompt).strip()
        if not text:
            return None
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        out.write("Please type a whole number from 0 to 10, or just press Enter to skip.\n")
    return None


def ask_feedback(read_line: ReadLine, out: TextIO) -> Feedback:
    """Ask the three questions; Enter skips one, end of input skips the rest."""
    out.write("Two quick questions for your log (press Enter to skip any).\n")
    effort = pain = None
    note = ""
    try:
        effort = _score(read_line, out, "How hard did it feel? 0 = very easy, 10 = all you had: ")
        pain = _score(read_line, out, "How is your back now? 0 = no pain, 10 = worst pain: ")
        note = read_line("A note for yourself (optional): ").strip()
    except EOFError:
        out.write("\n")
    return Feedback(effort, pain, note)
