"""A screen that knows it runs inside ``ToecoachApp`` (typed access to settings and store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from toecoach.ui.app import ToecoachApp


class FooterRules:
    """What screens and dialogs share about their footer (``footer_bindings``)."""

    ACTION_SCOPE: str | None = None
    """Which actions of ``toecoach.ui.actions`` belong here (the palette offers them)."""

    # Textual refreshes the bindings (and the footer recomposes) on every change of focus,
    # which is when a text field's focus swaps c and ? for Ctrl+R and F1; a resize only needs
    # it when the width changes (the footer re-fits). Each refresh rebuilds every footer key:
    # asking for more than needed cost a quarter of a second at start.
    _footer_width = -1

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # The footer reads this.
        screen = cast("Screen[Any]", self)
        return footer_bindings(screen, super().active_bindings)  # type: ignore[misc]

    def on_resize(self) -> None:
        screen = cast("Screen[Any]", self)
        if screen.size.width != self._footer_width:
            self._footer_width = screen.size.width
            screen.refresh_bindings()


class ToecoachScreen(FooterRules, Screen[Any]):
    @property
    def coach(self) -> ToecoachApp:
        return cast("ToecoachApp", self.app)


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


class ToecoachDialog(FooterRules, ModalScreen[Any]):
    """A dialog over a screen: the app-wide keys (``modal_bindings_for``) and the same footer
    rules as a screen."""
