"""Hostile routine files through ``validate``, ``plan --json`` and ``run --headless``.

Every file of the generated corpus (``corpus.py``: each class of bad input,
and seeded mutations of the bundled routines) must give exit 1 with lines of
``file: /pointer: sentence``, no traceback, no hang and bounded output; a
mutation that is still valid must plan. ``run --headless`` must
refuse a bad file before it plays anything.

The whole corpus runs in-process (with standard output as strict as a real
UTF-8 terminal, and a time limit per command); the cases that used to hang or
crash on encoding also run as real processes with a timeout. More mutations:
``BACKCOACH_MUTATIONS=2000 pytest tests/robustness``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.core.control_chars import escape_controls, find_control
from backcoach.core.routine.loader import MAX_PROBLEMS
from tests.conftest import REPO_ROOT
from tests.robustness.corpus import FAKE_SAVED, SPECIAL, Case, hostile_corpus, mutations
from tests.routine_files import within

MUTATIONS = int(os.environ.get("BACKCOACH_MUTATIONS", "70"))
COMMAND_TIMEOUT_S = 30.0
MAX_OUTPUT_CHARS = 20_000
"""Per file and command: ``MAX_PROBLEMS`` lines of a few hundred characters at most."""
PLAY = ["run", "--headless", "--speed", "2"]
"""Silent; fast speeds would trip the session's sleep detection on a busy machine."""
SAVED_LINE = FAKE_SAVED.split("\n")[1]


@dataclass(frozen=True)
class Result:
    """What one command did."""

    argv: list[str]
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return hostile_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def mutated(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return mutations(tmp_path_factory.mktemp("mutated"), MUTATIONS)


# --- running the commands ------------------------------------------------------------------


def in_process(argv: list[str]) -> Result:
    """Run the command line here, with outputs as strict as a UTF-8 terminal's, in a time limit."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")

    def target() -> int:
        with redirect_stdout(out), redirect_stderr(err):
            return main(argv)

    try:
        code = within(COMMAND_TIMEOUT_S, target)
    except AssertionError as exc:
        raise AssertionError(f"backcoach {' '.join(argv)} hung") from exc
    out.flush()
    err.flush()
    return Result(
        argv,
        code,
        out.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
        err.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
    )


def as_processes(argvs: list[list[str]], parallel: int = 4) -> list[Result]:
    """Run each command line as a real process (a few at a time), failing on any that overruns."""
    results: list[Result] = []
    for first in range(0, len(argvs), parallel):
        batch = []
        for argv in argvs[first : first + parallel]:
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
            process = subprocess.Popen(
                [sys.executable, "-m", "backcoach", *argv],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                cwd=REPO_ROOT,
            )
            batch.append((argv, process, out, err))
        deadline = time.monotonic() + COMMAND_TIMEOUT_S
        for argv, process, out, err in batch:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise AssertionError(f"backcoach {' '.join(argv)} hung") from None
            texts = []
            for stream in (out, err):
                stream.seek(0)
                texts.append(stream.read().decode("utf-8", "backslashreplace"))
                stream.close()
            results.append(Result(argv, process.returncode, *texts))
    return results


# --- what every answer must look like --------------------------------------------------------


def assert_clean(result: Result, bounded: bool = True) -> None:
    """No traceback, no raw control character, and (``bounded``) short output."""
    text = result.out + result.err
    assert "Traceback" not in text, text[-3000:]
    if bounded:
        assert len(text) <= MAX_OUTPUT_CHARS, (result.argv, len(text), text[:2000])
    for line in text.splitlines():
        assert find_control(line) is None, (result.argv, line)


def assert_refused(result: Result, case: Case) -> None:
    """Exit 1, nothing played, each line ``file: /pointer: sentence`` for this file."""
    assert_clean(result)
    assert result.code == 1, (case.name, result)
    assert result.out == "", (case.name, result.out[:2000])  # refused before playing
    shown = escape_controls(str(case.path))
    lines = result.err.splitlines()
    assert 1 <= len(lines) <= MAX_PROBLEMS + 1, (case.name, len(lines))
    for line in lines:
        assert line.startswith(shown + ": ") and len(line) > len(shown) + 4, (case.name, line)


# --- the hostile corpus ------------------------------------------------------------------------


def test_validate_refuses_every_hostile_file_in_one_run(corpus: list[Case]) -> None:
    bad = [case for case in corpus if case.must_fail]
    [result] = as_processes([["validate", *(str(case.path) for case in bad)]])
    assert_clean(result, bounded=False)  # bounded per file, below
    assert result.code == 1
    *err_lines, summary = result.err.splitlines()
    assert summary == f"{len(bad) - 1} of {len(bad) - 1} file(s) invalid."  # and an empty folder
    lines_by_file: dict[str, int] = {}
    shown = {escape_controls(str(case.path)): case for case in bad}
    for line in result.out.splitlines() + err_lines:
        owner = max((name for name in shown if line.startswith(name + ": ")), key=len, default="")
        assert owner, line
        lines_by_file[owner] = lines_by_file.get(owner, 0) + 1
    assert set(lines_by_file) == set(shown), set(shown) - set(lines_by_file)
    assert max(lines_by_file.values()) <= MAX_PROBLEMS + 1


@pytest.mark.parametrize("command", [["plan", "--json"], PLAY], ids=["plan", "run"])
def test_plan_and_run_refuse_every_hostile_file(corpus: list[Case], command: list[str]) -> None:
    for case in corpus:
        if case.name in SPECIAL or not case.must_fail:
            continue  # special files run as real processes below
        assert_refused(in_process([*command, str(case.path)]), case)


def test_special_files_and_encoding_traps_as_real_processes(corpus: list[Case]) -> None:
    chosen = [
        case
        for case in corpus
        if case.name in SPECIAL or "surrogate" in case.name or "escape" in case.name
    ]
    argvs = [
        [*command, str(case.path)]
        for case in chosen
        for command in (["validate"], ["plan", "--json"], PLAY)
    ]
    for argv, result in zip(argvs, as_processes(argvs), strict=True):
        case = next(c for c in chosen if str(c.path) == argv[-1])
        if argv[0] == "validate":
            assert_clean(result)
            assert result.code == 1 and result.out.startswith(escape_controls(str(case.path)))
        else:
            assert_refused(result, case)


def test_a_line_break_allowed_in_an_instruction_cannot_fake_a_line(corpus: list[Case]) -> None:
    prose = next(case for case in corpus if case.name == "instruction-with-line-break")
    planned = in_process(["plan", str(prose.path)])
    assert_clean(planned)
    assert planned.code == 0 and "Saved to your log.\\n" not in planned.out
    assert not any(line.strip() == SAVED_LINE for line in planned.out.splitlines())
    played = in_process([*PLAY, str(prose.path)])
    assert_clean(played)
    assert played.code == 0
    said = [line for line in played.out.splitlines() if line.strip() == SAVED_LINE]
    assert said == [SAVED_LINE]  # only the real one, after the session


def test_the_app_folder_with_hostile_files_still_lists_the_good_ones(
    corpus: list[Case], backcoach_home: Path
) -> None:
    from backcoach.config import paths

    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    for case in corpus:
        if case.path.is_file() and case.must_fail:
            (user / case.path.name).write_bytes(case.path.read_bytes())
    listed = in_process(["routines"])
    assert_clean(listed)
    assert listed.code == 0
    assert "desk-break" in listed.out
    problems = [line for line in listed.out.splitlines() if line.startswith("not loaded: ")]
    assert len({line.split(": ")[1] for line in problems}) >= len(list(user.glob("*.json"))) - 1


# --- mutations of the bundled routines ---------------------------------------------------------


def test_mutated_routines_are_refused_cleanly_or_play(mutated: list[Case]) -> None:
    refused = played = 0
    for case in mutated:
        checked = in_process(["validate", str(case.path)])
        assert_clean(checked)
        assert checked.code in (0, 1), checked
        if checked.code == 1:
            refused += 1
            assert_refused(in_process(["plan", "--json", str(case.path)]), case)
            assert_refused(in_process([*PLAY, str(case.path)]), case)
        else:
            played += 1
            planned = in_process(["plan", "--json", str(case.path)])
            assert_clean(planned, bounded=False)
            assert planned.code == 0 and json.loads(planned.out)["segments"]
    assert refused > MUTATIONS // 2  # the mutations do reach the checks
