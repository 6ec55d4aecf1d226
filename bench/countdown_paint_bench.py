"""What one new countdown text costs the GUI thread: the ring at its full-screen size.

Once a second the countdown's text changes and the ring draws its face anew
(track, digits from the glyph masks, caption); between those, only the arc's
few new degrees are repainted. This times, offscreen, with the glyphs warmed
as the player warms them (one per timer tick after a resize):

- **new text**: ``set_state`` with the next second's text, then the whole ring
  painted (``grab()``), for a run of two-digit texts ("59" … "10") and of
  minutes ("9:59" … "9:10");
- **arc only**: the same text with the ring a little fuller (what the 10 Hz
  timer does in between);
- **warm-up**: drawing all glyph masks for one ring size, one at a time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/countdown_paint_bench.py [--size 917x819]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _stats import median, percentile  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.ui.player.countdown_ring import CountdownRing  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def timed_ms(ring: CountdownRing, text: str, fraction: float) -> float:
    """Return how long showing ``text`` at ``fraction`` and painting the ring took."""
    start = time.perf_counter()
    ring.set_state(text, "", fraction)
    ring.grab()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    """Print medians, p95 and maxima in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="917x819", help="the ring widget's size (full screen)")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    app = QApplication.instance() or QApplication(sys.argv)
    ring = CountdownRing()
    ring.resize(width, height)
    ring.show()
    warm_start = time.perf_counter()
    while ring._warm_timer.isActive():  # the player's own warm-up, one glyph per tick
        wait(5)
    print(f"ring {width}x{height}: warm-up done {1000 * (time.perf_counter() - warm_start):.0f} ms")
    rows = {
        "two digits": [str(n) for n in range(59, 9, -1)],
        "minutes": [f"9:{n:02d}" for n in range(59, 9, -1)],
    }
    for name, texts in rows.items():
        new_text, arc = [], []
        for number, text in enumerate(texts):
            fraction = number / len(texts)
            new_text.append(timed_ms(ring, text, fraction))
            arc.append(timed_ms(ring, text, fraction + 0.01))
        print(
            f"{name:>10}: new text median {median(new_text):.2f} ms, p95 "
            f"{percentile(new_text, 0.95):.2f}, max {max(new_text):.2f};"
            f" arc only median {median(arc):.2f} ms (whole ring grabbed)"
        )
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
