"""The speech cache: one file per distinct sound, atomic, bounded."""

from __future__ import annotations

import dataclasses
import os

from backcoach.adapters.speech.cache import PhraseKey, SpeechCache
from backcoach.config import paths
from tests.fakes import write_tone_wav

KEY = PhraseKey("Switch sides", "gmw/en", 165, 1.0, "en", "pyttsx3 2.99/espeak/espeak-ng 1.51")


def test_the_cache_lives_in_the_backcoach_cache_folder():
    assert SpeechCache().root == paths.cache_dir() / "speech"


def test_every_property_that_changes_the_sound_changes_the_file():
    cache = SpeechCache()
    changes = {
        "text": "Switch sides now",
        "voice_id": "gmw/en-us",
        "rate": 180,
        "volume": 0.5,
        "language": "en-US",
        "engine_id": "pyttsx3 2.99/espeak/espeak-ng 1.52",
    }
    names = {cache.path_for(KEY)}
    for field, value in changes.items():
        names.add(cache.path_for(dataclasses.replace(KEY, **{field: value})))
    assert len(names) == len(changes) + 1
    assert cache.path_for(KEY) == SpeechCache().path_for(KEY)  # stable between runs


def test_a_rendered_file_appears_only_when_committed(tmp_path):
    cache = SpeechCache(tmp_path / "speech")
    assert cache.get(KEY) is None
    temp = cache.temp_path(KEY)
    write_tone_wav(temp)
    assert cache.get(KEY) is None  # half-done work is never played
    final = cache.commit(temp, KEY)
    assert cache.get(KEY) == final and not temp.exists()


def test_a_truncated_file_counts_as_missing(tmp_path):
    cache = SpeechCache(tmp_path)
    cache.path_for(KEY).write_bytes(b"RIFF")
    assert cache.get(KEY) is None


def test_prune_keeps_the_recently_used_files_under_the_limit(tmp_path):
    cache = SpeechCache(tmp_path)
    keys = [dataclasses.replace(KEY, text=f"phrase {i}") for i in range(4)]
    for age, key in enumerate(reversed(keys)):
        path = write_tone_wav(cache.path_for(key), seconds=0.1)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # keys[0] is the newest
    stale = tmp_path / ".abc.1.1.tmp"
    stale.write_bytes(b"x")
    os.utime(stale, (1_000_000, 1_000_000))
    size = cache.path_for(keys[0]).stat().st_size
    removed = cache.prune(limit_bytes=2 * size)
    assert removed == 3
    assert [cache.get(k) is not None for k in keys] == [True, True, False, False]
