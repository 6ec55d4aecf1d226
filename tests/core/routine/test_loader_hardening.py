"""The loader against hostile files: control characters, surrogates, huge numbers, special
files, illustrations that lead elsewhere, and files with very many problems."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.loader import MAX_PROBLEMS, load_routine
from backcoach.core.routine.model import Routine
from tests.routine_files import problems_of, within
from tests.routine_files import routine_document as _routine
from tests.routine_files import write_routine as _write


def _problems(path: Path) -> list[str]:
    return within(5, lambda: problems_of(path))


# --- control characters in texts (issue 11, item 4) ------------------------------------------


def test_problems_are_printable_whatever_the_file_holds(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, _routine(**{"x\x1b[8m": "\x1b]0;t\x07"})))
    for problem in problems:
        assert "\x1b" not in problem and "\x07" not in problem
        problem.encode("utf-8")  # no UnicodeEncodeError on a terminal


def test_line_breaks_are_allowed_in_prose_only(tmp_path: Path) -> None:
    step = {"type": "hold", "name": "Plank", "hold_s": 20, "instruction": "Lie down.\nBreathe."}
    doc = _routine(description="One.\nTwo.", safety=[{"en": "a\nb"}], steps=[step])
    routine = load_routine(_write(tmp_path, doc, "prose.json"))
    assert routine.steps[0].instruction is not None
    assert routine.steps[0].instruction.get() == "Lie down.\nBreathe."
    doc["description"] = "One.\rTwo."
    assert any("/description: contains U+000D" in p for p in _problems(_write(tmp_path, doc)))


# --- lone surrogates (item 5) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'"title": "\\ud800"', "/title: contains an unpaired surrogate (\\ud800)"),
        (b'"description": "x\\udfff"', "/description: contains an unpaired surrogate"),
        (b'"\\ud83d": 1', ": a field name contains an unpaired surrogate"),
    ],
    ids=["title", "description", "field name"],
)
def test_escaped_lone_surrogates_are_refused(tmp_path: Path, raw: bytes, expected: str) -> None:
    head = b'{"format": 1, "id": "sur", "kind": "custom", "title": "T", '
    data = head + raw + b', "steps": [{"type": "rest", "duration_s": 5}]}'
    data = data.replace(b'"title": "T", "title"', b'"title"')
    problems = _problems(_write(tmp_path, data))
    assert any(expected in problem for problem in problems), problems


def test_a_paired_surrogate_escape_is_just_a_character(tmp_path: Path) -> None:
    data = json.dumps(_routine(title="Stretch \U0001f600"), ensure_ascii=True).encode()
    assert b"\\ud83d\\ude00" in data
    assert load_routine(_write(tmp_path, data, "emoji.json")).title.get() == "Stretch \U0001f600"


# --- numbers (items 6 and 14) ---------------------------------------------------------------


def test_an_integer_of_5000_digits_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    data = b'{"format": 1,\n "reps": ' + b"9" * 5000 + b"}"
    [problem] = _problems(_write(tmp_path, data))
    assert "the number 999999999999... (line 2, column 10) has 5,000 digits" in problem


def test_durations_under_the_minimum_are_refused(tmp_path: Path) -> None:
    doc = _routine(steps=[{"type": "rest", "duration_s": 1e-300}] * 3)
    problems = _problems(_write(tmp_path, doc))
    assert problems[0].endswith(
        "/steps/0/duration_s: must be a number of seconds of at least 1, got 1e-300"
    )
    tempo = {"type": "reps", "name": "B", "reps": 5, "tempo": {"up_s": 0.1, "down_s": 1}}
    problems = _problems(_write(tmp_path, _routine(steps=[tempo])))
    assert any(
        "/steps/0/tempo/up_s: must be a number of seconds of at least 0.5" in p for p in problems
    )


def test_a_long_routine_says_how_long_without_contradiction(tmp_path: Path) -> None:
    hold = {"type": "hold", "name": "P", "hold_s": 540, "sets": 2, "rest_between_sets_s": 0}
    circuit = {"type": "circuit", "name": "C", "rounds": 10, "steps": [{**hold, "prepare_s": 4}]}
    circuit["rest_between_rounds_s"] = 0
    [problem] = _problems(_write(tmp_path, _routine(steps=[circuit])))
    assert "would run for 3:00:45 (h:mm:ss), more than the limit of 3 hours" in problem


# --- messages (item 14) -----------------------------------------------------------------------


def test_a_valid_language_is_not_called_unknown(tmp_path: Path) -> None:
    [problem] = _problems(_write(tmp_path, _routine(title={"en": "Ok", "english": "Ok"})))
    assert problem.endswith(
        "/title: 'english' is not a language tag; tags look like 'en', 'da' or 'zh-TW'"
    )


def test_utf32_is_named_as_such(tmp_path: Path) -> None:
    [problem] = _problems(_write(tmp_path, json.dumps(_routine()).encode("utf-32")))
    assert problem.endswith("is UTF-32 text; save it as UTF-8")


def test_a_raw_control_character_in_json_is_reported_once_with_its_place(tmp_path: Path) -> None:
    [problem] = _problems(_write(tmp_path, b'{"title": "a\x1bb"}'))
    assert "invalid control character at line 1, column 13" in problem
    assert " at at " not in problem


# --- many problems (item 12) ----------------------------------------------------------------


def test_a_file_with_100000_bad_steps_lists_a_bounded_number_quickly(tmp_path: Path) -> None:
    data = json.dumps(_routine(steps=[{}] * 100_000), separators=(",", ":")).encode()
    path = _write(tmp_path, data)
    started = time.perf_counter()
    problems = _problems(path)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].endswith("/steps: has 100000 items, more than the limit of 1000")
    assert problems[1].endswith("/steps/0: is missing the field 'type'")
    assert problems[-1].endswith(
        f"… and more problems; the list stops at {MAX_PROBLEMS}"
        " (100,000 of the 100,000 steps have problems)"
    )
    assert time.perf_counter() - started < 5  # it took 7-8 s, and more on a busy machine


def test_other_long_lists_of_problems_are_bounded_too(tmp_path: Path) -> None:
    safety = _problems(_write(tmp_path, _routine(safety=[1] * 100_000)))
    assert len(safety) == MAX_PROBLEMS + 1
    texts = _problems(_write(tmp_path, _routine(equipment=["\x1b"] * 500)))
    assert len(texts) <= MAX_PROBLEMS + 1 and "… and more" in texts[-1]
    ids = [{"type": "rest", "id": "same", "duration_s": 1}] * 300
    duplicates = _problems(_write(tmp_path, _routine(steps=ids)))
    assert len(duplicates) == MAX_PROBLEMS + 1
    assert duplicates[-1].endswith(f"… and {299 - MAX_PROBLEMS:,} more problems")


# --- special files (item 11) -----------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    [problem] = _problems(fifo)
    assert problem == f"{fifo}: is a pipe (FIFO), not a routine file"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_without_reading_it(device: str) -> None:
    [problem] = _problems(Path(device))
    assert problem == f"{device}: is a device, not a routine file"


def test_a_folder_and_a_link_loop_are_refused(tmp_path: Path) -> None:
    assert _problems(tmp_path) == [f"{tmp_path}: is a folder, not a routine file"]
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    [problem] = _problems(tmp_path / "a.json")
    assert problem.startswith(f"{tmp_path / 'a.json'}: cannot be read (")


# --- illustrations (item 10) -----------------------------------------------------------------


def _with_picture(folder: Path, name: str) -> Path:
    step = {"type": "hold", "name": "P", "hold_s": 20, "illustration": name}
    return _write(folder, _routine(steps=[step]), "mine.json")


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    folder.mkdir()
    return folder


def test_an_illustration_linking_outside_assets_is_refused(tmp_path: Path, assets: Path) -> None:
    (assets / "p.svg").symlink_to("/etc/passwd")
    [problem] = _problems(_with_picture(tmp_path, "p.svg"))
    assert "/steps/0/illustration: leads outside assets/ (to /etc/passwd)" in problem


def test_the_routine_file_itself_is_not_an_illustration(tmp_path: Path, assets: Path) -> None:
    path = _with_picture(tmp_path, "me.svg")
    (assets / "me.svg").symlink_to(path)
    assert "leads outside assets/" in _problems(path)[0]
    path = _with_picture(tmp_path, "mine.json")
    assert "/steps/0/illustration: must be an image file (" in _problems(path)[0]


def test_a_picture_beside_the_routine_but_outside_assets_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "pic.svg").write_text("<svg/>")
    [problem] = _problems(_with_picture(tmp_path, "pic.svg"))
    assert problem.endswith("/steps/0/illustration: no such file: pic.svg (looked in assets/)")


def test_an_illustration_must_be_a_regular_image_of_limited_size(
    tmp_path: Path, assets: Path
) -> None:
    os.mkfifo(assets / "pipe.svg")
    assert "is not a regular file: pipe.svg" in _problems(_with_picture(tmp_path, "pipe.svg"))[0]
    (assets / "text.png").write_text("hello")
    assert "is not a PNG image: text.png" in _problems(_with_picture(tmp_path, "text.png"))[0]
    (assets / "big.svg").write_bytes(b"<svg>" + b" " * 5_000_000)
    assert "is 5,000,005 bytes" in _problems(_with_picture(tmp_path, "big.svg"))[0]


def test_an_illustration_linked_inside_assets_is_used(tmp_path: Path, assets: Path) -> None:
    (assets / "real.svg").write_text('<?xml version="1.0"?><svg/>')
    (assets / "alias.svg").symlink_to(assets / "real.svg")
    routine = load_routine(_with_picture(tmp_path, "alias.svg"))
    assert routine.steps[0].illustration == (assets / "real.svg").resolve()


# --- the user's folder (item 6) --------------------------------------------------------------


def test_one_bad_user_file_never_stops_the_list(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    _write(user, b'{"format": 1, "reps": ' + b"9" * 5000 + b"}", "huge-number.json")
    _write(user, b'{"format": 1, "title": "\\ud800"}', "surrogate.json")
    _write(user, json.dumps(_routine(steps=[{}] * 100_000)).encode(), "many.json")
    os.mkfifo(user / "pipe.json")
    _write(user, _routine(id="my-good-one"), "good.json")
    catalog: Any = within(10, lambda: load_catalog(user_dir=user))
    assert catalog.find("my-good-one") is not None
    named = {Path(problem.file).name for problem in catalog.problems}
    assert {"huge-number.json", "surrogate.json", "many.json"} <= named


def test_a_fault_in_one_file_costs_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.core.routine import catalog as catalog_module

    user = tmp_path / "mine"
    user.mkdir()
    _write(user, _routine(id="first-one"), "a.json")
    _write(user, _routine(id="second-one"), "b.json")
    real_load = catalog_module.load_routine

    def faulty(path: Path, **kwargs: Any) -> Routine:
        if path.name == "a.json":
            raise ValueError("a fault")
        return real_load(path, **kwargs)

    monkeypatch.setattr(catalog_module, "load_routine", faulty)
    catalog = load_catalog(user_dir=user)
    assert catalog.find("second-one") is not None and catalog.find("first-one") is None
    [problem] = [p for p in catalog.problems if p.file.endswith("a.json")]
    assert "could not be loaded (ValueError('a fault'))" in str(problem)
