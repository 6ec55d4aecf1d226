"""The timeline strip: a routine's compiled segments in time, with the spoken cues marked.

The editor shows it as its live preview (with the selected step's stretches
underlined); the library shows it in a routine's detail pane.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.core.playback.cues import Cue, CueKind
from backcoach.core.playback.timeline import BREATH_KINDS, SegmentKind, Timeline
from backcoach.i18n import N_, _, ngettext

GROUPS: dict[str, tuple[str, str]] = {
    # Translators: the stretches of a routine's timeline strip.
    "prepare": (N_("Prepare"), "#9aa5b1"),
    "work": (N_("Work"), "#1f5fa8"),
    "rest": (N_("Rest"), "#3c9a5f"),
    "switch": (N_("Switch sides"), "#8e5bb5"),
    "breathing": (N_("Breathing"), "#2aa1a8"),
}


def legend_html() -> str:
    """Return the strip's legend (a coloured square and the name of each kind of stretch)."""
    return " &nbsp; ".join(
        f"<span style='color:{color}'>■</span>&nbsp;{html.escape(_(label))}"
        for label, color in GROUPS.values()
    )


def _group_of(kind: SegmentKind) -> str | None:
    if kind == SegmentKind.PREPARE:
        return "prepare"
    if kind in {SegmentKind.REST, SegmentKind.ROUND_REST, SegmentKind.SET_REST}:
        return "rest"
    if kind == SegmentKind.SWITCH:
        return "switch"
    if kind in BREATH_KINDS:
        return "breathing"
    if kind == SegmentKind.FINISH:
        return None
    return "work"  # reps, holds, timed work, waiting for "done"


_GROUP_OF_KIND = {kind: _group_of(kind) for kind in SegmentKind}


def segment_group(kind: SegmentKind) -> str | None:
    """Return the preview group of a segment kind (None for the zero-length finish)."""
    return _GROUP_OF_KIND[kind]


@dataclass(frozen=True)
class Bar:
    """One stretch of the strip: [start, end) seconds, its group and the step it belongs to."""

    start_s: float
    end_s: float
    group: str
    pointer: str


def bars_of(timeline: Timeline) -> list[Bar]:
    """Merge neighbouring segments of one group and step into bars (fewer to paint)."""
    bars: list[Bar] = []
    group_of = _GROUP_OF_KIND
    for segment in timeline.segments:
        group = group_of[segment.kind]
        if group is None or segment.duration_s <= 0:
            continue
        last = bars[-1] if bars else None
        if last and last.group == group and last.pointer == segment.pointer:
            bars[-1] = Bar(last.start_s, segment.end_s, group, segment.pointer)
        else:
            bars.append(Bar(segment.start_s, segment.end_s, group, segment.pointer))
    return bars


class PreviewStrip(QWidget):
    """Paints the routine's bars; the selected step's bars are outlined; cues are ticks above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewStrip")
        self.setAccessibleName(_("Timeline preview"))
        self.setMinimumHeight(54)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.bars: list[Bar] = []
        self._timeline: Timeline | None = None
        self.cue_times: list[float] = []
        self.total_s = 0.0
        self.selected = ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 54)

    def show_timeline(self, timeline: Timeline | None, cues: tuple[Cue, ...] | None = ()) -> None:
        """Show ``timeline`` (None: an empty strip, e.g. while the routine is invalid).

        ``cues=None`` keeps the cue marks shown (the editor draws the stretches
        of an edit first and its newly planned cues a moment later).
        """
        if timeline is not self._timeline:  # the same timeline with its cues: the same bars
            self.bars = bars_of(timeline) if timeline else []
            self._timeline = timeline
        if cues is not None:
            self.cue_times = [c.at_s for c in cues if c.kind is CueKind.SPEECH]
        self.total_s = timeline.total_s if timeline else 0.0
        cues_said = len(self.cue_times)
        self.setToolTip(
            ngettext(
                "{stretches} stretches, {n} spoken cue",
                "{stretches} stretches, {n} spoken cues",
                cues_said,
            ).format(stretches=len(self.bars), n=cues_said)
            if timeline
            else ""
        )
        self.update()

    def select(self, pointer: str) -> None:
        """Outline the bars of the step at ``pointer`` (and its inner steps)."""
        self.selected = pointer
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        width = max(1, self.width() - 2)
        painter.fillRect(self.rect(), self.palette().base())
        if self.total_s <= 0:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No preview"))
            return
        scale = width / self.total_s
        top, height = 14.0, float(self.height() - 18)
        selected: list[QRectF] = []
        colors = {group: QColor(color) for group, (_name, color) in GROUPS.items()}
        for bar in self.bars:
            rect = QRectF(
                1 + bar.start_s * scale, top, max(1.0, (bar.end_s - bar.start_s) * scale), height
            )
            painter.fillRect(rect, colors[bar.group])
            if self.selected and (
                bar.pointer == self.selected or bar.pointer.startswith(self.selected + "/")
            ):
                selected.append(rect)
        pen = QPen(self.palette().color(QPalette.ColorRole.Text))  # readable in every theme
        pen.setWidth(1)
        painter.setPen(pen)
        # A long routine has thousands of cues on a few hundred pixels: one tick per pixel.
        tick_end = int(top) - 2
        for x in {int(1 + at * scale) for at in self.cue_times}:
            painter.drawLine(x, 2, x, tick_end)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            for rect in selected:  # a band under each stretch of the selected step
                painter.fillRect(
                    QRectF(rect.left(), top + height - 5, rect.width(), 5), QColor("#f0b400")
                )
