"""How BackCoach processes talk.

A per-user local channel and every message word it carries. No Qt.
"""
