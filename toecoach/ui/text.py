"""Text from users and files, made safe to show: literal (no markup) and free of controls."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from toecoach.domain.text import strip_controls

# The TUI marks where a control character was removed (the other channels drop it).
MARK = "\ufffd"


def literal(text: str, style: str = "") -> Text:
    """A ``Text`` that shows ``text`` exactly: ``[bold]`` stays two words and a bracket."""
    return Text(strip_controls(text, replacement=MARK), style=style)


def literal_content(text: str, style: str = "") -> Content:
    """The same as a ``Content``, whose style may name theme variables (``$text-warning``)."""
    return Content.styled(strip_controls(text, replacement=MARK), style)
