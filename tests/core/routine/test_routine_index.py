"""The tray's routine list, read without the loader: the same routines, in the same order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.config import paths
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.index import routine_titles
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize("language", ["en", "da", "zh-TW", "de"])
def test_the_bundled_list_matches_the_catalog(language: str) -> None:
    catalog = load_catalog()
    expected = [(r.routine_id, r.title.get(language)) for r in catalog.routines]
    assert routine_titles(language) == expected


def test_user_routines_follow_and_cannot_take_a_bundled_id(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    bundled = paths.bundled_routines_dir()
    desk = json.loads((bundled / "desk-break.json").read_text(encoding="utf-8"))
    desk["title"] = {"en": "An impostor"}
    (user / "a-copy.json").write_text(json.dumps(desk), encoding="utf-8")
    desk["id"], desk["title"] = "my-evening", {"en": "My evening stretch"}
    (user / "my-evening.json").write_text(json.dumps(desk), encoding="utf-8")
    (user / "broken.json").write_text("{ not json", encoding="utf-8")
    (user / "no-title.json").write_text('{"id": "x"}', encoding="utf-8")

    titles = routine_titles("en", bundled, user)
    assert titles[-1] == ("my-evening", "My evening stretch")
    assert ("desk-break", "Desk break") in titles
    assert all(title != "An impostor" for _, title in titles)
    assert [rid for rid, _ in titles].count("x") == 0


def test_reading_the_list_does_not_load_the_schema_validator() -> None:
    code = (
        "import sys; from backcoach.core.routine.index import routine_titles; "
        "assert routine_titles('en'); "
        "print(sorted(m for m in sys.modules if 'jsonschema' in m or m.endswith('.loader')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_menu_leaves_out_what_the_loader_refuses_and_never_waits(tmp_path: Path) -> None:
    import os

    user = tmp_path / "mine"
    user.mkdir()
    doc = {"format": 1, "kind": "custom", "steps": []}
    (user / "escape.json").write_text(json.dumps({**doc, "id": "esc", "title": "\x1b]0;x\x07"}))
    (user / "surrogate.json").write_text(json.dumps({**doc, "id": "sur", "title": "\ud800"}))
    (user / "bad-id.json").write_text(json.dumps({**doc, "id": "Not An Id", "title": "Ok"}))
    (user / "huge.json").write_text('{"id": "huge", "title": "Ok", "x": ' + "9" * 5000 + "}")
    (user / "plain.json").write_text(json.dumps({**doc, "id": "plain", "title": "Plain title"}))
    os.mkfifo(user / "pipe.json")
    titles = dict(routine_titles("en", tmp_path / "no-bundled", user))
    assert titles == {"plain": "Plain title"}
