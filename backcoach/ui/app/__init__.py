"""The app as a whole: start-up, the main window, single instance, and helpers every window uses."""
