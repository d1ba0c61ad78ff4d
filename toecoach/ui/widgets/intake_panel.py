"""Today's water and minerals against target, drawn as one piece of text.

One ``Static`` instead of a ProgressBar per nutrient: the dashboard is the first frame a
person waits for, and five ProgressBars (each three widgets with their own styles) cost
more to lay out than everything else on it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from toecoach.domain.intake import LABEL

BAR_WIDTH = 24


def intake_text(nutrients: dict[str, Any], bar_width: int = BAR_WIDTH) -> Text:
    text = Text()
    for nutrient, row in nutrients.items():
        target = row["target"]
        figure = (f"{row['total']} of {target} {row['unit']}" if target is not None
                  else f"{row['total']} {row['unit']}")  # fmt: skip
        text.append(f"{LABEL[nutrient]:<10} ", style="bold")
        text.append(f"{figure:<17} ")
        if target is None:
            # Why there is none: the care team (kidney disease, a fluid limit) or the midwife.
            text.append(f"no target: {row.get('note') or 'follow your care team'}", style="dim")
        else:
            percent = min(100, row["percent"] or 0)
            filled = round(bar_width * percent / 100)
            colour = {"reached": "green", "over_limit": "red"}.get(row["status"], "cyan")
            text.append("━" * filled, style=colour)
            text.append("━" * (bar_width - filled), style="grey30")
            text.append(f" {percent:>3}%")
        text.append("\n")
        for warning in row["warnings"]:
            if target is None and warning.startswith("No "):
                continue  # the no-target note is already on the line above
            text.append(f"{'':<11}{warning}\n", style="yellow")
    text.rstrip()
    return text


class IntakePanel(Static):
    DEFAULT_CSS = """
    IntakePanel { padding: 0 2; height: auto; }
    """

    def show(self, nutrients: dict[str, Any]) -> None:
        self.update(intake_text(nutrients))
