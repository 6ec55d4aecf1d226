"""Draws one library row: picture, title (wrapped to two lines), kind/time/level, use, languages.

A long title (Danish compounds, Chinese without spaces) wraps onto a second
line and only then ends in "…"; the full title is in the row's tooltip and
accessible text. The kind/time/level line always has its own line, so it is
never pushed out by the title. Every row has the same height (the view can
then lay out hundreds of rows without measuring each).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from backcoach.ui.app.theme import text_colour
from backcoach.ui.library.model import Role
from backcoach.ui.library.thumbnails import thumbnail

Index = QModelIndex | QPersistentModelIndex
PAD = 8
PICTURE = QSize(96, 72)
TITLE_LINES = 2
BADGE_COLOR = "#e3ecf7"
BADGE_TEXT = "#1f3f66"
PLACEHOLDER = "#e6e6e0"


def title_font(base: QFont) -> QFont:
    """Return the card title's font: the list's, bold and a little larger."""
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * 1.15)
    return font


def small_font(base: QFont) -> QFont:
    """Return the font of the use line and the badges."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * 0.9)
    return font


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """Return ``text`` broken into at most ``max_lines`` lines of ``width``; the last elided."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long Danish words
    layout.setTextOption(option)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].rstrip() for start, length in spans[:max_lines]]
    if len(spans) > max_lines:
        rest = text[spans[max_lines - 1][0] :]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class RoutineDelegate(QStyledItemDelegate):
    """Paints ``RoutineListModel`` rows as cards."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[str, tuple[int, int]] = {}

    def row_height(self, base: QFont, heading: bool = False) -> int:
        """Return the height of a routine row (or a heading) for the list's font."""
        key = base.key()
        if key not in self._heights:
            self._heights[key] = (self._row_height(base), self._heading_height(base))
        return self._heights[key][1 if heading else 0]

    @staticmethod
    def _heading_height(base: QFont) -> int:
        return QFontMetrics(title_font(base)).height() + 14

    @staticmethod
    def _row_height(base: QFont) -> int:
        text = (
            TITLE_LINES * QFontMetrics(title_font(base)).lineSpacing()
            + QFontMetrics(base).lineSpacing()
            + QFontMetrics(small_font(base)).lineSpacing()
            + 6
        )
        return 2 * PAD + max(PICTURE.height(), text)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """Return one height for every routine row, a smaller one for headings."""
        heading = bool(index.data(Role.HEADING))
        return QSize(option.rect.width(), self.row_height(option.font, heading))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the heading or the routine card of ``index``."""
        painter.save()
        try:
            if index.data(Role.HEADING):
                self._paint_heading(painter, option, index)
            else:
                self._paint_card(painter, option, index)
        finally:
            painter.restore()

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect.adjusted(PAD, 4, -PAD, -2)
        painter.setFont(title_font(option.font))
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, index.data()
        )
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        rect: QRect = option.rect
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = text_color if selected else QColor(text_colour("muted"))

        picture_rect = QRect(rect.left() + PAD, rect.top() + PAD, PICTURE.width(), PICTURE.height())
        path: Path | None = index.data(Role.PICTURE)
        pixmap = thumbnail(path, PICTURE, painter.device().devicePixelRatioF())
        if pixmap is not None:
            painter.drawPixmap(picture_rect, pixmap)
        else:
            painter.fillRect(picture_rect, QColor(PLACEHOLDER))

        left = picture_rect.right() + 1 + 2 * PAD
        width = max(40, rect.right() - PAD - left)
        y = rect.top() + PAD
        font = title_font(option.font)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(text_color)
        for line in wrapped_lines(index.data(), font, width, TITLE_LINES):
            painter.drawText(left, y + metrics.ascent(), line)
            y += metrics.lineSpacing()

        base = QFontMetrics(option.font)
        painter.setFont(option.font)
        meta = base.elidedText(index.data(Role.META), Qt.TextElideMode.ElideRight, width)
        painter.drawText(left, y + base.ascent(), meta)

        small = small_font(option.font)
        small_metrics = QFontMetrics(small)
        y = rect.bottom() - PAD - small_metrics.height()
        painter.setFont(small)
        badges_width = self._paint_badges(
            painter, index.data(Role.BADGES), rect.right() - PAD, y, small_metrics
        )
        painter.setPen(quiet)
        use = small_metrics.elidedText(
            index.data(Role.USE), Qt.TextElideMode.ElideRight, max(20, width - badges_width - PAD)
        )
        painter.drawText(left, y + small_metrics.ascent(), use)

    def _paint_badges(
        self, painter: QPainter, badges: tuple[str, ...], right: int, y: int, metrics: QFontMetrics
    ) -> int:
        """Draw the language badges ending at ``right``; return the width they took."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = float(right)
        height = metrics.height()
        for badge in reversed(badges):
            box_width = metrics.horizontalAdvance(badge) + 10
            x -= box_width
            box = QRectF(x, y, box_width, height)
            painter.setPen(QPen(Qt.PenStyle.NoPen))
            painter.setBrush(QColor(BADGE_COLOR))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor(BADGE_TEXT))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
            x -= 4
        return int(right - x)
