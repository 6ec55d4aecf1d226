"""Progress and ease-off suggestions from the log, and the new routine a suggestion becomes.

Rules (from the source articles: start around 10 reps and build to 30, 3-4
rounds, holds of 20-40 s, pain is the guide):

- **Progress** (strength routines only): when the three most recent sessions
  of this routine (of this exact file version, if its hash is given) were all
  completed with back pain answered as 2 or less (and the latest pain answer
  of any routine is 2 or less too), offer either +2 reps on every
  reps exercise (up to 30) with holds 5 s longer (up to 40 s), or one more
  round of every circuit (up to 4). Interrupted sessions are ignored: a crash
  says nothing about the back.
- **Ease off** (any routine, and it wins over progress): when the most recent
  session of this routine was stopped for pain, or when back pain is rising:
  the latest answer is 3 or more points above the lowest of the three before
  it (counted across all routines: it is the same back), and that latest
  answer was given after a session of *this* routine. A suggestion concerns
  the routine where the pain happened, never the others. Offer 2 fewer reps (not
  below 5), holds of up to 40 s made 5 s shorter (not below 10 s; longer
  holds are resting poses, left as they are) and one round fewer, and show
  the safety advice.

Accepting writes a *new* user routine: a copy of the routine's JSON document
(unknown fields kept) with a new id (``<id>-progressed-2``, ``<id>-eased-3``, ...),
a title a person understands ("Beginner circuit – easier", "… – 2 steps easier",
"… – harder") and a dated line at the top of its description saying what
changed and why, checked by the loader and written atomically. Bundled and
existing files are never changed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from backcoach.config import paths
from backcoach.core import safety
from backcoach.core.atomic import write_text_atomic
from backcoach.core.catalog_text import CatalogText, catalog_language
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.routine.catalog import load_catalog, routine_files
from backcoach.core.routine.loader import (
    parse_routine_bytes,
    read_routine_bytes,
    routine_from_document,
)
from backcoach.core.routine.model import Routine, RoutineKind
from backcoach.core.routine.text import LocalText
from backcoach.i18n import LANGUAGES, N_, translation

MAX_REPS = 30
MAX_ROUNDS = 4
MAX_HOLD_S = 40
MIN_REPS = 5
MIN_HOLD_S = 10
REPS_STEP = 2
HOLD_STEP_S = 5
GOOD_SESSIONS = 3
LOW_PAIN = 2
RISING_PAIN = 3
MAX_ID_LENGTH = 64

EASE_OFF_ADVICE = CatalogText(
    N_(
        "When pain goes up, do less for a while: fewer reps, shorter holds and a rest day"
        " between sessions. Build up again only once your back has been calm for a week or two."
    )
)


class SuggestionKind(str, Enum):
    PROGRESS = "progress"
    EASE_OFF = "ease-off"


@dataclass(frozen=True)
class Change:
    """One number changed in the routine file: ``field`` of the step at ``pointer``."""

    pointer: str
    step_name: LocalText
    field: str
    """``reps``, ``hold_s`` or ``rounds``."""
    old: int | float
    new: int | float

    def describe(self, language: str = "en") -> str:
        """Return e.g. ``Glute bridge: 12 → 14 reps`` (in ``language``)."""
        catalog = translation(catalog_language(language))
        n = int(self.new)
        if self.field == "reps":
            text = catalog.ngettext("{step}: {old} → {new} rep", "{step}: {old} → {new} reps", n)
        elif self.field == "rounds":
            text = catalog.ngettext(
                "{step}: {old} → {new} round", "{step}: {old} → {new} rounds", n
            )
        else:
            text = catalog.gettext(N_("{step}: {old} → {new} s"))
        return text.format(
            step=self.step_name.get(language), old=_num(self.old), new=_num(self.new)
        )


@dataclass(frozen=True)
class Option:
    """One way to act on a suggestion; accepting it writes a new routine with ``changes``."""

    key: str
    label: CatalogText
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Suggestion:
    """What the log suggests for one routine, why, and what the user can choose."""

    kind: SuggestionKind
    routine_id: str
    reason: CatalogText
    options: tuple[Option, ...]
    advice: tuple[CatalogText, ...] = ()
    """Safety advice to show with it (for easing off)."""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _name(step: Mapping[str, Any], pointer: str) -> LocalText:
    raw = step.get("name")
    if isinstance(raw, (str, dict)):
        return LocalText.from_json(raw)
    return LocalText.plain(str(step.get("id") or pointer))


def _walk(document: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """Yield ``(pointer, step)`` for every step, circuits before their inner steps."""
    for index, step in enumerate(document.get("steps") or []):
        if not isinstance(step, Mapping):
            continue
        pointer = f"/steps/{index}"
        yield pointer, step
        if step.get("type") == "circuit":
            for inner, sub in enumerate(step.get("steps") or []):
                if isinstance(sub, Mapping):
                    yield f"{pointer}/steps/{inner}", sub


def _changes(
    document: Mapping[str, Any],
    field: str,
    step_type: str,
    delta: int,
    limit: int,
    only_up_to: float = float("inf"),
) -> list[Change]:
    """Return changes of ``field`` by ``delta`` on every ``step_type`` step, kept at ``limit``.

    Steps whose value is above ``only_up_to`` are left alone.
    """
    found = []
    for pointer, step in _walk(document):
        value = step.get(field)
        if step.get("type") != step_type or not isinstance(value, (int, float)):
            continue
        if value > only_up_to:
            continue
        new = min(value + delta, limit) if delta > 0 else max(value + delta, limit)
        if (delta > 0 and new > value) or (delta < 0 and new < value):
            found.append(Change(pointer, _name(step, pointer), field, value, new))
    return found


def _progress_options(document: Mapping[str, Any]) -> tuple[Option, ...]:
    options = []
    more_work = _changes(document, "reps", "reps", REPS_STEP, MAX_REPS) + _changes(
        document, "hold_s", "hold", HOLD_STEP_S, MAX_HOLD_S
    )
    if more_work:
        label = CatalogText.of(
            N_(
                "A little more per exercise: +{reps} reps (up to {max_reps})"
                " and holds {hold} s longer (up to {max_hold} s)"
            ),
            reps=REPS_STEP,
            max_reps=MAX_REPS,
            hold=HOLD_STEP_S,
            max_hold=MAX_HOLD_S,
        )
        options.append(Option("more-reps", label, tuple(more_work)))
    more_rounds = _changes(document, "rounds", "circuit", 1, MAX_ROUNDS)
    if more_rounds:
        label = CatalogText.of(
            N_("One more round of the circuit (up to {rounds})"), rounds=MAX_ROUNDS
        )
        options.append(Option("more-rounds", label, tuple(more_rounds)))
    return tuple(options)


def _ease_option(document: Mapping[str, Any]) -> tuple[Option, ...]:
    changes = (
        _changes(document, "reps", "reps", -REPS_STEP, MIN_REPS)
        + _changes(document, "hold_s", "hold", -HOLD_STEP_S, MIN_HOLD_S, only_up_to=MAX_HOLD_S)
        + _changes(document, "rounds", "circuit", -1, 1)
    )
    if not changes:
        return ()
    label = CatalogText.of(
        N_("An easier copy: {reps} reps fewer, holds {hold} s shorter, one round fewer"),
        reps=REPS_STEP,
        hold=HOLD_STEP_S,
    )
    return (Option("ease-off", label, tuple(changes)),)


def _rising_pain(sessions: Sequence[SessionRecord]) -> tuple[int, int] | None:
    """Return ``(low, latest)`` if the latest pain is RISING_PAIN above the low of the 3 before."""
    answers = [s.pain for s in sorted(sessions, key=lambda s: s.started_at) if s.pain is not None]
    if len(answers) < 2:
        return None
    latest, before = answers[-1], answers[-1 - GOOD_SESSIONS : -1]
    low = min(before)
    return (low, latest) if latest - low >= RISING_PAIN else None


def suggest(
    document: Mapping[str, Any],
    sessions: Sequence[SessionRecord],
    content_hash: str | None = None,
) -> Suggestion | None:
    """Return the suggestion for the routine ``document`` given the logged ``sessions``, if any.

    ``sessions`` may hold every routine's sessions; pass the loaded routine's
    ``content_hash`` to count only sessions of this exact file for progress.
    """
    routine_id = str(document.get("id", ""))
    finished = sorted(
        (
            s
            for s in sessions
            if s.status not in (SessionStatus.IN_PROGRESS, SessionStatus.INTERRUPTED)
        ),
        key=lambda s: s.started_at,
    )
    own = [s for s in finished if s.routine_id == routine_id]
    answered = [s for s in finished if s.pain is not None]
    rising = _rising_pain(finished) if answered and answered[-1].routine_id == routine_id else None
    pain_stop = bool(own) and own[-1].status is SessionStatus.STOPPED_FOR_PAIN
    if pain_stop or rising:
        if pain_stop:
            reason = CatalogText(
                N_("Your last session of this routine was stopped because of pain.")
            )
        else:
            assert rising is not None
            low, latest = rising
            reason = CatalogText.of(
                N_("Your back pain after sessions has gone up from {low} to {latest}."),
                low=low,
                latest=latest,
            )
        return Suggestion(
            SuggestionKind.EASE_OFF,
            routine_id,
            reason,
            _ease_option(document),
            (EASE_OFF_ADVICE, safety.STOP_ON_PAIN, safety.RED_FLAGS, safety.SORENESS_OR_INJURY),
        )
    if document.get("kind") != RoutineKind.STRENGTH.value:
        return None
    same_version = [s for s in own if content_hash is None or s.content_hash == content_hash]
    recent = same_version[-GOOD_SESSIONS:]
    if len(recent) < GOOD_SESSIONS or not all(
        s.status is SessionStatus.COMPLETED and s.pain is not None and s.pain <= LOW_PAIN
        for s in recent
    ):
        return None
    latest_pain = next((s.pain for s in reversed(finished) if s.pain is not None), None)
    if latest_pain is not None and latest_pain > LOW_PAIN:
        return None
    options = _progress_options(document)
    if not options:
        return None
    reason = CatalogText.of(
        N_(
            "You completed this routine {times} times in a row with back pain of"
            " {pain} or less. You could make it a little harder."
        ),
        times=GOOD_SESSIONS,
        pain=LOW_PAIN,
    )
    return Suggestion(SuggestionKind.PROGRESS, routine_id, reason, options)


def suggestion_for(store: HistoryStore, routine: Routine) -> Suggestion | None:
    """Return the suggestion for a loaded routine, reading its file and the log it needs."""
    if routine.source_path is None:
        return None
    document = parse_routine_bytes(
        read_routine_bytes(routine.source_path), str(routine.source_path)
    )
    own = store.sessions(routine_id=routine.routine_id, newest_first=True, limit=20)
    answered = store.fetch(
        "SELECT id FROM sessions WHERE pain IS NOT NULL AND status NOT IN (?, ?)"
        " ORDER BY started_at DESC LIMIT ?",
        (SessionStatus.IN_PROGRESS.value, SessionStatus.INTERRUPTED.value, GOOD_SESSIONS + 1),
    )
    by_id = {logged.session_id: logged.record for logged in own}
    for (session_id,) in answered:
        if session_id not in by_id:
            by_id[session_id] = store.session(session_id).record
    return suggest(document, list(by_id.values()), routine.content_hash or None)


# -- accepting: the new routine -----------------------------------------------------------------

_LEVEL_ID = re.compile(r"^(?P<base>.+)-(?:progressed|eased)-(?P<n>\d+)$")
_TITLE_MARKS = {
    # Translators: the mark after the title of a routine copy made harder ("Core – harder"),
    # then the one for a copy of a copy; {n} is 2 or more.
    SuggestionKind.PROGRESS: (N_("harder"), N_("{n} steps harder")),
    # Translators: the same for a copy made easier ("Core – easier", "Core – 2 steps easier").
    SuggestionKind.EASE_OFF: (N_("easier"), N_("{n} steps easier")),
}
"""The title mark: the first copy's, then the one for later steps (n ≥ 2); in the catalog."""
_MARK_SEPARATOR = " – "
_OLD_MARK = re.compile(
    "(?:"
    + "|".join(
        re.escape(_MARK_SEPARATOR + translation(tag).gettext(form)).replace(
            re.escape("{n}"), r"\d+"
        )
        for forms in _TITLE_MARKS.values()
        for form in forms
        for tag in LANGUAGES
    )
    + r")$"
)
_DATED_LINES = {
    SuggestionKind.PROGRESS: N_("Made harder on {day}: {reason}"),
    SuggestionKind.EASE_OFF: N_("Made easier on {day}: {reason}"),
}


def new_routine_id(routine_id: str, kind: SuggestionKind, taken: Iterable[str]) -> tuple[str, int]:
    """Return ``(id, level)`` for the copy: ``<base>-progressed-<n>`` / ``<base>-eased-<n>``.

    The level counts on from a copy's own level, and skips ids in ``taken``.
    """
    taken = set(taken)
    match = _LEVEL_ID.match(routine_id)
    base, level = (match["base"], int(match["n"]) + 1) if match else (routine_id, 2)
    word = "progressed" if kind is SuggestionKind.PROGRESS else "eased"
    while True:
        suffix = f"-{word}-{level}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate, level
        level += 1


def _marked_title(title: Any, kind: SuggestionKind, level: int) -> Any:
    """Return ``title`` with the mark for copy ``level`` (2 is the first copy) in each language."""
    first, later = _TITLE_MARKS[kind]

    def mark(text: str, language: str) -> str:
        catalog = translation(catalog_language(language))
        label = catalog.gettext(first) if level <= 2 else catalog.gettext(later).format(n=level - 1)
        return f"{_OLD_MARK.sub('', text)}{_MARK_SEPARATOR}{label}"

    if isinstance(title, str):
        return mark(title, "en")
    if isinstance(title, Mapping):
        return {language: mark(str(text), language) for language, text in title.items()}
    return title


def _dated_description(
    description: Any, suggestion: Suggestion, option: Option, day: date
) -> dict[str, str]:
    """Return the description with a first line saying when and why the copy was made."""
    if isinstance(description, str):
        description = {"en": description}
    elif not isinstance(description, Mapping):
        description = {}
    languages = ["en", *(lang for lang in description if lang != "en")]
    result = {}
    for language in languages:
        template = translation(catalog_language(language)).gettext(_DATED_LINES[suggestion.kind])
        line = template.format(
            day=day.isoformat(),
            reason=f"{suggestion.reason.get(language)} {option.label.get(language)}",
        )
        old = str(description.get(language, "")).strip()
        result[language] = f"{line}\n\n{old}" if old else line
    return result


def _set(document: dict[str, Any], pointer: str, field: str, value: int | float) -> None:
    node: Any = document
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[field] = value


def apply_option(
    document: Mapping[str, Any],
    suggestion: Suggestion,
    option: Option,
    new_id: str,
    level: int,
    day: date | None = None,
) -> dict[str, Any]:
    """Return a changed deep copy of ``document``; the original is left as it was.

    ``day`` (default today) is the date written into the description.
    """
    changed = copy.deepcopy(dict(document))
    for change in option.changes:
        _set(changed, change.pointer, change.field, change.new)
    changed["id"] = new_id
    changed["title"] = _marked_title(changed.get("title"), suggestion.kind, level)
    changed["description"] = _dated_description(
        changed.get("description"), suggestion, option, day or date.today()
    )
    return changed


def accept(
    document: Mapping[str, Any],
    suggestion: Suggestion,
    option: Option,
    *,
    taken_ids: Iterable[str] | None = None,
    folder: Path | None = None,
) -> Path:
    """Write the routine ``option`` makes as a new file in the user's routines; return its path.

    ``taken_ids`` are the ids already in use (default: every routine BackCoach
    can load, and every file name in ``folder``). The new routine is checked by
    the loader first (``RoutineError`` if it would not load); nothing is
    written then, and no existing file is ever replaced.
    """
    folder = folder if folder is not None else paths.user_routines_dir()
    if taken_ids is None:
        taken_ids = [routine.routine_id for routine in load_catalog().routines]
    taken = set(taken_ids)
    taken |= {path.stem for path in routine_files(folder)}
    while True:
        new_id, level = new_routine_id(suggestion.routine_id, suggestion.kind, taken)
        target = folder / f"{new_id}.json"
        if not target.exists():
            break
        taken.add(new_id)
    changed = apply_option(document, suggestion, option, new_id, level)
    routine_from_document(changed, str(target), path=target)
    if target.exists():
        raise FileExistsError(f"{target} appeared while it was being written; nothing was changed")
    write_text_atomic(target, json.dumps(changed, ensure_ascii=False, indent=2) + "\n")
    return target
