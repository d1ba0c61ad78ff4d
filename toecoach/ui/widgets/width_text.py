"""Text laid out for the width its widget is given, at every width.

A ``Static`` holds one text and lets Textual wrap it; when the text itself depends on the
width (bars that fill the line, columns that fit), redrawing it on ``Resize`` leaves its
height worked out from the text of the width before, so a resize could leave it tall, or
wrapped, or narrowed by a scrollbar nobody needs. Here the height comes from the same
layout as the picture, for whatever width Textual asks about.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

KEPT_WIDTHS = 8  # Textual asks about a width or two per layout


class WidthText(Widget):
    """Subclasses lay their text out for a width (``lay_out``), and call ``forget`` when
    what they show changes. Each width's text is kept until then."""

    DEFAULT_CSS = "WidthText { height: auto; }"
    FIRST_WIDTH = 80  # before the first layout there is no width yet

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._laid_out: dict[int, Content] = {}

    def lay_out(self, width: int) -> Content:
        raise NotImplementedError

    def forget(self) -> None:
        self._laid_out.clear()
        self.refresh(layout=True)

    def _content(self, width: int) -> Content:
        if width not in self._laid_out:
            if len(self._laid_out) >= KEPT_WIDTHS:
                self._laid_out.clear()  # a terminal dragged through many widths, all day
            self._laid_out[width] = self.lay_out(width)
        return self._laid_out[width]

    def render(self) -> Content:
        return self._content(self.content_size.width or self.FIRST_WIDTH)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._content(width).get_height(self.styles, width)  # type: ignore[arg-type]  # as Textual calls it
