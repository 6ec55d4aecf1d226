"""The installed Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 returns ``None`` without a reference on Python 3.11, so every
call of a method that returns nothing takes one reference from ``None``; the
player makes thousands of such calls a minute and the process aborts with
"none_dealloc". pyproject.toml keeps that version out; this test catches it
(or a relapse) in whatever is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_that_return_nothing_keep_the_count_of_none(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("3")
        label.setVisible(False)
    assert sys.getrefcount(None) >= before - 50  # a little noise from the interpreter is fine
