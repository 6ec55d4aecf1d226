"""Saving, importing and exporting routines: round trips, clashes, bad files and hostile zips."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path

import pytest

from backcoach.config import paths
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.document import template
from backcoach.core.routine.loader import load_routine
from backcoach.core.routine.sharing import (
    SharingError,
    delete_draft,
    draft_source,
    drafts,
    drafts_dir,
    export_routine,
    import_image,
    import_routine,
    list_drafts,
    open_for_editing,
    read_draft,
    save_draft,
    save_routine,
    user_assets_dir,
)
from tests.conftest import REPO_ROOT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def user_files() -> list[str]:
    folder = paths.user_routines_dir()
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_save_round_trip_gives_the_same_routine() -> None:
    document = template("strength")
    path = save_routine(document)
    assert path == paths.user_routines_dir() / "my-circuit.json"
    assert json.loads(path.read_text("utf-8")) == document
    assert load_catalog().find("my-circuit") is not None
    assert load_routine(path).steps[0].rounds == 3
    assert not list(path.parent.glob(".*.tmp"))


def test_save_refuses_a_bundled_id_and_another_files_id() -> None:
    document = template("blank")
    document["id"] = "warm-up"
    with pytest.raises(SharingError, match="already used by a bundled routine"):
        save_routine(document)
    save_routine(template("blank"))
    other = template("stretch")
    other["id"] = "my-routine"
    with pytest.raises(SharingError, match="already used"):
        save_routine(other)
    assert user_files() == ["my-routine.json"]


def test_saving_again_and_renaming_the_id_replaces_the_old_file() -> None:
    document = template("blank")
    path = save_routine(document)
    document["id"] = "renamed"
    new_path = save_routine(document, original=path)
    assert user_files() == ["renamed.json"]
    assert new_path.name == "renamed.json"


def test_invalid_routine_is_not_saved_but_kept_as_a_draft() -> None:
    document = template("blank")
    document["steps"][0]["duration_s"] = -1
    with pytest.raises(SharingError, match="/steps/0/duration_s"):
        save_routine(document)
    assert user_files() == []
    draft = save_draft(document, "my-routine")
    assert list_drafts() == [draft]
    assert read_draft(draft) == document
    assert load_catalog().find("my-routine") is None


def block(folder: Path) -> Path:
    """Put a file where ``folder`` should be: nothing can be written into it (as root too)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")
    return folder


def cannot_write(folder: Path) -> str:
    where = re.escape(str(folder))
    return where + r"/[^:]+: cannot be written \(" + where + r" is a file, not a folder\)"


def test_a_folder_that_cannot_be_written_is_named_and_nothing_is_half_written(
    tmp_path: Path,
) -> None:
    routines = block(paths.user_routines_dir())
    with pytest.raises(SharingError, match=cannot_write(routines)):
        save_routine(template("blank"))
    with pytest.raises(SharingError, match=cannot_write(routines)):
        import_routine(write(tmp_path / "shared.json", template("stretch")))
    assert routines.read_text(encoding="utf-8") == "not a folder"
    drafts_folder = block(drafts_dir())
    with pytest.raises(SharingError, match=cannot_write(drafts_folder)):
        save_draft(template("blank"), "my-routine")
    out = block(tmp_path / "exports")
    with pytest.raises(SharingError, match=cannot_write(out)):
        export_routine(load_catalog().find("warm-up"), out / "warm-up.json")
    assert list(tmp_path.glob("**/.*.tmp")) == []  # no temporary file left behind


def test_drafts_list_broken_files_with_the_reason_and_delete_only_drafts(tmp_path: Path) -> None:
    document = template("blank")
    kept = save_draft(document, "draft-my-routine")
    broken = kept.with_name("draft-broken.json")
    broken.write_bytes(b"[1, 2")
    dangling = kept.with_name("draft-dangling.json")
    dangling.symlink_to(tmp_path / "gone.json")
    assert list_drafts()[-1] == dangling  # cannot be looked at: listed last, no traceback
    found = {draft.path.name: draft for draft in drafts()}
    assert found["draft-my-routine.json"].document == document
    assert found["draft-broken.json"].document is None
    assert str(broken) in (found["draft-broken.json"].problem or "")
    assert found["draft-dangling.json"].document is None
    assert str(dangling) in (found["draft-dangling.json"].problem or "")
    with pytest.raises(SharingError, match="draft-broken.json"):
        draft_source(broken)
    assert open_for_editing(str(kept)) == draft_source(kept)  # finished into the routines folder
    assert draft_source(kept).original is None
    outside = write(tmp_path / "elsewhere.json", document)
    with pytest.raises(SharingError, match="not a draft"):
        delete_draft(outside)
    delete_draft(broken)
    delete_draft(dangling)
    assert outside.is_file() and [d.path for d in drafts()] == [kept]


def test_import_image_copies_and_refers_relatively(tmp_path: Path) -> None:
    picture = tmp_path / "My Picture.png"
    picture.write_bytes(PNG)
    relative = import_image(picture)
    assert relative.startswith("illustrations/my-picture-") and relative.endswith(".png")
    picture.unlink()
    document = template("blank")
    document["steps"][0]["illustration"] = relative
    path = save_routine(document)
    shown = load_routine(path).steps[0].illustration
    assert shown is not None and shown.is_file()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.gif", b"GIF89a", "PNG, JPEG or SVG"),
        ("a.png", b"not a png", "not a PNG"),
        ("a.jpg", b"\x89PNG", "not a JPEG"),
        ("a.svg", b"<html></html>", "not an SVG"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "at most 2 MB"),
    ],
)
def test_bad_pictures_are_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SharingError, match=message):
        import_image(path)
    assert not user_assets_dir().exists()


def test_unreadable_picture(tmp_path: Path) -> None:
    with pytest.raises(SharingError, match="cannot be read"):
        import_image(tmp_path / "gone.png")


def test_import_json_then_refuse_the_same_id_unless_replace(tmp_path: Path) -> None:
    source = write(tmp_path / "shared.json", template("stretch"))
    imported = import_routine(source)
    assert imported.routine_id == "my-stretch"
    assert user_files() == ["my-stretch.json"]
    with pytest.raises(SharingError, match="--replace"):
        import_routine(source)
    changed = template("stretch")
    changed["title"] = "Changed"
    write(source, changed)
    again = import_routine(source, replace=True)
    assert again.backup is not None and again.backup.is_file()
    assert json.loads(again.backup.read_text())["title"] == "My stretch set"
    assert json.loads(again.path.read_text())["title"] == "Changed"


def test_import_refuses_a_bundled_id(tmp_path: Path) -> None:
    source = tmp_path / "warm-up.json"
    source.write_bytes((REPO_ROOT / "routines/warm-up.json").read_bytes())
    with pytest.raises(SharingError, match="bundled"):
        import_routine(source, replace=True)


def test_invalid_file_imports_nothing(tmp_path: Path) -> None:
    document = template("blank")
    document["steps"][0]["duration_s"] = "ten"
    with pytest.raises(SharingError, match="/steps/0/duration_s"):
        import_routine(write(tmp_path / "bad.json", document))
    (tmp_path / "junk.json").write_bytes(b"{not json")
    with pytest.raises(SharingError, match="not valid JSON"):
        import_routine(tmp_path / "junk.json")
    assert user_files() == []


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    with pytest.raises(SharingError, match="the limit is"):
        import_routine(big)


def test_json_picture_outside_its_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "pics").symlink_to(tmp_path)
    document = template("blank")
    document["steps"][0]["illustration"] = "pics/outside.png"
    with pytest.raises(SharingError, match="outside"):
        import_routine(write(folder / "r.json", document))


def test_export_and_import_zip_round_trip(tmp_path: Path) -> None:
    picture = tmp_path / "pose.png"
    picture.write_bytes(PNG)
    document = template("blank")
    document["steps"][0]["illustration"] = import_image(picture)
    saved = save_routine(document)
    routine = load_routine(saved)
    with pytest.raises(SharingError, match=".zip"):
        export_routine(routine, tmp_path / "out.json")
    out = export_routine(routine, tmp_path / "out.zip")
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
    assert names[0].startswith("assets/illustrations/pose-") and names[1] == "my-routine.json"
    # import on a fresh machine: remove the user's copy and pictures first
    saved.unlink()
    for file in user_assets_dir().rglob("*.png"):
        file.unlink()
    imported = import_routine(out)
    assert load_routine(imported.path).steps[0].illustration.is_file()
    assert json.loads(imported.path.read_text()) == document


def test_export_plain_json(tmp_path: Path) -> None:
    routine = load_catalog().find("warm-up")
    out = export_routine(routine, tmp_path / "w.json")
    assert out.read_bytes() == (REPO_ROOT / "routines/warm-up.json").read_bytes()


def make_zip(path: Path, members: dict[str, bytes], link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


GOOD = json.dumps(template("blank")).encode()


@pytest.mark.parametrize(
    ("members", "link", "message"),
    [
        ({"r.json": GOOD, "../evil.png": PNG}, None, "outside the zip"),
        ({"r.json": GOOD, "/etc/evil.png": PNG}, None, "absolute"),
        ({"r.json": GOOD}, "assets/illustrations/link.png", "is a link"),
        ({"r.json": GOOD, "other.json": GOOD}, None, "exactly one .json"),
        ({"r.json": GOOD, "run.sh": b"#!"}, None, "unexpected member"),
        ({"r.json": GOOD, "assets/x.png": b"not png"}, None, "not a PNG"),
        ({"r.json": b"{}"}, None, "missing the field"),
    ],
)
def test_hostile_zips_import_nothing(tmp_path: Path, members, link, message) -> None:
    archive = make_zip(tmp_path / "evil.zip", members, link)
    with pytest.raises(SharingError, match=message):
        import_routine(archive)
    assert user_files() == []
    assert not user_assets_dir().exists()


def test_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    members = {"r.json": GOOD}
    members.update({f"assets/{i}.png": PNG + b"\x00" * 2_000_000 for i in range(30)})
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(SharingError, match="would unpack to"):
        import_routine(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"hello")
    with pytest.raises(SharingError, match="not a readable zip"):
        import_routine(path)
