"""Text of BackCoach's own (safety advice, suggestions) from the catalog, in any language.

``CatalogText`` reads like a routine's ``LocalText``: ``get(language)`` returns
it in a given language (a pain-stop advice follows the routine's language),
``str()`` in the user's. The English is the catalog's msgid, marked with
``N_`` where it is written, so the translations live in the ``.po`` files
with every other string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backcoach.core.routine.text import Text
from backcoach.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    UnknownLanguage,
    current_language,
    normalize,
    translation,
)


def catalog_language(language: str) -> str:
    """Return the catalog's tag for ``language`` (``zh`` → ``zh-TW``), English where none."""
    try:
        return normalize(language)
    except UnknownLanguage:
        base = language.split("-")[0].split("_")[0].lower()
        found = [tag for tag in LANGUAGES if tag.split("-")[0].lower() == base]
        return found[0] if found else SOURCE_LANGUAGE


@dataclass(frozen=True)
class CatalogText(Text):
    """A catalog message (its English msgid) with the values of its ``{placeholders}``."""

    message: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, message: str, **values: Any) -> CatalogText:
        """Return the message ``message`` (marked with ``N_``) with ``values`` filled in."""
        return cls(message, tuple(sorted(values.items())))

    def get(self, language: str = SOURCE_LANGUAGE) -> str:
        """Return the text in ``language`` (English where the catalog has no such language)."""
        text = translation(catalog_language(language)).gettext(self.message)
        return text.format(**dict(self.values)) if self.values else text

    def __str__(self) -> str:
        return self.get(current_language())
