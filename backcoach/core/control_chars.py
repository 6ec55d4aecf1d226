r"""Characters that must never reach a terminal raw: one definition, to refuse and to escape.

Untrusted text (routine texts, file names, field names quoted in a problem,
titles read back from the log) can carry characters that a terminal obeys
instead of showing: escape sequences that set the window title, clear the
screen or write the clipboard (OSC 52), bare line breaks that fake a line of
output, NUL, right-to-left overrides that disguise text, and unpaired UTF-16
surrogates that cannot even be encoded (``UnicodeEncodeError``).

The loader refuses such characters in routine files (``find_control``); every
place that prints untrusted text to a terminal passes it through
``escape_controls``, which writes them as JSON-style escapes (``\u001b``),
so escaped JSON stays valid JSON.
"""

from __future__ import annotations

import re
import unicodedata

_OTHERS = (
    "\x7f-\x9f"  # DEL and C1
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff"  # unpaired surrogates (a paired one is one character in Python)
)
_ANY = re.compile(f"[\x00-\x1f{_OTHERS}]")  # C0: NUL, ESC, tab, line breaks...
_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")
_IN_JSON = re.compile(rf"\\(?:u00[01]|[nrtbf])|[{_OTHERS}]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def find_control(text: str, line_breaks: bool = False) -> str | None:
    r"""Return the first character of ``text`` that must not reach a terminal, or None.

    ``line_breaks`` allows ``\n`` (the texts where a routine may have paragraphs).
    """
    found = (_BUT_NEWLINE if line_breaks else _ANY).search(text)
    return found.group() if found else None


def json_may_hold_control(json_text: str) -> bool:
    """Return False when JSON text (``ensure_ascii=False``) surely holds no control character.

    A quick test before looking at every string: ``json.dumps`` writes C0
    characters as escapes and leaves the others as they are.
    """
    return _IN_JSON.search(json_text) is not None


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT.get(char) or f"\\u{ord(char):04x}"


def escape_controls(text: str, keep_line_breaks: bool = False) -> str:
    r"""Return ``text`` with every control character written as an escape, e.g. ``\u001b``.

    ``keep_line_breaks`` leaves ``\n`` as it is (for multi-line output such as JSON).
    """
    return (_BUT_NEWLINE if keep_line_breaks else _ANY).sub(_escape, text)


def describe_char(char: str) -> str:
    """Return a readable name for a refused character, e.g. ``U+202E (right-to-left override)``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"an unpaired surrogate (\\u{code:04x}), which is not text"
    if char == "\n":
        return "a line break"
    name = unicodedata.name(char, "").lower() or _C0_NAMES.get(code, "a control character")
    return f"U+{code:04X} ({name})"


_C0_NAMES = {0x00: "null", 0x07: "bell", 0x08: "backspace", 0x09: "tab", 0x0D: "carriage return"}
_C0_NAMES |= {0x1B: "escape", 0x7F: "delete"}
