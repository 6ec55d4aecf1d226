"""The pieces that keep long texts whole: a label that fits its line, a row that stacks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from backcoach.ui.app.responsive_row import ResponsiveRow
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.player.fitting_label import FittingLabel

LONG = "Knæløft mod brystet med rolig vejrtrækning og afslappede skuldre"


def _label(qtbot, width: int, min_scale: float = 0.6) -> FittingLabel:
    label = FittingLabel(min_scale)
    qtbot.addWidget(label)
    font = QFont()
    font.setPixelSize(40)
    label.setFont(font)
    label.resize(width, 60)
    label.show()  # a hidden widget hears of its new size only when shown
    return label


def test_a_text_that_fits_is_shown_whole_at_full_size(qtbot) -> None:
    label = _label(qtbot, 2000)
    label.setText(LONG)
    assert label.shown_text() == LONG and not label.is_cut()
    assert label.fontInfo().pixelSize() == 40
    assert label.toolTip() == ""


def test_a_longer_text_shrinks_its_font_before_it_is_cut(qtbot) -> None:
    label = _label(qtbot, 2000)
    label.setText(LONG)
    full_width = label.sizeHint().width()
    label.resize(int(full_width * 0.8), 60)
    assert not label.is_cut()
    assert 24 <= label.fontInfo().pixelSize() < 40
    assert label.text() == LONG
    assert label.sizeHint().width() == full_width  # still asks for the room at full size


def test_a_text_too_long_even_when_small_is_cut_with_the_whole_in_the_tooltip(qtbot) -> None:
    label = _label(qtbot, 200)
    label.setText(LONG)
    assert label.is_cut() and label.shown_text().endswith("…")
    assert label.toolTip() == LONG and label.text() == LONG
    assert label.minimumSizeHint().width() <= 1  # it never pushes its window wider
    label.resize(4000, 60)
    assert not label.is_cut() and label.fontInfo().pixelSize() == 40


def _buttons(texts: list[str]) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    for text in texts:
        row.addWidget(QPushButton(text))
    return holder


def test_a_row_stacks_its_parts_when_the_window_is_too_narrow_and_back(qtbot) -> None:
    row = ResponsiveRow()
    qtbot.addWidget(row)
    first, second = _buttons(["Pause (Space)"] * 4), _buttons(["Full screen (F)"] * 3)
    row.add(first, 1)
    row.add(second)
    needed = row.row_width()
    row.resize(needed + 50, 200)
    row.show()
    qtbot.waitUntil(lambda: not row.stacked)
    assert second.geometry().top() == first.geometry().top()
    row.resize(needed - 50, 200)
    qtbot.waitUntil(lambda: row.stacked)
    qtbot.waitUntil(lambda: second.geometry().top() >= first.geometry().bottom())
    assert row.minimumSizeHint().width() < needed
    row.resize(needed + 50, 200)
    qtbot.waitUntil(lambda: not row.stacked)


def test_clicking_a_safety_sentence_ticks_its_box(qtbot) -> None:
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.checks[0]
    label = next(lab for lab in dialog.findChildren(QLabel) if lab.buddy() is box)
    assert label.wordWrap() and box.accessibleName() == label.text()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert box.isChecked()


def test_a_new_text_that_fits_at_the_same_size_changes_no_font(qtbot) -> None:
    """A label set ten times a second must not re-lay out the window for an equal font."""
    from PySide6.QtCore import QEvent, QObject

    from backcoach.ui.player.fitting_label import FittingLabel

    label = FittingLabel()
    qtbot.addWidget(label)
    label.resize(400, 40)
    label.setText("5:58 left")

    class FontChanges(QObject):
        count = 0

        def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.FontChange:
                FontChanges.count += 1
            return False

    changes = FontChanges()
    label.installEventFilter(changes)
    for text in ("5:57 left", "5:56 left", "5:55 left"):
        label.setText(text)
        assert label.shown_text() == text
    assert FontChanges.count == 0
    label.setText("a much longer text than the label has room for at its size " * 3)
    assert FontChanges.count == 1  # shrinking it is a real change
