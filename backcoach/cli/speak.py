"""``backcoach speak TEXT``: say a phrase, or write it to a WAV file, the way a session would.

It renders through the same path as the app (voice choice, cache, worker
process), so it doubles as a "test my voice" check. ``--phonemes`` prints
how the engine will read TEXT instead (espeak-ng can tell), so a user can
report a voice problem and a test can prove no Chinese phrase is read as English.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from backcoach.adapters.speech.cache import CACHE_ADVICE, CacheUnwritable
from backcoach.adapters.speech.engine_client import PhraseFailed, SpeechUnavailable
from backcoach.adapters.speech.hints import enable_speech_hint
from backcoach.adapters.speech.playback import SPEECH, default_audio_out
from backcoach.adapters.speech.rendering import (
    MAX_RATE,
    MIN_RATE,
    NoVoice,
    PhraseRenderer,
    VoiceSettings,
)
from backcoach.adapters.speech.wavfile import wav_stats
from backcoach.config.settings import language_tag, load_settings
from backcoach.core.atomic import write_bytes_atomic
from backcoach.i18n import _, join_list

PROG = "backcoach speak"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``speak`` command."""
    parser = subparsers.add_parser(
        "speak",
        help=_("say a phrase (tests your voice settings)"),
        description=_(
            "Say TEXT with your voice settings, or write it to a WAV file. "
            "Options override the settings for this one phrase."
        ),
    )
    parser.add_argument("text", metavar="TEXT", help=_("what to say"))
    parser.add_argument(
        "--voice", metavar="V", help=_("a voice id or name from `backcoach voices`")
    )
    parser.add_argument(
        "--rate",
        metavar="N",
        type=int,
        help=_("words per minute ({low}-{high})").format(low=MIN_RATE, high=MAX_RATE),
    )
    parser.add_argument("--volume", metavar="X", type=float, help=_("volume from 0 to 1"))
    parser.add_argument("--lang", metavar="L", help=_("language of TEXT (e.g. en, da, zh-TW)"))
    parser.add_argument(
        "--out", metavar="FILE.wav", type=Path, help=_("write a WAV file, don't play")
    )
    parser.add_argument(
        "--phonemes",
        action="store_true",
        help=_(
            "print how the engine will read TEXT, in IPA, instead of speaking it; "
            "exit 1 if it reads part of it as another language"
        ),
    )
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def _voice_settings(args: argparse.Namespace) -> VoiceSettings | str:
    """Return the settings for this phrase, or a sentence saying what is wrong."""
    loaded = load_settings()
    if loaded.problem:
        print(f"{PROG}: {loaded.problem}", file=sys.stderr)
    settings = VoiceSettings.from_settings(loaded.settings, language_tag(loaded.settings))
    rate = settings.rate if args.rate is None else args.rate
    if not MIN_RATE <= rate <= MAX_RATE:
        return _("--rate must be between {low} and {high} words per minute, got {rate}").format(
            low=MIN_RATE, high=MAX_RATE, rate=rate
        )
    volume = settings.volume if args.volume is None else args.volume
    if not 0.0 <= volume <= 1.0:
        return _("--volume must be between 0 and 1, got {volume}").format(volume=f"{volume:g}")
    if args.voice:  # an explicit voice speaks whatever it is given, unless --lang says otherwise
        return VoiceSettings(language=args.lang or "", voice=args.voice, rate=rate, volume=volume)
    return VoiceSettings(
        language=args.lang or settings.language, voice=settings.voice, rate=rate, volume=volume
    )


def run(args: argparse.Namespace) -> int:
    """Render TEXT; write it to ``--out`` or play it. Exit 1 on any problem, with a reason."""
    if not args.text.strip():
        return _fail(_("TEXT is empty; give a phrase to say"))
    settings = _voice_settings(args)
    if isinstance(settings, str):
        return _fail(settings)
    if args.out is not None and args.out.suffix.lower() != ".wav":
        return _fail(_("{file}: the output file must end in .wav").format(file=args.out))
    renderer = PhraseRenderer()
    misread = False
    try:
        if args.phonemes:
            misread = _print_phonemes(renderer, args.text, settings)
            if args.out is None:
                return 1 if misread else 0
        path = renderer.render(args.text, settings, strict=True)
    except (NoVoice, SpeechUnavailable, PhraseFailed, CacheUnwritable) as exc:
        return _fail(_problem(exc))
    finally:
        renderer.close()
    if args.out is not None:
        try:
            write_bytes_atomic(args.out, path.read_bytes())
        except OSError as exc:
            return _fail(
                _("{file}: cannot write the file ({reason})").format(
                    file=args.out, reason=exc.strerror or exc
                )
            )
        print(
            _("Wrote {file} ({seconds} s)").format(file=args.out, seconds=f"{_duration(path):.1f}")
        )
        return 1 if misread else 0
    return _play(path)


def _problem(exc: Exception) -> str:
    """Return the sentence for a speech problem, with what to do about it."""
    if isinstance(exc, NoVoice):
        hint = exc.hint or _("Run `backcoach voices` to see the installed voices.")
        return f"{exc}. {hint}"
    if isinstance(exc, SpeechUnavailable):
        return _("no speech engine ({reason}). {hint}").format(
            reason=exc, hint=enable_speech_hint()
        )
    if isinstance(exc, CacheUnwritable):
        return f"{exc}. {CACHE_ADVICE}"
    return _("the speech engine could not do it ({reason})").format(reason=exc)


def _print_phonemes(renderer: PhraseRenderer, text: str, settings: VoiceSettings) -> bool:
    """Print how the engine reads ``text``; return True (and say so) if it switches language.

    Raises ``NoVoice``, ``SpeechUnavailable`` or ``PhraseFailed`` (an engine
    that cannot tell its phonemes) like a render.
    """
    reading = renderer.phonemes(text, settings, strict=True)
    info = renderer.engine()
    print(reading.phonemes)
    library = f", {info.library}" if info.library else ""
    print(
        _("voice: {voice}, engine: {engine}{library}").format(
            voice=reading.voice.id, engine=info.engine_id, library=library
        ),
        file=sys.stderr,
    )
    if reading.switches:
        _fail(
            _(
                "the voice '{voice}' reads part of this as another language ({languages});"
                " espeak-ng marks those words like (en)...(cmn)"
            ).format(voice=reading.voice.id, languages=join_list(reading.switches))
        )
    return bool(reading.switches)


def _duration(path: Path) -> float:
    try:
        return wav_stats(path).duration_s
    except ValueError:
        return 0.0


def _play(path: Path) -> int:
    """Play ``path`` to the end; exit 1 if the sound output reports a problem."""
    problems: list[str] = []
    reported = threading.Event()

    def on_problem(message: str) -> None:
        problems.append(message)
        reported.set()

    audio = default_audio_out(on_problem)
    if problems:
        return _fail(problems[0])
    audio.play(path, SPEECH)
    deadline = time.monotonic() + _duration(path) + 5.0
    time.sleep(0.05)
    while audio.is_playing() and time.monotonic() < deadline:
        time.sleep(0.02)
    reported.wait(0.2)  # a failing player reports right after it exits
    audio.close()
    if problems:
        return _fail(problems[0])
    return 0
