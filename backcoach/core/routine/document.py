"""An editable routine: the routine file's JSON object and the edits the editor makes to it.

The editor never edits model objects: it edits the document (plain JSON data, exactly
what is saved) and asks the loader after every edit whether the result is a valid
routine. Every operation here returns the JSON Pointer of what it touched, so the
editor can select it, and is undone by restoring a ``snapshot``.

Steps are addressed by pointer: ``/steps/2`` is the third top-level step and
``/steps/2/steps/0`` the first step inside that circuit. A step list is addressed by
its parent: ``""`` is the routine's own list, ``/steps/2`` the list of that circuit.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from backcoach.core.routine.loader import Problem, RoutineError, routine_from_document
from backcoach.core.routine.model import FORMAT_VERSION, Routine
from backcoach.i18n import N_, SOURCE_LANGUAGE, translation

STEP_TYPES = ("timed", "hold", "reps", "breathing", "rest", "circuit")
LANGUAGES = ("en", "da", "zh-TW")
MY_VERSION = N_("{title} (my version)")
"""A copied routine's title, in each language the title has."""
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")

_TIMING_KEYS = (
    "prepare_s",
    "duration_s",
    "hold_s",
    "reps",
    "sets",
    "rest_between_sets_s",
    "sides",
    "switch_s",
    "tempo",
    "self_paced",
    "rep_s",
    "breathing",
    "cycles",
    "pattern",
)
"""Fields a new step copies from the step before it when both are of the same type."""

_NEW_STEPS: dict[str, dict[str, Any]] = {
    "timed": {"type": "timed", "name": "New exercise", "duration_s": 30},
    "hold": {"type": "hold", "name": "New stretch", "hold_s": 30},
    "reps": {
        "type": "reps",
        "name": "New exercise",
        "reps": 10,
        "tempo": {"up_s": 2, "down_s": 2},
    },
    "breathing": {
        "type": "breathing",
        "name": "Breathe",
        "cycles": 5,
        "pattern": {"inhale_s": 4, "exhale_s": 6},
    },
    "rest": {"type": "rest", "duration_s": 30},
    "circuit": {
        "type": "circuit",
        "name": "New circuit",
        "rounds": 3,
        "rest_between_rounds_s": 60,
        "steps": [{"type": "reps", "name": "New exercise", "reps": 10}],
    },
}


def pointer_parts(pointer: str) -> list[str]:
    """Split a JSON Pointer into its unescaped parts (``""`` is the whole document)."""
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def join_pointer(*parts: object) -> str:
    """Build a JSON Pointer from parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split_step_pointer(pointer: str) -> tuple[str, int]:
    """Return (parent, index) of a step pointer: ``/steps/2/steps/0`` -> (``/steps/2``, 0)."""
    head, _steps, index = pointer.rpartition("/steps/")
    return head, int(index)


def step_pointer_of(pointer: str) -> str:
    """Return the pointer of the step a field pointer lies in (``""`` when it is none)."""
    match = re.match(r"^(/steps/\d+(?:/steps/\d+)?)", pointer)
    return match.group(1) if match else ""


def new_step(step_type: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a new step of ``step_type``; it takes its timing from ``previous`` when alike."""
    step = copy.deepcopy(_NEW_STEPS[step_type])
    if previous is not None and previous.get("type") == step_type and step_type != "circuit":
        for key in _TIMING_KEYS:
            if key in previous:
                step[key] = copy.deepcopy(previous[key])
        if previous.get("self_paced"):
            step.pop("tempo", None)
    elif previous is not None and "prepare_s" in previous and step_type != "rest":
        step["prepare_s"] = previous["prepare_s"]
    return step


def text_value(value: Any, language: str = "en") -> str:
    """Return the ``language`` text of a text field ("" when it has none)."""
    if isinstance(value, str):
        return value if language == "en" else ""
    if isinstance(value, dict):
        found = value.get(language, "")
        return found if isinstance(found, str) else ""
    return ""


def with_text(value: Any, language: str, text: str, *, optional: bool) -> Any:
    """Return the text field ``value`` with its ``language`` text set to ``text``.

    A field holding only English is written as a plain string. An ``optional`` field
    left with no text at all becomes ``None`` (the field is removed).
    """
    texts: dict[str, str] = {}
    if isinstance(value, str):
        texts["en"] = value
    elif isinstance(value, dict):
        texts = {k: v for k, v in value.items() if isinstance(v, str)}
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)
    if optional and not any(texts.values()):
        return None
    if language == "en" and not text:
        texts["en"] = ""  # kept so the check says at the field that English is required
    if set(texts) <= {"en"}:
        return texts.get("en", "")
    return {"en": texts.get("en", ""), **{k: v for k, v in texts.items() if k != "en"}}


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base`` (made a valid id) or ``base-2``, ``base-3``... not in ``taken``."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")[:56] or "routine"
    if len(cleaned) < 2:
        cleaned = f"{cleaned}-routine"
    candidate, number = cleaned, 2
    while candidate in taken:
        candidate = f"{cleaned}-{number}"
        number += 1
    return candidate


def is_valid_id(value: str) -> bool:
    """Return whether ``value`` is a routine id the format accepts."""
    return bool(_ID_PATTERN.match(value))


TEMPLATES: dict[str, str] = {
    "blank": N_("Blank routine"),
    "stretch": N_("A short stretch set"),
    "strength": N_("A strength circuit"),
    "desk-break": N_("A desk break"),
}


def template(name: str, taken: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    """Return a new routine document from the template ``name`` (see ``TEMPLATES``)."""
    base: dict[str, Any] = {"format": FORMAT_VERSION}
    if name == "stretch":
        base |= {
            "id": unique_id("my-stretch", taken),
            "title": "My stretch set",
            "kind": "stretch",
            "difficulty": "gentle",
            "equipment": ["mat"],
            "defaults": {"prepare_s": 5, "switch_s": 5},
            "steps": [
                {"type": "hold", "name": "Knee to chest", "hold_s": 30, "sides": "left-right"},
                {
                    "type": "hold",
                    "name": "Figure-four stretch",
                    "hold_s": 30,
                    "sides": "left-right",
                },
                {"type": "hold", "name": "Child's pose", "hold_s": 60},
            ],
        }
    elif name == "strength":
        base |= {
            "id": unique_id("my-circuit", taken),
            "title": "My strength circuit",
            "kind": "strength",
            "equipment": ["mat"],
            "steps": [
                {
                    "type": "circuit",
                    "name": "Circuit",
                    "rounds": 3,
                    "rest_between_rounds_s": 60,
                    "steps": [
                        {
                            "type": "reps",
                            "name": "Glute bridge",
                            "reps": 12,
                            "tempo": {"up_s": 1, "hold_s": 2, "down_s": 2},
                        },
                        {
                            "type": "reps",
                            "name": "Bird dog",
                            "reps": 6,
                            "sides": "alternating",
                            "tempo": {"up_s": 1, "hold_s": 2, "down_s": 2},
                        },
                    ],
                }
            ],
        }
    elif name == "desk-break":
        base |= {
            "id": unique_id("my-desk-break", taken),
            "title": "My desk break",
            "kind": "desk-break",
            "difficulty": "gentle",
            "defaults": {"prepare_s": 3},
            "steps": [
                {"type": "reps", "name": "Trunk rotations", "reps": 8, "sides": "alternating"},
                {
                    "type": "reps",
                    "name": "Standing cat-cow",
                    "reps": 8,
                    "tempo": {"up_s": 3, "down_s": 3},
                },
            ],
        }
    else:
        base |= {
            "id": unique_id("my-routine", taken),
            "title": "My routine",
            "kind": "custom",
            "steps": [new_step("timed")],
        }
    return base


def copy_for_editing(document: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    """Return a copy of a (bundled) routine to edit: a new id and "(my version)" in its title.

    The mark is added in every language the title has (English where BackCoach has
    no translation for that language), once.
    """
    result = copy.deepcopy(document)
    result["id"] = unique_id(f"{document.get('id', 'routine')}-mine", taken)
    title = document.get("title")
    if isinstance(title, str):
        result["title"] = _my_version(title, "en")
    elif isinstance(title, dict):
        result["title"] = {
            language: _my_version(text, language) if isinstance(text, str) else text
            for language, text in title.items()
        }
    return result


def _my_version(title: str, language: str) -> str:
    """Return ``title`` marked as the user's version in ``language`` (unchanged if it is)."""
    tag = language if language in LANGUAGES else SOURCE_LANGUAGE
    template = translation(tag).gettext(MY_VERSION)
    before, _, after = template.partition("{title}")
    if title.startswith(before) and title.endswith(after):
        return title
    return template.format(title=title)


class RoutineDocument:
    """A routine file's JSON object with the editing operations the editor needs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    # --- reading --------------------------------------------------------------------------

    def get(self, pointer: str, default: Any = None) -> Any:
        """Return the value at ``pointer``, or ``default`` when nothing is there."""
        node: Any = self.data
        for part in pointer_parts(pointer):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return default
        return node

    def steps_of(self, parent: str) -> list[dict[str, Any]]:
        """Return the step list of ``parent`` (``""``: the routine, else a circuit pointer)."""
        owner = self.get(parent) if parent else self.data
        if not isinstance(owner, dict):
            raise KeyError(f"no step list at {parent!r}")
        return owner.setdefault("steps", [])

    def step_pointers(self) -> list[str]:
        """Return the pointer of every step in reading order (circuits before their steps)."""
        result: list[str] = []
        for index, step in enumerate(self.data.get("steps", [])):
            pointer = join_pointer("steps", index)
            result.append(pointer)
            if isinstance(step, dict) and step.get("type") == "circuit":
                inner = step.get("steps", [])
                result.extend(f"{pointer}/steps/{i}" for i in range(len(inner)))
        return result

    def snapshot(self) -> dict[str, Any]:
        """Return a deep copy of the document (what undo restores)."""
        return copy.deepcopy(self.data)

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Make the document equal to ``snapshot`` again."""
        self.data = copy.deepcopy(snapshot)

    def to_bytes(self) -> bytes:
        """Return the document as the routine file's bytes (UTF-8 JSON, 2-space indent)."""
        return (json.dumps(self.data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    # --- editing --------------------------------------------------------------------------

    def set(self, pointer: str, value: Any) -> str:
        """Set the field at ``pointer`` to ``value`` (``None`` removes it); return ``pointer``."""
        parts = pointer_parts(pointer)
        node: Any = self.data
        for part in parts[:-1]:
            if isinstance(node, list):
                node = node[int(part)]
            else:
                if not isinstance(node.get(part), (dict, list)):
                    if value is None:
                        return pointer
                    node[part] = {}
                node = node[part]
        last = parts[-1]
        if isinstance(node, list):
            node[int(last)] = value
        elif value is None:
            node.pop(last, None)
        else:
            node[last] = value
        if value is None and len(parts) >= 2 and node == {} and parts[-2] in {"defaults"}:
            self.data.pop("defaults", None)
        return pointer

    def insert_step(self, parent: str, index: int, step: dict[str, Any]) -> str:
        """Insert ``step`` into ``parent``'s list at ``index``; return its pointer."""
        if parent and step.get("type") == "circuit":
            raise ValueError("a circuit cannot contain another circuit")
        steps = self.steps_of(parent)
        index = max(0, min(index, len(steps)))
        steps.insert(index, step)
        return f"{parent}/steps/{index}"

    def add_step(self, step_type: str, after: str | None = None) -> str:
        """Add a new step of ``step_type`` after the step ``after`` (or at the end)."""
        if after:
            parent, index = split_step_pointer(after)
            previous = self.get(after)
            if step_type == "circuit" and parent:
                parent, index = split_step_pointer(parent)
            return self.insert_step(parent, index + 1, new_step(step_type, previous))
        steps = self.steps_of("")
        return self.insert_step("", len(steps), new_step(step_type, steps[-1] if steps else None))

    def remove_step(self, pointer: str) -> dict[str, Any]:
        """Remove the step at ``pointer`` and return it."""
        parent, index = split_step_pointer(pointer)
        return self.steps_of(parent).pop(index)

    def duplicate_step(self, pointer: str) -> str:
        """Insert a copy of the step at ``pointer`` right after it; return the copy's pointer."""
        parent, index = split_step_pointer(pointer)
        twin = copy.deepcopy(self.get(pointer))
        _drop_ids(twin)
        return self.insert_step(parent, index + 1, twin)

    def move_step(self, pointer: str, parent: str, index: int) -> str:
        """Move the step at ``pointer`` into ``parent``'s list before ``index``; return its pointer.

        ``index`` counts positions in the list as it is before the move.
        """
        step = self.get(pointer)
        if parent and step.get("type") == "circuit":
            raise ValueError("a circuit cannot contain another circuit")
        if parent == pointer or parent.startswith(pointer + "/"):
            raise ValueError("a step cannot move into itself")
        old_parent, old_index = split_step_pointer(pointer)
        if old_parent == parent and index > old_index:
            index -= 1
        elif parent.startswith(old_parent + "/steps/") and old_parent == "":
            circuit_index = int(parent.split("/")[2])
            if circuit_index > old_index:
                parent = f"/steps/{circuit_index - 1}"
        self.remove_step(pointer)
        return self.insert_step(parent, index, step)

    def move_by(self, pointer: str, delta: int) -> str | None:
        """Move a step ``delta`` places among its siblings; None when it is at the edge."""
        parent, index = split_step_pointer(pointer)
        target = index + delta
        if not 0 <= target < len(self.steps_of(parent)):
            return None
        return self.move_step(pointer, parent, target + (1 if delta > 0 else 0))

    # --- checking -------------------------------------------------------------------------

    def check(
        self, display_name: str = "routine", assets_dirs: list[Path] | None = None
    ) -> tuple[Routine | None, list[Problem]]:
        """Validate with the player's loader: (the routine, []) or (None, every problem)."""
        try:
            return routine_from_document(self.data, display_name, assets_dirs=assets_dirs), []
        except RoutineError as exc:
            return None, exc.problems
        except (TypeError, ValueError, KeyError) as exc:
            return None, [Problem(display_name, "", f"cannot be read ({exc})")]


def _drop_ids(step: dict[str, Any]) -> None:
    step.pop("id", None)
    for inner in step.get("steps", []):
        if isinstance(inner, dict):
            inner.pop("id", None)
