"""Load routine files into the immutable model, reporting every problem at once.

Problems are plain sentences tied to the file and a JSON Pointer, e.g.
``warm-up.json: /steps/2/hold_s: must be a number of seconds above 0, got -5``.
Structure is checked with the published JSON Schema (``schema/routine-v1.schema.json``);
what a schema cannot say (illustration files, duplicate step ids, breathing that
does not fit in a hold, a routine that would run for hours) is checked here.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema

from backcoach.core.routine.model import (
    FORMAT_VERSION,
    BreathingStep,
    BreathPattern,
    CircuitStep,
    Difficulty,
    HoldStep,
    RepsStep,
    RestStep,
    Routine,
    RoutineKind,
    Sides,
    Step,
    Tempo,
    TimedStep,
)
from backcoach.core.routine.text import LocalText

MAX_FILE_BYTES = 1_000_000
MAX_ROUTINE_S = 3 * 60 * 60
DEFAULT_PREPARE_S = 5.0
DEFAULT_REST_BETWEEN_SETS_S = 30.0
DEFAULT_SWITCH_S = 5.0
DEFAULT_REST_BETWEEN_ROUNDS_S = 60.0
DEFAULT_SELF_PACED_REP_S = 3.0
DEFAULT_TEMPO = Tempo(up_s=2.0, down_s=2.0)
SCHEMA_RESOURCE = "routine-v1.schema.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file."""

    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        if self.pointer:
            return f"{self.file}: {self.pointer}: {self.message}"
        return f"{self.file}: {self.message}"


class RoutineError(Exception):
    """A routine file could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """Return the routine JSON Schema shipped in the package."""
    text = (
        resources.files("backcoach.core.routine")
        .joinpath("schema", SCHEMA_RESOURCE)
        .read_text("utf-8")
    )
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _compile_fast(part: dict[str, Any]) -> Callable[[Any], Any]:
    draft7 = {"$schema": "http://json-schema.org/draft-07/schema#", "$defs": schema()["$defs"]}
    return fastjsonschema.compile({**draft7, **part})


@lru_cache(maxsize=1)
def _fast_validators() -> tuple[Callable[[Any], Any], dict[str, Callable[[Any], Any]]]:
    """Compile the published schema into fast checks: the top level, and one per step type.

    Steps are dispatched on their ``type`` by hand (``_fast_valid``), which is several
    times faster than letting the compiled schema try every ``if`` branch.
    """
    shallow_steps = {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "object"}}
    top = dict(schema())
    top["properties"] = {**top["properties"], "steps": shallow_steps}
    top.pop("$defs")
    top.pop("$schema")
    per_type: dict[str, Callable[[Any], Any]] = {}
    for branch in schema()["$defs"]["step"]["allOf"]:
        step_type = branch["if"]["properties"]["type"]["const"]
        then = dict(branch["then"])
        if step_type == "circuit":
            then["properties"] = {**then["properties"], "steps": shallow_steps}
        per_type[step_type] = _compile_fast({"type": "object", **then})
    return _compile_fast(top), per_type


def _fast_valid(document: Any) -> bool:
    """Return True when the document is valid; False means: ask jsonschema what is wrong."""
    top, per_type = _fast_validators()
    try:
        top(document)
        pending = list(document["steps"])
        while pending:
            step = pending.pop()
            check = per_type.get(step.get("type"))
            if check is None:
                return False
            check(step)
            if step["type"] == "circuit":
                if any(inner.get("type") == "circuit" for inner in step["steps"]):
                    return False
                pending.extend(step["steps"])
    except (fastjsonschema.JsonSchemaException, RecursionError):
        return False
    return True


def schema_path() -> Path:
    """Return a filesystem path to the schema (for editors and docs)."""
    return Path(str(resources.files("backcoach.core.routine").joinpath("schema", SCHEMA_RESOURCE)))


# --- reading ---------------------------------------------------------------------------------


class _Duplicate(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


class _NonFinite(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFinite(name)


def _line_col(text: str, needle: str) -> str:
    index = text.find(needle)
    if index < 0:
        return ""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f" (line {line}, column {column})"


def parse_routine_bytes(data: bytes, display_name: str) -> Any:
    """Decode and parse a routine file's bytes, raising ``RoutineError`` with a clear message."""

    def fail(message: str, pointer: str = "") -> RoutineError:
        return RoutineError([Problem(display_name, pointer, message)])

    if len(data) > MAX_FILE_BYTES:
        raise fail(f"is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    if data.startswith(b"\xef\xbb\xbf"):
        raise fail("starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("is UTF-16 text; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise fail("is empty; a routine file holds one JSON object")
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except RecursionError:
        raise fail("is nested too deeply to be a routine") from None
    except _Duplicate as exc:
        raise fail(f"the field '{exc}' appears twice in one object; keep one") from None
    except json.JSONDecodeError as exc:
        raise fail(
            f"is not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except _NonFinite as exc:
        raise fail(
            f"{exc} is not a number BackCoach accepts{_line_col(text, str(exc))};"
            " write a plain number of seconds or reps"
        ) from None


# --- structural messages ---------------------------------------------------------------------


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number_word(field: str) -> str:
    if field.endswith("_s"):
        return "a number of seconds"
    if field in {"reps", "sets", "rounds", "cycles", "format"}:
        return "a whole number"
    return "a number"


_TYPE_WORDS = {
    "string": "a text",
    "object": "an object",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _allowed_fields(error: jsonschema.ValidationError) -> set[str]:
    schema_part = error.schema if isinstance(error.schema, dict) else {}
    allowed = set(schema_part.get("properties", {}))
    for sub in schema_part.get("allOf", []):
        allowed |= set(sub.get("then", {}).get("properties", {}))
    return allowed


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """Turn one schema error into (pointer, sentence)."""
    path = list(error.absolute_path)
    pointer = _pointer(path)
    field = str(path[-1]) if path else ""
    value = error.instance
    kind = error.validator
    arg = error.validator_value
    if kind == "required":
        missing = next((name for name in arg if name not in value), arg[0])
        if missing == "en":
            return pointer, "needs an English text ('en'); other languages are optional"
        return pointer, f"is missing the field '{missing}'"
    if kind in {"unevaluatedProperties", "additionalProperties"}:
        allowed = _allowed_fields(error)
        unknown = [key for key in value if key not in allowed]
        if not unknown:
            return pointer, ""  # a side effect of another error in this object
        messages = []
        for key in unknown:
            hint = difflib.get_close_matches(key, sorted(allowed), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            messages.append(f"'{key}'{suggestion}")
        word = "field" if len(messages) == 1 else "fields"
        return pointer, f"unknown {word} {', '.join(messages)}"
    if kind == "exclusiveMinimum":
        return pointer, f"must be {_number_word(field)} above {arg:g}, got {_show(value)}"
    if kind == "minimum":
        return pointer, f"must be {_number_word(field)} of at least {arg:g}, got {_show(value)}"
    if kind == "maximum":
        return pointer, f"is {_show(value)}, more than the limit of {arg:g}; is that a typo?"
    if kind == "type":
        expected = [arg] if isinstance(arg, str) else list(arg)
        if expected == ["string", "object"]:
            return pointer, f"must be a text or a map of language to text, got {_show(value)}"
        if set(expected) & {"number", "integer"}:
            return pointer, f"must be {_number_word(field)}, got {_show(value)}"
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        return pointer, f"must be {words}, got {_show(value)}"
    if kind == "enum":
        if field == "type":
            choices = ", ".join(arg)
            return pointer, f"unknown step type {_show(value)}; the types are {choices}"
        return pointer, f"must be one of {', '.join(map(str, arg))}, got {_show(value)}"
    if kind == "const":
        if field == "format":
            return pointer, (
                f"this BackCoach reads format {FORMAT_VERSION}, the file says {_show(value)}"
            )
        return pointer, f"must be {_show(arg)}, got {_show(value)}"
    if kind == "not" and field == "type":
        return pointer, "a circuit cannot contain another circuit"
    if kind == "pattern":
        if field == "illustration":
            return pointer, "must be a path under assets/, like 'illustrations/bird-dog.svg'"
        if field == "id" or (len(path) >= 2 and path[-1] == "id"):
            return pointer, (
                "must be 2-64 lower-case letters, digits or '-', starting with a letter or digit"
                f", got {_show(value)}"
            )
        if len(path) >= 1 and isinstance(value, dict):
            return pointer, "language tags look like 'en', 'da' or 'zh-TW'"
        return pointer, f"has an unexpected form: {_show(value)}"
    if kind == "minLength":
        return pointer, "must not be empty"
    if kind == "minItems":
        return pointer, f"needs at least {arg} {'step' if field == 'steps' else 'item'}"
    if kind == "maxItems":
        return pointer, f"has {len(value)} items, more than the limit of {arg}"
    if kind == "maxLength":
        return pointer, f"is longer than {arg} characters"
    if kind == "oneOf" and field == "breathing":
        return pointer, (
            'must be a breathing pattern like {"inhale_s": 4, "exhale_s": 6}, or true for'
            " the routine's default pattern"
        )
    return pointer, error.message


def _leaf_errors(
    errors: Iterator[jsonschema.ValidationError],
) -> Iterator[jsonschema.ValidationError]:
    """Yield the most specific errors (descending into combinators where that helps)."""
    for error in errors:
        if error.validator in {"allOf", "if", "then", "$ref"} and error.context:
            yield from _leaf_errors(iter(error.context))
        elif error.validator == "oneOf" and error.context:
            if list(error.absolute_path)[-1:] == ["breathing"]:
                yield error
            else:
                yield from _leaf_errors(iter(error.context))
        else:
            yield error


def structure_problems(document: Any, display_name: str) -> list[Problem]:
    """Check a parsed document against the schema and return plain-sentence problems."""
    if _fast_valid(document):
        return []
    seen: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in _leaf_errors(iter(errors)):
        pointer, message = _describe(error)
        if message and (pointer, message) not in seen:
            seen.add((pointer, message))
            problems.append(Problem(display_name, pointer, message))
    return problems


# --- building the model ----------------------------------------------------------------------


def _text(value: Any) -> LocalText | None:
    return None if value is None else LocalText.from_json(value)


def _breath(value: Mapping[str, Any]) -> BreathPattern:
    return BreathPattern(
        inhale_s=float(value["inhale_s"]),
        exhale_s=float(value["exhale_s"]),
        hold_in_s=float(value.get("hold_in_s", 0)),
        hold_out_s=float(value.get("hold_out_s", 0)),
    )


class _Builder:
    """Turns a schema-valid document into model objects, collecting semantic problems."""

    def __init__(self, document: Mapping[str, Any], display_name: str, base_dirs: list[Path]):
        self.document = document
        self.display_name = display_name
        self.base_dirs = base_dirs
        self.problems: list[Problem] = []
        self.defaults = document.get("defaults", {})
        self.step_ids: dict[str, str] = {}

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(self.display_name, pointer, message))

    def default(self, raw: Mapping[str, Any], key: str, fallback: Any) -> Any:
        return raw.get(key, self.defaults.get(key, fallback))

    def illustration(self, raw: Mapping[str, Any], pointer: str) -> Path | None:
        name = raw.get("illustration")
        if name is None:
            return None
        if ".." in Path(name).parts:
            self.problem(pointer + "/illustration", "must stay inside assets/ (no '..')")
            return None
        for base in self.base_dirs:
            candidate = base / name
            if candidate.is_file():
                return candidate
        self.problem(pointer + "/illustration", f"no such file: {name} (looked in assets/)")
        return None

    def common(self, raw: Mapping[str, Any], pointer: str) -> dict[str, Any]:
        step_id = raw.get("id")
        if step_id is not None:
            if step_id in self.step_ids:
                self.problem(
                    pointer + "/id",
                    f"the step id '{step_id}' is already used at {self.step_ids[step_id]}",
                )
            else:
                self.step_ids[step_id] = pointer
        name = raw.get("name") or ({"en": "Rest"} if raw["type"] == "rest" else None)
        return {
            "pointer": pointer,
            "step_id": step_id,
            "name": LocalText.from_json(name),
            "instruction": _text(raw.get("instruction")),
            "cue": _text(raw.get("cue")),
            "illustration": self.illustration(raw, pointer),
            "prepare_s": float(
                raw.get("prepare_s", 0.0)
                if raw["type"] == "rest"
                else self.default(raw, "prepare_s", DEFAULT_PREPARE_S)
            ),
        }

    def sides(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "sides": Sides(self.default(raw, "sides", Sides.NONE.value)),
            "switch_s": float(self.default(raw, "switch_s", DEFAULT_SWITCH_S)),
        }

    def sets(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "sets": int(raw.get("sets", 1)),
            "rest_between_sets_s": float(
                self.default(raw, "rest_between_sets_s", DEFAULT_REST_BETWEEN_SETS_S)
            ),
        }

    def hold_breathing(self, raw: Mapping[str, Any], pointer: str) -> BreathPattern | None:
        value = raw.get("breathing")
        if value is None:
            return None
        if value is True:
            if "breathing" not in self.defaults:
                self.problem(
                    pointer + "/breathing",
                    "says true, but the routine has no default pattern in /defaults/breathing",
                )
                return None
            pattern = _breath(self.defaults["breathing"])
        else:
            pattern = _breath(value)
        if pattern.cycle_s > float(raw["hold_s"]):
            self.problem(
                pointer + "/breathing",
                f"one breath takes {pattern.cycle_s:g} s, longer than the {raw['hold_s']:g} s hold",
            )
        return pattern

    def step(self, raw: Mapping[str, Any], pointer: str) -> Step:
        kind = raw["type"]
        common = self.common(raw, pointer)
        if kind == "timed":
            return TimedStep(**common, duration_s=float(raw["duration_s"]), **self.sides(raw))
        if kind == "hold":
            return HoldStep(
                **common,
                hold_s=float(raw["hold_s"]),
                **self.sets(raw),
                **self.sides(raw),
                breathing=self.hold_breathing(raw, pointer),
            )
        if kind == "reps":
            self_paced = bool(raw.get("self_paced", False))
            if self_paced and "tempo" in raw:
                self.problem(pointer, "has both a tempo and self_paced; choose one")
            tempo_raw = raw.get("tempo")
            tempo = (
                Tempo(
                    up_s=float(tempo_raw["up_s"]),
                    down_s=float(tempo_raw["down_s"]),
                    hold_s=float(tempo_raw.get("hold_s", 0)),
                )
                if tempo_raw
                else None
            )
            if tempo is None and not self_paced:
                tempo = DEFAULT_TEMPO
            return RepsStep(
                **common,
                reps=int(raw["reps"]),
                **self.sets(raw),
                **self.sides(raw),
                tempo=None if self_paced else tempo,
                self_paced=self_paced,
                estimated_rep_s=float(raw.get("rep_s", DEFAULT_SELF_PACED_REP_S)),
            )
        if kind == "breathing":
            return BreathingStep(
                **common, cycles=int(raw["cycles"]), pattern=_breath(raw["pattern"])
            )
        if kind == "rest":
            return RestStep(**common, duration_s=float(raw["duration_s"]))
        inner = tuple(
            self.step(child, f"{pointer}/steps/{index}") for index, child in enumerate(raw["steps"])
        )
        return CircuitStep(
            **common,
            rounds=int(raw["rounds"]),
            rest_between_rounds_s=float(
                raw.get("rest_between_rounds_s", DEFAULT_REST_BETWEEN_ROUNDS_S)
            ),
            steps=inner,
        )

    def routine(self, path: Path | None, content_hash: str, bundled: bool) -> Routine:
        doc = self.document
        steps = tuple(self.step(raw, f"/steps/{i}") for i, raw in enumerate(doc["steps"]))
        return Routine(
            source_path=path,
            format_version=int(doc["format"]),
            routine_id=doc["id"],
            title=LocalText.from_json(doc["title"]),
            kind=RoutineKind(doc["kind"]),
            description=_text(doc.get("description")),
            difficulty=Difficulty(doc.get("difficulty", Difficulty.BEGINNER.value)),
            equipment=tuple(doc.get("equipment", ())),
            sources=tuple(doc.get("sources", ())),
            safety=tuple(LocalText.from_json(t) for t in doc.get("safety", ())),
            steps=steps,
            bundled=bundled,
            content_hash=content_hash,
        )


def _duration_problems(routine: Routine, display_name: str) -> list[Problem]:
    from backcoach.core.routine.duration import planned_duration_s

    total = planned_duration_s(routine)
    if not math.isfinite(total) or total > MAX_ROUTINE_S:
        hours = total / 3600
        return [
            Problem(
                display_name,
                "",
                f"would run for {hours:.1f} hours; the limit is {MAX_ROUTINE_S // 3600} hours"
                " (check the reps, sets, rounds and seconds)",
            )
        ]
    return []


def routine_from_document(
    document: Any,
    display_name: str,
    *,
    path: Path | None = None,
    content_hash: str = "",
    bundled: bool = False,
    assets_dirs: list[Path] | None = None,
) -> Routine:
    """Validate a parsed document and build the ``Routine``, or raise ``RoutineError``."""
    problems = structure_problems(document, display_name)
    if problems:
        raise RoutineError(problems)
    if assets_dirs is None:
        from backcoach.config.paths import assets_dir

        assets_dirs = [assets_dir()]
    base_dirs = ([path.parent / "assets", path.parent] if path else []) + assets_dirs
    builder = _Builder(document, display_name, base_dirs)
    routine = builder.routine(path, content_hash, bundled)
    problems = builder.problems + _duration_problems(routine, display_name)
    if problems:
        raise RoutineError(problems)
    return routine


def load_routine(path: Path, *, display_name: str | None = None, bundled: bool = False) -> Routine:
    """Load one routine file, or raise ``RoutineError`` listing every problem in it."""
    path = Path(path)
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RoutineError(
                [Problem(name, "", f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")]
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise RoutineError([Problem(name, "", "is a folder, not a routine file")]) from None
    except FileNotFoundError:
        raise RoutineError([Problem(name, "", "no such file")]) from None
    except OSError as exc:
        raise RoutineError([Problem(name, "", f"cannot be read ({exc.strerror})")]) from None
    document = parse_routine_bytes(data, name)
    return routine_from_document(
        document,
        name,
        path=path.resolve(),
        content_hash=hashlib.sha256(data).hexdigest(),
        bundled=bundled,
    )
