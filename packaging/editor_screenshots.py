"""Take the routine editor's README screenshots on an X display.

Usage (from the repository root)::

    Xvfb :97 -screen 0 1366x768x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/editor_screenshots.py [OUT_DIR]
    ... packaging/editor_screenshots.py --lang da [OUT_DIR]   # the editor in Danish

Saves ``editor-circuit.png`` (a copy of the bundled strength circuit, a step inside the
circuit selected), ``editor-warning.png`` (a lowering tempo faster than the lift: a
safety warning at the field) and ``editor-error.png`` (an impossible number of reps: an
error at the field, Save disabled), then ``editor-drafts.png`` (File → Open draft…
with that routine kept as a draft, its autosave and a broken draft). Each picture is
grabbed from the X server. With ``--lang da`` (or ``zh-TW``) the editor is in that
language (its texts too: "Texts in" starts in the user's language) and each name ends
in ``-da`` (``-zh-TW``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("BACKCOACH_HOME", tempfile.mkdtemp(prefix="backcoach-shots-"))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import save as grab  # noqa: E402  (packaging/screenshots.py)

from backcoach.core.routine.sharing import drafts_dir, open_for_editing  # noqa: E402
from backcoach.i18n import set_language  # noqa: E402
from backcoach.ui.app.qt_translations import install_qt_translations  # noqa: E402
from backcoach.ui.editor.drafts import DraftsDialog  # noqa: E402
from backcoach.ui.editor.window import EditorWindow  # noqa: E402

SIZE = (1280, 760)


def save(window: EditorWindow, folder: Path, name: str, suffix: str = "") -> None:
    """Wait for the newest preview, then grab the window like the other screenshots."""
    window.wait_for_preview()
    stem, ext = name.rsplit(".", 1)
    grab(window, folder, f"{stem}{suffix}.{ext}")


def main() -> int:
    """Take the three editor screenshots; return the exit code."""
    args = sys.argv[1:]
    language = "en"
    if args[:1] == ["--lang"] and len(args) > 1:
        language, args = args[1], args[2:]
    suffix = "" if language == "en" else f"-{language}"
    folder = Path(args[0]) if args else REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BackCoach")
    set_language(language)
    install_qt_translations(app)
    window = EditorWindow(open_for_editing("strength-beginner"), play=print, speak=print)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.tree.select_pointer("/steps/0/steps/1")
    save(window, folder, "editor-circuit.png", suffix)

    window.tree.select_pointer("/steps/0/steps/0")
    window.binder.widgets["/steps/0/steps/0/tempo/down_s"].setValue(0.5)
    save(window, folder, "editor-warning.png", suffix)
    window.undo_stack.undo()

    window.tree.select_pointer("/steps/0/steps/2")
    window.binder.widgets["/steps/0/steps/2/reps"].setValue(500)
    save(window, folder, "editor-error.png", suffix)
    window.keep_draft()
    window.autosave()
    (drafts_dir() / "draft-broken.json").write_text('{"id": "broken",\n  "title": ')
    window.undo_stack.setClean()
    dialog = DraftsDialog(window)
    dialog.show()
    grab(dialog, folder, f"editor-drafts{suffix}.png")
    dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
