"""Text from users and files, made safe to show: literal (no markup) and free of controls."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from toecoach.domain.text import strip_controls

# The TUI marks where a control character was removed (the other channels drop it).
MARK = "\ufffd"


def literal(text: str, style: str = "") -> Text:
    """A ``Text`` that shows ``text`` exactly: ``[bold]`` stays two words and a bracket."""
    return Text(strip_controls(text, replacement=MARK), style=style)


def literal_content(text: str, style: str = "") -> Content:
    """The same as a ``Content``, whose style may name theme variables (``$text-warning``)."""
    return Content.styled(strip_controls(text, replacement=MARK), style)


def update_line(widget: Static, text: str | Text) -> None:
    """Put one line of ``text`` in ``widget`` (a status line), laying the screen out again
    only when the text does not fit the line (then it wraps to another height). A layout of
    a screen of questions cost more than the rest of a key press."""
    width = widget.content_size.width
    cells = Text(text).cell_len if isinstance(text, str) else text.cell_len
    fits = 0 < cells <= width
    widget.update(text, layout=not (fits and widget.content_size.height == 1))
