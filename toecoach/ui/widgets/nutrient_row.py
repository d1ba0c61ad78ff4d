"""One nutrient on the dashboard: name, total of target, a bar, and any warning."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from toecoach.domain.intake import LABEL


class NutrientRow(Vertical):
    DEFAULT_CSS = """
    NutrientRow { height: auto; padding: 0 1; }
    NutrientRow Horizontal { height: 1; }
    NutrientRow .name { width: 11; }
    NutrientRow .figure { width: 22; }
    NutrientRow ProgressBar { width: 1fr; }
    NutrientRow .warning { color: $warning; padding-left: 11; height: auto; }
    NutrientRow .warning.-empty { display: none; }
    """

    def __init__(self, nutrient: str) -> None:
        super().__init__(id=f"nutrient-{nutrient}")
        self.nutrient = nutrient

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(LABEL[self.nutrient], classes="name")
            yield Static("", classes="figure")
            yield ProgressBar(total=100, show_eta=False, show_percentage=True)
        yield Static("", classes="warning -empty")

    def show(self, row: dict[str, Any]) -> None:
        target = row["target"]
        figure = (
            f"{row['total']} of {target} {row['unit']}"
            if target is not None
            else f"{row['total']} {row['unit']}"
        )
        self.query_one(".figure", Static).update(figure)
        bar = self.query_one(ProgressBar)
        bar.display = target is not None
        bar.update(total=100, progress=min(100, row["percent"] or 0))
        warnings = row["warnings"]
        warning = self.query_one(".warning", Static)
        warning.update(Text(" ".join(warnings)))
        warning.set_class(not warnings, "-empty")
