"""Play WAV files now, and silence them at once.

Each sound plays in its own short-lived player so it can be cut instantly:

- Linux and other Unix: ``pw-play``, ``paplay`` or ``aplay`` (the first one
  installed), killed to cut. ``BACKCOACH_AUDIO_DEVICE`` names an ALSA device
  and forces ``aplay -D DEVICE`` (``null`` discards sound, for tests;
  ``none`` turns sound output off altogether).
- macOS: ``afplay``, killed to cut.
- Windows: ``winsound.PlaySound`` asynchronously; ``PlaySound(None, 0)`` cuts.
  Windows plays one sound at a time, so a beep replaces a phrase there.

Sounds play on named channels (``speech``, ``beep``): a new sound replaces the
one on its channel, and channels play side by side where the system mixes.
A player that fails (no sound device) never raises into the session: the
problem is reported once through ``on_problem`` and later sounds keep trying.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Protocol

from backcoach.adapters.speech.wavfile import wav_problem

log = logging.getLogger(__name__)

DEVICE_ENV = "BACKCOACH_AUDIO_DEVICE"
SPEECH = "speech"
BEEP = "beep"

ProblemReport = Callable[[str], None]


class AudioOut(Protocol):
    """Something that plays WAV files on channels and can cut them."""

    def play(self, path: Path, channel: str = SPEECH) -> None:
        """Start playing ``path`` on ``channel`` (replacing what plays there); never blocks."""
        ...

    def stop(self, channel: str | None = None) -> None:
        """Silence ``channel``, or every channel when None, immediately."""
        ...

    def is_playing(self, channel: str | None = None) -> bool:
        """Tell whether something still plays on ``channel`` (any channel when None)."""
        ...

    def close(self) -> None:
        """Silence everything and release the player."""
        ...


class NullAudioOut:
    """Plays nothing: for machines with no sound and for ``BACKCOACH_AUDIO_DEVICE=none``."""

    def play(self, path: Path, channel: str = SPEECH) -> None:
        pass

    def stop(self, channel: str | None = None) -> None:
        pass

    def is_playing(self, channel: str | None = None) -> bool:
        return False

    def close(self) -> None:
        pass


class _OnceReporter:
    """Pass on the first problem only, so the user hears about it once."""

    def __init__(self, on_problem: ProblemReport | None) -> None:
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self.reported: str | None = None

    def __call__(self, message: str) -> None:
        with self._lock:
            if self.reported is not None:
                return
            self.reported = message
        if self._on_problem is not None:
            self._on_problem(message)


class CommandAudioOut:
    """Plays each sound with a player program (``aplay``, ``paplay``, ``afplay``...)."""

    def __init__(self, command: Sequence[str], on_problem: ProblemReport | None = None) -> None:
        self.command = list(command)
        self._report = _OnceReporter(on_problem)
        self._lock = threading.Lock()
        self._playing: dict[str, subprocess.Popen[bytes]] = {}
        self._cut: set[int] = set()  # pids killed on purpose: their exit is no failure

    @property
    def problem(self) -> str | None:
        """The problem reported so far, if any."""
        return self._report.reported

    def play(self, path: Path, channel: str = SPEECH) -> None:
        with self._lock:
            self._stop_locked(channel)
            try:
                process = subprocess.Popen(
                    [*self.command, str(path)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:
                self._report(f"Sound cannot play: {self.command[0]} did not start ({exc}).")
                return
            self._playing[channel] = process
        watch = threading.Thread(target=self._watch, args=(channel, process, path), daemon=True)
        watch.start()

    def stop(self, channel: str | None = None) -> None:
        with self._lock:
            for name in [channel] if channel else list(self._playing):
                self._stop_locked(name)

    def is_playing(self, channel: str | None = None) -> bool:
        with self._lock:
            processes = [self._playing.get(channel)] if channel else list(self._playing.values())
        return any(p is not None and p.poll() is None for p in processes)

    def close(self) -> None:
        self.stop()

    def _stop_locked(self, channel: str) -> None:
        process = self._playing.pop(channel, None)
        if process is None or process.poll() is not None:
            return
        self._cut.add(process.pid)
        with contextlib.suppress(OSError):
            process.kill()

    def _watch(self, channel: str, process: subprocess.Popen[bytes], path: Path) -> None:
        _, err = process.communicate()
        with self._lock:
            if self._playing.get(channel) is process:
                del self._playing[channel]
            was_cut = process.pid in self._cut
            self._cut.discard(process.pid)
        if process.returncode != 0 and not was_cut:
            damaged = wav_problem(path)
            if damaged is not None:  # the file's fault, not the sound device's
                log.info("did not play %s: not a valid WAV file (%s)", path, damaged)
                return
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {process.returncode}"
            if not reason.startswith(self.command[0]):
                reason = f"{self.command[0]}: {reason}"
            self._report(
                f"Sound output is not working ({reason}). Check the sound device, "
                f"or set {DEVICE_ENV} to an ALSA device name."
            )


class WinsoundAudioOut:
    """Windows: ``winsound.PlaySound`` in the background. One sound at a time."""

    def __init__(self, on_problem: ProblemReport | None = None) -> None:
        import winsound

        self._winsound: ModuleType = winsound
        self._report = _OnceReporter(on_problem)
        self._lock = threading.Lock()
        self._channel: str | None = None

    def play(self, path: Path, channel: str = SPEECH) -> None:
        flags = (
            self._winsound.SND_FILENAME | self._winsound.SND_ASYNC | self._winsound.SND_NODEFAULT
        )
        with self._lock:
            try:
                self._winsound.PlaySound(str(path), flags)
                self._channel = channel
            except RuntimeError as exc:
                self._report(f"Sound cannot play ({exc}). Cues still show on screen.")

    def stop(self, channel: str | None = None) -> None:
        with self._lock:
            if channel is None or channel == self._channel:
                with contextlib.suppress(RuntimeError):
                    self._winsound.PlaySound(None, 0)  # stops any asynchronous sound
                self._channel = None

    def is_playing(self, channel: str | None = None) -> bool:
        return False  # winsound cannot tell

    def close(self) -> None:
        self.stop()


def player_command(device: str | None = None) -> list[str] | None:
    """Return the player command for this system, or None when none is installed."""
    if device:
        return ["aplay", "-q", "-D", device] if shutil.which("aplay") else None
    if sys.platform == "darwin":
        return ["afplay"] if shutil.which("afplay") else None
    for command in (["pw-play"], ["paplay"], ["aplay", "-q"]):
        if shutil.which(command[0]):
            return command
    return None


def default_audio_out(
    on_problem: ProblemReport | None = None, device: str | None = None
) -> AudioOut:
    """Return the right player for this platform (``device`` overrides the environment)."""
    device = device if device is not None else os.environ.get(DEVICE_ENV, "").strip() or None
    if device and device.lower() in ("none", "off"):
        return NullAudioOut()
    if sys.platform == "win32" and not device:
        try:
            return WinsoundAudioOut(on_problem)
        except ImportError:
            pass
    command = player_command(device)
    if command is None:
        if on_problem is not None:
            on_problem(
                "No sound player was found (aplay, paplay or pw-play), so cues are shown but "
                "not heard. On Debian or Ubuntu: sudo apt install alsa-utils"
            )
        return NullAudioOut()
    return CommandAudioOut(command, on_problem)
