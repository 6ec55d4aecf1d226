"""BackCoach's tray icon as pixels: a gently curved white spine on a teal disc.

The same picture ``ui.tray.tray_icon`` paints with Qt, rasterised here in pure
Python (3x3 supersampling) for the trays that take raw pixels: a
StatusNotifierItem's ``IconPixmap`` and an XEmbed window.
"""

from __future__ import annotations

import functools
import math

TEAL = (0x2A, 0x7F, 0x62)
_SAMPLES = 3
_SEGMENTS = 16


def _spine(size: int) -> list[tuple[float, float]]:
    """Points along the spine's cubic curve, in pixels."""
    p0, p1, p2, p3 = ((0.5, 0.18), (0.38, 0.4), (0.62, 0.6), (0.5, 0.82))
    points = []
    for i in range(_SEGMENTS + 1):
        t = i / _SEGMENTS
        u = 1 - t
        x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
        y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
        points.append((x * size, y * size))
    return points


def _distance_to_polyline(x: float, y: float, points: list[tuple[float, float]]) -> float:
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        cx, cy = ax + t * dx, ay + t * dy
        best = min(best, math.hypot(x - cx, y - cy))
    return best


@functools.lru_cache(maxsize=8)
def icon_argb(size: int) -> bytes:
    """Return the icon at ``size`` x ``size`` as ARGB32, row by row, A R G B bytes per pixel.

    Not premultiplied (the StatusNotifierItem format: network byte order).
    """
    if size < 1:
        raise ValueError("icon size must be positive")
    points = _spine(size)
    half_width = max(1.5, size / 10) / 2
    radius = size / 2
    left = min(x for x, _ in points) - half_width
    right = max(x for x, _ in points) + half_width
    out = bytearray()
    step = 1 / _SAMPLES
    for py in range(size):
        for px in range(size):
            disc = stroke = 0
            for sy in range(_SAMPLES):
                for sx in range(_SAMPLES):
                    x = px + (sx + 0.5) * step
                    y = py + (sy + 0.5) * step
                    if math.hypot(x - radius, y - radius) <= radius:
                        disc += 1
                        near = left <= x <= right
                        if near and _distance_to_polyline(x, y, points) <= half_width:
                            stroke += 1
            alpha = round(255 * disc / _SAMPLES**2)
            white = stroke / disc if disc else 0.0
            r, g, b = (round(c + (255 - c) * white) for c in TEAL)
            out += bytes((alpha, r, g, b))
    return bytes(out)
