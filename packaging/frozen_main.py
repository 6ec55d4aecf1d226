"""Entry point of the bundled BackCoach (PyInstaller), the program behind ``/usr/bin/backcoach``.

In a bundle ``sys.executable`` is this program, not a Python interpreter,
yet BackCoach starts its helpers as ``sys.executable -m MODULE ...`` (the
speech worker, the nudge window, the app from the tray). So ``-m MODULE``
is understood here the way Python understands it. Everything else goes to
the ``backcoach`` command line, after checking that the system libraries a
window needs are there (one sentence instead of Qt's page of advice).
"""

from __future__ import annotations

import runpy
import sys


def main(argv: list[str]) -> int:
    """Run ``backcoach argv`` (or ``python -m MODULE ...``) and return the exit code."""
    from backcoach.adapters.qt_libs import exit_if_qt_cannot_start

    exit_if_qt_cannot_start(argv)
    if len(argv) >= 2 and argv[0] == "-m":
        sys.argv = [sys.argv[0], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return 0
    from backcoach.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
