"""A one-line title bar. Textual's Header is avoided: it sets its title asynchronously after
mount, which raises if the screen is switched away first (fast typists do that)."""

from __future__ import annotations

from textual.widgets import Static

from toecoach.ui.text import literal


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(self, subtitle: str = "") -> None:
        label = (
            "toecoach" + (f" · {subtitle}" if subtitle else "") + " · guidance, not medical advice"
        )
        # A routine's name comes from a file the person (or anyone) wrote: shown literally.
        super().__init__(literal(label))
