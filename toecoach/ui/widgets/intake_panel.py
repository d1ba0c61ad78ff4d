"""Today's water and minerals against target, drawn as one piece of text.

One widget of text instead of a ProgressBar per nutrient: the dashboard is the first frame a
person waits for, and five ProgressBars (each three widgets with their own styles) cost
more to lay out than everything else on it.

The bars take the width the panel is given (laid out again for each width) and never wrap: below
``NARROW`` cells each bar moves to a line of its own. Colours are theme variables, so light
themes and NO_COLOR work; the filled part and the rest of a bar are also different
characters, so a bar still reads without colour.
"""

from __future__ import annotations

import textwrap
from typing import Any

from textual.content import Content

from toecoach.domain.intake import LABEL, Units, water_text
from toecoach.ui.widgets.width_text import WidthText

LABEL_CELLS = 11  # "Magnesium  "
FIGURE_CELLS = 18  # "2200 of 2200 ml   "
PERCENT_CELLS = 5  # " 100%"
MIN_BAR = 8
MAX_BAR = 60
NARROW = LABEL_CELLS + FIGURE_CELLS + MIN_BAR + PERCENT_CELLS
FILLED, EMPTY = "━", "─"
BAR_STYLES = {"reached": "$success", "over_limit": "$error"}
BAR_STYLE = "$primary"
TRACK_STYLE = "$foreground 25%"


def _figure(nutrient: str, row: dict[str, Any], units: Units) -> str:
    target = row["target"]
    if nutrient == "water" and units == "us":
        total = water_text(row["total"], units).removesuffix(" fl oz")
        return (f"{total} of {water_text(target, units)}" if target is not None
                else water_text(row["total"], units))  # fmt: skip
    return (f"{row['total']} of {target} {row['unit']}" if target is not None
            else f"{row['total']} {row['unit']}")  # fmt: skip


def intake_content(nutrients: dict[str, Any], width: int, units: Units = "metric") -> Content:
    """The panel's text for a content width of ``width`` cells. ``nutrients`` are as
    ``today --json`` has them (ml, mg, IU); water is shown in ``units`` (US fl oz)."""
    figures = {nutrient: _figure(nutrient, row, units) for nutrient, row in nutrients.items()}
    # A longer figure (25.4 of 74.4 fl oz) widens the column, so the bars still line up and fit.
    figure_cells = max([FIGURE_CELLS, *(len(f) + 1 for f in figures.values())])
    wide = width >= NARROW + figure_cells - FIGURE_CELLS
    if wide:
        bar_width = min(MAX_BAR, width - LABEL_CELLS - figure_cells - PERCENT_CELLS)
    else:
        bar_width = max(1, min(MAX_BAR, width - LABEL_CELLS - PERCENT_CELLS))
    indent = " " * LABEL_CELLS
    parts: list[Content | tuple[str, str] | str] = []
    for nutrient, row in nutrients.items():
        target = row["target"]
        figure = figures[nutrient]
        parts.append((f"{LABEL[nutrient]:<{LABEL_CELLS - 1}} ", "bold"))
        parts.append(f"{figure:<{figure_cells - 1}} " if wide else f"{figure}\n{indent}")
        if target is None:
            # Why there is none: the care team (kidney disease, a fluid limit) or the midwife.
            parts.append((f"no target: {row.get('note') or 'follow your care team'}", "dim"))
        else:
            percent = min(100, row["percent"] or 0)
            filled = round(bar_width * percent / 100)
            parts.append((FILLED * filled, BAR_STYLES.get(row["status"], BAR_STYLE)))
            parts.append((EMPTY * (bar_width - filled), TRACK_STYLE))
            parts.append(f" {percent:>3}%")
        parts.append("\n")
        for warning in row["warnings"]:
            if target is None and warning.startswith("No "):
                continue  # the no-target note is already on the line above
            # Wrapped here, each line under the first (the panel would restart at column 1).
            for line in textwrap.wrap(warning, max(20, width - LABEL_CELLS)):
                parts.append((f"{indent}{line}\n", "$text-warning"))
    return Content.assemble(*parts).rstrip()


class IntakePanel(WidthText):
    """The panel as a widget, laid out for the width it is given (``WidthText``): as a
    ``Static`` redrawn on ``Resize``, a terminal resized from 120 to 80 columns left it with
    the height of its text wrapped for 120 and bars two columns short."""

    DEFAULT_CSS = """
    IntakePanel { padding: 0 2; height: auto; width: 1fr; }
    """
    FIRST_WIDTH = 74  # 80 columns less the padding

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._nutrients: dict[str, Any] | None = None
        self._units: Units = "metric"

    def show(self, nutrients: dict[str, Any], units: Units = "metric") -> None:
        self._nutrients = nutrients
        self._units = units
        self.forget()

    def lay_out(self, width: int) -> Content:
        if self._nutrients is None:
            return Content("")
        return intake_content(self._nutrients, width, self._units)
