"""Adherence history: calendar heatmap, weekly trends, streaks and strength, and a day view."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from toecoach.domain import kinds
from toecoach.domain.adherence import HABITS, Day, habit_rule_lines
from toecoach.domain.entries import describe_entry
from toecoach.domain.text import noun
from toecoach.ui.actions import bindings_for, key_hint
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.calendar import Calendar
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One bar a week; a week with nothing to show (no drinks logged) is a gap, not a 0."""
    known = [v for v in values if v is not None]
    top = max(known) if known and max(known) > 0 else 1.0
    return "".join(" " if v is None else SPARKS[min(7, int(v / top * 7 + 0.5))] for v in values)


def weekly(days: list[Day], today: date, weeks: int = 12) -> dict[str, list[float | None]]:
    """Per week, oldest first: walks, routines and episodes counted; water as the average
    share of the target over the days with drinks logged (None: no such day that week)."""
    monday = today - timedelta(days=today.weekday())
    by_date = {d.date: d for d in days}
    series: dict[str, list[float | None]] = {"walks": [], "routines": [], "water": [],
                                             "episodes": []}  # fmt: skip
    for week in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=week)
        span = [
            by_date[start + timedelta(days=i)]
            for i in range(7)
            if start + timedelta(days=i) in by_date
        ]
        series["walks"].append(sum(d.walks for d in span))
        series["routines"].append(sum(d.routines_done for d in span))
        # Logged days only (interfaces v2): a day without a drink logged is not a day at 0 %.
        shares = [d.water_share for d in span if d.water_share is not None and _share_counts(d)]
        series["water"].append(sum(shares) / len(shares) if shares else None)
        series["episodes"].append(sum(d.episodes for d in span))
    return series


def _share_counts(day: Day) -> bool:
    """Whether a day counts in a week's water share: a target (a triage may have removed
    it), and drinks logged (a day without is not a day at 0 %)."""
    return day.water_share is not None and day.drinks_logged


def this_week(days: list[Day], today: date) -> list[Day]:
    monday = today - timedelta(days=today.weekday())
    return [d for d in days if monday <= d.date <= today]


def water_this_week(share: float | None, days: list[Day], today: date) -> str:
    """The week's water share and what it is a share of (the days with drinks and a target),
    or which nothing there was to take a share of."""
    week = this_week(days, today)
    if share is None:
        drank = any(d.drinks_logged for d in week)
        return "this week: no water target" if drank else "this week: no drinks logged"
    counted = sum(1 for d in week if _share_counts(d))
    return f"this week {share:.0%} over {counted} {noun(counted, 'day')}"


class HistoryScreen(ToecoachScreen):
    ACTION_SCOPE = "history"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    HistoryScreen #trends, HistoryScreen #streaks { padding: 0 2; }
    HistoryScreen #loading { padding: 1 2; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar("history")
        with ScrollBody(id="body"):
            yield Static("Reading your history…", id="loading")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        app = self.coach
        today = app.now().date()

        # ``show`` is a coroutine: call_from_thread awaits it on the loop.
        app.call_service(lambda: (app.service.history(today), app.service.habit_rules()),
                         lambda found: self.show(found[0][1], found[0][2], today, found[1]),
                         group="history-load", exclusive=True)  # fmt: skip

    async def show(
        self, days: list[Day], document: dict[str, Any], today: date, rules: dict[str, str]
    ) -> None:
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        calendar = Calendar(days, today, id="calendar")
        series = weekly(days, today)
        trends = Text()
        for name, values in series.items():
            label = {"water": "water (share of target)"}.get(name, name)
            trends.append(f"{label:<24}", style="bold")
            trends.append(sparkline(values))
            last = values[-1] if values else None
            if name != "water":
                trends.append(f"  this week {last or 0:.0f}\n")
            else:
                trends.append(f"  {water_this_week(last, days, today)}\n")
        streaks = Text()
        for habit in HABITS:
            streak = document["streaks"][habit]
            strength = document["strength"][habit]
            streaks.append(f"{habit:<9}", style="bold")
            current = streak["current"]
            streaks.append(f" streak {current:>4} {noun(current, 'day'):<4} "
                           f"(longest {streak['longest']})")  # fmt: skip
            streaks.append(f"   strength {strength:.0%}\n")
        # What each counts: a streak says what it counts.
        streaks.append("\n".join(habit_rule_lines(rules)), style="dim")
        await body.mount(
            Static(Text("Calendar", style="bold"), classes="section-title"),
            calendar,
            Static(Text("Weekly trends (12 weeks)", style="bold"), classes="section-title"),
            Static(trends, id="trends"),
            Static(Text("Streaks and strength", style="bold"), classes="section-title"),
            Static(streaks, id="streaks"),
        )
        # Not scrolled to the calendar: its heading stays in view on a small terminal (the
        # calendar is the first thing in the body anyway).
        calendar.focus(scroll_visible=False)

    def on_calendar_day_opened(self, event: Calendar.DayOpened) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(DayScreen(event.day), closed)


class DayScreen(ToecoachScreen):
    """Every entry of one day, with edit (amount or minutes, and the note), delete and undo;
    whether it is a rest day."""

    ACTION_SCOPE = "day"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "DataTable"

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.entries: list[tuple[str, dict[str, Any]]] = []
        self.rest_day = False
        self.routine_names: dict[str, str] = {}
        self.changed = False
        self._keep_cursor_on: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(f"{self.day:%a %d %b %Y}")
        yield Static("", id="rest-day", classes="status")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#rest-day").display = False
        self.query_one(DataTable).add_columns("time", "what", "entry", "note")
        self.load()

    def load(self, keep_cursor_on: str | None = None) -> None:
        """Read the day again; the cursor stays on the entry with ``keep_cursor_on`` (an id)."""
        self._keep_cursor_on = keep_cursor_on
        day = self.day
        self.coach.call_service(lambda: self.coach.service.day_view(day), self._show,
                                group="day-load", exclusive=True)  # fmt: skip

    def _describe(self, table: str, row: dict[str, Any]) -> str:
        return describe_entry(table, row, self.coach.settings.unit_system, self.routine_names)

    def _show(self, view: dict[str, Any]) -> None:
        self.entries = view["entries"]
        self.rest_day = bool(view["rest_day"])
        self.routine_names = dict(view["routine_names"])
        rest = self.query_one("#rest-day", Static)
        rest.display = self.rest_day
        rest.update(f"A rest day: it never breaks a streak "
                    f"({key_hint(self.app, 'day.rest')} takes it back).")  # fmt: skip
        table = self.query_one(DataTable)
        table.clear()
        for table_name, row in self.entries:
            table.add_row(str(row.get("at", ""))[11:16], kinds.label(table_name, row),
                          literal(self._describe(table_name, row)),
                          literal(str(row.get("note", "") or "")))  # fmt: skip
        ids = [str(row.get("id")) for _t, row in self.entries]
        if self._keep_cursor_on in ids:
            table.move_cursor(row=ids.index(self._keep_cursor_on))
        if not self.entries:
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
        what = self._describe(table, row)

        def deleted(found: bool) -> None:
            self.changed = True
            self._status(f"Deleted {what}. {key_hint(self.app, 'day.undo')} undoes it." if found
                         else f"{what} was already gone.")  # fmt: skip
            self.load()

        self.coach.call_service(
            lambda: self.coach.service.delete(table, row), deleted,
            failed=lambda message: self._status(f"Not deleted: {message}"),
            group="day-save", changes_data=True,
        )  # fmt: skip

    def action_undo(self) -> None:
        from toecoach.domain.entries import undo_message

        units = self.coach.settings.unit_system

        def undone(result: dict[str, Any] | None) -> None:
            if result is None:
                self._status("Nothing to undo.")
                return
            self.changed = True
            self._status(f"Undone: {undo_message(result, units)}.")
            self.load(keep_cursor_on=str(result["record"].get("id")))

        self.coach.call_service(
            self.coach.service.undo, undone,
            failed=lambda message: self._status(f"Not undone: {message}"),
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
                self.load(keep_cursor_on=str(row.get("id")))

        self.app.push_screen(EditEntryModal(table, row), done)

    def action_toggle_rest(self) -> None:
        """Mark the day as a rest day (a streak never breaks on one), or take that back."""
        day, rest = self.day, self.rest_day
        service = self.coach.service

        def toggled(_changed: bool) -> None:
            self.changed = True
            self._status("Rest day taken back." if rest else "Marked as a rest day.")
            self.load()

        self.coach.call_service(
            lambda: service.remove_rest_day(day) if rest else service.add_rest_day(day),
            toggled, failed=lambda message: self._status(f"Not saved: {message}"),
            group="day-save", changes_data=True,
        )  # fmt: skip

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(literal(message))

    def action_close(self) -> None:
        self.dismiss(self.changed)
