"""The home screen: today at a glance and one-key ways in.

A fuller desk dashboard (sitting time, progress bars, streaks) is its own issue; this
screen already refreshes when another toecoach process writes, at near-zero idle cost.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from toecoach.domain import triage
from toecoach.domain.intake import LABEL
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.widgets.title_bar import TitleBar

STALE_CHECK_SECONDS = 2.0


class HomeScreen(ToecoachScreen):
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll():
            yield Static(Text("Today", style="bold"), classes="section-title")
            yield Static("", id="today")
            yield Static(Text("Triage", style="bold"), classes="section-title")
            yield Static("", id="latest-triage")
            yield Static("", id="notices", classes="notices")
        yield Footer()

    def on_mount(self) -> None:
        self._stamp: object = None
        self.reload()
        # Cheap: a few stat() calls every 2 s; figures re-read only when a file changed.
        self.set_interval(STALE_CHECK_SECONDS, self._check_for_outside_changes)

    def on_screen_resume(self) -> None:
        self.reload()

    def _check_for_outside_changes(self) -> None:
        app = self.coach
        if app.store.modified_stamp() != self._stamp:
            self.reload()

    @work(thread=True, exclusive=True, group="home-reload")
    def reload(self) -> None:
        app = self.coach
        from toecoach.services.today import today_document
        from toecoach.storage.repositories import latest_triage

        stamp = app.store.modified_stamp()
        document = today_document(app.store, app.settings, app.now())
        latest = latest_triage(app.store)
        notices = list(app.store.notices)
        app.call_from_thread(self._show, stamp, document, latest, notices)

    def _show(self, stamp: object, document: dict[str, Any], latest: dict[str, Any] | None,
              notices: list[str]) -> None:  # fmt: skip
        self._stamp = stamp
        text = Text()
        for nutrient, row in document["nutrients"].items():
            target = f"{row['target']} {row['unit']}" if row["target"] is not None else "no target"
            text.append(f"{LABEL[nutrient]:<10} {row['total']:>6} {row['unit']:<2} of {target}")
            if row["status"] == "reached":
                text.append("  reached", style="green")
            elif row["status"] == "over_limit":
                text.append("  over the limit", style="bold red")
            text.append("\n")
        text.append(
            f"Walks {document['walks']}   reminders {document['reminders']}   "
            f"routines done {document['routines_done']}   episodes {document['episodes']}"
        )
        self.query_one("#today", Static).update(text)
        if latest is None:
            triage_text = Text("No triage yet. Press t for a quick, safety-first check.")
        else:
            tier = str(latest.get("tier", ""))
            headline = (
                triage.tier_headline(tier, self.coach.settings.region)
                if tier in triage.TIERS
                else tier
            )
            triage_text = Text(f"{str(latest.get('at', ''))[:10]}  ")
            triage_text.append(headline, style="bold")
        self.query_one("#latest-triage", Static).update(triage_text)
        self.query_one("#notices", Static).update(Text("\n".join(notices), style="yellow"))
