"""Messages from background threads reach the GUI thread, once each."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from backcoach.ui.app.thread_messages import ThreadMessages


def test_a_message_from_a_thread_arrives_on_the_gui_thread_once(qtbot) -> None:
    mailbox = ThreadMessages()
    received: list[tuple[str, bool]] = []
    gui = QThread.currentThread()
    mailbox.received.connect(lambda text: received.append((text, QThread.currentThread() is gui)))
    workers = [
        threading.Thread(target=mailbox.post, args=("Spoken cues are off.",)) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    qtbot.waitUntil(lambda: len(received) == 1, timeout=2000)
    qtbot.wait(50)
    assert received == [("Spoken cues are off.", True)]
