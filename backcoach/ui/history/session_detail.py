"""One session in full, as the HTML page beside the session list: times, answers, steps."""

from __future__ import annotations

import html

from backcoach.core.history.stats import SessionDetail
from backcoach.core.playback.completion import StepOutcome, step_outcome
from backcoach.core.playback.record import SessionStatus, StepRecord
from backcoach.core.routine.describe import format_duration
from backcoach.ui.history.session_table import STATUS_WORDS, done_text

_SOURCE_WORDS = {"gui": "in the app window", "headless": "in the terminal"}
NO_SELECTION_HTML = (
    "<p style='color:#666'>Choose a session in the list to see what was planned and done.</p>"
)


def _amount(seconds: float, reps: int | None) -> str:
    return f"{reps} reps" if reps is not None else format_duration(seconds)


def _steps_html(steps: tuple[StepRecord, ...]) -> str:
    if not steps:
        return "<p>No steps were recorded for this session.</p>"
    done = sum(1 for step in steps if step_outcome(step) is StepOutcome.DONE)
    skipped = sum(1 for step in steps if step.skipped)
    summary = f"{done} of {len(steps)} steps done" + (f", {skipped} skipped" if skipped else "")
    rows = []
    for number, step in enumerate(steps, start=1):
        outcome = step_outcome(step)
        colour = {StepOutcome.SKIPPED: "#9a6700", StepOutcome.NOT_REACHED: "#777"}.get(
            outcome, "inherit"
        )
        rows.append(
            f"<tr><td>{number}</td><td>{html.escape(step.name)}</td>"
            f"<td align='right'>{_amount(step.planned_s, step.planned_reps)}</td>"
            f"<td align='right'>{_amount(step.done_s, step.done_reps)}</td>"
            f"<td style='color:{colour}'>{outcome.value}</td></tr>"
        )
    return (
        f"<h3>Steps</h3><p>{summary}.</p>"
        "<table cellspacing='0' cellpadding='3' width='100%'>"
        "<tr style='background:#eef1f4'><th align='left'>#</th><th align='left'>Step</th>"
        "<th align='right'>Planned</th><th align='right'>Done</th><th align='left'>Result</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def session_detail_html(detail: SessionDetail) -> str:
    """Return the page of one session."""
    s = detail.summary
    when = f"{s.day:%A} {s.day.day} {s.day:%B %Y}, {s.start:%H:%M}"
    if detail.end is not None:
        when += f"–{detail.end:%H:%M}"
    status = STATUS_WORDS[s.status]
    if s.status is SessionStatus.STOPPED_FOR_PAIN:
        status = f"<span style='color:#b03a2e'><b>{status}</b></span>"
    answers = []
    if s.effort is not None:
        answers.append(f"<b>Effort:</b> {s.effort}/10")
    if s.pain is not None:
        answers.append(f"<b>Back pain:</b> {s.pain}/10")
    answered = " &nbsp; ".join(answers) if answers else "No effort or pain answer was given."
    note = f"<p><b>Note:</b> {html.escape(s.note)}</p>" if s.note else ""
    where = _SOURCE_WORDS.get(s.source, s.source)
    return (
        f"<h2>{html.escape(s.routine_title)}</h2>"
        f"<p>{when}<br><b>Status:</b> {status} &nbsp; <b>Done:</b> {done_text(s)}"
        f" &nbsp; <span style='color:#666'>(played {html.escape(where)})</span></p>"
        f"<p>{answered}</p>{note}" + _steps_html(detail.steps)
    )
