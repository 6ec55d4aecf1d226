"""The font sizes a text shrinks through to fit, and the first of them that fits.

A label set in large type shrinks its font in steps (each 7-8 % smaller) down to
a least size before it wraps or cuts its text. Trying every step in turn
measures a text that only fits small up to eight times, each at a new font
size. Whether a text fits only gets likelier as the font gets smaller, so the
first step that fits is found by halving the steps left: the same size (a test
compares every bundled name and instruction in three languages) in at most
five measurements. Ten Next/Back presses at full screen measured the
instruction's wrapped height 40 times instead of 65; texts that fit at once
cost the same one measurement as before.
"""

from __future__ import annotations

from collections.abc import Callable


def shrinking_sizes(full: float, least: float, factor: float) -> list[float]:
    """Return ``full``, then each size ``factor`` times the one before, down to ``least``."""
    sizes = [full]
    while sizes[-1] > least:
        sizes.append(max(least, sizes[-1] * factor))
    return sizes


def first_fitting(sizes: list[float], fits: Callable[[float], bool]) -> float:
    """Return the first of ``sizes`` at which ``fits``, else the last (the least).

    ``fits`` must hold for every size after one where it holds (smaller text
    fits at least as well); the full size is tried first, as most texts fit.
    """
    if fits(sizes[0]):
        return sizes[0]
    low, high = 1, len(sizes) - 1  # the answer lies in [low, high]; high is the fallback
    while low < high:
        middle = (low + high) // 2
        if fits(sizes[middle]):
            high = middle
        else:
            low = middle + 1
    return sizes[high]
