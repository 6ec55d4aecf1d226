"""Talk to the speech worker process, with a deadline on every answer.

``EngineClient`` starts ``python -m backcoach.adapters.speech.worker``, reads
its hello (engine id and voices) and sends it one render request at a time.
A worker that does not answer in time is killed: a hung engine must never
hold up a session. Callers block here, so only background threads and the
command line call it, never a GUI thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backcoach.adapters.speech.voices import VoiceInfo

HELLO_TIMEOUT_S = 20.0
RENDER_TIMEOUT_S = 15.0


class SpeechUnavailable(RuntimeError):
    """The speech engine is missing, broken or hung; speech is off until restarted."""


class PhraseFailed(RuntimeError):
    """The engine is fine but could not render this one phrase."""


@dataclass(frozen=True)
class EngineInfo:
    """What the worker reported about its engine."""

    engine_id: str
    driver: str
    voices: tuple[VoiceInfo, ...]
    library: str = ""
    """Which libespeak-ng speaks (``bundled PATH`` or ``system ...``); empty for other engines."""


def worker_command() -> list[str]:
    """Return the command that starts the real speech worker with this Python."""
    return [sys.executable, "-m", "backcoach.adapters.speech.worker"]


def _worker_env() -> dict[str, str]:
    """Make sure the worker imports this very ``backcoach`` package."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join(x for x in (package_root, env.get("PYTHONPATH")) if x)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class EngineClient:
    """One speech worker process and the conversation with it. Thread-safe."""

    def __init__(
        self,
        command: Sequence[str] | None = None,
        hello_timeout_s: float = HELLO_TIMEOUT_S,
        render_timeout_s: float = RENDER_TIMEOUT_S,
    ) -> None:
        self._command = list(command or worker_command())
        self._hello_timeout_s = hello_timeout_s
        self._render_timeout_s = render_timeout_s
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr_tail: deque[str] = deque(maxlen=20)
        self._info: EngineInfo | None = None
        self._next_id = 0

    @property
    def info(self) -> EngineInfo | None:
        """The engine's hello, once started."""
        return self._info

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs (for measurements)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> EngineInfo:
        """Start the worker (once) and return its engine info; raise ``SpeechUnavailable``."""
        with self._lock:
            return self._ensure_started()

    def render(self, text: str, voice: str | None, rate: int, volume: float, out: Path) -> float:
        """Render ``text`` into the WAV file ``out``; return its duration in seconds.

        Raises ``PhraseFailed`` when only this phrase failed and
        ``SpeechUnavailable`` when the worker died or did not answer in time
        (it is then killed; the next call starts a fresh one).
        """
        reply = self._request(
            {
                "op": "render",
                "text": text,
                "voice": voice,
                "rate": rate,
                "volume": volume,
                "out": str(out),
            },
            "render a phrase",
        )
        return float(reply.get("duration_s") or 0.0)

    def phonemes(self, text: str, voice: str | None) -> str:
        """Return how ``voice`` reads ``text``, in IPA, with espeak-ng's language markers.

        Raises ``PhraseFailed`` when the engine cannot tell (not espeak-ng) and
        ``SpeechUnavailable`` as ``render`` does.
        """
        reply = self._request(
            {"op": "phonemes", "text": text, "voice": voice}, "tell a phrase's phonemes"
        )
        return str(reply.get("phonemes") or "")

    def _request(self, request: dict[str, object], doing: str) -> dict[str, Any]:
        """Send one request and return its successful reply; raise as ``render`` does."""
        with self._lock:
            self._ensure_started()
            self._next_id += 1
            self._write({"id": self._next_id, **request})
            reply = self._read(self._render_timeout_s, doing)
            if reply.get("id") != self._next_id:
                self._kill()
                raise SpeechUnavailable("the speech worker answered out of turn")
            if not reply.get("ok"):
                raise PhraseFailed(str(reply.get("error") or "unknown error"))
            return reply

    def close(self) -> None:
        """Stop the worker: end its input, then kill it if it lingers."""
        with self._lock:
            process = self._process
            if process is None:
                return
            with contextlib.suppress(OSError):
                if process.stdin:
                    process.stdin.close()
            try:
                process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                self._kill()
            self._process = None

    # -- inside the lock -------------------------------------------------

    def _ensure_started(self) -> EngineInfo:
        if self._process is not None and self._process.poll() is None and self._info:
            return self._info
        self._kill()
        self._lines = queue.Queue()
        creationflags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            self._process = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
                env=_worker_env(),
                creationflags=creationflags,
            )
        except OSError as exc:
            raise SpeechUnavailable(f"could not start the speech worker ({exc})") from exc
        threading.Thread(
            target=self._pump, args=(self._process.stdout, self._lines), daemon=True
        ).start()
        threading.Thread(
            target=self._drain_stderr, args=(self._process.stderr,), daemon=True
        ).start()
        hello = self._read(self._hello_timeout_s, "start")
        if not hello.get("ok"):
            self._kill()
            raise SpeechUnavailable(str(hello.get("error") or "the speech engine did not start"))
        self._info = EngineInfo(
            engine_id=str(hello.get("engine_id") or "unknown"),
            driver=str(hello.get("driver") or "unknown"),
            voices=tuple(VoiceInfo.from_json(v) for v in hello.get("voices") or []),
            library=str(hello.get("library") or ""),
        )
        return self._info

    def _write(self, message: dict[str, object]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError) as exc:
            self._kill()
            raise SpeechUnavailable(f"the speech worker stopped ({exc})") from exc

    def _read(self, timeout_s: float, doing: str) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout_s)
        except queue.Empty:
            self._kill()
            raise SpeechUnavailable(
                f"the speech engine did not {doing} within {timeout_s:g} s and was stopped"
            ) from None
        if line is None:
            self._kill()
            raise SpeechUnavailable(f"the speech worker exited{self._stderr_summary()}")
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            self._kill()
            raise SpeechUnavailable(f"the speech worker sent something unexpected: {line[:80]!r}")
        return message

    def _stderr_summary(self) -> str:
        tail = [x for x in self._stderr_tail if x.strip()]
        return f" ({tail[-1].strip()})" if tail else ""

    def _kill(self) -> None:
        process, self._process = self._process, None
        self._info = None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=2.0)
        for stream in (process.stdin, process.stdout, process.stderr):
            with contextlib.suppress(OSError, ValueError):
                if stream:
                    stream.close()

    # -- reader threads --------------------------------------------------

    @staticmethod
    def _pump(stream: Iterable[str], lines: queue.Queue[str | None]) -> None:
        try:
            for line in stream:
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(None)

    def _drain_stderr(self, stream: Iterable[str]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                self._stderr_tail.append(line)
