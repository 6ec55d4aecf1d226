"""The core must never import Qt: it is shared by the window, the terminal runner and the tests."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import backcoach.core


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [
        info.name
        for info in pkgutil.walk_packages(backcoach.core.__path__, prefix="backcoach.core.")
    ]
    assert "backcoach.core.routine.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core imported Qt: {result.stdout}"
