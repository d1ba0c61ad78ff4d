"""A screen that knows it runs inside ``ToecoachApp`` (typed access to settings and store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import ActiveBinding
from textual.screen import Screen

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
        # The footer reads this: on a narrow terminal the least needed keys leave it first, so
        # cramp rescue, help and quit are never the ones scrolled off the edge.
        from toecoach.ui.actions import fit_footer

        return fit_footer(self.app, super().active_bindings, self.size.width)

    def on_resize(self) -> None:
        self.refresh_bindings()  # the footer re-fits
