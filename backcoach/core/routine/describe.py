"""Short human descriptions of steps and durations, for lists and the command line."""

from __future__ import annotations

from backcoach.core.routine.model import (
    BreathingStep,
    CircuitStep,
    HoldStep,
    RepsStep,
    RestStep,
    Sides,
    Step,
    TimedStep,
)
from backcoach.i18n import N_, _, ngettext

_SIDES = {Sides.LEFT_RIGHT: N_("each side"), Sides.ALTERNATING: N_("each side, alternating")}


def format_duration(seconds: float) -> str:
    """Return ``m:ss`` (or ``h:mm:ss``) for a number of seconds."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _g(value: float) -> str:
    return f"{value:g}"


def describe_step(step: Step) -> str:
    """Return a one-line summary such as ``12 reps x 3 sets, each side``.

    Each part is a whole phrase of the catalog; the parts are a list, joined by commas.
    """
    parts: list[str] = []
    if isinstance(step, TimedStep):
        parts.append(_("{seconds} s").format(seconds=_g(step.duration_s)))
    elif isinstance(step, HoldStep):
        parts.append(_("hold {seconds} s").format(seconds=_g(step.hold_s)))
        if step.sets > 1:
            parts.append(ngettext("{n} set", "{n} sets", step.sets).format(n=step.sets))
        if step.breathing:
            pattern = step.breathing
            parts.append(
                _("breathe {inhale} in / {exhale} out").format(
                    inhale=_g(pattern.inhale_s), exhale=_g(pattern.exhale_s)
                )
            )
    elif isinstance(step, RepsStep):
        if step.sets > 1:
            reps = ngettext("{reps} rep x {sets} sets", "{reps} reps x {sets} sets", step.reps)
        else:
            reps = ngettext("{reps} rep", "{reps} reps", step.reps)
        parts.append(reps.format(reps=step.reps, sets=step.sets))
        if step.self_paced:
            parts.append(_("your own pace"))
        elif step.tempo:
            tempo = step.tempo
            parts.append(
                _("up {up} s, hold {hold} s, down {down} s").format(
                    up=_g(tempo.up_s), hold=_g(tempo.hold_s), down=_g(tempo.down_s)
                )
            )
    elif isinstance(step, BreathingStep):
        pattern = step.pattern
        parts.append(
            ngettext(
                "{n} breath, {inhale} in / {exhale} out",
                "{n} breaths, {inhale} in / {exhale} out",
                step.cycles,
            ).format(n=step.cycles, inhale=_g(pattern.inhale_s), exhale=_g(pattern.exhale_s))
        )
    elif isinstance(step, RestStep):
        parts.append(_("rest {seconds} s").format(seconds=_g(step.duration_s)))
    elif isinstance(step, CircuitStep):
        parts.append(
            ngettext(
                "{rounds} round of {n} exercises", "{rounds} rounds of {n} exercises", step.rounds
            ).format(rounds=step.rounds, n=len(step.steps))
        )
        parts.append(
            _("{seconds} s rest between rounds").format(seconds=_g(step.rest_between_rounds_s))
        )
    sides = getattr(step, "sides", Sides.NONE)
    if sides in _SIDES:
        parts.append(_(_SIDES[sides]))
    # Translators: the separator between the parts of a step's summary.
    return _(", ").join(parts)
