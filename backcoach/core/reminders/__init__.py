"""Break reminders without a toolkit.

The sitting tracker, working hours, the driver and the tray menu model.
"""
