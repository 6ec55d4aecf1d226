"""Load routine files into the immutable model, reporting every problem at once.

Problems are plain sentences tied to the file and a JSON Pointer, e.g.
``warm-up.json: /steps/2/hold_s: must be a number of seconds above 0, got -5``.
Structure is checked with the published JSON Schema (``schema/routine-v1.schema.json``);
what a schema cannot say (control characters in texts, illustration files,
duplicate step ids, breathing that does not fit in a hold, a routine that would
run for hours) is checked here. Hostile files cost little: reading never waits
on a pipe or device (``reading``), numbers are refused before conversion when
too long, and at most ``MAX_PROBLEMS`` problems are described per file.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema

from backcoach.core.control_chars import (
    describe_char,
    escape_controls,
    find_control,
    json_may_hold_control,
)
from backcoach.core.routine.model import (
    DEFAULT_TEMPO,
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
from backcoach.core.routine.reading import (
    MAX_FILE_BYTES,
    NotRegularFile,
    TooLarge,
    read_regular_file,
)
from backcoach.core.routine.text import LocalText
from backcoach.i18n import N_, _, join_list, ngettext, pgettext

MAX_PROBLEMS = 50
"""A file's problems are listed up to this many; the rest are counted, not described."""
MAX_NUMBER_DIGITS = 30
"""No number in a routine needs more digits; longer ones are refused before conversion."""
MAX_ILLUSTRATION_BYTES = 5_000_000
ILLUSTRATION_TYPES = {
    ".svg": b"<",  # after any white space: <?xml, <svg or <!-- ...
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".webp": b"RIFF",
}
"""The image files an illustration may be, by ending, with the bytes they start with."""
PROSE_FIELDS = frozenset({"description", "instruction", "safety"})
"""Texts that may hold line breaks (paragraphs); every other text is one line."""
MAX_ROUTINE_S = 3 * 60 * 60
DEFAULT_PREPARE_S = 5.0
DEFAULT_REST_BETWEEN_SETS_S = 30.0
DEFAULT_SWITCH_S = 5.0
DEFAULT_REST_BETWEEN_ROUNDS_S = 60.0
DEFAULT_SELF_PACED_REP_S = 3.0
SCHEMA_RESOURCE = "routine-v1.schema.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file."""

    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        """Return ``file: /pointer: sentence``, control characters escaped (safe to print)."""
        parts = (
            [self.file, self.pointer, self.message] if self.pointer else [self.file, self.message]
        )
        return escape_controls(": ".join(parts))


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
        .joinpath("schema")
        .joinpath(SCHEMA_RESOURCE)
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


def _fast_step_valid(step: Any) -> bool:
    """Return True when one step (with a circuit's inner steps) is valid."""
    _, per_type = _fast_validators()
    pending = [step]
    try:
        while pending:
            step = pending.pop()
            kind = step.get("type") if isinstance(step, dict) else None
            check = per_type.get(kind) if isinstance(kind, str) else None
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


def _fast_valid(document: Any) -> bool:
    """Return True when the document is valid; False means: ask jsonschema what is wrong."""
    top, _ = _fast_validators()
    try:
        top(document)
    except (fastjsonschema.JsonSchemaException, RecursionError):
        return False
    return all(_fast_step_valid(step) for step in document["steps"])


def schema_path() -> Path:
    """Return a filesystem path to the schema (for editors and docs)."""
    return Path(
        str(resources.files("backcoach.core.routine").joinpath("schema").joinpath(SCHEMA_RESOURCE))
    )


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


class _LongNumber(ValueError):
    pass


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


def _float(digits: str) -> float:
    if len(digits) > 4 * MAX_NUMBER_DIGITS:
        raise _LongNumber(digits)
    return float(digits)


def _line_col(text: str, needle: str) -> tuple[int, int] | None:
    index = text.find(needle)
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def parse_routine_bytes(data: bytes, display_name: str) -> Any:
    """Decode and parse a routine file's bytes, raising ``RoutineError`` with a clear message."""

    def fail(message: str, pointer: str = "") -> RoutineError:
        return RoutineError([Problem(display_name, pointer, message)])

    if len(data) > MAX_FILE_BYTES:
        raise fail(_too_big(len(data)))
    if data.startswith(b"\xef\xbb\xbf"):
        raise fail(_("starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise fail(_("is UTF-32 text; save it as UTF-8"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(_("is UTF-16 text; save it as UTF-8"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            _("is not UTF-8 text (byte {byte} on line {line}); save it as UTF-8").format(
                byte=f"0x{data[exc.start]:02x}", line=line
            )
        ) from None
    if not text.strip():
        raise fail(_("is empty; a routine file holds one JSON object"))
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_reject_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except RecursionError:
        raise fail(_("is nested too deeply to be a routine")) from None
    except _Duplicate as exc:
        raise fail(
            _("the field '{field}' appears twice in one object; keep one").format(field=exc)
        ) from None
    except json.JSONDecodeError as exc:
        reason = exc.msg.lower().removesuffix(" at")  # "invalid control character at"
        # Translators: {reason} is Python's own English description of the JSON mistake.
        raise fail(
            _("is not valid JSON: {reason} at line {line}, column {column}").format(
                reason=reason, line=exc.lineno, column=exc.colno
            )
        ) from None
    except _LongNumber as exc:
        where = _line_col(text, str(exc))
        if where is None:
            message = _(
                "the number {number} has {digits} digits; write a plain number of seconds or reps"
            )
        else:
            message = _(
                "the number {number} (line {line}, column {column}) has {digits} digits;"
                " write a plain number of seconds or reps"
            )
        line, column = where or (0, 0)
        raise fail(
            message.format(
                number=str(exc)[:12] + "...",
                line=line,
                column=column,
                digits=f"{len(str(exc)):,}",
            )
        ) from None
    except _NonFinite as exc:
        where = _line_col(text, str(exc))
        if where is None:
            message = _(
                "{number} is not a number BackCoach accepts;"
                " write a plain number of seconds or reps"
            )
        else:
            message = _(
                "{number} is not a number BackCoach accepts (line {line}, column {column});"
                " write a plain number of seconds or reps"
            )
        line, column = where or (0, 0)
        raise fail(message.format(number=exc, line=line, column=column)) from None


def _too_big(size: int) -> str:
    return _("is {size} bytes; the limit is {limit} bytes").format(
        size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"
    )


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
        # Translators: what a routine file gave where something else was expected.
        if isinstance(value, dict):
            return pgettext("JSON value", "an object")
        return pgettext("JSON value", "a list")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number_kind(field: str) -> str:
    if field.endswith("_s"):
        return "seconds"
    if field in {"reps", "sets", "rounds", "cycles", "format"}:
        return "whole"
    return "number"


_ABOVE = {
    "seconds": N_("must be a number of seconds above {limit}, got {value}"),
    "whole": N_("must be a whole number above {limit}, got {value}"),
    "number": N_("must be a number above {limit}, got {value}"),
}
_AT_LEAST = {
    "seconds": N_("must be a number of seconds of at least {limit}, got {value}"),
    "whole": N_("must be a whole number of at least {limit}, got {value}"),
    "number": N_("must be a number of at least {limit}, got {value}"),
}
_NUMBER = {
    "seconds": N_("must be a number of seconds, got {value}"),
    "whole": N_("must be a whole number, got {value}"),
    "number": N_("must be a number, got {value}"),
}
_TYPE_WORDS = {
    "string": N_("must be a text, got {value}"),
    "object": N_("must be an object, got {value}"),
    "array": N_("must be a list, got {value}"),
    "boolean": N_("must be true or false, got {value}"),
}


def _allowed_fields(error: jsonschema.ValidationError) -> tuple[set[str], list[str]]:
    """Return the field names the failing object may have, and its name patterns."""
    schema_part = error.schema if isinstance(error.schema, dict) else {}
    allowed = set(schema_part.get("properties", {}))
    for sub in schema_part.get("allOf", []):
        allowed |= set(sub.get("then", {}).get("properties", {}))
    return allowed, list(schema_part.get("patternProperties", {}))


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """Turn one schema error into (pointer, sentence)."""
    path = list(error.absolute_path)
    pointer = _pointer(path)
    field = str(path[-1]) if path else ""
    value: Any = error.instance  # any JSON value
    kind = error.validator
    arg: Any = error.validator_value  # what the schema asks for, a JSON value
    if kind == "required":
        missing = next((name for name in arg if name not in value), arg[0])
        if missing == "en":
            return pointer, _("needs an English text ('en'); other languages are optional")
        return pointer, _("is missing the field '{field}'").format(field=missing)
    if kind in {"unevaluatedProperties", "additionalProperties"}:
        allowed, patterns = _allowed_fields(error)
        unknown = [
            key
            for key in value
            if key not in allowed and not any(re.search(p, key) for p in patterns)
        ]
        if not unknown:
            return pointer, ""  # a side effect of another error in this object
        if patterns and not allowed:  # a map of language to text
            tags = join_list(_show(key) for key in unknown)
            return pointer, ngettext(
                "{tags} is not a language tag; tags look like 'en', 'da' or 'zh-TW'",
                "{tags} are not language tags; tags look like 'en', 'da' or 'zh-TW'",
                len(unknown),
            ).format(tags=tags)
        messages = []
        for key in unknown:
            hint = difflib.get_close_matches(key, sorted(allowed), n=1)
            if hint:
                messages.append(
                    _("'{field}' (did you mean '{hint}'?)").format(field=key, hint=hint[0])
                )
            else:
                messages.append(f"'{key}'")
        return pointer, ngettext(
            "unknown field {fields}", "unknown fields {fields}", len(messages)
        ).format(fields=join_list(messages))
    if kind == "exclusiveMinimum":
        template = _ABOVE[_number_kind(field)]
        return pointer, _(template).format(limit=f"{arg:g}", value=_show(value))
    if kind == "minimum":
        template = _AT_LEAST[_number_kind(field)]
        return pointer, _(template).format(limit=f"{arg:g}", value=_show(value))
    if kind == "maximum":
        return pointer, _("is {value}, more than the limit of {limit}; is that a typo?").format(
            value=_show(value), limit=f"{arg:g}"
        )
    if kind == "type":
        expected = [arg] if isinstance(arg, str) else list(arg)
        if expected == ["string", "object"]:
            return pointer, _("must be a text or a map of language to text, got {value}").format(
                value=_show(value)
            )
        if set(expected) & {"number", "integer"}:
            return pointer, _(_NUMBER[_number_kind(field)]).format(value=_show(value))
        if len(expected) == 1 and expected[0] in _TYPE_WORDS:
            return pointer, _(_TYPE_WORDS[expected[0]]).format(value=_show(value))
        return pointer, _("must be of type {types}, got {value}").format(
            types=join_list(expected), value=_show(value)
        )
    if kind == "enum":
        if field == "type":
            return pointer, _("unknown step type {value}; the types are {choices}").format(
                value=_show(value), choices=join_list(arg)
            )
        return pointer, _("must be one of {choices}, got {value}").format(
            choices=join_list(map(str, arg)), value=_show(value)
        )
    if kind == "const":
        if field == "format":
            return pointer, _(
                "this BackCoach reads format {version}, the file says {value}"
            ).format(version=FORMAT_VERSION, value=_show(value))
        return pointer, _("must be {expected}, got {value}").format(
            expected=_show(arg), value=_show(value)
        )
    if kind == "not" and field == "type":
        return pointer, _("a circuit cannot contain another circuit")
    if kind == "pattern":
        if field == "illustration":
            return pointer, _("must be a path under assets/, like 'illustrations/bird-dog.svg'")
        if field == "id" or (len(path) >= 2 and path[-1] == "id"):
            return pointer, _(
                "must be 2-64 lower-case letters, digits or '-', starting with a letter or digit"
                ", got {value}"
            ).format(value=_show(value))
        if len(path) >= 1 and isinstance(value, dict):
            return pointer, _("language tags look like 'en', 'da' or 'zh-TW'")
        return pointer, _("has an unexpected form: {value}").format(value=_show(value))
    if kind == "minLength":
        return pointer, _("must not be empty")
    if kind == "minItems":
        if field == "steps":
            return pointer, ngettext(
                "needs at least {n} step", "needs at least {n} steps", arg
            ).format(n=arg)
        return pointer, ngettext("needs at least {n} item", "needs at least {n} items", arg).format(
            n=arg
        )
    if kind == "maxItems":
        return pointer, _("has {count} items, more than the limit of {limit}").format(
            count=len(value), limit=arg
        )
    if kind == "maxLength":
        return pointer, _("is longer than {limit} characters").format(limit=arg)
    if kind == "oneOf" and field == "breathing":
        return pointer, _(
            "must be a breathing pattern like {example}, or true for the routine's default pattern"
        ).format(example='{"inhale_s": 4, "exhale_s": 6}')
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


def structure_problems(
    document: Any, display_name: str, limit: int = MAX_PROBLEMS
) -> list[Problem]:
    """Check a parsed document against the schema and return plain-sentence problems.

    At most ``limit`` are described (in the schema's order: the top level's
    fields, then each step); the errors are produced lazily, so a file with
    100,000 bad steps costs no more than one with ``limit`` of them.
    """
    if _fast_valid(document):
        return []
    seen: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    for error in _leaf_errors(_validator().iter_errors(document)):
        pointer, message = _describe(error)
        if message and (pointer, message) not in seen:
            if len(problems) == limit:
                problems.append(Problem(display_name, "", _more_structure(document)))
                break
            seen.add((pointer, message))
            problems.append(Problem(display_name, pointer, message))
    return problems


def _more_structure(document: Any) -> str:
    steps = document.get("steps") if isinstance(document, dict) else None
    if isinstance(steps, list):
        bad = sum(1 for step in steps if not _fast_step_valid(step))
        return ngettext(
            "… and more problems; the list stops at {limit} ({bad} of the {count} step"
            " has problems)",
            "… and more problems; the list stops at {limit} ({bad} of the {count} steps"
            " have problems)",
            len(steps),
        ).format(limit=MAX_PROBLEMS, bad=f"{bad:,}", count=f"{len(steps):,}")
    return _("… and more problems; the list stops at {limit}").format(limit=MAX_PROBLEMS)


def _capped(problems: list[Problem], display_name: str, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Return at most ``limit`` problems, then one line counting the rest."""
    if len(problems) <= limit + 1:
        return problems
    more = len(problems) - limit
    return [
        *problems[:limit],
        Problem(
            display_name,
            "",
            ngettext("… and {n} more problem", "… and {n} more problems", more).format(
                n=f"{more:,}"
            ),
        ),
    ]


def _allows_line_breaks(path: list[str | int]) -> bool:
    return any(part in PROSE_FIELDS for part in path if isinstance(part, str))


def text_problems(document: Any, display_name: str, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Return a problem for each text (value or field name) holding a control character.

    Escape sequences, NUL, right-to-left overrides and unpaired surrogates are
    never allowed; line breaks only in descriptions, instructions and safety
    notes (``PROSE_FIELDS``). See ``backcoach.core.control_chars``.
    """
    try:
        if not json_may_hold_control(json.dumps(document, ensure_ascii=False)):
            return []
    except (TypeError, ValueError, RecursionError):
        pass  # not plain JSON data: look at every string
    problems: list[Problem] = []
    pending: list[tuple[list[str | int], Any]] = [([], document)]
    while pending and len(problems) <= limit:
        path, value = pending.pop()
        if isinstance(value, str):
            char = find_control(value, line_breaks=_allows_line_breaks(path))
            if char is not None:
                if char == "\n":
                    message = _(
                        "contains {character}; only descriptions, instructions and safety notes"
                        " may have line breaks"
                    )
                else:
                    message = _("contains {character}")
                problems.append(
                    Problem(
                        display_name,
                        _pointer(path),
                        message.format(character=describe_char(char)),
                    )
                )
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                char = find_control(key)
                if char is not None:
                    problems.append(
                        Problem(
                            display_name,
                            _pointer(path),
                            _("a field name contains {character}").format(
                                character=describe_char(char)
                            ),
                        )
                    )
                pending.append(([*path, key], item))
        elif isinstance(value, list):
            pending.extend(
                ([*path, index], item) for index, item in reversed(list(enumerate(value)))
            )
    if len(problems) > limit:
        problems[limit:] = [
            Problem(
                display_name,
                "",
                _("… and more texts with control characters; the list stops at {limit}").format(
                    limit=limit
                ),
            )
        ]
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


def _find_illustration(name: str, base_dirs: list[Path]) -> Path | str:
    """Return the real path of illustration ``name``, or a sentence saying why it cannot be used.

    The real path (links resolved) must lie inside one of ``base_dirs`` (real paths) and be a
    regular image file of at most ``MAX_ILLUSTRATION_BYTES``: an illustration
    cannot reach ``/etc/passwd`` through a link, nor be the routine file itself.
    """
    if ".." in Path(name).parts:
        return _("must stay inside assets/ (no '..')")
    suffix = Path(name).suffix.lower()
    if suffix not in ILLUSTRATION_TYPES:
        kinds = join_list(sorted(ILLUSTRATION_TYPES))
        return _("must be an image file ({kinds}), got {value}").format(
            kinds=kinds, value=_show(name)
        )
    for base in base_dirs:
        try:
            real = (base / name).resolve(strict=True)
            inside = real.is_relative_to(base)
        except (OSError, RuntimeError, ValueError):
            continue
        if not inside:
            return _(
                "leads outside assets/ (to {path}); illustrations must be files under assets/"
            ).format(path=real)
        try:
            head = read_regular_file(real, MAX_ILLUSTRATION_BYTES, head=16)
        except IsADirectoryError:
            return _("is a folder, not an image: {name}").format(name=name)
        except NotRegularFile:
            return _("is not a regular file: {name}").format(name=name)
        except TooLarge as exc:
            return _("is {size} bytes; an illustration may have {limit}").format(
                size=f"{exc.size:,}", limit=f"{MAX_ILLUSTRATION_BYTES:,}"
            )
        except OSError as exc:
            return _("cannot be read ({reason}): {name}").format(reason=exc.strerror, name=name)
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(ILLUSTRATION_TYPES[suffix]):
            return _("is not a {kind} image: {name}").format(kind=suffix[1:].upper(), name=name)
        return real
    return _("no such file: {name} (looked in assets/)").format(name=name)


class _Builder:
    """Turns a schema-valid document into model objects, collecting semantic problems."""

    def __init__(self, document: Mapping[str, Any], display_name: str, base_dirs: list[Path]):
        self.document = document
        self.display_name = display_name
        self.base_dirs = base_dirs
        self.problems: list[Problem] = []
        self.defaults = document.get("defaults", {})
        self.step_ids: dict[str, str] = {}
        self.illustrations: dict[str, Path | str] = {}

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(self.display_name, pointer, message))

    def default(self, raw: Mapping[str, Any], key: str, fallback: Any) -> Any:
        return raw.get(key, self.defaults.get(key, fallback))

    def illustration(self, raw: Mapping[str, Any], pointer: str) -> Path | None:
        name = raw.get("illustration")
        if name is None:
            return None
        if name not in self.illustrations:
            self.illustrations[name] = _find_illustration(name, self.base_dirs)
        found = self.illustrations[name]
        if isinstance(found, str):
            self.problem(pointer + "/illustration", found)
            return None
        return found

    def common(self, raw: Mapping[str, Any], pointer: str) -> dict[str, Any]:
        step_id = raw.get("id")
        if step_id is not None:
            if step_id in self.step_ids:
                self.problem(
                    pointer + "/id",
                    _("the step id '{id}' is already used at {pointer}").format(
                        id=step_id, pointer=self.step_ids[step_id]
                    ),
                )
            else:
                self.step_ids[step_id] = pointer
        # The schema asks every step but a rest for a (non-empty) name.
        name = raw.get("name") or {"en": "Rest"}
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
                    _("says true, but the routine has no default pattern in /defaults/breathing"),
                )
                return None
            pattern = _breath(self.defaults["breathing"])
        else:
            pattern = _breath(value)
        if pattern.cycle_s > float(raw["hold_s"]):
            self.problem(
                pointer + "/breathing",
                _("one breath takes {breath} s, longer than the {hold} s hold").format(
                    breath=f"{pattern.cycle_s:g}", hold=f"{raw['hold_s']:g}"
                ),
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
                self.problem(pointer, _("has both a tempo and self_paced; choose one"))
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
    from backcoach.core.routine.describe import format_duration
    from backcoach.core.routine.duration import planned_duration_s

    total = planned_duration_s(routine)
    if not math.isfinite(total) or total > MAX_ROUTINE_S:
        if math.isfinite(total):
            message = _(
                "would run for {length} (h:mm:ss), more than the limit of {hours} hours"
                " (check the reps, sets, rounds and seconds)"
            )
        else:
            message = _(
                "would run for ever, more than the limit of {hours} hours"
                " (check the reps, sets, rounds and seconds)"
            )
        length = format_duration(total) if math.isfinite(total) else ""
        return [
            Problem(display_name, "", message.format(length=length, hours=MAX_ROUTINE_S // 3600))
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
    problems = text_problems(document, display_name)
    if len(problems) <= MAX_PROBLEMS:  # room left in the list
        problems += structure_problems(document, display_name, MAX_PROBLEMS - len(problems))
    if problems:
        raise RoutineError(problems)
    if assets_dirs is None:
        from backcoach.config.paths import assets_dir

        assets_dirs = [assets_dir()]
    base_dirs = [
        folder.resolve()  # once: an illustration's real path must lie inside the real folder
        for folder in ([path.parent / "assets"] if path else []) + assets_dirs
        if folder.is_dir()
    ]
    builder = _Builder(document, display_name, base_dirs)
    routine = builder.routine(path, content_hash, bundled)
    problems = builder.problems + _duration_problems(routine, display_name)
    if problems:
        raise RoutineError(_capped(problems, display_name))
    return routine


def read_routine_bytes(path: Path, display_name: str | None = None) -> bytes:
    """Return a routine file's bytes, or raise ``RoutineError`` saying why it cannot be read.

    Never waits on a FIFO nor reads a device without end (see ``reading``).
    """
    name = display_name or str(path)

    def fail(message: str) -> RoutineError:
        return RoutineError([Problem(name, "", message)])

    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        raise fail(_too_big(exc.size)) from None
    except IsADirectoryError:
        raise fail(_("is a folder, not a routine file")) from None
    except NotRegularFile:
        raise fail(_(_file_kind(path))) from None
    except FileNotFoundError:
        raise fail(_("no such file")) from None
    except OSError as exc:
        raise fail(_("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    except ValueError:  # a NUL in the name
        raise fail(_("is not a possible file name")) from None


def _file_kind(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return N_("is not a regular file, not a routine file")
    if stat.S_ISFIFO(mode):
        return N_("is a pipe (FIFO), not a routine file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("is a device, not a routine file")
    if stat.S_ISSOCK(mode):
        return N_("is a socket, not a routine file")
    return N_("is not a regular file, not a routine file")


def load_routine(path: Path, *, display_name: str | None = None, bundled: bool = False) -> Routine:
    """Load one routine file, or raise ``RoutineError`` listing every problem in it."""
    path = Path(path)
    name = display_name or str(path)
    data = read_routine_bytes(path, name)
    document = parse_routine_bytes(data, name)
    return routine_from_document(
        document,
        name,
        path=path.resolve(),
        content_hash=hashlib.sha256(data).hexdigest(),
        bundled=bundled,
    )
