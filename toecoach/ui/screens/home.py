"""The desk dashboard: sitting time and the next walk, today's intake against target,
breaks and routines, the latest triage, and one-key actions in the footer.

It refreshes when any toecoach process writes (a stat() of the data files every 2 s, the
figures re-read only when one changed) and redraws the sitting line twice a minute: close
to no CPU while idle.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.intake_panel import IntakePanel
from toecoach.ui.widgets.title_bar import TitleBar

STALE_CHECK_SECONDS = 2.0
SITTING_REDRAW_SECONDS = 30.0


class HomeScreen(ToecoachScreen):
    ACTION_SCOPE = "home"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    HomeScreen #sitting { padding: 0 2; text-style: bold; }
    HomeScreen #activity, HomeScreen #latest-triage, HomeScreen #prompt { padding: 0 2; }
    HomeScreen #prompt { color: $warning; }
    HomeScreen .notices { padding: 0 2; color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll():
            yield Static(Text("Sitting", style="bold"), classes="section-title")
            yield Static("", id="sitting")
            yield Static(Text("Today", style="bold"), classes="section-title")
            yield IntakePanel(id="intake")
            yield Static("", id="activity")
            yield Static(Text("Triage", style="bold"), classes="section-title")
            yield Static("", id="latest-triage")
            yield Static("", id="prompt")
            yield Static("", id="notices", classes="notices")
        yield Footer()

    def on_mount(self) -> None:
        self._stamp: object = None
        # The first figures are read right here (one month file, a few ms) so the first
        # frame already shows them; later refreshes run in a worker.
        self._show(*self._read())
        self.set_interval(STALE_CHECK_SECONDS, self._check_for_outside_changes)
        self.set_interval(SITTING_REDRAW_SECONDS, self.show_sitting)
        self.show_sitting()

    def on_screen_resume(self) -> None:
        self.reload()
        self.show_sitting()

    def _check_for_outside_changes(self) -> None:
        if self.coach.store.modified_stamp() != self._stamp:
            self.reload()

    def show_sitting(self) -> None:
        service = self.coach.reminders
        line = Text()
        if service is not None and service.held_by_triage:
            # Triage spec v2: paused at an emergency or urgent result, until a later triage.
            line.append("Walking-break reminders are paused: your latest triage says to get "
                        "medical help. ", style="bold")  # fmt: skip
            line.append(f"Press {self.coach.key_for('triage')} for a new triage once you have "
                        "been seen.")  # fmt: skip
        elif service is None and self.coach.start_reminders and self.coach.settings.breaks.enabled:
            line.append("Starting walking-break reminders…", style="dim")
        elif service is None or not service.plan.enabled:
            line.append("Walking-break reminders are off.", style="dim")
        else:
            now = self.coach.now()
            minutes = service.sitting_minutes()
            due = service.next_due(now)
            paused = service.state.paused_until
            if service.state.away_since is not None:
                line.append("Away from the desk.")
            elif minutes is None:
                line.append("Outside work hours.")
            else:
                line.append(f"Sitting for {minutes} min")
            if paused is not None and paused > now:
                line.append(f"  ·  reminders paused until {paused.astimezone():%a %H:%M}")
            elif due is not None:
                when = "now" if due <= now else f"at {due.astimezone():%H:%M}"
                line.append(f"  ·  next walk due {when}")
        self.query_one("#sitting", Static).update(line)

    @work(thread=True, exclusive=True, group="home-reload")
    def reload(self) -> None:
        self.coach.call_from_thread(self._show, *self._read())

    def _read(self) -> tuple[object, dict[str, Any], dict[str, Any] | None, list[str]]:
        from toecoach.services.today import today_document
        from toecoach.storage.repositories import latest_triage

        app = self.coach
        stamp = app.store.modified_stamp()
        document = today_document(app.store, app.settings, app.now())
        from toecoach.services.today import recent_prompt

        document["prompt"] = recent_prompt(app.store, app.now())
        return stamp, document, latest_triage(app.store), list(app.store.notices)

    def _show(self, stamp: object, document: dict[str, Any], latest: dict[str, Any] | None,
              notices: list[str]) -> None:  # fmt: skip
        self._stamp = stamp
        if self.coach.reminders is not None:
            # A triage or settings written here or elsewhere can hold or re-time reminders.
            self.coach.reminders.recheck()
            self.show_sitting()
        self.query_one(IntakePanel).show(document["nutrients"])
        self.query_one("#activity", Static).update(
            f"Walks {document['walks']} of {document['reminders']} reminders   ·   "
            f"routines done {document['routines_done']}   ·   spasm episodes {document['episodes']}"
        )
        if latest is None:
            triage_text = Text(f"No triage yet. Press {self.coach.key_for('app.triage')} for a quick, "
                                "safety-first check.")  # fmt: skip
        else:
            from toecoach.domain import triage  # 12 ms to import: not before the first frame

            tier = str(latest.get("tier", ""))
            region = self.coach.settings.region
            headline = triage.tier_headline(tier, region) if tier in triage.TIERS else tier
            triage_text = Text(f"{str(latest.get('at', ''))[:10]}  ")
            triage_text.append(headline, style="bold")
        self.query_one("#latest-triage", Static).update(triage_text)
        self.query_one("#notices", Static).update(literal("\n".join(notices)))
        self.query_one("#prompt", Static).update(literal(document.get("prompt") or ""))
