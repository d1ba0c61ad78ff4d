"""The footer every screen shows: the keys of its actions, drawn as one line.

Textual's own footer makes a widget for every key and builds them all again whenever a
screen's bindings may have changed: each push of a screen, each change of focus. Building
them cost the loop about 0.1 s when the history screen opened (bench/README.md), while its
figures were being worked out on a thread that needed the same interpreter lock. This one is
one widget that draws what the screen's ``active_bindings`` say when it is refreshed: the
same keys, looks and order (" k Label", the palette key on the right behind a thin bar), and
a click on a key presses it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from toecoach.ui.actions import (
    PALETTE_BAR,
    PALETTE_KEY_MIN_WIDTH,
    footer_key_text,
    footer_palette_text,
)


class FooterKey(NamedTuple):
    """A key as the footer shows it, and the cells it takes (``start`` to ``end``)."""

    key: str  # as Textual names it (the one a click presses)
    display: str  # as the app shows it (``App.get_key_display``)
    description: str
    enabled: bool
    tooltip: str = ""  # shown while the pointer is over the key (why a dimmed one is)
    start: int = 0
    end: int = 0


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--bar", "footer--hover"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--bar { color: $foreground 20%; }
        .footer--hover { background: $block-hover-background; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[FooterKey, ...] = ()  # as last drawn, left to right
        self._hovered: str | None = None  # the key under the pointer

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _shown(self) -> tuple[list[FooterKey], FooterKey | None]:
        """The screen's keys (one per action, as Textual's footer showed them), and the
        palette key where there is room for it (``actions.fit_footer`` agrees)."""
        app = self.app
        active = self.screen.active_bindings  # worked out afresh on each read: read it once
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for key, (_node, binding, enabled, tooltip) in active.items():
            if not binding.show or binding.action in actions or key == app.COMMAND_PALETTE_BINDING:
                continue
            actions.add(binding.action)
            keys.append(FooterKey(binding.key, app.get_key_display(binding),
                                  binding.description, enabled, tooltip))  # fmt: skip
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if (palette is None or not app.ENABLE_COMMAND_PALETTE
                or self.size.width < PALETTE_KEY_MIN_WIDTH):  # fmt: skip
            return keys, None
        binding = palette.binding
        return keys, FooterKey(binding.key, app.get_key_display(binding), binding.description,
                               palette.enabled, binding.tooltip or binding.description)  # fmt: skip

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        keys, palette = self._shown()
        line = Text(no_wrap=True, overflow="crop", end="")
        drawn: list[FooterKey] = []

        def draw(key: FooterKey, label: str, description: str) -> None:
            start, first = line.cell_len, len(line)
            line.append(label, key_style)
            line.append(description, description_style)
            if not key.enabled:
                line.stylize("dim", first)
            if key.key == self._hovered:  # only its background: the key keeps its colours
                hover = self.get_component_rich_style("footer--hover").bgcolor
                line.stylize(Style(bgcolor=hover), first)
            drawn.append(key._replace(start=start, end=line.cell_len))

        for key in keys:
            draw(key, *footer_key_text(key.display, key.description))
        if palette is not None:
            label, description = footer_palette_text(palette.display, palette.description)
            room = self.size.width - line.cell_len - cell_len(PALETTE_BAR + label + description)
            if room >= 0:
                line.append(" " * room)
                line.append(PALETTE_BAR, self.get_component_rich_style("footer--bar"))
                draw(palette, label, description)
        self.keys = tuple(drawn)
        return line

    def key_at(self, x: int) -> FooterKey | None:
        return next((key for key in self.keys if key.start <= x < key.end), None)

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is not None:
            if key.enabled:
                self.app.simulate_key(key.key)
            else:
                self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        self.tooltip = (key.tooltip or None) if key is not None else None
        self._hover(key.key if key is not None else None)

    def on_leave(self) -> None:
        self._hover(None)

    def _hover(self, key: str | None) -> None:
        if key != self._hovered:
            self._hovered = key
            # The hand over a key only, as over Textual's footer keys (not over the gaps).
            self.styles.pointer = "pointer" if key is not None else "default"
            self.refresh()
