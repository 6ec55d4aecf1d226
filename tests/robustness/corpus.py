"""A generated corpus of hostile routine files: every class of bad input the loader refuses.

``hostile_corpus(folder)`` writes one file (or special file) per class and
returns them; every one must be refused. ``mutations(folder, count, seed)``
writes seeded random mutations of the bundled routines; some stay valid, and
those must play. Nothing here depends on the loader: the files are what a
careless editor, a hostile download or a broken disk would give.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT
from tests.routine_files import routine_document

BUNDLED = REPO_ROOT / "routines"


@dataclass(frozen=True)
class Case:
    """One corpus entry: what it tries (``name``), the path to hand to the commands, and
    whether every command must refuse it (a mutation may still be a valid routine)."""

    name: str
    path: Path
    must_fail: bool = True


def base(**overrides: Any) -> dict[str, Any]:
    """Return a small valid routine with ``overrides`` applied."""
    steps = [{"type": "hold", "name": "Plank", "hold_s": 20}, {"type": "rest", "duration_s": 5}]
    return routine_document(**{"id": "hostile", "title": "Hostile", "steps": steps, **overrides})


def _step(**fields: Any) -> dict[str, Any]:
    return {"type": "hold", "name": "Plank", "hold_s": 20, **fields}


FAKE_SAVED = "Well done\nSaved to your log."
"""A text whose line break would fake the app's own "saved" line."""

_TEXT_ATTACKS: dict[str, Callable[[], dict[str, Any]]] = {
    "title-sets-window-title": lambda: base(title="\x1b]0;pwned\x07Morning"),
    "title-clears-screen": lambda: base(title="\x1b[2J\x1b[HMorning"),
    "name-writes-clipboard-osc52": lambda: base(steps=[_step(name="\x1b]52;c;cm0gLXJmIH4K\x07")]),
    "title-fakes-saved-line": lambda: base(title=FAKE_SAVED),
    "name-fakes-saved-line": lambda: base(steps=[_step(name=FAKE_SAVED)]),
    "cue-fakes-saved-line": lambda: base(steps=[_step(cue=FAKE_SAVED)]),
    "name-with-nul": lambda: base(steps=[_step(name="Pl\x00ank")]),
    "title-right-to-left-override": lambda: base(title="Stretch \u202egnp.exe"),
    "title-c1-csi": lambda: base(title="Stretch \x9b2J"),
    "translation-with-escape": lambda: base(title={"en": "Ok", "da": "\x1b[31mRød"}),
    "safety-with-bell": lambda: base(safety=["Stop\x07 at pain"]),
    "equipment-with-escape": lambda: base(equipment=["mat\x1b[8m"]),
    "field-name-with-escape": lambda: base(**{"\x1b[31mred": 1}),
    "title-lone-surrogate": lambda: base(title="\ud800"),
    "description-lone-surrogate": lambda: base(description="Morning \udfff"),
    "field-name-lone-surrogate": lambda: base(steps=[_step(**{"\ud83d": 1})]),
    "tiny-durations": lambda: base(steps=[{"type": "rest", "duration_s": 1e-300}] * 1000),
    "tiny-tempo": lambda: base(
        steps=[{"type": "reps", "name": "B", "reps": 5, "tempo": {"up_s": 1e-9, "down_s": 1e-9}}]
    ),
    "runs-for-hours": lambda: base(
        steps=[
            {
                "type": "circuit",
                "name": "C",
                "rounds": 20,
                "steps": [_step(hold_s=600, sets=20)],
            }
        ]
    ),
    "unknown-language-beside-en": lambda: base(title={"en": "Ok", "english": "Ok"}),
    "top-level-list": lambda: [base()],
    "top-level-null": lambda: None,
}

_RAW_ATTACKS: dict[str, bytes] = {
    "integer-of-5000-digits": b'{"format": 1, "id": "x", "reps": ' + b"9" * 5000 + b"}",
    "float-of-5000-digits": b'{"format": 1, "hold_s": 1.' + b"1" * 5000 + b"}",
    "nan": b'{"format": 1, "id": "nan-x", "x": NaN}',
    "infinity-exponent": json.dumps(base(steps=[_step(hold_s=1)]))
    .replace('"hold_s": 1', '"hold_s": 1e999')
    .encode(),
    "escaped-surrogate-in-raw-json": b'{"format": 1, "id": "sur", "title": "\\ud800"}',
    "raw-escape-in-string": b'{"format": 1, "title": "\x1b]0;x\x07"}',
    "utf-8-bom": b'\xef\xbb\xbf{"format": 1}',
    "utf-16": json.dumps(base()).encode("utf-16"),
    "utf-32": json.dumps(base()).encode("utf-32"),
    "latin-1": b'{"format": 1, "title": "caf\xe9"}',
    "binary-garbage": bytes(range(256)) * 4,
    "empty": b"",
    "only-whitespace": b" \n\t ",
    "not-json": b'{"format": 1,',
    "duplicate-key": b'{"id": "a", "id": "b"}',
    "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
    "100000-invalid-steps": json.dumps(base(steps=[{}] * 100_000), separators=(",", ":")).encode(),
    "100000-invalid-safety-notes": json.dumps(base(safety=[1] * 100_000)).encode(),
    "over-a-megabyte": b'{"format": 1, "title": "' + b"x" * 1_100_000 + b'"}',
}


def _write(path: Path, content: Any) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content, ensure_ascii=True), encoding="utf-8")
    return path


def _illustration_cases(folder: Path) -> list[Case]:
    """Illustrations that lead outside assets/, are not regular files, or are not images."""
    cases = []
    assets = folder / "assets"
    assets.mkdir()
    (assets / "passwd.svg").symlink_to("/etc/passwd")
    (assets / "itself.svg").symlink_to(folder / "illustration-is-the-routine.json")
    os.mkfifo(assets / "pipe.svg")
    (assets / "not-an-image.png").write_text("just text")
    (assets / "huge.svg").write_bytes(b"<svg>" + b" " * 6_000_000)
    for name, picture in [
        ("illustration-links-to-etc-passwd", "passwd.svg"),
        ("illustration-is-the-routine", "itself.svg"),
        ("illustration-is-a-fifo", "pipe.svg"),
        ("illustration-is-not-an-image", "not-an-image.png"),
        ("illustration-is-huge", "huge.svg"),
        ("illustration-is-a-text-file", "../illustration-is-a-text-file.json"),
        ("illustration-names-the-routine-beside-it", "illustration-is-the-routine.json"),
    ]:
        path = folder / f"{name}.json"
        _write(path, base(steps=[_step(illustration=picture)]))
        cases.append(Case(name, path))
    return cases


def hostile_corpus(folder: Path) -> list[Case]:
    """Write every class of hostile routine file into ``folder`` and return them."""
    cases = [Case(n, _write(folder / f"{n}.json", make())) for n, make in _TEXT_ATTACKS.items()]
    cases += [Case(n, _write(folder / f"{n}.json", data)) for n, data in _RAW_ATTACKS.items()]
    cases += _illustration_cases(folder)
    prose = base(
        steps=[_step(instruction=FAKE_SAVED, hold_s=2, prepare_s=0)], description=FAKE_SAVED
    )
    cases.append(Case("instruction-with-line-break", _write(folder / "prose.json", prose), False))
    fifo = folder / "a-fifo.json"
    os.mkfifo(fifo)
    folder_named_json = folder / "a-folder.json"
    folder_named_json.mkdir()
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")
    (folder / "dangling.json").symlink_to(folder / "nowhere.json")
    cases += [
        Case("fifo", fifo),
        Case("folder-named-json", folder_named_json),
        Case("symlink-loop", folder / "loop-a.json"),
        Case("dangling-symlink", folder / "dangling.json"),
        Case("dev-zero", Path("/dev/zero")),
        Case("dev-urandom", Path("/dev/urandom")),
    ]
    return cases


SPECIAL = ("fifo", "dev-zero", "dev-urandom", "illustration-is-a-fifo")
"""The cases that hung or read without end before: run as real processes with a timeout."""


# --- mutations of the bundled routines -----------------------------------------------------

_NASTY_VALUES: list[Any] = [
    None,
    True,
    -1,
    0,
    1e-300,
    1e308,
    10**40,
    "",
    "30",
    "\x1b[2J",
    "\ud800",
    "a\nb",
    [],
    {},
    [1, 2],
    {"en": None},
]


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value in ``node`` (not the root)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            found.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*path, index))
            found.extend(_places(value, (*path, index)))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def mutate(document: Any, rng: random.Random) -> Any:
    """Return a copy of ``document`` with one to three random changes."""
    doc = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        places = _places(doc)
        if not places:
            break
        path = rng.choice(places)
        parent, last = _parent(doc, path), path[-1]
        action = rng.randrange(6)
        if action == 0:  # drop it
            del parent[last]
        elif action == 1:  # replace it with something nasty
            parent[last] = copy.deepcopy(rng.choice(_NASTY_VALUES))
        elif action == 2 and type(parent[last]) in (int, float):
            parent[last] = parent[last] * rng.choice([-1, 0, 0.5, 1000, 1e-9])
        elif action == 3 and isinstance(parent[last], str):
            text = parent[last]
            cut = rng.randrange(len(text) + 1)
            parent[last] = (
                text[:cut] + rng.choice(["\x1b]0;x\x07", "\n", "\u202e", "\x00"]) + text[cut:]
            )
        elif action == 4 and isinstance(parent, dict):
            parent[str(last) + rng.choice(["_", "x", "\x1b"])] = parent.pop(last)
        elif isinstance(parent, list):  # repeat it many times
            parent.extend([copy.deepcopy(parent[last])] * rng.choice([2, 50, 1500]))
    return doc


def mutations(folder: Path, count: int, seed: int = 11) -> list[Case]:
    """Write ``count`` seeded mutations of the bundled routines into ``folder``."""
    rng = random.Random(seed)
    sources = sorted(BUNDLED.glob("*.json"))
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in sources]
    cases = []
    for number in range(count):
        index = number % len(sources)
        name = f"mutation-{number:03d}-{sources[index].stem}"
        path = _write(folder / f"{name}.json", mutate(documents[index], rng))
        cases.append(Case(name, path, must_fail=False))
    return cases
