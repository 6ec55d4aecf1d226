"""The speech worker process: pyttsx3 runs here, never in the app's own process.

Started as ``python -m backcoach.adapters.speech.worker`` by
``engine_client.EngineClient``. pyttsx3's ``runAndWait`` blocks, its espeak
driver can initialise only once per process, and a stuck engine can only be
stopped by killing its process, so it lives alone in this one.

Protocol: one JSON object per line. On start the worker sends a ``hello``:
``{"type": "hello", "ok": true, "engine_id": ..., "driver": ..., "voices": [...]}``
or ``{"type": "hello", "ok": false, "error": ...}`` and exits. Then, for each
request line ``{"id": N, "op": "render", "text": ..., "voice": ..., "rate": ...,
"volume": ..., "out": PATH}`` it renders the phrase to the WAV file ``out``
and answers ``{"id": N, "ok": true, "duration_s": ...}`` or
``{"id": N, "ok": false, "error": ...}``. A request ``{"id": N, "op":
"phonemes", "text": ..., "voice": ...}`` answers ``{"id": N, "ok": true,
"phonemes": ...}``: how the voice reads the text, in IPA (espeak-ng only).
End of input ends the worker.

On Linux the worker speaks with the libespeak-ng 1.52 of the
``espeakng-loader`` package when it is installed (see ``espeak_ng``); the
hello's ``library`` says which library is in use.

pyttsx3 prints to standard output (``Audio saved to ...``), so the protocol
uses a private copy of the original stdout and fd 1 is pointed at stderr.
The environment variable ``BACKCOACH_SPEECH_DRIVER`` picks a pyttsx3 driver
(``espeak``, ``sapi5``, ``nsss``); empty means the platform default.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from backcoach.adapters.speech.espeak_ng import library_info, text_to_phonemes, use_bundled_library

DRIVER_ENV = "BACKCOACH_SPEECH_DRIVER"


def _take_protocol_stream() -> TextIO:
    """Keep a private handle on stdout for the protocol; send fd 1 to stderr."""
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1, newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return stream


def _send(stream: TextIO, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message, ensure_ascii=False) + "\n")
    stream.flush()


def _engine_id(engine: Any) -> str:
    """Return a string that changes whenever the engine could sound different."""
    from importlib import metadata

    try:
        version = metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:
        version = "unknown"
    detail = ""
    if engine.driver_name == "espeak":
        try:
            from pyttsx3.drivers import _espeak

            espeak_version, data = library_info(_espeak.dll)
            detail = f"espeak-ng {espeak_version} {data}"
        except Exception:  # the id only gets less precise
            detail = "espeak-ng"
    return f"pyttsx3 {version}/{engine.driver_name}/{detail}".rstrip("/")


def _espeak_synchronize(engine: Any) -> Callable[[], None]:
    """Return a function that waits until espeak-ng has applied queued commands (or a no-op)."""
    if engine.driver_name != "espeak":
        return lambda: None
    from pyttsx3.drivers import _espeak

    return lambda: _espeak.Synchronize()


def _voices(engine: Any) -> list[dict[str, Any]]:
    voices = []
    for voice in engine.getProperty("voices") or []:
        languages = []
        for language in getattr(voice, "languages", None) or []:
            if isinstance(language, bytes):
                language = language.decode("utf-8", "ignore")
            languages.append(str(language).strip("\x00\x05 "))
        voices.append(
            {
                "id": str(voice.id),
                "name": str(getattr(voice, "name", None) or voice.id),
                "languages": [x for x in languages if x],
                "gender": getattr(voice, "gender", None),
            }
        )
    return voices


class _Renderer:
    """Render phrases to files with one pyttsx3 engine.

    With espeak-ng, pyttsx3 2.99 runs espeak asynchronously and ``runAndWait``
    first calls ``stop()``, which cancels whatever espeak has not processed
    yet: property changes made just before (a new rate is silently lost) or
    even the phrase itself (an empty file). So the engine is first brought to
    idle with an empty ``runAndWait``, and after each property change the
    worker waits for espeak (``espeak_Synchronize``) before rendering.
    """

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.errors: list[str] = []
        self._synchronize = _espeak_synchronize(engine)
        # pyttsx3 swallows exceptions raised inside its command queue (a bad
        # voice, say) and reports them only through the "error" event.
        engine.connect("error", self._on_error)
        engine.runAndWait()  # leaves the driver's initial "busy" state
        self._synchronize()

    def _on_error(self, name: object = None, exception: object = None, **_: object) -> None:
        self.errors.append(str(exception))

    def render(self, text: str, voice: str | None, rate: int, volume: float, out: Path) -> float:
        """Render ``text`` to ``out`` and return its duration (0.0 when unknown)."""
        from backcoach.adapters.speech.wavfile import wav_stats

        last_problem = "the engine wrote no file"
        for _attempt in range(2):  # the first phrase after setup is sometimes empty
            self.errors.clear()
            out.unlink(missing_ok=True)
            if voice:
                self.engine.setProperty("voice", voice)
            self.engine.setProperty("rate", int(rate))
            self.engine.setProperty("volume", float(volume))
            self._synchronize()
            self.engine.save_to_file(text, str(out))
            self.engine.runAndWait()
            if self.errors:
                raise RuntimeError("; ".join(self.errors))
            if not out.exists() or out.stat().st_size == 0:
                continue
            try:
                stats = wav_stats(out)
            except ValueError:
                return 0.0  # not a plain WAV (macOS writes AIFF data); trust its size
            if not stats.silent:
                return stats.duration_s
            last_problem = "the engine wrote only silence"
        raise RuntimeError(last_problem)

    def phonemes(self, text: str, voice: str | None) -> str:
        """Return how ``voice`` reads ``text``, in IPA; espeak-ng only."""
        if self.engine.driver_name != "espeak":
            raise RuntimeError(
                f"the {self.engine.driver_name} speech engine does not tell its phonemes"
            )
        from pyttsx3.drivers import _espeak

        if voice:
            self.engine.setProperty("voice", voice)
        self._synchronize()
        return text_to_phonemes(_espeak.dll, text)


def serve(requests: TextIO, replies: TextIO, driver: str | None) -> int:
    """Run the worker loop: hello, then one reply per request, until end of input."""
    try:
        library = use_bundled_library() if driver in (None, "espeak") else ""
        import pyttsx3

        engine = pyttsx3.init(driver)
        hello = {
            "type": "hello",
            "ok": True,
            "driver": engine.driver_name,
            "engine_id": _engine_id(engine),
            "library": library if engine.driver_name == "espeak" else "",
            "voices": _voices(engine),
        }
        renderer = _Renderer(engine)
    except Exception as exc:  # any failure means "no speech engine"
        _send(replies, {"type": "hello", "ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    _send(replies, hello)
    for line in requests:
        if not line.strip():
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            if request.get("op") == "phonemes":
                phonemes = renderer.phonemes(str(request["text"]), request.get("voice"))
                _send(replies, {"id": request_id, "ok": True, "phonemes": phonemes})
                continue
            if request.get("op") != "render":
                raise ValueError(f"unknown operation {request.get('op')!r}")
            duration = renderer.render(
                str(request["text"]),
                request.get("voice"),
                int(request.get("rate", 165)),
                float(request.get("volume", 1.0)),
                Path(request["out"]),
            )
            _send(replies, {"id": request_id, "ok": True, "duration_s": duration})
        except Exception as exc:  # report it and keep serving
            _send(replies, {"id": request_id, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
    return 0


def main() -> int:
    """Entry point of ``python -m backcoach.adapters.speech.worker``."""
    replies = _take_protocol_stream()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8")
    return serve(sys.stdin, replies, os.environ.get(DRIVER_ENV) or None)


if __name__ == "__main__":
    raise SystemExit(main())
