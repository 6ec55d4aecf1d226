"""Screenshots of the history window, filled with four months of made-up but realistic use.

The person in the data stretches most mornings, does the beginner strength
circuit three evenings a week (back pain slowly falling from 4 to 1), took a
week off in September, stopped once for pain in August, and takes desk breaks
on workdays. The bundled routines give the titles, steps and planned times.

Run under a virtual screen (the script starts none itself)::

    Xvfb :97 -screen 0 1280x800x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb /work/venv/bin/python packaging/screenshots_history.py

It writes docs/screenshots/history.png (overview), history-sessions.png (the
session list with one session open) and history-empty.png (before any session).
With ``--lang da`` (or ``zh-TW``) the window is in that language and the files
are named history-da.png, history-sessions-da.png, history-empty-da.png.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.config import paths  # noqa: E402
from backcoach.core.history.store import BreakKind, HistoryStore  # noqa: E402
from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.core.routine.duration import step_duration_s  # noqa: E402
from backcoach.core.routine.model import RepsStep, Routine  # noqa: E402

TODAY = date(2026, 11, 22)
ZONE = ZoneInfo("Europe/Copenhagen")
DAYS = 118
HOLIDAY = (date(2026, 9, 12), date(2026, 9, 19))
NOTES = (
    "Felt loose afterwards.",
    "Hips tight after the long drive.",
    "Slept badly, took it slow.",
    "Easier than last week.",
    "Bird dog wobbly on the left side.",
)


def _steps(rng: random.Random, routine: Routine, fraction: float) -> list[StepRecord]:
    """Return the top-level step records, done up to ``fraction`` of the routine."""
    records = []
    planned_total = sum(step_duration_s(step) for step in routine.steps)
    budget = planned_total * fraction
    for index, step in enumerate(routine.steps):
        planned = step_duration_s(step)
        reps = step.reps * step.sets if isinstance(step, RepsStep) else None
        skipped = fraction >= 1 and rng.random() < 0.04
        done = 0.0 if skipped else max(0.0, min(planned, budget))
        budget -= planned
        done_reps = None
        if reps is not None and not skipped:
            done_reps = round(reps * done / planned) if planned else reps
        records.append(
            StepRecord(
                pointer=f"/steps/{index}",
                name=step.name.get(),
                planned_s=planned,
                done_s=done,
                planned_reps=reps,
                done_reps=done_reps,
                skipped=skipped,
            )
        )
    return records


def _session(
    rng: random.Random,
    routine: Routine,
    when: datetime,
    status: SessionStatus = SessionStatus.COMPLETED,
    pain: int | None = None,
    effort: int | None = None,
    note: str = "",
) -> SessionRecord:
    fraction = 1.0 if status is SessionStatus.COMPLETED else rng.uniform(0.3, 0.7)
    steps = _steps(rng, routine, fraction)
    planned = sum(step.planned_s for step in steps)
    done = sum(step.done_s for step in steps)
    started = when.timestamp()
    return SessionRecord(
        routine_id=routine.routine_id,
        routine_title=routine.title.get(),
        routine_kind=routine.kind.value,
        content_hash=routine.content_hash,
        started_at=started,
        utc_offset_s=int(when.utcoffset().total_seconds()),  # type: ignore[union-attr]
        planned_s=planned,
        ended_at=started + done + rng.uniform(20, 90),
        done_s=done,
        status=status,
        steps=steps,
        effort=effort,
        pain=pain,
        note=note,
    )


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def fill_log(store: HistoryStore, today: date = TODAY, seed: int = 11) -> int:
    """Write about four months of use up to ``today`` into ``store``; return the session count."""
    rng = random.Random(seed)
    catalog = load_catalog()
    routine = {r.routine_id: r for r in catalog.routines}
    records: list[SessionRecord] = []
    first = today - timedelta(days=DAYS)
    for offset in range(DAYS + 1):
        day = first + timedelta(days=offset)
        if HOLIDAY[0] <= day <= HOLIDAY[1]:
            continue
        progress = offset / DAYS
        weekend = day.weekday() >= 5
        recent = (today - day).days < 14
        base_pain = 4 - 3 * progress
        if recent or rng.random() < 0.72:
            hour, minute = (9, rng.randint(0, 50)) if weekend else (7, rng.randint(5, 45))
            morning = routine["stretch-flow" if rng.random() < 0.6 else "warm-up"]
            pain = max(0, round(base_pain + rng.uniform(-1, 1))) if rng.random() < 0.7 else None
            records.append(
                _session(rng, morning, _at(day, hour, minute), pain=pain, effort=rng.randint(2, 4))
            )
        if day.weekday() in (0, 2, 4) and (recent or rng.random() < 0.85):
            when = _at(day, 18, rng.randint(15, 55))
            strength = routine["strength-beginner"]
            if day == date(2026, 8, 10):
                records.append(_session(rng, strength, when, SessionStatus.STOPPED_FOR_PAIN, 6, 7))
                records.append(
                    _session(rng, routine["gentle-relief"], _at(day, 21, 5), pain=4, effort=2)
                )
                continue
            pain = min(2, round(base_pain)) if recent else max(0, round(base_pain + 0.4))
            status = SessionStatus.COMPLETED
            if not recent and rng.random() < 0.1:
                status = SessionStatus.STOPPED_EARLY
            note = rng.choice(NOTES) if rng.random() < 0.3 else ""
            records.append(_session(rng, strength, when, status, pain, rng.randint(5, 7), note))
        if not weekend:
            if rng.random() < 0.35:
                records.append(
                    _session(rng, routine["desk-break"], _at(day, 14, rng.randint(0, 50)))
                )
            for hour in range(9, 17):
                if rng.random() < 0.55:
                    at = _at(day, hour, rng.randint(0, 59))
                    kind = rng.choices(
                        (BreakKind.TAKEN, BreakKind.NATURAL, BreakKind.SNOOZED, BreakKind.SKIPPED),
                        weights=(50, 20, 15, 15),
                    )[0]
                    offset_s = int(at.utcoffset().total_seconds())  # type: ignore[union-attr]
                    store.log_break_event(kind, at.timestamp(), None, utc_offset_s=offset_s)
    store.add_many(records)
    return len(records)


def _wait_loaded(app, window) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    QTimer.singleShot(10000, loop.quit)
    if window.loading:
        loop.exec()
    for _ in range(5):
        app.processEvents()


def main() -> int:
    """Write the three screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", default="en", help="the window's language: en, da, zh-TW")
    args = parser.parse_args()
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    os.environ[paths.HOME_ENV] = tempfile.mkdtemp(prefix="backcoach-shots-")

    from PySide6.QtWidgets import QApplication

    from backcoach.i18n import set_language
    from backcoach.ui.app.qt_translations import install_qt_translations
    from backcoach.ui.history.window import HistoryWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    set_language(args.lang)
    install_qt_translations(app)
    args.out.mkdir(parents=True, exist_ok=True)

    empty = HistoryWindow(today=lambda: TODAY)
    empty.resize(1180, 790)
    empty.show()
    _wait_loaded(app, empty)
    empty.grab().save(str(args.out / f"history-empty{suffix}.png"))
    empty.close()

    with HistoryStore() as store:
        count = fill_log(store)
    print(f"generated {count} sessions in {paths.history_db_path()}")
    window = HistoryWindow(today=lambda: TODAY)
    window.resize(1180, 790)
    window.show()
    _wait_loaded(app, window)
    window.grab().save(str(args.out / f"history{suffix}.png"))
    window.tabs.setCurrentIndex(1)
    window.sessions_page.table.selectRow(4)
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(args.out / f"history-sessions{suffix}.png"))
    window.close()
    print(f"wrote {args.out}/history{suffix}.png, history-sessions{suffix}.png, ...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
