"""Adherence history: calendar heatmap, weekly trends, streaks and strength, and a day view."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from toecoach.domain.adherence import HABITS, Day
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.calendar import Calendar
from toecoach.ui.widgets.title_bar import TitleBar

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    top = max(values) if values and max(values) > 0 else 1.0
    return "".join(SPARKS[min(7, int(v / top * 7 + 0.5))] for v in values)


def weekly(days: list[Day], today: date, weeks: int = 12) -> dict[str, list[float]]:
    monday = today - timedelta(days=today.weekday())
    by_date = {d.date: d for d in days}
    series: dict[str, list[float]] = {"walks": [], "routines": [], "water": [], "episodes": []}
    for week in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=week)
        span = [
            by_date[start + timedelta(days=i)]
            for i in range(7)
            if start + timedelta(days=i) in by_date
        ]
        series["walks"].append(sum(d.walks for d in span))
        series["routines"].append(sum(d.routines_done for d in span))
        shares = [d.water_share for d in span if d.water_share is not None]
        series["water"].append(sum(shares) / len(shares) if shares else 0.0)
        series["episodes"].append(sum(d.episodes for d in span))
    return series


class HistoryScreen(ToecoachScreen):
    ACTION_SCOPE = "history"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    HistoryScreen #trends, HistoryScreen #streaks { padding: 0 2; }
    HistoryScreen #loading { padding: 1 2; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar("history")
        with VerticalScroll(id="body"):
            yield Static("Reading your history…", id="loading")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        app = self.coach
        today = app.now().date()

        # ``show`` is a coroutine: call_from_thread awaits it on the loop.
        app.call_service(lambda: app.service.history(today),
                         lambda found: self.show(found[1], found[2], today),
                         group="history-load", exclusive=True)  # fmt: skip

    async def show(self, days: list[Day], document: dict[str, Any], today: date) -> None:
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        calendar = Calendar(days, today, id="calendar")
        series = weekly(days, today)
        trends = Text()
        for name, values in series.items():
            label = {"water": "water (share of target)"}.get(name, name)
            trends.append(f"{label:<24}", style="bold")
            trends.append(sparkline(values))
            last = values[-1] if values else 0
            trends.append(
                f"  this week {last:.0%}\n" if name == "water" else f"  this week {last:.0f}\n"
            )
        streaks = Text()
        for habit in HABITS:
            streak = document["streaks"][habit]
            strength = document["strength"][habit]
            streaks.append(f"{habit:<9}", style="bold")
            streaks.append(f" streak {streak['current']:>4} days (longest {streak['longest']})")
            streaks.append(f"   strength {strength:.0%}\n")
        await body.mount(
            Static(Text("Calendar", style="bold"), classes="section-title"),
            calendar,
            Static(Text("Weekly trends (12 weeks)", style="bold"), classes="section-title"),
            Static(trends, id="trends"),
            Static(Text("Streaks and strength", style="bold"), classes="section-title"),
            Static(streaks, id="streaks"),
        )
        calendar.focus()

    def on_calendar_day_opened(self, event: Calendar.DayOpened) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(DayScreen(event.day), closed)


TABLE_LABELS = {"intake": "check-in", "breaks": "break", "runs": "routine", "episodes": "episode"}


def describe_entry(table: str, row: dict[str, Any]) -> str:
    from toecoach.domain.intake import describe_record

    if table == "intake":
        return describe_record(row)
    if table == "runs" and row.get("kind") == "rescue":
        rescue_minutes = round(float(row.get("seconds") or 0) / 60)
        escalated = ", help prompt shown" if row.get("escalated") else ""
        return f"cramp rescue ({rescue_minutes} min{escalated})"
    if table == "runs":
        state = "finished" if row.get("finished") else "stopped early"
        return f"{row.get('routine', 'routine')} ({state})"
    if table == "episodes":
        parts = [str(row.get(k)) for k in ("foot", "during") if row.get(k)]
        if row.get("severity") is not None:
            parts.append(f"severity {row['severity']}")
        return "spasm " + ", ".join(parts)
    minutes = f" {row['minutes']} min" if row.get("minutes") else ""
    return f"{row.get('kind', 'break')}{minutes}"


class DayScreen(ToecoachScreen):
    """Every entry of one day, with edit (amount or minutes, and the note) and delete."""

    ACTION_SCOPE = "day"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "DataTable"

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.entries: list[tuple[str, dict[str, Any]]] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        yield TitleBar(f"{self.day:%a %d %b %Y}")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("time", "what", "entry", "note")
        self.load()

    def load(self) -> None:
        def read() -> list[tuple[str, dict[str, Any]]]:
            entries = self.coach.service.entries_on(self.day)
            entries.sort(key=lambda e: str(e[1].get("at", "")))
            return entries

        self.coach.call_service(read, self._show, group="day-load", exclusive=True)

    def _show(self, entries: list[tuple[str, dict[str, Any]]]) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        table.clear()
        for table_name, row in entries:
            table.add_row(str(row.get("at", ""))[11:16], TABLE_LABELS.get(table_name, table_name),
                          literal(describe_entry(table_name, row)),
                          literal(str(row.get("note", "") or "")))  # fmt: skip
        if not entries:
            self.query_one("#status", Static).update("Nothing logged on this day.")

    def selected(self) -> tuple[str, dict[str, Any]] | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def action_delete(self) -> None:
        chosen = self.selected()  # read on the loop; the worker never touches the DOM
        if chosen is None:
            return
        table, row = chosen

        def deleted(found: bool) -> None:
            self.changed = True
            if found:
                self._status(f"Deleted {describe_entry(table, row)}.")
            else:
                self._status("Not deleted: it is no longer stored (deleted elsewhere?).")
            self.load()

        self.coach.call_service(
            lambda: self.coach.service.delete(table, row), deleted,
            failed=lambda message: self._status(f"Not deleted: {message}"),
            group="day-save", changes_data=True,
        )  # fmt: skip

    def action_edit(self) -> None:
        from toecoach.ui.screens.edit_entry import EditEntryModal

        chosen = self.selected()
        if chosen is None:
            return
        table, row = chosen

        def done(saved: bool | None) -> None:
            if saved:
                self.changed = True
                self._status("Changed.")
                self.load()

        self.app.push_screen(EditEntryModal(table, row), done)

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(literal(message))

    def action_close(self) -> None:
        self.dismiss(self.changed)
