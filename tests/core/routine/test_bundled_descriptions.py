"""The bundled routines' descriptions against their plans: "about six minutes" is six.

A description that names its length ("About six minutes", "Cirka seks minutter",
"約六分鐘", "Under two minutes") must say the planned duration rounded to the
nearest minute (or a bound it keeps), in every language, so that changing a routine
without its text fails here, naming the file, the language and both values.
"""

from __future__ import annotations

import json
import re

import pytest

from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.loader import load_routine
from tests.conftest import REPO_ROOT

ROUTINES = REPO_ROOT / "routines"

_NUMBERS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty",
    "da": "nul en to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten"
    " sytten atten nitten tyve",
}
_ZH_DIGITS = "零一二三四五六七八九"

_ABOUT = {
    "en": re.compile(r"\babout (\w+) (?:\w+ )?minutes", re.IGNORECASE),
    "da": re.compile(r"\bcirka (\w+) (?:\w+ )?minutter", re.IGNORECASE),
    "zh-TW": re.compile(r"約([一二兩三四五六七八九十]+)分鐘"),
}
_UNDER = {
    "en": re.compile(r"\bunder (\w+) minutes", re.IGNORECASE),
    "da": re.compile(r"\bunder (\w+) minutter", re.IGNORECASE),
    "zh-TW": re.compile(r"不到([一二兩三四五六七八九十]+)分鐘"),
}


def minutes_of(word: str, language: str) -> int:
    """Return the number a description spells: "six", "seks", "六", "十一"."""
    if language == "zh-TW":
        word = word.replace("兩", "二")  # the counting two: 兩分鐘
        tens, _, units = word.rpartition("十")
        if "十" not in word:
            return _ZH_DIGITS.index(word)
        return (_ZH_DIGITS.index(tens) if tens else 1) * 10 + (
            _ZH_DIGITS.index(units) if units else 0
        )
    return _NUMBERS[language].split().index(word.lower())


def length_problems(file_name: str, descriptions: dict[str, str], planned_s: float) -> list[str]:
    """Return one line per language whose stated length is not the planned one."""
    nearest = round(planned_s / 60)
    problems = []
    for language, text in descriptions.items():
        for match in _ABOUT[language].finditer(text):
            said = minutes_of(match[1], language)
            if said != nearest:
                problems.append(
                    f"{file_name}: {language}: the description says about {said} minutes,"
                    f" the plan is {planned_s / 60:.1f}"
                )
        for match in _UNDER[language].finditer(text):
            said = minutes_of(match[1], language)
            if planned_s >= said * 60:
                problems.append(
                    f"{file_name}: {language}: the description says under {said} minutes,"
                    f" the plan is {planned_s / 60:.1f}"
                )
    return problems


@pytest.mark.parametrize("path", sorted(ROUTINES.glob("*.json")), ids=lambda p: p.stem)
def test_a_description_that_names_its_length_says_the_planned_one(path) -> None:
    descriptions = json.loads(path.read_text(encoding="utf-8"))["description"]
    planned = planned_duration_s(load_routine(path, bundled=True))
    assert length_problems(path.name, descriptions, planned) == []


def test_every_language_is_read_and_a_wrong_length_names_file_language_and_both() -> None:
    texts = {"en": "About eleven calm minutes", "da": "Cirka tolv minutter", "zh-TW": "約十一分鐘"}
    assert length_problems("x.json", texts, 11 * 60 + 20) == [
        "x.json: da: the description says about 12 minutes, the plan is 11.3"
    ]
    assert length_problems("x.json", {"zh-TW": "不到兩分鐘"}, 100) == []
    assert length_problems("x.json", {"zh-TW": "不到兩分鐘"}, 130) == [
        "x.json: zh-TW: the description says under 2 minutes, the plan is 2.2"
    ]
    assert length_problems("x.json", {"en": "Under two minutes"}, 121) == [
        "x.json: en: the description says under 2 minutes, the plan is 2.0"
    ]
