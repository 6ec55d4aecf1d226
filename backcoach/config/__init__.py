"""Where BackCoach keeps its files (paths) and what the user set (settings). No Qt."""
