"""A screen that knows it runs inside ``ToecoachApp`` (typed access to settings and store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from toecoach.ui.app import ToecoachApp


class ToecoachScreen(Screen[Any]):
    ACTION_SCOPE: str | None = None
    """Which actions of ``toecoach.ui.actions`` belong here (the palette offers them)."""

    @property
    def coach(self) -> ToecoachApp:
        return cast("ToecoachApp", self.app)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # The footer reads this (``footer_bindings``).
        return footer_bindings(self, super().active_bindings)

    # Textual refreshes the bindings (and the footer recomposes) on every change of focus,
    # which is when a text field's focus swaps c and ? for Ctrl+R and F1; a resize only needs
    # it when the width changes (the footer re-fits). Each refresh rebuilds every footer key:
    # asking for more than needed cost a quarter of a second at start.
    _footer_width = -1

    def on_resize(self) -> None:
        if self.size.width != self._footer_width:
            self._footer_width = self.size.width
            self.refresh_bindings()


def footer_bindings(
    screen: Screen[Any], bindings: dict[str, ActiveBinding]
) -> dict[str, ActiveBinding]:
    """What the footer shows: on a narrow terminal the least needed keys leave it first, so
    cramp rescue, help and quit are never the ones scrolled off the edge; while a free-text
    field has focus, Ctrl+R and F1 stand for cramp rescue and help (the letters go into the
    field)."""
    from textual.widgets import Input

    from toecoach.ui.actions import fit_footer, text_field_footer
    from toecoach.ui.widgets.command_input import CommandInput

    focused = screen.focused
    if isinstance(focused, Input) and not isinstance(focused, CommandInput):
        bindings = text_field_footer(bindings)
    return fit_footer(screen.app, bindings, screen.size.width)


class ToecoachDialog(ModalScreen[Any]):
    """A dialog over a screen: the app-wide keys (``modal_bindings_for``) and the same footer
    rules as a screen."""

    ACTION_SCOPE: str | None = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return footer_bindings(self, super().active_bindings)

    _footer_width = -1

    def on_resize(self) -> None:
        if self.size.width != self._footer_width:
            self._footer_width = self.size.width
            self.refresh_bindings()
