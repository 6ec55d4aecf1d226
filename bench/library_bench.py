"""Benchmark the library showing 200 routines with their pictures (offscreen Qt or Xvfb).

Writes 200 routines into a temporary BACKCOACH_HOME (copies of the bundled
ones with their own ids and titles in three languages, their first
exercises' pictures spread over all 24 bundled illustrations), loads the
catalog once, then measures, as medians over repeated runs:

- **first paint, cold pictures**: from constructing ``LibraryView`` with the
  catalog (cards built, filters filled, the first routine's detail page
  laid out) until the list's viewport has been painted for the first time,
  with the thumbnail cache and the remembered durations emptied before each
  run, so every picture in view is rendered from its SVG and every routine in
  view is timed afresh, as the first time in a process (target <= 200 ms);
- **first paint, warm**: the same with the thumbnails and durations already
  worked out (a reload of the library, a language change);
- **search keystroke**: refiltering the 200 cards for one more typed letter
  and repainting the list;
- **catalog load**: reading and validating the 200 files (``load_catalog``),
  reported apart: the window does it once before the library is built.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/library_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _stats import describe_ms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.config import paths  # noqa: E402
from backcoach.core.routine.catalog import Catalog, load_catalog  # noqa: E402
from backcoach.ui.library import model as library_model  # noqa: E402
from backcoach.ui.library import thumbnails  # noqa: E402
from backcoach.ui.library.view import LibraryView  # noqa: E402

COUNT = 200
WORDS_DA = ("Rygstræk", "Skrivebordspause", "Lændeaflastning", "Morgenprogram", "Kernestyrke")
WORDS_ZH = ("背部伸展", "辦公桌休息", "下背放鬆", "晨間課程", "核心肌力")


def _first_picture_step(steps: list[dict]) -> dict | None:
    for step in steps:
        if step.get("type") == "circuit":
            found = _first_picture_step(step["steps"])
            if found:
                return found
        elif "illustration" in step:
            return step
    return None


def generate(folder: Path) -> int:
    """Write ``COUNT`` routines into ``folder``; return how many different covers they have."""
    folder.mkdir(parents=True, exist_ok=True)
    bundled = sorted(paths.bundled_routines_dir().glob("*.json"))
    pictures = sorted((paths.assets_dir() / "illustrations").glob("*.svg"))
    covers = set()
    for number in range(COUNT):
        data = json.loads(bundled[number % len(bundled)].read_text(encoding="utf-8"))
        data["id"] = f"bench-{number:03d}"
        word = number % len(WORDS_DA)
        data["title"] = {
            "en": f"Practice routine number {number} for a tired lower back",
            "da": f"{WORDS_DA[word]} nummer {number} til en træt lænd",
            "zh-TW": f"第 {number} 號{WORDS_ZH[word]}課程",
        }
        step = _first_picture_step(data["steps"])
        if step is not None:
            picture = pictures[number % len(pictures)]
            step["illustration"] = f"illustrations/{picture.name}"
            covers.add(picture.name)
        (folder / f"bench-{number:03d}.json").write_text(json.dumps(data), encoding="utf-8")
    return len(covers)


class PaintWatch(QObject):
    """Notes that a widget received a paint event."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def first_paint_ms(app: QApplication, catalog: Catalog) -> tuple[float, float, LibraryView]:
    """Build the library and show it; return the wall and CPU ms until its list was painted."""
    watch = PaintWatch()
    cpu = time.process_time()
    start = time.perf_counter()
    view = LibraryView(catalog)
    view.routine_list.viewport().installEventFilter(watch)
    view.resize(1100, 700)
    view.show()
    while not watch.painted:
        app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    view.routine_list.viewport().removeEventFilter(watch)
    return elapsed, cpu_ms, view


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="backcoach-library-bench-"))
    os.environ[paths.HOME_ENV] = str(home)
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        covers = generate(paths.user_routines_dir())
        loads: list[float] = []
        for _ in range(5):
            start = time.perf_counter()
            catalog = load_catalog()
            loads.append((time.perf_counter() - start) * 1000)
        user = sum(not routine.bundled for routine in catalog.routines)
        print(f"{len(catalog.routines)} routines ({user} generated, {covers} different covers)")
        warm_up, _, view = first_paint_ms(app, catalog)  # Qt's fonts and styles, once
        view.close()
        view.deleteLater()
        cold: list[float] = []
        cold_cpu: list[float] = []
        warm: list[float] = []
        keystroke: list[float] = []
        rendered = 0
        for _ in range(args.runs):
            thumbnails.clear()
            library_model._seconds.clear()  # routines timed afresh, as in a new process
            elapsed, cpu_ms, view = first_paint_ms(app, catalog)
            cold.append(elapsed)
            cold_cpu.append(cpu_ms)
            rendered = len(thumbnails._cache)
            view.close()
            view.deleteLater()
            app.processEvents()
            elapsed, _, view = first_paint_ms(app, catalog)
            warm.append(elapsed)
            view.search.setText("practice routine number 1")
            start = time.perf_counter()
            view.search.setText("practice routine number 12")
            view.routine_list.viewport().repaint()
            keystroke.append((time.perf_counter() - start) * 1000)
            view.close()
            view.deleteLater()
            app.processEvents()
        print(f"first build in this process (cold Qt): {warm_up:.1f} ms")
        print(f"pictures rendered in a cold first paint: {rendered}")
        print(f"first paint, cold pictures: {describe_ms(cold, digits=1)}")
        print(f"  the same, CPU time of the process: {describe_ms(cold_cpu, digits=1)}")
        print(f"first paint, warm: {describe_ms(warm, digits=1)}")
        print(f"search keystroke + repaint: {describe_ms(keystroke, digits=1)}")
        print(f"catalog load of {len(catalog.routines)} files: {describe_ms(loads, digits=1)}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
