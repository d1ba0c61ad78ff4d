"""A screen that knows it runs inside ``ToecoachApp`` (typed access to settings and store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from toecoach.ui.app import ToecoachApp


class ToecoachScreen(Screen[Any]):
    ACTION_SCOPE: str | None = None
    """Which actions of ``toecoach.ui.actions`` belong here (the palette offers them)."""

    @property
    def coach(self) -> ToecoachApp:
        return cast("ToecoachApp", self.app)
