"""Break reminders in Qt.

The tray icon, the nudge window (also as its own process) and the Qt tray app.
"""
