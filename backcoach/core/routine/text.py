"""Localised text: a plain string, or a map of language tag to text with English required."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DEFAULT_LANGUAGE = "en"


class Text:
    """Text that can be shown in a chosen language (a routine's own, or BackCoach's catalog)."""

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the text in ``language``."""
        raise NotImplementedError


@dataclass(frozen=True)
class LocalText(Text):
    """A piece of text in one or more languages; ``en`` is always present."""

    translations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "translations", MappingProxyType(dict(self.translations)))

    @classmethod
    def from_json(cls, value: str | Mapping[str, str]) -> LocalText:
        """Build from the file form: a string (English) or a language map."""
        if isinstance(value, str):
            return cls({DEFAULT_LANGUAGE: value})
        return cls(dict(value))

    @classmethod
    def plain(cls, english: str) -> LocalText:
        """Build from one English string."""
        return cls({DEFAULT_LANGUAGE: english})

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the text in ``language``, falling back to its base language, then English.

        ``zh`` finds ``zh-TW``; ``da-DK`` finds ``da``.
        """
        if language in self.translations:
            return self.translations[language]
        base = language.split("-")[0].lower()
        for tag, text in self.translations.items():
            if tag.split("-")[0].lower() == base:
                return text
        return self.translations.get(DEFAULT_LANGUAGE, "")

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the language tags this text is available in."""
        return tuple(self.translations)

    def to_json(self) -> str | dict[str, str]:
        """Return the file form: a plain string when only English is present."""
        if set(self.translations) == {DEFAULT_LANGUAGE}:
            return self.translations[DEFAULT_LANGUAGE]
        return dict(self.translations)

    def __str__(self) -> str:
        return self.get()
