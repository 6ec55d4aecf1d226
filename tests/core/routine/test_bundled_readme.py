"""routines/README.md against the bundled routines: its durations are the loader's planned ones.

The README's table lists every bundled file with its duration, and its worked examples end
in a total of seconds; both must match ``planned_duration_s`` of the file as the loader reads
it, so a change to a routine or to the duration rules that is not carried into the README
fails here, naming the file and both values.
"""

from __future__ import annotations

import re

from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.loader import load_routine
from tests.conftest import REPO_ROOT

ROUTINES = REPO_ROOT / "routines"
README = ROUTINES / "README.md"

_ROW = re.compile(r"^\| `(?P<file>[^`]+\.json)` \| [^|]* \| (?P<duration>[^|]*?) \|", re.MULTILINE)
"""A table row: | `file.json` | kind | duration | ..."""

_EXAMPLE = re.compile(
    r"^- \*\*(?P<id>[\w-]+)\*\*:(?P<text>.*?)(?=^- |^\s*$)", re.MULTILINE | re.DOTALL
)
"""A worked example: a bullet starting with the routine's id in bold, up to the next bullet."""

_TOTAL = re.compile(r"= (?P<seconds>\d+) s \((?P<clock>[\d:]+)\)")
"""An example's total: "= 395 s (6:35)"."""


def _planned(file_name: str) -> float:
    return planned_duration_s(load_routine(ROUTINES / file_name, bundled=True))


def table_durations(text: str) -> dict[str, str]:
    """Return the duration column of the README's table by file name."""
    return {match["file"]: match["duration"].strip() for match in _ROW.finditer(text)}


def table_problems(text: str) -> list[str]:
    """Return one line per table row whose duration is not the file's planned one."""
    problems = []
    for file_name, written in table_durations(text).items():
        if not (ROUTINES / file_name).is_file():
            problems.append(f"routines/README.md lists {file_name}, which is not in routines/")
            continue
        planned = format_duration(_planned(file_name))
        if written != planned:
            problems.append(
                f"routines/README.md: {file_name}: the table says {written}, "
                f"the loader plans {planned}"
            )
    return problems


def example_problems(text: str) -> list[str]:
    """Return one line per worked example whose total is not the routine's planned seconds."""
    problems = []
    for match in _EXAMPLE.finditer(text):
        file_name = f"{match['id']}.json"
        totals = _TOTAL.findall(match["text"])
        if len(totals) != 1:
            problems.append(
                f"routines/README.md: the {match['id']} example has no one '= N s (m:ss)'"
            )
            continue
        seconds, clock = totals[0]
        planned = _planned(file_name)
        if float(seconds) != planned or clock != format_duration(planned):
            problems.append(
                f"routines/README.md: {file_name}: the worked example says {seconds} s ({clock}), "
                f"the loader plans {planned:g} s ({format_duration(planned)})"
            )
    return problems


def test_the_table_lists_every_bundled_routine_with_its_planned_duration() -> None:
    text = README.read_text(encoding="utf-8")
    listed = set(table_durations(text))
    assert listed == {path.name for path in ROUTINES.glob("*.json")}
    assert table_problems(text) == []


def test_every_worked_example_ends_in_the_planned_total() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## How the durations are counted") : text.index("## Choices")]
    assert len(list(_EXAMPLE.finditer(section))) >= 4
    assert example_problems(section) == []


def test_a_wrong_duration_names_the_file_and_both_values() -> None:
    text = README.read_text(encoding="utf-8")
    planned = format_duration(_planned("desk-break.json"))
    wrong = text.replace(f"| desk-break | {planned} |", "| desk-break | 1:51 |")
    assert wrong != text
    assert table_problems(wrong) == [
        f"routines/README.md: desk-break.json: the table says 1:51, the loader plans {planned}"
    ]


def test_a_wrong_example_total_names_the_file_and_both_values() -> None:
    example = "- **desk-break**: breathe 5+2×8 s = 111 s (1:51).\n\n"
    planned = _planned("desk-break.json")
    assert example_problems(example) == [
        "routines/README.md: desk-break.json: the worked example says 111 s (1:51), "
        f"the loader plans {planned:g} s ({format_duration(planned)})"
    ]
