"""A screen that knows it runs inside ``ToecoachApp`` (typed access to settings and store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen

from toecoach.ui.actions import MORE, bindings_for
from toecoach.ui.widgets.scroll_body import ScrollBody

if TYPE_CHECKING:
    from textual.dom import DOMNode

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

    def action_scroll_more(self) -> None:
        # Reached only when the focus is outside the body (inside it, the body's own
        # page-down binding answers first).
        body = overflowing_body(cast("Screen[Any]", self))
        if body is not None:
            body.scroll_page_down()


def more_key(screen: Screen[Any]) -> str:
    """The key that scrolls a screen's body, as ``[keymap]`` may have remapped it."""
    from toecoach.ui.actions import action_keys

    keys = action_keys(screen.app, MORE)
    return keys[0] if keys else ""


def overflowing_body(screen: Screen[Any]) -> ScrollBody | None:
    """The body the footer's "More" key scrolls: the one holding the focus, else the
    screen's first; None when it fits (nothing below the fold) or the focused widget uses
    the key itself (a table's page down)."""
    focused = screen.focused
    node: DOMNode | None = focused
    while node is not None and node is not screen:
        if isinstance(node, ScrollBody):
            return node if node.show_vertical_scrollbar else None
        if node is focused and more_key(screen) in focused._bindings.key_to_bindings:
            return None  # the focused widget uses the key itself
        node = node.parent
    for body in screen.query(ScrollBody):
        if body.show_vertical_scrollbar:
            return body
    return None


def _with_more_key(
    screen: Screen[Any], bindings: dict[str, ActiveBinding]
) -> dict[str, ActiveBinding]:
    from toecoach.ui.actions import APP_WIDE, BY_ID

    key = more_key(screen)
    rest = {k: a for k, a in bindings.items() if a.binding.id != MORE and k != key}
    body = overflowing_body(screen)
    if not key or body is None:
        return rest
    # After the screen's own keys, before the app-wide ones (cramp rescue, help, quit): on a
    # narrow terminal it outlasts Back and Cancel, and the screen's main keys too.
    action = BY_ID[MORE]
    binding = Binding(key, action.action, action.title, tooltip=action.help, id=MORE)
    # At the end it stays in its place, dimmed: the footer does not jump, and it says why
    # the key does nothing there.
    at_end = body.is_vertical_scroll_end
    more = ActiveBinding(screen, binding, not at_end,
                         "Already at the end" if at_end else action.help)  # fmt: skip
    out: dict[str, ActiveBinding] = {}
    for name, active in rest.items():
        if key not in out and (active.binding.id or "") in APP_WIDE:
            out[key] = more
        out[name] = active
    out.setdefault(key, more)
    return out


class ToecoachScreen(FooterRules, Screen[Any]):
    BINDINGS = bindings_for("scroll")  # merged into every screen's own (Textual's MRO rule)

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
    return fit_footer(screen.app, _with_more_key(screen, bindings), screen.size.width)


class ToecoachDialog(FooterRules, ModalScreen[Any]):
    """A dialog over a screen: the app-wide keys (``modal_bindings_for``) and the same footer
    rules as a screen."""

    BINDINGS = bindings_for("scroll")
