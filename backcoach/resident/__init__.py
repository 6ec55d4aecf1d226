"""The resident tray process: break reminders and a tray icon without Qt.

``backcoach tray`` runs this on Linux desktops: a small select loop that
polls the sitting tracker, shows the tray icon through a StatusNotifierItem
(D-Bus) or an XEmbed icon (X11), and starts the Qt parts (the nudge window,
the main window and its player) as their own processes only when needed, so
what stays resident all day weighs a fraction of a Qt program.
"""
