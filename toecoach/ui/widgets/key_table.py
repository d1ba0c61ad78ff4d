"""A list of keys and what they do, in two columns, drawn as one piece of text.

Laid out here rather than as a Rich table: Textual measures and renders a Static's Rich
renderable several times per frame (its height, its width, each line), and the help screen's
table of every key was re-laid out about two thousand times on each opening. The text is
laid out once per width.

Keys and descriptions are shown literally: a key named in ``[keymap]`` is never markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content

from toecoach.domain.text import strip_controls
from toecoach.ui.text import MARK
from toecoach.ui.widgets.width_text import WidthText

GAP = "  "  # between the columns
MIN_TEXT = 20  # a description column never narrower than this (it wraps below)

Rows = Sequence[tuple[str, str]]


def _clean(text: str) -> str:
    return strip_controls(text, keep_newlines=False, replacement=MARK)


def key_table_content(sections: Sequence[tuple[str | None, Rows]], width: int,
                      footer: str = "") -> Content:  # fmt: skip
    """Each section's title (bold), then its rows: keys right-aligned in one column (bold),
    what they do wrapped in the other, for a content width of ``width`` cells."""
    # Shown literally and without controls (a key from [keymap] may hold any text): each is
    # cleaned before it is measured, so the columns line up.
    sections = [
        (title, [(_clean(keys), _clean(what)) for keys, what in rows]) for title, rows in sections
    ]
    key_cells = max((cell_len(keys) for _, rows in sections for keys, _ in rows), default=0)
    indent = key_cells + len(GAP)
    text_width = max(MIN_TEXT, width - indent - len(GAP))  # as wide as a Rich grid left it
    parts: list[tuple[str, str] | str] = []
    for index, (title, rows) in enumerate(sections):
        if title is not None:
            parts.append((f"{title}\n", "bold"))
        for keys, what in rows:
            lines = textwrap.wrap(what, text_width) or [""]
            parts.append((" " * (key_cells - cell_len(keys)) + keys, "bold"))
            parts.append(f"{GAP}{lines[0]}\n")
            parts.extend(f"{' ' * indent}{line}\n" for line in lines[1:])
        if index < len(sections) - 1 or footer:
            parts.append("\n")
    if footer:
        parts.append((footer, "italic"))
    return Content.assemble(*parts).rstrip()


class KeyTable(WidthText):
    """The table as a widget, laid out for the width it is given (``WidthText``)."""

    DEFAULT_CSS = "KeyTable { height: auto; }"

    def __init__(self, sections: Sequence[tuple[str | None, Rows]], footer: str = "", *,
                 id: str | None = None, classes: str | None = None) -> None:  # fmt: skip
        super().__init__(id=id, classes=classes)
        self._sections = sections
        self._footer = footer

    def lay_out(self, width: int) -> Content:
        return key_table_content(self._sections, width, self._footer)
