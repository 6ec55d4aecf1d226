"""``backcoach tray`` options: ranges checked before anything starts, usage errors exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backcoach.adapters.reminder_setup import tracker_config
from backcoach.cli import main
from backcoach.config.settings import Settings
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "0"], "--interval: must be 1 to 120 minutes, got 0"),
        (["--interval", "121"], "--interval: must be 1 to 120 minutes, got 121"),
        (["--interval", "soon"], "--interval: 'soon' is not a number of minutes"),
        (["--idle-threshold", "5"], "--idle-threshold: must be 10 to 1800 seconds, got 5"),
    ],
)
def test_out_of_range_options_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["tray", *args])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_options_override_the_settings_for_this_run() -> None:
    config, problems = tracker_config(Settings(reminder_interval_min=45), 1, 10)
    assert (config.interval_s, config.idle_threshold_s, problems) == (60, 10, [])
    config, _ = tracker_config(Settings(reminder_interval_min=45), None, None)
    assert (config.interval_s, config.idle_threshold_s) == (45 * 60, 300)


def test_unreadable_working_hours_are_reported_and_ignored() -> None:
    settings = Settings(working_hours_enabled=True, working_hours={"mon": ["9", "17:00"]})
    config, problems = tracker_config(settings, None, None)
    assert config.working_hours is None
    assert len(problems) == 1
    assert "settings.json: working_hours/mon/0: must be a time like 08:30" in problems[0]


def test_the_tray_command_loads_no_other_command() -> None:
    # The tray stays in memory all day: what other commands import must not weigh on it.
    script = (
        "import sys\n"
        "from backcoach.cli import COMMANDS, main\n"
        "try:\n"
        "    main(['tray', '--interval', '0'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "commands = {'backcoach.cli.' + name for name in COMMANDS}\n"
        "print(sorted(m for m in sys.modules if m in commands))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert result.stdout.strip() == "['backcoach.cli.tray']"
