"""The routines a user can play: the bundled ones and their own, found by id or path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backcoach.config import paths
from backcoach.core.routine.index import routine_files
from backcoach.core.routine.loader import Problem, RoutineError, load_routine
from backcoach.core.routine.model import Routine


@dataclass(frozen=True)
class Catalog:
    """Every routine that loaded, and the problems of those that did not."""

    routines: tuple[Routine, ...]
    problems: tuple[Problem, ...] = field(default=())

    def find(self, routine_id: str) -> Routine | None:
        """Return the routine with ``routine_id``, or None."""
        return next((r for r in self.routines if r.routine_id == routine_id), None)


def load_catalog(bundled_dir: Path | None = None, user_dir: Path | None = None) -> Catalog:
    """Load bundled routines, then the user's; a user id that repeats one is reported, not used.

    A file that cannot be loaded is reported by name and skipped: one bad file
    never stops the others, whatever goes wrong with it.
    """
    bundled_dir = bundled_dir or paths.bundled_routines_dir()
    user_dir = user_dir or paths.user_routines_dir()
    routines: list[Routine] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for folder, bundled in ((bundled_dir, True), (user_dir, False)):
        for path in routine_files(folder):
            try:
                routine = load_routine(path, bundled=bundled)
            except RoutineError as exc:
                problems.extend(exc.problems)
                continue
            except Exception as exc:  # noqa: BLE001 - a fault must cost one file, not the list
                problems.append(Problem(str(path), "", f"could not be loaded ({exc!r})"))
                continue
            if routine.routine_id in seen:
                problems.append(
                    Problem(
                        str(path),
                        "/id",
                        f"the id '{routine.routine_id}' is already used by"
                        f" {seen[routine.routine_id]}; give this routine its own id",
                    )
                )
                continue
            seen[routine.routine_id] = path
            routines.append(routine)
    return Catalog(tuple(routines), tuple(problems))


def problem_lines(problems: tuple[Problem, ...], max_files: int | None = None) -> list[str]:
    """Return one line per file that did not load: its first problem and how many more it has.

    However bad the files, the list stays one line per file (``max_files`` at
    most, then a count); ``backcoach validate FILE`` lists every problem.
    """
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines = []
    for found in list(by_file.values())[:max_files]:
        capped = any(problem.message.startswith("…") for problem in found)
        more = "more" if capped else f"{len(found) - 1} more"
        see = f" (and {more}; see backcoach validate)" if len(found) > 1 else ""
        lines.append(f"{found[0]}{see}")
    if max_files is not None and len(by_file) > max_files:
        lines.append(f"… and {len(by_file) - max_files} more files.")
    return lines


def resolve_routine(reference: str, catalog: Catalog | None = None) -> Routine:
    """Return the routine named by ``reference``: a path to a file, or an id in the catalog."""
    candidate = Path(reference).expanduser()
    if reference.endswith(".json") or candidate.is_file() or "/" in reference:
        return load_routine(candidate)
    catalog = catalog or load_catalog()
    found = catalog.find(reference)
    if found is not None:
        return found
    known = ", ".join(sorted(r.routine_id for r in catalog.routines)) or "none"
    raise RoutineError([Problem(reference, "", f"no routine has this id (known ids: {known})")])
