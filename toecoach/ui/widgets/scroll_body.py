"""A screen's scrolling body: Textual's VerticalScroll that tells its screen when its content
stops fitting (or fits again), so the footer shows the key that scrolls it only while there is
something below the fold (issue 17: scroll where needed, with the key visible)."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollBody(VerticalScroll):
    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if self.is_attached:
            self.screen.refresh_bindings()
