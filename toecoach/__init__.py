"""toecoach: a terminal self-care coach for toe and foot spasms."""

__version__ = "0.1.0"
