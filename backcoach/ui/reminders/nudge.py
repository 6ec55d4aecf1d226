"""The nudge: a small window in the screen's corner that says a break is due.

It stays on top but never takes the keyboard focus (the user may be typing a
sentence when it appears): it is a frameless tool window shown without
activation that refuses focus. Three choices: start the desk break, snooze
5 minutes, skip. Ignoring it is a choice too; the reminder logic repeats it
gently.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backcoach.core.reminders.break_routine import BreakSummary, break_summary
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.describe import format_duration
from backcoach.i18n import N_, _, ngettext

WINDOW_TITLE = N_("BackCoach - time to move")
_MARGIN_PX = 24
PICTURE_SIZE = QSize(120, 72)
WIDTH_PX = 420
"""The nudge's width, or wider where the buttons' texts need it (a long language)."""


def nudge_message(sitting_minutes: int, repeat: int) -> tuple[str, str]:
    """Return the heading and the body for a nudge after ``sitting_minutes`` of sitting."""
    heading = _("Time to stand up") if repeat == 0 else _("Still sitting - a short break now")
    body = ngettext(
        "You have been at the computer for a minute. Stand up and move gently for one or two"
        " minutes: your lower back will thank you.",
        "You have been at the computer for {minutes} minutes. Stand up and move gently for one"
        " or two minutes: your lower back will thank you.",
        sitting_minutes,
    ).format(minutes=sitting_minutes)
    return heading, body


class NudgeWindow(QWidget):
    """The break reminder window; emits what the user chose."""

    start_break_clicked = Signal()
    snooze_clicked = Signal()
    skip_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(WINDOW_TITLE))
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("nudge")
        self.setStyleSheet(
            "#nudge { background: palette(window); border: 2px solid #2a7f62; border-radius: 8px; }"
        )

        self.heading = QLabel()
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.picture = QLabel()
        self.picture.setObjectName("nudgePicture")
        self.picture.setFixedSize(PICTURE_SIZE)
        self.picture.hide()
        self.break_line = QLabel()
        self.break_line.setObjectName("nudgeBreak")
        self.break_line.setWordWrap(True)
        self.break_line.hide()

        self.start_button = QPushButton(_("Start desk break"))
        self.start_button.setDefault(True)
        self.snooze_button = QPushButton(_("Snooze 5 min"))
        self.skip_button = QPushButton(_("Skip"))
        buttons = QHBoxLayout()
        self._buttons = buttons
        for button in (self.start_button, self.snooze_button, self.skip_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        self.start_button.clicked.connect(self.start_break_clicked)
        self.snooze_button.clicked.connect(self.snooze_clicked)
        self.skip_button.clicked.connect(self.skip_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        what = QHBoxLayout()
        what.addWidget(self.picture)
        what.addWidget(self.break_line, 1)
        layout.addLayout(what)
        layout.addLayout(buttons)
        self.setFixedWidth(WIDTH_PX)

    def set_break(self, summary: BreakSummary | None) -> None:
        """Show which routine Start plays: its title, how long it takes and its first picture."""
        if summary is None:
            self.break_line.hide()
            self.picture.hide()
            self.start_button.setAccessibleDescription("")
            return
        line = _("{title} · takes {duration}").format(
            title=summary.title, duration=format_duration(summary.duration_s)
        )
        self.break_line.setText(line)
        self.break_line.show()
        self.start_button.setAccessibleDescription(line)
        pixmap = _picture(summary.picture) if summary.picture else None
        self.picture.setVisible(pixmap is not None)
        if pixmap is not None:
            self.picture.setPixmap(pixmap)
            self.picture.setAccessibleName(_("Picture: {title}").format(title=summary.title))

    def is_nudge_open(self) -> bool:
        """Return True while the nudge is on screen (``core.reminders.driver.NudgeView``)."""
        return self.isVisible()

    def hide_nudge(self) -> None:
        """Close the nudge (``core.reminders.driver.NudgeView``)."""
        self.hide()

    def show_nudge(self, sitting_minutes: int, repeat: int = 0) -> None:
        """Fill in the texts and show the window in the bottom-right corner, without focus."""
        heading, body = nudge_message(sitting_minutes, repeat)
        self.heading.setText(heading)
        self.body.setText(body)
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        buttons = self._buttons.sizeHint().width() + margins.left() + margins.right()
        self.setFixedWidth(max(WIDTH_PX, buttons))
        self.adjustSize()
        self._move_to_corner()
        self.show()
        self.raise_()

    def _move_to_corner(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        x = area.right() - self.width() - _MARGIN_PX
        y = area.bottom() - self.sizeHint().height() - _MARGIN_PX
        self.move(max(area.left(), x), max(area.top(), y))


def break_summary_for(routine_id: str, language: str = "en") -> BreakSummary | None:
    """Return what the nudge shows about ``routine_id``, or None when no such routine loads."""
    routine = load_catalog().find(routine_id)
    return break_summary(routine, language) if routine is not None else None


def _picture(path: Path | str) -> QPixmap | None:
    """Render ``path`` (SVG or a bitmap) into the nudge's picture size; None if unreadable."""
    if str(path).lower().endswith(".svg"):
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return None
        pixmap = QPixmap(PICTURE_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        size = renderer.defaultSize().scaled(PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
        left = (PICTURE_SIZE.width() - size.width()) / 2
        top = (PICTURE_SIZE.height() - size.height()) / 2
        renderer.render(painter, QRectF(left, top, size.width(), size.height()))
        painter.end()
        return pixmap
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return None
    return pixmap.scaled(PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
