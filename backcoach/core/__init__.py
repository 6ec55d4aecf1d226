"""The pure-Python core of BackCoach: routines, timelines, sessions, history, sitting.

Nothing under this package may import Qt (a test enforces it).
"""
