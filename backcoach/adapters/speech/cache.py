"""The cache of rendered phrases: one WAV file per (text, voice, rate, volume, language, engine).

Files live in ``paths.cache_dir() / "speech"``, named by a SHA-256 of
everything that changes the sound, so a new voice, rate or engine version
renders afresh and nothing stale is ever played. Files appear atomically:
the worker writes a temporary name and only a complete, checked file is
renamed into place. A hit is checked before use (a WAV header whose data
size matches the file; a damaged file is removed and rendered again) and
refreshes the file's time; ``prune`` removes the least recently used files
above a size limit. ``check_writable`` tells at once, with one sentence, that
the folder cannot be written, instead of every phrase failing on its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from backcoach.adapters.speech.wavfile import wav_problem
from backcoach.config import paths

WAV_HEADER_BYTES = 44
DEFAULT_LIMIT_BYTES = 200 * 1024 * 1024
STALE_TEMP_S = 3600.0
CACHE_ADVICE = "Make that folder writable (or remove the file in its way), then restart BackCoach."


class CacheUnwritable(Exception):
    """The cache folder cannot be written; ``str(error)`` says which and why."""


@dataclass(frozen=True)
class PhraseKey:
    """Everything that decides how a phrase sounds."""

    text: str
    voice_id: str
    rate: int
    volume: float
    language: str
    engine_id: str

    def digest(self) -> str:
        """Return a stable hex name for this phrase."""
        data = json.dumps(
            [
                self.text,
                self.voice_id,
                self.rate,
                round(self.volume, 3),
                self.language,
                self.engine_id,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:40]


def default_cache_dir() -> Path:
    """Return the folder of rendered speech in the user's cache."""
    return paths.cache_dir() / "speech"


class SpeechCache:
    """WAV files by ``PhraseKey`` in one folder. Safe to share between threads."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else default_cache_dir()
        self._counter = 0
        self._lock = threading.Lock()

    def path_for(self, key: PhraseKey) -> Path:
        """Return where the phrase's WAV lives (whether or not it exists yet)."""
        return self.root / f"{key.digest()}.wav"

    def get(self, key: PhraseKey) -> Path | None:
        """Return the cached WAV for ``key``, or None when missing or damaged (then removed)."""
        path = self.path_for(key)
        try:
            if path.stat().st_size <= WAV_HEADER_BYTES:
                return None
        except OSError:
            return None
        if wav_problem(path) is not None:
            self.discard(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used
        return path

    def check_writable(self) -> None:
        """Raise ``CacheUnwritable`` if phrases cannot be written into the folder."""
        try:
            paths.ensure_dir(self.root)
            probe = self.root / f".write-check.{os.getpid()}.tmp"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CacheUnwritable(
                f"the speech cache folder {self.root} cannot be written ({reason})"
            ) from exc

    def temp_path(self, key: PhraseKey) -> Path:
        """Return a fresh temporary name beside the final file, for the renderer to write."""
        paths.ensure_dir(self.root)
        with self._lock:
            self._counter += 1
            number = self._counter
        return self.root / f".{key.digest()}.{os.getpid()}.{number}.tmp"

    def commit(self, temp: Path, key: PhraseKey) -> Path:
        """Move a complete rendered file into place atomically and return its final path."""
        final = self.path_for(key)
        os.replace(temp, final)
        return final

    def discard(self, temp: Path) -> None:
        """Remove a temporary file that will not be committed."""
        with contextlib.suppress(OSError):
            temp.unlink()

    def prune(self, limit_bytes: int = DEFAULT_LIMIT_BYTES) -> int:
        """Delete the least recently used WAVs beyond ``limit_bytes`` and stale temporaries.

        Returns how many files were removed.
        """
        removed = 0
        now = time.time()
        entries: list[tuple[float, int, Path]] = []
        try:
            children = list(self.root.iterdir())
        except OSError:
            return 0
        for child in children:
            try:
                info = child.stat()
            except OSError:
                continue
            if child.name.endswith(".tmp"):
                if now - info.st_mtime > STALE_TEMP_S:
                    self.discard(child)
                    removed += 1
            elif child.suffix == ".wav":
                entries.append((info.st_mtime, info.st_size, child))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
                total -= size
        return removed
