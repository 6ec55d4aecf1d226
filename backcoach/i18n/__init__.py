"""Translations: one gettext catalog for every part of BackCoach, Qt or not.

Why gettext (with Babel to extract, update and compile the catalog) rather than
Qt Linguist: the core, the resident tray and the command line run without Qt,
and the resident tray must stay small (the standard library's ``gettext`` costs
nothing to import); ``.po`` files are what translators know; plurals come from
each catalog's ``Plural-Forms`` (Danish and English two forms, Chinese one).
Qt's own buttons come from the ``qtbase_*.qm`` files PySide6 ships
(``ui/app/qt_translations.py``).

Use ``_("text")`` for the user's language, ``ngettext`` for counts,
``pgettext`` where one English word means two things, ``N_`` to mark a
string for extraction that is translated later, and ``translation(tag)`` for
text in a given language (spoken cues follow the routine's language). Never
assemble a sentence from fragments: translate the whole sentence with named
``{placeholders}`` and ``.format`` after translating.

A catalog that is missing or cannot be read falls back to English, with a
warning logged once; never an empty label.
"""

from __future__ import annotations

import gettext
import locale
import logging
import os
import struct
from collections.abc import Iterable
from functools import cache
from pathlib import Path

DOMAIN = "backcoach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "da": "Dansk", "zh-TW": "中文（台灣）"}
"""Supported language tags and each language's name in itself, written as it is written at home
(Taiwan puts full-width parentheses in Chinese text), so the same in every UI language."""
PSEUDO = "pseudo"
"""A test language: every string 40 % longer, with accents, to catch layouts that break."""
SYSTEM = "system"
"""The setting that means "the system's language" (English where it has no translation)."""

_log = logging.getLogger(__name__)
_current = SOURCE_LANGUAGE


class UnknownLanguage(ValueError):
    """A language tag BackCoach has no translation for; the message lists the supported ones."""


def supported_list(language: str | None = None) -> str:
    """Return the supported tags for a message, e.g. ``en (English), da (Dansk), ...``.

    Punctuated as ``language`` writes lists (the user's language by default); an
    English-only message passes ``SOURCE_LANGUAGE``.
    """
    return join_list((with_extra(tag, name, language) for tag, name in LANGUAGES.items()), language)


def normalize(tag: str) -> str:
    """Return the supported tag for ``tag`` (``zh_TW``, ``zh-tw``, ``da_DK.UTF-8`` ...).

    Raises ``UnknownLanguage`` naming the supported languages when there is none.
    """
    cleaned = tag.strip().split(".")[0].split("@")[0].replace("_", "-")
    if cleaned.lower() == PSEUDO:
        return PSEUDO
    for known in LANGUAGES:
        if cleaned.lower() == known.lower():
            return known
    base = cleaned.split("-")[0].lower()
    if base in LANGUAGES:
        return base
    if base == "zh" and cleaned.lower() in ("zh-hant", "zh-hk", "zh-mo", "zh-hant-tw"):
        return "zh-TW"
    raise UnknownLanguage(
        f"unknown language {tag!r}; BackCoach speaks {supported_list(SOURCE_LANGUAGE)}"
    )


def system_language(environ: dict[str, str] | None = None) -> str:
    """Return the system's language as a supported tag, or English where it has none."""
    env = os.environ if environ is None else environ
    candidates: list[str] = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            candidates.extend(value.split(":"))
    if environ is None and not candidates:
        found = locale.getlocale()[0]
        if found:
            candidates.append(found)
    for candidate in candidates:
        if candidate in ("C", "POSIX", ""):
            continue
        try:
            tag = normalize(candidate)
        except UnknownLanguage:
            continue
        if tag != PSEUDO:
            return tag
    return SOURCE_LANGUAGE


def resolve(setting: str | None) -> str:
    """Return the language tag a setting means: ``system`` or empty is the system's language.

    Raises ``UnknownLanguage`` for a tag BackCoach does not have.
    """
    if not setting or setting == SYSTEM:
        return system_language()
    return normalize(setting)


def _gettext_name(tag: str) -> str:
    return tag.replace("-", "_")


@cache
def translation(tag: str) -> gettext.NullTranslations:
    """Return the translations for ``tag`` (English source strings for ``en``)."""
    if tag == PSEUDO:
        return PseudoTranslations()
    if tag == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[_gettext_name(tag)])
    except (OSError, ValueError, UnicodeError, struct.error, IndexError) as exc:
        _log.warning("No usable %s translation (%s); showing English instead.", tag, exc)
        return gettext.NullTranslations()


def set_language(tag: str) -> str:
    """Make ``tag`` (a setting: ``system``, ``da``, ...) the language of ``_``; return the tag."""
    global _current
    _current = resolve(tag)
    return _current


def current_language() -> str:
    """Return the tag ``_`` translates into."""
    return _current


def _(message: str) -> str:
    """Return ``message`` in the user's language."""
    return translation(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the form of a counted message for ``n`` in the user's language."""
    return translation(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Return ``message`` in the user's language, for the sense ``context`` gives it."""
    return translation(_current).pgettext(context, message)


def join_list(items: Iterable[str], language: str | None = None) -> str:
    """Return ``items`` as a list in running text: ``a, b, c``, or ``a、b、c`` in Chinese.

    For lists of things (languages, equipment, file kinds), not for the clauses
    of a sentence. ``language`` is a tag; the user's language by default.
    """
    catalog = translation(language or _current)
    # Translators: the separator between the items of a list, as in "English, Dansk".
    # Chinese writes the enumeration comma: "、".
    return catalog.pgettext("list", ", ").join(items)


def join_clauses(items: Iterable[str], language: str | None = None) -> str:
    """Return ``items`` as clauses of one sentence: ``a; b``, or ``a；b`` in Chinese.

    For parts that hold commas themselves (a chart's bars read out one by one).
    ``language`` is a tag; the user's language by default.
    """
    catalog = translation(language or _current)
    # Translators: the separator between clauses that contain commas themselves, as in
    # "Mon: 2 taken, 1 snoozed; Tue: 3 taken". Chinese writes the full-width semicolon: "；".
    return catalog.pgettext("clauses", "; ").join(items)


def with_extra(text: str, extra: str, language: str | None = None) -> str:
    """Return ``text`` with ``extra`` after it in parentheses: ``a (b)``, ``a（b）`` in Chinese.

    ``language`` is a tag; the user's language by default.
    """
    catalog = translation(language or _current)
    # Translators: something added after a text in parentheses, as in "Glute bridge (0:54)".
    # Chinese writes full-width parentheses without spaces: "{text}（{extra}）".
    return catalog.pgettext("parentheses", "{text} ({extra})").format(text=text, extra=extra)


DECIMAL_COMMA = frozenset({"da"})
"""Languages that write a decimal comma (``0,5``), as Qt's number fields in them do."""


def number(value: float) -> str:
    """Return ``value`` written short (``2``, ``0.5``) with the user's language's decimal mark."""
    text = f"{value:g}"
    return text.replace(".", ",") if _current in DECIMAL_COMMA else text


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark ``message`` for the catalog without translating it yet."""
    return message


_ACCENTED = str.maketrans("aeiouyAEIOUYcnsz", "àéîõüýÀÉÎÕÜÝçñšž")


class PseudoTranslations(gettext.NullTranslations):
    """Every string accented and made 40 % longer; ``{placeholders}`` and ``%s`` kept."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def pseudo(message: str) -> str:
    """Return the pseudo-translation of ``message``: accented, 40 % longer, placeholders intact."""
    out: list[str] = []
    depth = 0
    for index, char in enumerate(message):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        percent = index > 0 and message[index - 1] == "%"
        out.append(char if depth or char == "}" or percent else char.translate(_ACCENTED))
    # The padding comes in "words" of at most 8, so long sentences still wrap as a real
    # language's would (Danish words are long, but not 80 letters).
    count = max(1, round(len(message) * 0.4))
    padding = " ".join("~" * min(8, count - start) for start in range(0, count, 8))
    return f"[{''.join(out)}{padding}]" if message else message
