"""Thin adapters to the operating system: speech, idle time, autostart."""
