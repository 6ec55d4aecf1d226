"""The player: one routine played on the mat, with its countdown, pictures and end screen."""
