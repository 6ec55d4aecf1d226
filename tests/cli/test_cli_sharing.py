"""``backcoach import``, ``export``, ``edit`` (its argument handling) and ``validate`` warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.config import paths
from backcoach.core.routine.document import template
from backcoach.core.routine.sharing import open_for_editing


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_then_refuse_then_replace(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "s.json", template("stretch"))
    assert main(["import", str(source)]) == 0
    assert "imported as 'my-stretch'" in capsys.readouterr().out
    assert main(["import", str(source)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["import", "--replace", str(source)]) == 0
    assert "kept as" in capsys.readouterr().out
    assert len(list((paths.data_dir() / "backups").glob("*.json"))) == 1


def test_export_and_import_where_nothing_can_be_written_say_so(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert main(["export", "warm-up", "--out", str(blocker / "w.json")]) == 1
    assert capsys.readouterr().err.startswith(f"{blocker}/w.json: cannot be written (")
    routines = paths.user_routines_dir()
    routines.parent.mkdir(parents=True, exist_ok=True)
    routines.write_text("", encoding="utf-8")
    assert main(["import", str(write(tmp_path / "s.json", template("stretch")))]) == 1
    assert capsys.readouterr().err.startswith(f"{routines}/my-stretch.json: cannot be written (")


def test_import_invalid_copies_nothing(tmp_path: Path, capsys) -> None:
    document = template("blank")
    document["steps"][0]["duration_s"] = -4
    assert main(["import", str(write(tmp_path / "bad.json", document))]) == 1
    assert "bad.json: /steps/0/duration_s: must be" in capsys.readouterr().err
    assert not paths.user_routines_dir().exists() or not list(
        paths.user_routines_dir().glob("*.json")
    )


def test_export_bundled_and_unknown(tmp_path: Path, capsys) -> None:
    out = tmp_path / "warm.json"
    assert main(["export", "warm-up", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["id"] == "warm-up"
    assert main(["export", "nope", "--out", str(out)]) == 1
    assert "no routine has this id" in capsys.readouterr().err


def test_validate_prints_warnings_and_strict_fails(tmp_path: Path, capsys) -> None:
    document = template("blank")
    document["steps"][0]["name"] = "Bicycle crunches"
    path = write(tmp_path / "w.json", document)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: /steps/0: warning: bicycle crunches" in out
    assert "(article 002)" in out
    assert main(["validate", "--strict", str(path)]) == 1


def test_edit_with_an_unknown_id_says_so(capsys) -> None:
    assert main(["edit", "no-such-routine"]) == 1
    assert "no routine has this id" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("reference", "expect_id", "original"),
    [(None, "my-routine", False), ("warm-up", "warm-up-mine", False)],
)
def test_edit_references(reference, expect_id, original) -> None:
    source = open_for_editing(reference)
    assert source.document["id"] == expect_id
    assert (source.original is not None) == original


def test_edit_a_file_anywhere_saves_back_there(tmp_path: Path) -> None:
    path = write(tmp_path / "elsewhere.json", template("desk-break"))
    source = open_for_editing(str(path))
    assert source.target == path and source.original == path


def test_edit_a_draft_saves_into_the_routines_folder() -> None:
    from backcoach.core.routine.sharing import save_draft, save_routine

    draft = save_draft(template("blank"), "draft-my-routine")
    source = open_for_editing(str(draft))
    assert source.original is None and source.target is None
    path = save_routine(source.document, original=source.original, target=source.target)
    assert path.parent == paths.user_routines_dir()
