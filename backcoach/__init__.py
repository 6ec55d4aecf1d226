"""BackCoach: a desktop coach for the lower back."""

__version__ = "0.1.0"
