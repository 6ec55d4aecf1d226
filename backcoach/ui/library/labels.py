"""The library's words for a routine's kind, difficulty, time, languages and use.

Kinds and difficulties are closed lists in the file format; they are marked
here and translated where shown. Equipment is free text in a routine file:
the items the bundled routines use are translated, others are shown as written.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QDate, QLocale

from backcoach.core.history.usage import RoutineUse
from backcoach.core.routine.model import Difficulty, RoutineKind
from backcoach.i18n import N_, _, ngettext

KIND_LABELS: dict[RoutineKind, str] = {
    RoutineKind.WARM_UP: N_("Warm-up"),
    RoutineKind.STRETCH: N_("Stretch"),
    RoutineKind.STRENGTH: N_("Strength"),
    RoutineKind.COOL_DOWN: N_("Cool-down"),
    RoutineKind.DESK_BREAK: N_("Desk break"),
    RoutineKind.CUSTOM: N_("Custom"),
}
LEVEL_LABELS: dict[Difficulty, str] = {
    Difficulty.GENTLE: N_("Gentle"),
    Difficulty.BEGINNER: N_("Beginner"),
    Difficulty.INTERMEDIATE: N_("Intermediate"),
    Difficulty.ADVANCED: N_("Advanced"),
}
EQUIPMENT_LABELS: dict[str, str] = {
    # Translators: equipment a routine needs (an exercise mat).
    "mat": N_("Mat"),
    "chair": N_("Chair"),
    "wall": N_("Wall"),
    "towel": N_("Towel"),
}
LANGUAGE_BADGES: dict[str, str] = {"en": "EN", "da": "DA", "zh-TW": "中文"}
"""Short marks for the languages a routine speaks, the same in every UI language."""
RECENT_DAYS = 14
"""Up to this many days ago, "last done" counts days; beyond, it gives the date."""


def kind_label(kind: RoutineKind) -> str:
    """Return the kind in the user's language."""
    return _(KIND_LABELS[kind])


def level_label(level: Difficulty) -> str:
    """Return the difficulty in the user's language."""
    return _(LEVEL_LABELS[level])


def equipment_label(item: str) -> str:
    """Return a piece of equipment in the user's language (as written if unknown)."""
    known = EQUIPMENT_LABELS.get(item.casefold())
    return _(known) if known else item


def minutes_label(seconds: float) -> str:
    """Return a routine's length in whole minutes, rounded up (never "0 min")."""
    minutes = max(1, math.ceil(seconds / 60 - 1e-9))
    # Translators: a routine's length on a library card, e.g. "12 min".
    return _("{minutes} min").format(minutes=minutes)


def done_label(use: RoutineUse | None) -> str:
    """Return "Done 3 times", or that the routine was never done."""
    if use is None:
        return _("Not done yet")
    return ngettext("Done {n} time", "Done {n} times", use.times_done).format(n=use.times_done)


def last_done_label(use: RoutineUse | None, today: date) -> str:
    """Return when the routine was last done: today, yesterday, days ago or a date."""
    if use is None:
        return ""
    day = use.last_done.date()
    days = (today - day).days
    if days <= 0:
        return _("Last done today")
    if days == 1:
        return _("Last done yesterday")
    if days <= RECENT_DAYS:
        return ngettext("Last done {n} day ago", "Last done {n} days ago", days).format(n=days)
    shown = QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
    return _("Last done on {date}").format(date=shown)
