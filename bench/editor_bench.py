"""Time from an edit in the routine editor to the updated check and preview.

One edit = a number typed into a step's field: the undo command with its snapshot, the
tree label, then the whole check the editor runs after every edit (the player's loader,
the safety lint, compiling the timeline and planning the cues, the problem list, the
marks at the fields and the preview strip). Measured for the largest bundled routine and
for a generated 200-step routine (every step type, circuits included).

    QT_QPA_PLATFORM=offscreen python bench/editor_bench.py [--edits 200]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("BACKCOACH_HOME", tempfile.mkdtemp(prefix="backcoach-editor-bench-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _stats import median, percentile  # noqa: E402 - bench/_stats.py, shared by every bench
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.adapters.memory import settle_heap  # noqa: E402
from backcoach.core.routine.document import RoutineDocument  # noqa: E402
from backcoach.core.routine.lint import lint_document  # noqa: E402
from backcoach.core.routine.sharing import EditSource, assets_search_dirs  # noqa: E402
from backcoach.ui.editor.window import EditorWindow  # noqa: E402


def largest_bundled() -> tuple[str, dict]:
    """Return the name and document of the largest bundled routine file."""
    path = max((REPO / "routines").glob("*.json"), key=lambda p: p.stat().st_size)
    return path.name, json.loads(path.read_text("utf-8"))


def generated(count: int = 200) -> dict:
    """Return a valid routine of ``count`` steps of every type (circuits of 4 inner steps)."""
    kinds = [
        {"type": "timed", "name": "March", "duration_s": 20},
        {
            "type": "hold",
            "name": "Knee to chest",
            "hold_s": 20,
            "sides": "left-right",
            "breathing": {"inhale_s": 4, "exhale_s": 4},
        },
        {
            "type": "reps",
            "name": "Bridge",
            "reps": 5,
            "tempo": {"up_s": 1, "hold_s": 1, "down_s": 2},
        },
        {
            "type": "breathing",
            "name": "Breathe",
            "cycles": 2,
            "pattern": {"inhale_s": 4, "exhale_s": 4},
        },
        {"type": "rest", "duration_s": 10},
    ]
    steps: list[dict] = []
    total = 0
    while total < count:
        if len(steps) % 6 == 5:
            inner = [dict(k) for k in kinds[:4]]
            steps.append({"type": "circuit", "name": "Circuit", "rounds": 2, "steps": inner})
            total += 5
        else:
            steps.append(dict(kinds[len(steps) % 5]))
            total += 1
    return {"format": 1, "id": "bench-200", "title": "Bench", "kind": "custom", "steps": steps}


def measure(document: dict, edits: int) -> dict[str, float]:
    """Return median and p95 ms: edit -> checked, edit -> preview shown, the check alone."""
    window = EditorWindow(EditSource(document))
    settle_heap()  # as ``backcoach edit`` does once the window is up
    pointer = next(
        p for p in window.document.step_pointers() if window.document.get(p + "/type") == "reps"
    )
    window.tree.select_pointer(pointer)
    spin = window.binder.widgets[f"{pointer}/reps"]
    full: list[float] = []
    checked: list[float] = []
    strip: list[float] = []
    strip_at: list[float] = []
    window.timeline_shown.connect(lambda: strip_at.append(time.perf_counter()))
    for index in range(edits):
        start = time.perf_counter()
        spin.setValue(6 + index % 2)
        window.flush_check()
        checked.append((time.perf_counter() - start) * 1000)
        window.wait_for_preview()
        full.append((time.perf_counter() - start) * 1000)
        strip.append((strip_at[-1] - start) * 1000)
    check: list[float] = []
    doc = RoutineDocument(window.document.data)
    for _ in range(edits):
        start = time.perf_counter()
        doc.check("bench.json", assets_search_dirs())
        lint_document(doc.data)
        check.append((time.perf_counter() - start) * 1000)
    window.undo_stack.setClean()
    window.close()
    steps = len(window.document.step_pointers())
    return {
        "steps": steps,
        "strip_median": median(strip),
        "strip_p95": percentile(strip, 0.95),
        "edit_median": median(full),
        "edit_p95": percentile(full, 0.95),
        "gui_median": median(checked),
        "gui_p95": percentile(checked, 0.95),
        "check_median": median(check),
        "check_p95": percentile(check, 0.95),
    }


def main() -> int:
    """Run both measurements and print a table row for each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv)
    name, bundled = largest_bundled()
    for label, document in ((f"bundled {name}", bundled), ("generated 200 steps", generated())):
        result = measure(document, args.edits)
        print(
            f"{label} ({result['steps']} steps): edit -> checked (GUI thread busy) median"
            f" {result['gui_median']:.1f} ms, p95 {result['gui_p95']:.1f} ms;"
            f" edit -> strip redrawn median"
            f" {result['strip_median']:.1f} ms, p95 {result['strip_p95']:.1f} ms;"
            f" edit -> cue marks shown median"
            f" {result['edit_median']:.1f} ms, p95 {result['edit_p95']:.1f} ms;"
            f" loader+lint alone median {result['check_median']:.1f} ms,"
            f" p95 {result['check_p95']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
