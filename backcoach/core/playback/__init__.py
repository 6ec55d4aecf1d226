"""Playing a routine.

Timeline, cue plan, phrases, the session state machine, its record and display.
"""
