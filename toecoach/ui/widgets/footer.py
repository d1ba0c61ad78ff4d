"""The footer every screen shows: Textual's, rebuilt at most once per refresh.

Textual asks the footer to rebuild all its keys each time a screen's bindings may have
changed, and a change of focus asks two or three times; each rebuild makes every key widget
again and styles it. One rebuild after the next refresh answers them all: at start the app
built 70 footer keys before (a quarter of a second here), 20 now (bench/README.md).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
