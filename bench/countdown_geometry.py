"""How large the player's countdown is, for each countdown text, at three page sizes.

Measured as the layout tests measure it (``tests/ui/test_player_layout.py``):
the player page is sized as a full-screen window would size it (the page
fills the screen), a 15-minute hold plays on a hand-moved clock until the
ring shows each text, and the digits' ink rectangle
(``CountdownRing.digits_rect()``) is compared with the page's height. Also
printed: the ring's diameter, the font's pixel size and how narrow the
digits are drawn (1.0: as the font draws them).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/countdown_geometry.py
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.config.paths import assets_dir  # noqa: E402
from backcoach.config.settings import Settings  # noqa: E402
from backcoach.ui.player.page import PlayerPage  # noqa: E402
from tests import builders as b  # noqa: E402
from tests.fakes import FakeClock, FakeVoice  # noqa: E402

SIZES = [(800, 600), (1366, 768), (1920, 1080)]
TEXTS = ["15", "10", "9:59", "2:00", "1:40", "99", "90", "5"]
"""From ten minutes left the countdown shows whole minutes ("15", "10") over "minutes left"."""


def measure(width: int, height: int) -> list[str]:
    """Return one table row per countdown text for a page ``width`` × ``height``."""
    clock = FakeClock()
    page = PlayerPage(Settings(), FakeVoice(), clock=clock)
    page.show()
    step = replace(
        b.hold("Side plank", 900, instruction="Lift your hips into one line, and hold."),
        illustration=assets_dir() / "illustrations" / "plank.svg",
    )
    page.start(b.routine(step, title="Tiny"))
    page.resize(width, height)
    QApplication.processEvents()
    rows = []
    for text in TEXTS:
        while page.ring.text != text:
            clock.advance(0.1)
            page.tick()
        page.refresh()
        QApplication.processEvents()
        assert page.size().toTuple() == (width, height), "the page fits the screen"
        ring, ink = page.ring, page.ring.digits_rect()
        big = ring._fitted(text, ring._inner(), 0.0)
        share = 100 * ink.height() / height
        rows.append(
            f"| {width}×{height} | {text} | {ring.ring_rect().width():.0f} px"
            f" | {ink.width():.0f} × {ink.height():.0f} px | **{share:.1f} %**"
            f" | {big.font.pixelSize()} px | {big.squeeze:.2f} |"
        )
    page.stop()
    page.deleteLater()
    return rows


def main() -> int:
    """Print the table (Markdown)."""
    app = QApplication.instance() or QApplication(sys.argv)
    print("| page | text | ring | digits' ink | ink / page height | font | digits' width |")
    print("|---|---|---|---|---|---|---|")
    for width, height in SIZES:
        for row in measure(width, height):
            print(row)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
