"""A calendar heatmap: weeks as columns, Monday to Sunday as rows, one metric at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from toecoach.domain.adherence import Day
from toecoach.ui.actions import bindings_for, group_hint, key_hint

METRICS: tuple[str, ...] = ("walks", "routines", "water", "minerals", "episodes")
# Theme variables (a light theme and NO_COLOR's greys follow): nothing met, then more and more.
SHADES = ("$foreground 15%", "$success 40%", "$success 60%", "$success 80%", "$success")
NOT_DUE = "$foreground 30%"
DAY_LETTERS = "MTWTFSS"


def cell_style(day: Day | None, metric: str) -> tuple[str, str]:
    """(character, style) for one day."""
    if day is None:
        return "  ", ""
    mark = "● " if day.episodes and metric != "episodes" else "■ "
    if metric == "episodes":
        level = min(4, day.episodes)
        return ("● " if day.episodes else "· "), (
            "$error" if level >= 3 else "$warning" if level else NOT_DUE
        )
    if day.rest_day or not day.due.get(metric, False):
        return mark, NOT_DUE
    if metric == "water" and day.water_share is not None:
        return mark, SHADES[min(4, int(day.water_share * 4 + 0.001))]
    return mark, SHADES[4] if day.met.get(metric) else SHADES[0]


class Calendar(Widget, can_focus=True):
    DEFAULT_CSS = """
    Calendar { height: auto; padding: 0 1; }
    Calendar:focus { background: $boost; }
    """
    ACTION_SCOPE = "calendar"
    BINDINGS = bindings_for(ACTION_SCOPE)

    metric: reactive[str] = reactive("walks")
    selected: reactive[date] = reactive(date.today)

    class DayOpened(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, days: Sequence[Day], today: date, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.days = {d.date: d for d in days}
        self.today = today
        self.first = min(self.days) if self.days else today
        self.set_reactive(Calendar.selected, today)

    def weeks_shown(self) -> int:
        width = self.size.width or 80
        return 12 if width < 120 else max(12, min(53, (width - 6) // 2))

    def render(self) -> Content:
        weeks = self.weeks_shown()
        this_monday = self.today - timedelta(days=self.today.weekday())
        start = this_monday - timedelta(weeks=weeks - 1)
        text: list[tuple[str, str] | str] = []
        month_line = "    "
        for week in range(weeks):
            monday = start + timedelta(weeks=week)
            month_line += f"{monday:%b}"[:2] if monday.day <= 7 else "  "
        text.append((month_line + "\n", "dim"))
        for weekday in range(7):
            text.append((f"  {DAY_LETTERS[weekday]} ", "dim"))
            for week in range(weeks):
                day = start + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    text.append("  ")
                    continue
                char, style = cell_style(self.days.get(day), self.metric)
                if day == self.selected:
                    style = f"{style} reverse"  # the cursor shows without colour too
                text.append((char, style))
            text.append("\n")
        text.append((f"  {self.metric} · {self.selected:%a %d %b %Y}", "bold"))
        metric = key_hint(self.app, "calendar.metric")
        open_day = key_hint(self.app, "calendar.open")
        arrows = group_hint(self.app, "move")
        text.append((f"\n  ({metric}: metric, {arrows}: move, {open_day}: open the day; "
                     "● a spasm episode)", "dim"))  # fmt: skip
        return Content.assemble(*text)

    def action_move(self, days: int) -> None:
        target = self.selected + timedelta(days=days)
        self.selected = max(self.first, min(self.today, target))

    def action_next_metric(self) -> None:
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]

    def action_open_day(self) -> None:
        self.post_message(self.DayOpened(self.selected))
