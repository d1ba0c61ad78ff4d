"""The footer every screen shows: Textual's, rebuilt at most once per refresh.

Textual asks the footer to rebuild all its keys each time a screen's bindings may have
changed, and a change of focus asks two or three times; each rebuild makes every key widget
again and styles it. One rebuild after the next refresh answers them all: at start the app
built 70 footer keys before (a quarter of a second here), 20 now (bench/README.md). And a
rebuild that would show the same keys as the footer already shows is skipped: opening the
history screen asked for 14 rebuilds of identical keys (0.2 s of styling).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

from toecoach.ui.actions import PALETTE_KEY_MIN_WIDTH


class Footer(TextualFooter):
    _rebuild_pending = False
    _shown: Any = None  # what the keys were last built from

    def _keys_to_show(self) -> Any:
        """Everything Textual's footer builds its keys from (see Footer.compose)."""
        active = self.screen.active_bindings  # worked out afresh on each read: read it once
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, enabled, tooltip,
             (binding.group.description, binding.group.compact) if binding.group else None)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )  # fmt: skip
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = (
            (self.app.get_key_display(palette.binding), palette.enabled) if palette else None
        )
        return (keys, palette_key, self.compact, self.show_command_palette,
                self.app.ENABLE_COMMAND_PALETTE)  # fmt: skip

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        # The palette key only where there is room for it (actions.fit_footer agrees).
        self.show_command_palette = self.screen.size.width >= PALETTE_KEY_MIN_WIDTH
        shown = self._keys_to_show()
        if shown == self._shown:
            return
        await self.recompose()
        self._shown = shown if self.is_attached else None
