"""The one definition of what must not reach a terminal, to refuse and to escape."""

from __future__ import annotations

import json

import pytest

from backcoach.core.control_chars import describe_char, escape_controls, find_control


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\r", "\t", "\x7f", "\x9b", "\u2028", "\u202e", "\u2066", "\ud800"],
)
def test_every_dangerous_character_is_found_and_escaped(char: str) -> None:
    text = f"a{char}b"
    assert find_control(text) == char
    escaped = escape_controls(text)
    assert find_control(escaped) is None and escaped.startswith("a\\") and escaped.endswith("b")


def test_ordinary_text_in_any_script_passes_untouched() -> None:
    text = "Fuglehund · 鳥狗式 · حركة \u200f· emoji \U0001f600 · zero-width joiner \u200d"
    assert find_control(text) is None and escape_controls(text) == text


def test_line_breaks_only_where_allowed() -> None:
    assert find_control("a\nb") == "\n" and find_control("a\nb", line_breaks=True) is None
    assert (
        escape_controls("a\nb") == "a\\nb"
        and escape_controls("a\nb", keep_line_breaks=True) == "a\nb"
    )


def test_escaped_json_is_still_the_same_json() -> None:
    data = {"title": "x\u202e\x85\ud800y", "lines": ["a", "b"]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    escaped = escape_controls(text, keep_line_breaks=True)
    assert find_control(escaped, line_breaks=True) is None
    assert json.loads(escaped) == data


def test_refused_characters_have_readable_names() -> None:
    assert describe_char("\u202e") == "U+202E (right-to-left override)"
    assert describe_char("\x1b") == "U+001B (escape)"
    assert describe_char("\n") == "a line break"
    assert describe_char("\udc80") == "an unpaired surrogate (\\udc80), which is not text"
