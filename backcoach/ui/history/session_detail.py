"""One session in full, as the HTML page beside the session list: times, answers, steps."""

from __future__ import annotations

import html

from backcoach.core.history.stats import SessionDetail
from backcoach.core.playback.completion import StepOutcome, step_outcome
from backcoach.core.playback.record import SessionStatus, StepRecord
from backcoach.core.routine.describe import format_duration
from backcoach.i18n import N_, _, ngettext, with_extra
from backcoach.ui.app.theme import text_colour
from backcoach.ui.history.dates import format_date
from backcoach.ui.history.session_table import STATUS_WORDS, done_text

_SOURCE_WORDS = {"gui": N_("played in the app window"), "headless": N_("played in the terminal")}
_OUTCOME_WORDS = {
    StepOutcome.DONE: N_("Done"),
    StepOutcome.PARTLY_DONE: N_("Partly done"),
    StepOutcome.SKIPPED: N_("Skipped"),
    StepOutcome.NOT_REACHED: N_("Not reached"),
}


def no_selection_html() -> str:
    """Return the page shown while no session is chosen."""
    text = _("Choose a session in the list to see what was planned and done.")
    return quiet_html(text)


def quiet_html(text: str) -> str:
    """Return ``text`` as a paragraph in the theme's quieter (still readable) text colour."""
    return f"<p style='color:{text_colour('muted')}'>{html.escape(text)}</p>"


def _amount(seconds: float, reps: int | None) -> str:
    if reps is None:
        return format_duration(seconds)
    return ngettext("{n} rep", "{n} reps", reps).format(n=reps)


def _steps_html(steps: tuple[StepRecord, ...]) -> str:
    if not steps:
        return "<p>" + html.escape(_("No steps were recorded for this session.")) + "</p>"
    done = sum(1 for step in steps if step_outcome(step) is StepOutcome.DONE)
    skipped = sum(1 for step in steps if step.skipped)
    if skipped:
        summary = ngettext(
            "{done} of {n} step done, {skipped} skipped.",
            "{done} of {n} steps done, {skipped} skipped.",
            len(steps),
        ).format(done=done, n=len(steps), skipped=skipped)
    else:
        summary = ngettext("{done} of {n} step done.", "{done} of {n} steps done.", len(steps))
        summary = summary.format(done=done, n=len(steps))
    rows = []
    for number, step in enumerate(steps, start=1):
        outcome = step_outcome(step)
        colour = {
            StepOutcome.SKIPPED: text_colour("warning"),
            StepOutcome.NOT_REACHED: text_colour("muted"),
        }.get(outcome, "inherit")
        rows.append(
            f"<tr><td>{number}</td><td>{html.escape(step.name)}</td>"
            f"<td align='right'>{_amount(step.planned_s, step.planned_reps)}</td>"
            f"<td align='right'>{_amount(step.done_s, step.done_reps)}</td>"
            f"<td style='color:{colour}'>{html.escape(_(_OUTCOME_WORDS[outcome]))}</td></tr>"
        )
    heads = (_("Step"), _("Planned"), _("Done"), _("Result"))
    steps_heading = html.escape(_("Steps"))
    return (
        f"<h3>{steps_heading}</h3><p>{html.escape(summary)}</p>"
        "<table cellspacing='0' cellpadding='3' width='100%'>"
        "<tr><th align='left'>#</th>"
        f"<th align='left'>{heads[0]}</th><th align='right'>{heads[1]}</th>"
        f"<th align='right'>{heads[2]}</th><th align='left'>{heads[3]}</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def session_detail_html(detail: SessionDetail) -> str:
    """Return the page of one session."""
    s = detail.summary
    # Translators: a QLocale date format (dddd weekday, d day, MMMM month, yyyy year).
    day_format = _("dddd d MMMM yyyy")
    # Translators: a session's day and the time it started, as in "Monday 30 November 2026, 09:30".
    when = _("{date}, {time}").format(date=format_date(s.day, day_format), time=f"{s.start:%H:%M}")
    if detail.end is not None:
        when += f"–{detail.end:%H:%M}"
    status = html.escape(_(STATUS_WORDS[s.status]))
    if s.status is SessionStatus.STOPPED_FOR_PAIN:
        status = f"<span style='color:{text_colour('danger')}'><b>{status}</b></span>"
    effort, pain, note_label = _("Effort:"), _("Back pain:"), _("Note:")
    status_label, done_label = _("Status:"), _("Done:")
    answers = []
    if s.effort is not None:
        answers.append(f"<b>{html.escape(effort)}</b> {s.effort}/10")
    if s.pain is not None:
        answers.append(f"<b>{html.escape(pain)}</b> {s.pain}/10")
    answered = (
        " &nbsp; ".join(answers)
        if answers
        else html.escape(_("No effort or pain answer was given."))
    )
    note = f"<p><b>{html.escape(note_label)}</b> {html.escape(s.note)}</p>" if s.note else ""
    source = _SOURCE_WORDS.get(s.source)
    where = _(source) if source else _("played in {source}").format(source=s.source)
    muted_where = f"<span style='color:{text_colour('muted')}'>{html.escape(where)}</span>"
    return (
        f"<h2>{html.escape(s.routine_title)}</h2>"
        f"<p>{when}<br><b>{html.escape(status_label)}</b> {status} &nbsp; "
        f"<b>{html.escape(done_label)}</b> {with_extra(done_text(s), muted_where)}</p>"
        f"<p>{answered}</p>{note}" + _steps_html(detail.steps)
    )
