"""``backcoach voices`` and ``backcoach speak``: what a user sees, and exit codes."""

from __future__ import annotations

import shutil

import pytest

from backcoach import cli
from backcoach.adapters.speech.wavfile import wav_stats

pytestmark = [
    pytest.mark.slow,  # each command starts the speech worker
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]


def run(argv: list[str]) -> int:
    return cli.main(argv)


def test_both_commands_are_registered():
    assert {"voices", "speak"} <= set(cli.COMMANDS)


def test_voices_lists_ids_names_and_languages(capsys):
    assert run(["voices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "LANGUAGES"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert "Danish" in rows["gmq/da"] and rows["gmq/da"].endswith("da")
    assert {"gmw/en", "sit/cmn"} <= rows.keys()


def test_voices_for_a_language(capsys):
    assert run(["voices", "--lang", "zh-TW"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert "sit/cmn" in ids and "gmw/en" not in ids


def test_voices_for_an_unknown_language_exits_1(capsys):
    assert run(["voices", "--lang", "tlh"]) == 1
    assert "no installed voice speaks 'tlh'" in capsys.readouterr().err


def test_speak_writes_an_audible_wav(tmp_path, capsys):
    out = tmp_path / "cue.wav"
    assert run(["speak", "Switch sides", "--out", str(out)]) == 0
    stats = wav_stats(out)
    assert not stats.silent and 0.4 < stats.duration_s < 3.0
    assert str(out) in capsys.readouterr().out


def test_speak_with_voice_rate_and_language(tmp_path):
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    args = ["speak", "Skift side og hold", "--voice", "gmq/da", "--lang", "da"]
    assert run([*args, "--rate", "100", "--out", str(slow)]) == 0
    assert run([*args, "--rate", "300", "--out", str(fast)]) == 0
    assert wav_stats(fast).duration_s < 0.6 * wav_stats(slow).duration_s


def test_speak_plays_through_the_configured_device(monkeypatch):
    monkeypatch.setenv("BACKCOACH_AUDIO_DEVICE", "null")
    assert run(["speak", "Rest"]) == 0


def test_speak_reports_a_broken_sound_device(monkeypatch, capsys):
    monkeypatch.setenv("BACKCOACH_AUDIO_DEVICE", "no_such_device")
    assert run(["speak", "Rest"]) == 1
    assert "Sound output is not working" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--voice", "nobody"], "no voice named 'nobody' is installed"),
        (["--lang", "tlh"], "no installed voice speaks 'tlh'"),
        (["--voice", "gmq/da", "--lang", "en"], "'gmq/da' does not speak 'en'"),
        (["--rate", "9000"], "--rate must be between 80 and 450"),
        (["--volume", "3"], "--volume must be between 0 and 1"),
        (["--out", "cue.mp3"], "must end in .wav"),
    ],
)
def test_speak_rejects_bad_choices_with_a_clear_message(tmp_path, capsys, extra, message):
    assert run(["speak", "Rest", *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "cue.mp3").exists()


def test_speak_without_engine_says_how_to_enable_speech(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("BACKCOACH_SPEECH_DRIVER", "no_such_driver")
    assert run(["speak", "Rest", "--out", str(tmp_path / "x.wav")]) == 1
    err = capsys.readouterr().err
    assert "no speech engine" in err and "espeak-ng" in err
    assert not (tmp_path / "x.wav").exists()


def test_speak_an_empty_text_exits_1(capsys):
    assert run(["speak", "   "]) == 1
    assert "TEXT is empty" in capsys.readouterr().err
