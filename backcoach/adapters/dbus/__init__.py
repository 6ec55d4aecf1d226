"""D-Bus on the session bus through jeepney.

Blocking calls, a connection in the event loop, exported objects.
"""
