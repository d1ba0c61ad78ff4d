"""A screen's scrolling body: Textual's VerticalScroll that tells its screen when its content
stops fitting (or fits again), so the footer shows the key that scrolls it only while there is
something below the fold (issue 17: scroll where needed, with the key visible), and when the
end is reached, so the key is shown dimmed there (pressing it would do nothing)."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll


class ScrollBody(VerticalScroll):
    _at_end: bool | None = None  # as the footer last heard it

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Textual restyles the focused widget and everything inside it; no rule styles what
        # is inside a body by the body's focus, so only the body itself is restyled (at
        # launch the dashboard's whole body was styled once more before its first frame).
        self.app.stylesheet.update_nodes([self], animate=True)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if self.is_attached:
            self.screen.refresh_bindings()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._tell_if_end_changed()

    def on_resize(self, event: events.Resize) -> None:
        # Content that grows (or a taller terminal) moves the end without a scroll.
        self._tell_if_end_changed()

    def _tell_if_end_changed(self) -> None:
        # Only on crossing the end: a smooth scroll sets scroll_y many times per page.
        at_end = self.is_vertical_scroll_end
        if at_end != self._at_end and self.is_attached:
            self._at_end = at_end
            self.screen.refresh_bindings()
