"""Routine files for loader and command-line tests: a small valid document, written to disk,
and a time limit that fails a test instead of hanging it."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcoach.core.routine.loader import RoutineError, load_routine


def routine_document(**overrides: Any) -> dict[str, Any]:
    """Return a small valid routine document (one 20 s plank) with ``overrides`` applied."""
    doc: dict[str, Any] = {
        "format": 1,
        "id": "test-routine",
        "title": "Test",
        "kind": "custom",
        "steps": [{"type": "hold", "name": "Plank", "hold_s": 20}],
    }
    doc.update(overrides)
    return doc


def tiny_routine_file(folder: Path) -> Path:
    """Write a 14 s routine (a 4 s plank, two self-paced supermen) to ``folder/tiny.json``."""
    return write_routine(
        folder,
        {
            "format": 1,
            "id": "tiny",
            "title": "Tiny",
            "kind": "custom",
            "steps": [
                {"type": "hold", "name": "Plank", "hold_s": 4, "prepare_s": 1},
                {"type": "reps", "name": "Superman", "reps": 2, "self_paced": True, "prepare_s": 0},
            ],
        },
        "tiny.json",
    )


def write_routine(folder: Path, content: Any, name: str = "bad.json") -> Path:
    """Write ``content`` (bytes, text, or a document as JSON) to ``folder/name``."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    """Return the problem lines the loader gives for ``path`` (failing if it loads)."""
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    return [str(problem) for problem in caught.value.problems]


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """Return ``call()``, failing the test (not hanging it) if it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if "error" in box:
        raise box["error"]
    return box["value"]
