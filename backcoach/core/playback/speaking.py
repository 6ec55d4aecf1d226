"""How long a phrase takes to say: the estimate cue planning and instruction lead-ins use.

The timeline is planned before anything is spoken, so speaking time is
estimated from the text: words at the speech rate, Chinese and Japanese
characters at 0.6 of a word each, and a short pause after every phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_WORDS_PER_MINUTE = 165.0
"""The speech rate cues are timed for (the settings' default)."""

PHRASE_PAUSE_S = 0.25
"""Silence assumed after every phrase, so two cues never run into each other."""

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def speaking_time(text: str, words_per_minute: float = DEFAULT_WORDS_PER_MINUTE) -> float:
    """Estimate how long speaking ``text`` takes, pause included.

    Words count one each; a Chinese or Japanese character counts 0.6 of a word
    (about four and a half characters a second at the default rate). Cached:
    a plan asks for the same few dozen phrases thousands of times.
    """
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return PHRASE_PAUSE_S + (words + 0.6 * cjk) * 60.0 / words_per_minute
